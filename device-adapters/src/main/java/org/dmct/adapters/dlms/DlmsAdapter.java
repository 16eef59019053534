package org.dmct.adapters.dlms;

import io.netty.channel.EventLoop;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.dmct.adapters.dlms.internal.CurrentCredentials;
import org.dmct.adapters.dlms.internal.DeviceFailure;
import org.dmct.adapters.dlms.internal.DlmsAssociation;
import org.dmct.adapters.dlms.internal.SharedLine;
import org.dmct.adapters.dlms.internal.NotificationTap;
import org.dmct.adapters.dlms.internal.PushListener;
import org.dmct.adapters.dlms.internal.SrvCall;
import org.dmct.adapters.dlms.internal.SrvMappings;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LinkSpec;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.spi.AdapterContext;
import org.dmct.core.spi.AlertSink;
import org.dmct.core.spi.DeviceAdapter;

/**
 * The DLMS/COSEM device adapter for one DMC: each device is a logical device behind the DMC's link (the TCP wrapper,
 * HDLC over TCP, or HDLC over a serial port), reached through an association of its own (opened on first use, one
 * request outstanding at a time; on a serial line the devices take turns). SRVs are
 * carried out by {@link SrvMappings} using the device profile's function-to-object map. An SRV the profile does not
 * support is answered with the profile's unsupported response (E11) without touching the device; a device that
 * cannot be reached is E20, one that does not answer in time is E21, one that refuses answers I0 with its reason.
 *
 * <p>Alerts: a notification a device sends on its association (idle, or between a request and its answer) and,
 * when the DMC has a push destination and the context collects alerts, one pushed to the adapter's listener there,
 * is translated through the device profile's event map and handed to the context's alert sink ({@link
 * NotificationTap}, {@link PushListener}). A push destination that cannot be bound fails every request loudly.
 */
public final class DlmsAdapter implements DeviceAdapter {
    private final AdapterContext context;
    private final LabDmc dmc;
    private final Map<String, DlmsAssociation> associations = new ConcurrentHashMap<>();
    private final PushListener push;
    private volatile boolean closed;
    /** Every association of the DMC runs on this loop (the shared line's turns need one). */
    private final EventLoop loop;
    /** A serial port is one line for all of the DMC's devices; TCP links give each association its own. */
    private final SharedLine sharedLine;
    /** Keys replaced by 6.15.1: the next association of such a device uses them. */
    /**
     * Request parameter {@code credentials: previous}: send the request on a one-off association that uses the keys
     * the device held before this adapter's latest 6.15.1, to prove they are refused (expect E20).
     */
    public static final String PREVIOUS_CREDENTIALS = "credentials";
    private final org.dmct.adapters.dlms.internal.DccInventory inventory =
            new org.dmct.adapters.dlms.internal.DccInventory();
    private final CurrentCredentials credentials = new CurrentCredentials(this::retireAssociation);

    DlmsAdapter(AdapterContext context) {
        this.context = context;
        this.dmc = context.dmc();
        this.loop = (EventLoop) context.eventLoopGroup().next();
        this.sharedLine = dmc.link().transport() == LinkSpec.Transport.HDLC_SERIAL ? SharedLine.of(dmc.link()) : null;
        // A context that drops alerts (a lab probe) has no use for the push port, and must not take it from a run.
        this.push = dmc.pushDestination().isPresent() && context.alerts() != AlertSink.IGNORE
                ? PushListener.start(dmc, context.eventLoopGroup(), context.frames(), context.alerts(), context.clock())
                : null;
    }

    /** The push listener's address once bound; empty when the adapter does not listen for pushes. */
    public Optional<CompletableFuture<java.net.InetSocketAddress>> pushListener() {
        return Optional.ofNullable(push).map(PushListener::bound);
    }

    @Override
    public CompletableFuture<ServiceResponse> execute(ServiceRequest request) {
        var now = context.clock().instant();
        Optional<LabDevice> target = dmc.device(request.deviceId());
        if (target.isEmpty()) {
            return CompletableFuture.completedFuture(ServiceResponse.failure(request, ResponseCode.E19,
                    "DMC " + dmc.id() + " has no device '" + request.deviceId() + "'", now, now));
        }
        LabDevice device = target.get();
        if (!device.profile().supports(request.srv())) {
            ResponseCode code = device.profile().unsupportedResponse();
            return CompletableFuture.completedFuture(ServiceResponse.failure(request, code,
                    "SRV " + request.srv() + " is not supported by " + device.id() + " (profile "
                            + device.profile().id() + "): " + code.meaning(), now, now));
        }
        Optional<SrvMappings.Mapping> mapping = SrvMappings.find(request.srv());
        if (mapping.isEmpty()) {
            // A harness limitation, not a device answer: fail loudly rather than invent a response code.
            return CompletableFuture.failedFuture(new UnsupportedOperationException(
                    "the DLMS adapter has no mapping for SRV " + request.srv() + " yet (profile " + device.profile().id()
                            + " declares it supported)"));
        }
        if (closed) {
            return CompletableFuture.completedFuture(ServiceResponse.failure(request, ResponseCode.E20,
                    "the adapter for DMC " + dmc.id() + " is closed", now, now));
        }
        Optional<String> pushFailure = push == null ? Optional.empty() : push.failure();
        if (pushFailure.isPresent()) {
            // Alerts would be lost without a trace: a harness set-up fault, not a device answer.
            return CompletableFuture.failedFuture(new IllegalStateException(pushFailure.get()));
        }
        DlmsAssociation association;
        boolean previousCredentials = "previous".equals(request.parameter(PREVIOUS_CREDENTIALS));
        if (previousCredentials) {
            Optional<LabDevice> before = credentials.previous(device);
            if (before.isEmpty()) {
                return CompletableFuture.failedFuture(new IllegalStateException("parameter " + PREVIOUS_CREDENTIALS
                        + ": previous needs an earlier 6.15.1 on " + device.id() + " in this run"));
            }
            // A one-off association with the replaced keys, on a connection of its own; the device's own
            // association is retired first so the device sees one client at a time.
            retireAssociation(device.id());
            NotificationTap tap = new NotificationTap(context.frames(), dmc, device, context.alerts(), context.clock());
            association = new DlmsAssociation(before.get(), dmc.link(), loop, tap, context.secrets(),
                    context.requestTimeout(), sharedLine);
            tap.attach(association);
        } else {
            association = associations.computeIfAbsent(device.id(), id -> {
                NotificationTap tap = new NotificationTap(context.frames(), dmc, device, context.alerts(), context.clock());
                DlmsAssociation opened = new DlmsAssociation(credentials.current(device), dmc.link(), loop, tap,
                        context.secrets(),
                        context.requestTimeout(), sharedLine);
                tap.attach(opened);
                opened.onCipheredNotifications(tap);
                return opened;
            });
        }
        SrvCall call = new SrvCall(request, dmc, device, association,
                org.dmct.core.spi.RequestTimeClock.forRequests(context.clock()))
                .withCredentials(context.secrets(), credentials).withInventory(inventory);
        CompletableFuture<Map<String, Object>> values;
        try {
            values = mapping.get().execute(call);
        } catch (RuntimeException e) {
            values = CompletableFuture.failedFuture(e);
        }
        if (previousCredentials) {
            DlmsAssociation oneOff = association;
            values = values.whenComplete((v, e) -> oneOff.release());
        }
        return values.handle((v, error) -> {
            var answered = context.clock().instant();
            if (error == null) {
                return ServiceResponse.success(request, v, call.sentAt(), answered);
            }
            DeviceFailure failure = DeviceFailure.unwrap(error);
            if (failure == null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                throw new java.util.concurrent.CompletionException(cause);
            }
            // A simulated device's failure may be one the lab asked its simulator for: say so, so that the
            // report tells an injected fault from a simulator or harness defect.
            String detail = failure.getMessage() + device.faultSummary().map(f -> " (fault injected: " + f + ")")
                    .orElse("");
            if (failure.code() == ResponseCode.I0) {
                return ServiceResponse.refusedByDevice(request, failure.deviceResult(), detail, call.sentAt(),
                        answered);
            }
            return ServiceResponse.failure(request, failure.code(), detail, call.sentAt(), answered);
        });
    }

    /** After a key change the device's association (opened with the old keys) is released and never reused. */
    private void retireAssociation(String deviceId) {
        DlmsAssociation old = associations.remove(deviceId);
        if (old != null) {
            old.release();
        }
    }

    /** Releases every association and closes the links; returns at once, the releases finish on the event loops. */
    @Override
    public void close() {
        closeAsync();
    }

    /** Like {@link #close()}, with a future that completes when every association is released. */
    @Override
    public CompletableFuture<Void> closeAsync() {
        closed = true;
        List<CompletableFuture<Void>> releases = new java.util.ArrayList<>(
                associations.values().stream().map(DlmsAssociation::release).toList());
        if (push != null) {
            releases.add(push.close());
        }
        CompletableFuture<Void> released = CompletableFuture.allOf(releases.toArray(new CompletableFuture[0]));
        // The serial port stays open across the associations' turns and closes after the last release (DISC).
        return sharedLine == null ? released : released.handle((r, e) -> null).thenCompose(x -> sharedLine.close());
    }
}
