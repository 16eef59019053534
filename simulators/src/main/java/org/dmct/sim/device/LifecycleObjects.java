package org.dmct.sim.device;

import org.dmct.core.lab.DeviceSecurity;
import org.dmct.core.profile.DeviceFunction;
import org.dmct.core.profile.DeviceProfile;
import org.dmct.dlms.cosem.ObisCode;
import org.dmct.sim.cosem.CosemObject;
import org.dmct.sim.cosem.DeviceLogObject;
import org.dmct.sim.cosem.ImageTransferObject;
import org.dmct.sim.cosem.LifecycleObject;
import org.dmct.sim.cosem.SecuritySetupObject;

/**
 * Builds the COSEM objects of a simulated device's lifecycle from its profile's functions: image transfer
 * ({@code imageTransfer}, class 18), security setup ({@code securitySetup}, class 64), the lifecycle object
 * ({@code deviceLifecycle}, class 250) and a hub's device log ({@code deviceLog}); the display text is metering's.
 * Kept apart from {@link SimulatedDevice} so its object table stays one place per concern.
 */
final class LifecycleObjects {
    /** The image_block_size of every simulated device: larger than small PDUs, so blocks travel in APDU blocks too. */
    static final int IMAGE_BLOCK_SIZE = 512;

    private LifecycleObjects() {
    }

    /** The object serving {@code function}, or null when the function is not a lifecycle one. */
    static CosemObject build(String function, ObisCode obis, SimulatedDevice device) {
        DeviceProfile profile = device.profile();
        return switch (function) {
            case DeviceFunction.IMAGE_TRANSFER -> new ImageTransferObject(obis, IMAGE_BLOCK_SIZE, device.firmware(),
                    device::raise, device.id());
            case DeviceFunction.SECURITY_SETUP -> securitySetup(obis, device);
            case DeviceFunction.DEVICE_LIFECYCLE -> new LifecycleObject(obis,
                    profile.function(function).orElseThrow().classId(), device.lifecycle(), device.id());
            case DeviceFunction.DEVICE_LOG -> new DeviceLogObject(obis, device.lifecycle());
            default -> null;
        };
    }

    private static CosemObject securitySetup(ObisCode obis, SimulatedDevice device) {
        DeviceProfile profile = device.profile();
        int policy = 0;
        int suite = 0;
        if (profile.protocol().secured()) {
            policy = switch (profile.protocol().security().policy()) {
                case AUTHENTICATED -> 1;
                case ENCRYPTED -> 2;
                case AUTHENTICATED_ENCRYPTED -> 3;
            };
            suite = profile.protocol().authentication().suite();
        }
        byte[] client = device.declaration().deviceSecurity().map(DeviceSecurity::clientSystemTitleBytes)
                .orElse(new byte[0]);
        return new SecuritySetupObject(obis, policy, suite, client,
                DeviceCredentials.systemTitle(device).bytes(), device.credentials(), device::raise, device.id());
    }
}
