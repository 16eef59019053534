package org.dmct.adapters.dlms.internal;

import java.util.concurrent.CompletableFuture;

/**
 * One physical line that several associations of a DMC take turns on: a serial port can be opened once, so the
 * association that wants it asks the one holding it to release its association and close the port first. The
 * runner sends one request at a time per DMC, so taking turns costs an association per device switch and never
 * interleaves two devices' frames. Confined to the DMC's event loop.
 */
public final class SharedLine {
    private DlmsAssociation holder;

    /** Completes when the line is free for {@code association} (at once if it already holds it). */
    CompletableFuture<Void> acquire(DlmsAssociation association) {
        DlmsAssociation previous = holder;
        holder = association;
        if (previous == null || previous == association) {
            return CompletableFuture.completedFuture(null);
        }
        return previous.release();
    }
}
