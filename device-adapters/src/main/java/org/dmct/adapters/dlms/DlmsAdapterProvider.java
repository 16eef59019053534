package org.dmct.adapters.dlms;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.Optional;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.spi.AdapterContext;
import org.dmct.core.spi.DeviceAdapter;
import org.dmct.core.spi.DeviceAdapterProvider;
import org.dmct.link.LoopAffinity;
import org.dmct.core.lab.LinkSpec;

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

    /** The loop an in-process simulator serves the DMC's TCP link from ({@link LoopAffinity}), if there is one. */
    @Override
    public Optional<EventLoop> preferredLoop(LabDmc dmc, EventLoopGroup group) {
        LinkSpec link = dmc.link();
        if (link.transport() == LinkSpec.Transport.HDLC_SERIAL) {
            return Optional.empty();
        }
        return LoopAffinity.servingLoop(link.host(), link.port(), group);
    }

    @Override
    public DeviceAdapter open(AdapterContext context) {
        return new DlmsAdapter(context);
    }
}
