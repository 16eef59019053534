package org.dmct.sim.cosem;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.ObisCode;
import org.dmct.sim.device.DeviceLifecycle;
import org.dmct.sim.device.SimulatedDevice;

/**
 * A comms hub's device log (interface class 1, Data): the devices of its HAN as the hub knows them now, an array of
 * structure {serial number (octet-string), device type (visible-string), lifecycle_state (enum 0 dormant, 1 active),
 * commissioning_state (enum 0 not commissioned, 1 commissioned)}. It is read live from the installation, so a
 * commissioning shows in the next 8.9 read.
 */
public final class DeviceLogObject extends CosemObject {
    private final DeviceLifecycle hub;

    public DeviceLogObject(ObisCode logicalName, DeviceLifecycle hub) {
        super(1, 0, logicalName);
        this.hub = hub;
    }

    @Override
    protected AttributeRead read(int attribute, SelectiveRead selective) {
        if (attribute != 2) {
            return undefined();
        }
        if (selective != null) {
            return AttributeRead.error(DataAccessResult.SCOPE_OF_ACCESS_VIOLATED);
        }
        List<DlmsData> rows = hub.peers().stream().map(DeviceLogObject::row).toList();
        return AttributeRead.of(DlmsData.array(rows));
    }

    private static DlmsData row(SimulatedDevice d) {
        return DlmsData.structure(
                DlmsData.octets(d.declaration().serialNumber().getBytes(StandardCharsets.US_ASCII)),
                DlmsData.visible(d.declaration().type().name()),
                DlmsData.enumValue(d.lifecycle().state().ordinal()),
                DlmsData.enumValue(d.lifecycle().commissioning().ordinal()));
    }

    @Override
    public int attributeCount() {
        return 2;
    }
}
