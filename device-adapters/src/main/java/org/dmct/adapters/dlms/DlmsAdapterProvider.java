package org.dmct.adapters.dlms;

import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.spi.AdapterContext;
import org.dmct.core.spi.DeviceAdapter;
import org.dmct.core.spi.DeviceAdapterProvider;

/**
 * Registers the DLMS/COSEM adapter with the harness ({@code META-INF/services}). It serves a DMC whose devices'
 * profiles all name the {@code dlms} adapter, over any link the lab can declare (TCP wrapper, HDLC over TCP or
 * over a serial port).
 */
public final class DlmsAdapterProvider implements DeviceAdapterProvider {
    public static final String NAME = "dlms";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(LabDmc dmc) {
        if (dmc.devices().isEmpty()) {
            return false;
        }
        for (LabDevice d : dmc.devices()) {
            if (!NAME.equals(d.profile().protocol().adapter())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public DeviceAdapter open(AdapterContext context) {
        return new DlmsAdapter(context);
    }
}
