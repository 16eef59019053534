package org.dmct.sim.cosem;

import java.nio.charset.StandardCharsets;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.ObisCode;
import org.dmct.sim.device.DeviceLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device lifecycle object, manufacturer-specific interface class 250 version 0 (no Blue Book class carries
 * SMETS1 lifecycle and commissioning state; lab-config/README.md documents this one): attribute 2 lifecycle_state
 * (enum: 0 dormant, 1 active), 3 commissioning_state (enum: 0 not commissioned, 1 commissioned), 4 joined_devices
 * (array of octet-string serial numbers); methods 1 commission (integer 0), 2 activate (integer 0), 3 join
 * (octet-string: the HAN device's serial number), 4 unjoin (octet-string). A change the rules refuse answers
 * other-reason; one already made answers success.
 */
public final class LifecycleObject extends CosemObject {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleObject.class);
    private final DeviceLifecycle lifecycle;
    private final String deviceId;

    public LifecycleObject(ObisCode logicalName, int classId, DeviceLifecycle lifecycle, String deviceId) {
        super(classId, 0, logicalName);
        this.lifecycle = lifecycle;
        this.deviceId = deviceId;
    }

    @Override
    protected AttributeRead read(int attribute, SelectiveRead selective) {
        if (selective != null) {
            return AttributeRead.error(DataAccessResult.SCOPE_OF_ACCESS_VIOLATED);
        }
        return switch (attribute) {
            case 2 -> AttributeRead.of(DlmsData.enumValue(lifecycle.state().ordinal()));
            case 3 -> AttributeRead.of(DlmsData.enumValue(lifecycle.commissioning().ordinal()));
            case 4 -> AttributeRead.of(DlmsData.array(lifecycle.joined().stream()
                    .map(s -> DlmsData.octets(s.getBytes(StandardCharsets.US_ASCII))).toList()));
            default -> undefined();
        };
    }

    @Override
    public MethodResult invoke(int method, DlmsData parameters) {
        DeviceLifecycle.Change change;
        switch (method) {
            case 1 -> change = lifecycle.commission();
            case 2 -> change = lifecycle.activate();
            case 3, 4 -> {
                if (parameters == null || parameters.asBytes().isEmpty()) {
                    return MethodResult.of(ActionResult.TYPE_UNMATCHED);
                }
                String serial = new String(parameters.asBytes().get(), StandardCharsets.US_ASCII);
                change = method == 3 ? lifecycle.join(serial) : lifecycle.unjoin(serial);
            }
            default -> {
                return MethodResult.of(ActionResult.OBJECT_UNDEFINED);
            }
        }
        if (change == DeviceLifecycle.Change.CHANGED || change == DeviceLifecycle.Change.UNCHANGED) {
            return MethodResult.SUCCESS;
        }
        LOG.info("{}: lifecycle method {} refused: {}", deviceId, method, change);
        return MethodResult.of(ActionResult.OTHER_REASON);
    }

    @Override
    public int attributeCount() {
        return 4;
    }

    @Override
    public int methodCount() {
        return 4;
    }
}
