package org.dmct.sim.cosem;

import java.util.List;
import java.util.function.Consumer;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.ObisCode;
import org.dmct.dlms.security.KeyWrap;
import org.dmct.sim.device.DeviceCredentials;
import org.dmct.sim.device.DeviceEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interface class 64 "Security setup" (version 0): attributes 2 security_policy (enum: 0 none, 1 all messages
 * authenticated, 2 all encrypted, 3 authenticated and encrypted), 3 security_suite (enum), 4 client_system_title,
 * 5 server_system_title; methods 1 security_activate(security_policy) and 2 global_key_transfer(array of
 * key_data {key_id enum: 0 global unicast encryption key, 1 global broadcast encryption key, 2 authentication key,
 * 3 master key (KEK); key_wrapped octet-string}), each key wrapped with the master key by AES key wrap (RFC 3394).
 * A transfer is all or nothing: one key that fails to unwrap refuses it (other-reason) and nothing changes. Applied
 * keys are in force for every association opened afterwards; the current one finishes with the keys it began with.
 * security_activate may not weaken the policy (Blue Book); the simulator cannot strengthen a running policy either,
 * so anything but the current policy is refused and logged as such.
 */
public final class SecuritySetupObject extends CosemObject {
    private static final Logger LOG = LoggerFactory.getLogger(SecuritySetupObject.class);
    private final int policy;
    private final int suite;
    private final byte[] clientTitle;
    private final byte[] serverTitle;
    private final DeviceCredentials credentials;
    private final Consumer<DeviceEvent> events;
    private final String deviceId;

    public SecuritySetupObject(ObisCode logicalName, int policy, int suite, byte[] clientTitle, byte[] serverTitle,
                               DeviceCredentials credentials, Consumer<DeviceEvent> events, String deviceId) {
        super(64, 0, logicalName);
        this.policy = policy;
        this.suite = suite;
        this.clientTitle = clientTitle.clone();
        this.serverTitle = serverTitle.clone();
        this.credentials = credentials;
        this.events = events;
        this.deviceId = deviceId;
    }

    @Override
    protected AttributeRead read(int attribute, SelectiveRead selective) {
        if (selective != null) {
            return AttributeRead.error(DataAccessResult.SCOPE_OF_ACCESS_VIOLATED);
        }
        return switch (attribute) {
            case 2 -> AttributeRead.of(DlmsData.enumValue(policy));
            case 3 -> AttributeRead.of(DlmsData.enumValue(suite));
            case 4 -> AttributeRead.of(DlmsData.octets(clientTitle));
            case 5 -> AttributeRead.of(DlmsData.octets(serverTitle));
            default -> undefined();
        };
    }

    @Override
    public MethodResult invoke(int method, DlmsData parameters) {
        return switch (method) {
            case 1 -> activate(parameters);
            case 2 -> keyTransfer(parameters);
            default -> MethodResult.of(ActionResult.OBJECT_UNDEFINED);
        };
    }

    private MethodResult activate(DlmsData parameters) {
        if (parameters == null || parameters.asLong().isEmpty()) {
            return MethodResult.of(ActionResult.TYPE_UNMATCHED);
        }
        long wanted = parameters.asLong().getAsLong();
        if (wanted == policy) {
            return MethodResult.SUCCESS;
        }
        LOG.warn("{}: security_activate({}) refused: {}", deviceId, wanted, wanted < policy
                ? "a policy is never weakened" : "the simulator does not change a running security policy");
        return MethodResult.of(ActionResult.OTHER_REASON);
    }

    private MethodResult keyTransfer(DlmsData parameters) {
        List<DlmsData> keys = parameters == null ? null : parameters.asList().orElse(null);
        if (keys == null || keys.isEmpty()) {
            return MethodResult.of(ActionResult.TYPE_UNMATCHED);
        }
        byte[] kek;
        try {
            kek = credentials.masterKey().orElse(null);
        } catch (IllegalStateException e) {
            // the resolver names the reference, never a key
            LOG.warn("{}: global_key_transfer refused: the master key cannot be resolved: {}", deviceId, e.getMessage());
            return MethodResult.of(ActionResult.OTHER_REASON);
        }
        if (kek == null) {
            LOG.warn("{}: global_key_transfer refused: the device has no master key (security.masterKey in the lab)",
                    deviceId);
            return MethodResult.of(ActionResult.OTHER_REASON);
        }
        byte[][] unwrapped = new byte[4][];
        try {
            for (DlmsData k : keys) {
                List<DlmsData> kd = k.asList().orElse(null);
                if (kd == null || kd.size() != 2 || kd.get(0).asLong().isEmpty() || kd.get(1).asBytes().isEmpty()) {
                    return MethodResult.of(ActionResult.TYPE_UNMATCHED);
                }
                long id = kd.get(0).asLong().getAsLong();
                if (id < 0 || id > 3) {
                    return MethodResult.of(ActionResult.TYPE_UNMATCHED);
                }
                KeyWrap.Result r = KeyWrap.unwrap(kek, kd.get(1).asBytes().get());
                if (!r.isSuccess() || r.key().length != 16) {
                    LOG.info("{}: global_key_transfer refused: key {}: {}", deviceId, id,
                            r.isSuccess() ? "not a 16-byte key" : r.failure());
                    return MethodResult.of(ActionResult.OTHER_REASON);
                }
                unwrapped[(int) id] = r.key();
            }
            credentials.replace(unwrapped[0], unwrapped[2], unwrapped[3]);
            unwrapped[0] = null;
            unwrapped[2] = null;
            unwrapped[3] = null;
        } finally {
            java.util.Arrays.fill(kek, (byte) 0);
            for (byte[] u : unwrapped) {
                if (u != null) {
                    java.util.Arrays.fill(u, (byte) 0);
                }
            }
        }
        events.accept(DeviceEvent.KEYS_REPLACED);
        return MethodResult.SUCCESS;
    }

    @Override
    public int attributeCount() {
        return 5;
    }

    @Override
    public int methodCount() {
        return 2;
    }
}
