package org.dmct.core.spi;

import java.util.concurrent.CompletableFuture;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;

/**
 * An open adapter for one DMC: it turns service requests into protocol operations on the DMC's devices and their
 * answers into service responses. A misbehaving device never makes the future fail: it completes with E20 (cannot
 * communicate), E21 (no answer in time) or a device refusal, with a detail naming the device, link and frame.
 * An SRV the device's profile does not support is answered with the profile's unsupported response (E11) without
 * touching the device. The harness sends at most one request at a time per DMC; adapters still must not assume it.
 */
public interface DeviceAdapter extends AutoCloseable {
    CompletableFuture<ServiceResponse> execute(ServiceRequest request);

    /** Releases associations and closes links; idempotent, never throws. May return before the links are closed. */
    @Override
    void close();

    /**
     * Like {@link #close()}, completing when the links are released and closed, so that the frames of the release
     * still reach the evidence log. The harness waits for it (bounded) before it closes the log. Never fails.
     */
    default java.util.concurrent.CompletableFuture<Void> closeAsync() {
        close();
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
}
