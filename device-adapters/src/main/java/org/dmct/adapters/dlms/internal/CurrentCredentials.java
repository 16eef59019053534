package org.dmct.adapters.dlms.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.dmct.core.lab.DeviceSecurity;
import org.dmct.core.lab.LabDevice;

/**
 * The "current key" indirection of one adapter: a device whose keys 6.15.1 replaced is associated with the new key
 * references from then on, while the lab file keeps naming the keys it was declared with (a new run starts from the
 * lab again, as a lab engineer would update the lab's aliases after a real key change). Only references are held,
 * never key bytes. Replacing a device's keys retires its open association, so the next request associates afresh.
 */
public final class CurrentCredentials {
    private final Map<String, DeviceSecurity> replaced = new ConcurrentHashMap<>();
    private final Map<String, DeviceSecurity> previous = new ConcurrentHashMap<>();
    private final Consumer<String> retire;

    /** @param retire called with a device id whose association must not be used again */
    public CurrentCredentials(Consumer<String> retire) {
        this.retire = retire;
    }

    /** The device as it should be associated with now: with its replaced keys, if any. */
    public LabDevice current(LabDevice declared) {
        DeviceSecurity keys = replaced.get(declared.id());
        return keys == null ? declared : declared.withSecurity(keys);
    }

    /**
     * The device with the keys it held before its latest replacement in this adapter, so a pack can prove that the
     * SMSO's credentials are refused once replaced; empty when no replacement happened.
     */
    public java.util.Optional<LabDevice> previous(LabDevice declared) {
        DeviceSecurity keys = previous.get(declared.id());
        return keys == null ? java.util.Optional.empty() : java.util.Optional.of(declared.withSecurity(keys));
    }

    /** Records that {@code deviceId} now holds {@code keys}, and retires its association. */
    void replace(String deviceId, DeviceSecurity keys, DeviceSecurity before) {
        previous.put(deviceId, before);
        replaced.put(deviceId, keys);
        retire.accept(deviceId);
    }
}
