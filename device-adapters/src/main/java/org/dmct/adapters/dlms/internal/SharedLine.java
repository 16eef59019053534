package org.dmct.adapters.dlms.internal;

import java.util.concurrent.CompletableFuture;
import org.dmct.core.lab.LinkSpec;
import org.dmct.link.serial.SerialLine;

/**
 * One physical line that several associations of a DMC take turns on: a serial port, opened once for the whole
 * adapter ({@link SerialLine}) and closed with it. The association that wants the line asks the one holding it to
 * release its association first (RLRQ, then HDLC DISC/UA); the port stays open, and the next association opens its
 * data link (SNRM) on it. The runner sends one request at a time per DMC, so taking turns costs an association per
 * device switch, never a port open, and never interleaves two devices' frames. Confined to the DMC's event loop,
 * except {@link #close()}.
 */
public final class SharedLine {
    private final SerialLine port;
    private DlmsAssociation holder;

    private SharedLine(SerialLine port) {
        this.port = port;
    }

    /** The shared line of a serial link. */
    public static SharedLine of(LinkSpec link) {
        return new SharedLine(SerialLine.of(DeviceLinks.serialSettings(link.serial())));
    }

    /** The serial port the associations' channels join. */
    SerialLine port() {
        return port;
    }

    /** Completes when the line is free for {@code association} (at once if it already holds it). */
    CompletableFuture<Void> acquire(DlmsAssociation association) {
        DlmsAssociation previous = holder;
        holder = association;
        if (previous == null || previous == association) {
            return CompletableFuture.completedFuture(null);
        }
        return previous.release();
    }

    /** Closes the port; call once every association on the line is released. */
    public CompletableFuture<Void> close() {
        return port.close();
    }
}
