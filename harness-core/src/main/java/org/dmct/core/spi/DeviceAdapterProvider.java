package org.dmct.core.spi;

import java.util.List;
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

    /** Every provider on the class path, in class path order. */
    static List<DeviceAdapterProvider> installed() {
        return ServiceLoader.load(DeviceAdapterProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    }
}
