package org.dmct.core.probe;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.spi.AdapterContext;
import org.dmct.core.spi.DeviceAdapter;
import org.dmct.core.spi.DeviceAdapterProvider;
import org.dmct.core.spi.FrameRecorder;
import org.dmct.core.spi.SecretResolver;

/**
 * Checks a lab's devices before a run, through the same adapters a run uses: for every device it reads the identity
 * (SRV 6.2.4: serial number, manufacturer, model) and the firmware version (SRV 11.2), compares them with the lab's
 * declaration and the device profile, and times the exchanges. DMCs are probed in parallel, each on one event loop,
 * devices one after the other; nothing is written to evidence.
 */
public final class LabProbe {
    /** The SRV that reads a device's identity. */
    public static final String IDENTITY_SRV = "6.2.4";
    /** The SRV that reads a device's firmware version. */
    public static final String FIRMWARE_SRV = "11.2";

    private final List<DeviceAdapterProvider> providers;
    private final EventLoopGroup group;
    private final SecretResolver secrets;
    private final Duration timeout;
    private final Clock clock;

    public LabProbe(List<DeviceAdapterProvider> providers, EventLoopGroup group, SecretResolver secrets,
                    Duration timeout, Clock clock) {
        this.providers = List.copyOf(providers);
        this.group = group;
        this.secrets = secrets;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Probes the given DMCs (all when empty); completes with one entry per device, in lab order. */
    public CompletableFuture<List<DeviceProbe>> probe(Lab lab, List<String> dmcIds) {
        List<CompletableFuture<List<DeviceProbe>>> perDmc = new ArrayList<>();
        for (LabDmc dmc : lab.dmcs()) {
            if (dmcIds.isEmpty() || dmcIds.contains(dmc.id())) {
                perDmc.add(probe(dmc));
            }
        }
        return CompletableFuture.allOf(perDmc.toArray(new CompletableFuture[0])).thenApply(x -> {
            List<DeviceProbe> all = new ArrayList<>();
            perDmc.forEach(f -> all.addAll(f.join()));
            return all;
        });
    }

    private CompletableFuture<List<DeviceProbe>> probe(LabDmc dmc) {
        DeviceAdapterProvider provider = providers.stream().filter(p -> supports(p, dmc)).findFirst().orElse(null);
        if (provider == null) {
            return CompletableFuture.completedFuture(dmc.devices().stream().map(d -> unreachable(dmc, d,
                    "no installed adapter serves this DMC's link " + dmc.link())).toList());
        }
        EventLoop loop = group.next();
        DeviceAdapter adapter;
        try {
            adapter = provider.open(AdapterContext.of(dmc, loop, FrameRecorder.DISCARD, clock, timeout, secrets));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(dmc.devices().stream().map(d -> unreachable(dmc, d,
                    "adapter '" + provider.name() + "' could not be opened: " + e.getMessage())).toList());
        }
        List<DeviceProbe> results = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (LabDevice device : dmc.devices()) {
            chain = chain.thenCompose(x -> probe(adapter, dmc, device)).thenAccept(results::add);
        }
        return chain.thenCompose(x -> adapter.closeAsync().exceptionally(e -> null)).thenApply(x -> results);
    }

    private static boolean supports(DeviceAdapterProvider p, LabDmc dmc) {
        try {
            return p.supports(dmc);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private CompletableFuture<DeviceProbe> probe(DeviceAdapter adapter, LabDmc dmc, LabDevice device) {
        Map<String, String> declared = new LinkedHashMap<>();
        declared.put("serialNumber", device.serialNumber());
        declared.put("manufacturer", device.profile().manufacturer());
        declared.put("model", device.profile().model());
        declared.put("firmwareVersion", device.firmware());
        Map<String, String> read = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        long[] times = new long[2];
        return send(adapter, dmc, device, IDENTITY_SRV, "identity").thenCompose(identity -> {
            times[0] = elapsed(identity);
            if (!record(identity, read, problems, device)) {
                return CompletableFuture.completedFuture(null);
            }
            return send(adapter, dmc, device, FIRMWARE_SRV, "firmware").thenAccept(fw -> {
                times[1] = elapsed(fw);
                record(fw, read, problems, device);
            });
        }).handle((x, error) -> {
            if (error != null) {
                problems.add("the adapter failed: " + error.getMessage());
            }
            boolean reached = !read.isEmpty();
            if (!reached) {
                return new DeviceProbe(dmc.id(), device.id(), device.type(), dmc.link().toString(),
                        DeviceProbe.Status.UNREACHABLE, declared, read, null, null, problems);
            }
            for (Map.Entry<String, String> d : declared.entrySet()) {
                String got = read.get(d.getKey());
                if (got != null && d.getValue() != null && !got.equals(d.getValue())) {
                    problems.add(d.getKey() + ": the device says '" + got + "', the lab declares '" + d.getValue()
                            + "'");
                }
            }
            return new DeviceProbe(dmc.id(), device.id(), device.type(), dmc.link().toString(),
                    problems.isEmpty() ? DeviceProbe.Status.OK : DeviceProbe.Status.MISMATCH, declared, read,
                    times[0], read.containsKey("firmwareVersion") ? times[1] : null, problems);
        });
    }

    /** Adds a response's values; false (with the problem noted) when the device did not answer with them. */
    private static boolean record(ServiceResponse r, Map<String, String> read, List<String> problems,
                                  LabDevice device) {
        if (r.succeeded()) {
            r.values().forEach((k, v) -> {
                if (v != null && !(v instanceof Map) && !(v instanceof List)) {
                    read.put(k, v.toString());
                }
            });
            return true;
        }
        String what = r.srv().equals(IDENTITY_SRV) ? "identity (SRV 6.2.4)" : "firmware version (SRV 11.2)";
        if (r.code() == ResponseCode.I0) {
            problems.add(device.id() + " refused to give its " + what + ": " + r.deviceResult() + " ("
                    + r.detail() + ")");
        } else {
            problems.add(what + " not read: " + r.code() + " " + r.code().meaning()
                    + (r.detail() == null ? "" : ": " + r.detail()));
        }
        return false;
    }

    private CompletableFuture<ServiceResponse> send(DeviceAdapter adapter, LabDmc dmc, LabDevice device, String srv,
                                                    String what) {
        ServiceRequest request = new ServiceRequest("probe/" + dmc.id() + "/" + device.id() + "/" + what, srv,
                device.id(), device.type(), Map.of(), 1);
        try {
            CompletableFuture<ServiceResponse> f = adapter.execute(request);
            return f == null ? CompletableFuture.failedFuture(new IllegalStateException("the adapter gave no answer"))
                    : f;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static long elapsed(ServiceResponse r) {
        Instant a = r.sentAt();
        Instant b = r.answeredAt();
        return a == null || b == null ? 0 : Math.max(0, b.toEpochMilli() - a.toEpochMilli());
    }

    private static DeviceProbe unreachable(LabDmc dmc, LabDevice d, String why) {
        Map<String, String> declared = new LinkedHashMap<>();
        declared.put("serialNumber", d.serialNumber());
        declared.put("manufacturer", d.profile().manufacturer());
        declared.put("model", d.profile().model());
        declared.put("firmwareVersion", d.firmware());
        return new DeviceProbe(dmc.id(), d.id(), d.type(), dmc.link().toString(), DeviceProbe.Status.UNREACHABLE,
                declared, Map.of(), null, null, List.of(why));
    }
}
