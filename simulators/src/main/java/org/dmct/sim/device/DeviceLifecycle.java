package org.dmct.sim.device;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.InstallationType;
import org.dmct.core.spi.SecretResolver;
import org.dmct.dlms.security.CipheringContext;

/**
 * The lifecycle of one simulated device: dormant or active, not commissioned or commissioned, and the HAN devices
 * (IHD, PPMID) joined to it. It starts from the DMC's installation type (dormant: dormant and not commissioned;
 * active: active and commissioned; mixed: the CHF and ESME active and commissioned, the others dormant) and changes
 * only through the lifecycle object's methods, whose rules are the ones a migration follows: a device is commissioned
 * before it is activated, and a meter joins a HAN device of its own installation only once both are commissioned.
 */
public final class DeviceLifecycle {
    /** Lifecycle state, as its enum value on the wire. */
    public enum State { DORMANT, ACTIVE }

    /** Commissioning state, as its enum value on the wire. */
    public enum Commissioning { NOT_COMMISSIONED, COMMISSIONED }

    /** Why a change was refused, or that it was made (or already so). */
    public enum Change { CHANGED, UNCHANGED, NOT_COMMISSIONED, UNKNOWN_DEVICE, NOT_A_HAN_DEVICE, NOT_JOINED }

    private final SimulatedDevice device;
    private State state = State.DORMANT;
    private Commissioning commissioning = Commissioning.NOT_COMMISSIONED;
    private final Set<String> joined = new LinkedHashSet<>();
    private volatile List<SimulatedDevice> installation = List.of();

    DeviceLifecycle(SimulatedDevice device) {
        this.device = device;
    }

    /**
     * Links the devices of one installation (so joins and the hub's device log can see each other), sets their
     * starting states from the DMC's installation type, and gives each secured device its declared master key.
     */
    public static void link(LabDmc dmc, Collection<SimulatedDevice> devices, SecretResolver secrets) {
        List<SimulatedDevice> all = List.copyOf(devices);
        for (SimulatedDevice d : all) {
            DeviceLifecycle l = d.lifecycle();
            l.installation = all;
            boolean active = dmc.installationType() == InstallationType.ACTIVE
                    || (dmc.installationType() == InstallationType.MIXED
                    && (d.declaration().type() == DeviceType.CHF || d.declaration().type() == DeviceType.ESME));
            synchronized (l) {
                l.state = active ? State.ACTIVE : State.DORMANT;
                l.commissioning = active ? Commissioning.COMMISSIONED : Commissioning.NOT_COMMISSIONED;
            }
            d.declaration().deviceSecurity().flatMap(s -> s.masterKeyRef()).ifPresent(ref ->
                    d.credentials().declaredMasterKey(() -> secrets.resolveKey(ref, CipheringContext.KEY_LENGTH)));
        }
    }

    public synchronized State state() {
        return state;
    }

    public synchronized Commissioning commissioning() {
        return commissioning;
    }

    /** Serial numbers of the HAN devices joined to this one, in joining order. */
    public synchronized List<String> joined() {
        return new ArrayList<>(joined);
    }

    /** The other devices of the installation. */
    public List<SimulatedDevice> peers() {
        return installation.stream().filter(d -> d != device).toList();
    }

    /** Commissions the device (raises 0x8F69 where the profile maps it). */
    public Change commission() {
        synchronized (this) {
            if (commissioning == Commissioning.COMMISSIONED) {
                return Change.UNCHANGED;
            }
            commissioning = Commissioning.COMMISSIONED;
        }
        device.raise(DeviceEvent.DEVICE_COMMISSIONED);
        return Change.CHANGED;
    }

    /** Takes the device out of the dormant state; a device that is not commissioned stays dormant. */
    public Change activate() {
        synchronized (this) {
            if (commissioning != Commissioning.COMMISSIONED) {
                return Change.NOT_COMMISSIONED;
            }
            if (state == State.ACTIVE) {
                return Change.UNCHANGED;
            }
            state = State.ACTIVE;
        }
        device.raise(DeviceEvent.DEVICE_ACTIVATED);
        return Change.CHANGED;
    }

    /** Joins the HAN device with {@code serialNumber} (an IHD or PPMID of the installation) to this device, both ways. */
    public Change join(String serialNumber) {
        Optional<SimulatedDevice> other = peers().stream()
                .filter(d -> d.declaration().serialNumber().equals(serialNumber)).findFirst();
        if (other.isEmpty()) {
            return Change.UNKNOWN_DEVICE;
        }
        DeviceType type = other.get().declaration().type();
        if (type != DeviceType.IHD && type != DeviceType.PPMID) {
            return Change.NOT_A_HAN_DEVICE;
        }
        DeviceLifecycle han = other.get().lifecycle();
        if (commissioning() != Commissioning.COMMISSIONED || han.commissioning() != Commissioning.COMMISSIONED) {
            return Change.NOT_COMMISSIONED;
        }
        boolean added;
        synchronized (this) {
            added = joined.add(serialNumber);
        }
        synchronized (han) {
            han.joined.add(device.declaration().serialNumber());
        }
        if (!added) {
            return Change.UNCHANGED;
        }
        device.raise(DeviceEvent.DEVICE_JOINED);
        return Change.CHANGED;
    }

    /** Removes a joined HAN device, both ways. */
    public Change unjoin(String serialNumber) {
        boolean removed;
        synchronized (this) {
            removed = joined.remove(serialNumber);
        }
        if (!removed) {
            return Change.NOT_JOINED;
        }
        peers().stream().filter(d -> d.declaration().serialNumber().equals(serialNumber)).findFirst()
                .ifPresent(d -> {
                    synchronized (d.lifecycle()) {
                        d.lifecycle().joined.remove(device.declaration().serialNumber());
                    }
                });
        return Change.CHANGED;
    }
}
