package org.dmct.core.spi;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.dmct.core.lab.LabDmc;

/**
 * The adapter SPI: an implementation is found with {@link ServiceLoader} (list it in
 * {@code META-INF/services/org.dmct.core.spi.DeviceAdapterProvider}), so a vendor adapter is added by dropping its jar
 * on the class path. The harness asks each provider in turn whether it can serve a DMC (by the adapter name its
 * devices' profiles give and the DMC's link) and opens the first that can.
 */
public interface DeviceAdapterProvider {
    /** The name profiles use in {@code protocol.adapter}, e.g. {@code dlms}. */
    String name();

    /** Whether this provider can drive every device of the DMC over the DMC's link. */
    boolean supports(LabDmc dmc);

    /** Opens an adapter for the DMC. Must not block: connections are made on the context's event loops. */
    DeviceAdapter open(AdapterContext context);

    /**
     * The loop of {@code group} this provider would rather run the DMC on, or empty to let the harness choose. A DMC's
     * steps and its adapter share one loop; a provider that knows which loop answers the DMC's link in this process
     * (an in-process simulator's) names it, so that requests and answers never cross threads. Only a placement
     * hint: must not block or connect, and the harness ignores a loop that is not of {@code group}.
     */
    default Optional<EventLoop> preferredLoop(LabDmc dmc, EventLoopGroup group) {
        return Optional.empty();
    }

    /** Every provider on the class path, in class path order. */
    static List<DeviceAdapterProvider> installed() {
        return ServiceLoader.load(DeviceAdapterProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    }
}
