package org.dmct.sim.device;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The keys a simulated secured device holds once they differ from the lab's declaration: after a global key transfer
 * the new global unicast encryption key, authentication key (and master key) are in force for every new association,
 * and the lab's original keys are refused from then on, as on a meter whose credentials were replaced. Before any
 * transfer the keys are those the lab names (resolved when an association opens). Key bytes never leave through
 * {@link #toString()}.
 */
public final class DeviceCredentials {
    private byte[] encryptionKey;
    private byte[] authenticationKey;
    private byte[] masterKey;
    private int transfers;
    private volatile Supplier<byte[]> declaredMasterKey = () -> null;

    /**
     * The system title a simulated device uses: the one the lab declares, else the FLAG-like letters of its
     * manufacturer and a number from its serial.
     */
    public static org.dmct.dlms.security.SystemTitle systemTitle(SimulatedDevice device) {
        return device.declaration().deviceSecurity().flatMap(k -> k.serverSystemTitleBytes())
                .map(org.dmct.dlms.security.SystemTitle::of).orElseGet(() -> {
                    String flag = (device.profile().manufacturer().replaceAll("[^A-Za-z]", "")
                            .toUpperCase(java.util.Locale.ROOT) + "XXX").substring(0, 3);
                    return org.dmct.dlms.security.SystemTitle.of(flag,
                            Math.abs((long) device.declaration().serialNumber().hashCode()) % 0xFF_FFFF_FFFFL);
                });
    }

    /** Where the declared master key (KEK) comes from: the lab's reference, resolved on use. */
    public void declaredMasterKey(Supplier<byte[]> source) {
        this.declaredMasterKey = source;
    }

    /** @return a copy of the KEK in force, empty when the lab declares none and none was transferred */
    public synchronized Optional<byte[]> masterKey() {
        if (masterKey != null) {
            return Optional.of(masterKey.clone());
        }
        return Optional.ofNullable(declaredMasterKey.get());
    }

    /** @return a copy of the replaced encryption key, empty while the lab's key is in force */
    public synchronized Optional<byte[]> encryptionKey() {
        return Optional.ofNullable(encryptionKey).map(byte[]::clone);
    }

    /** @return a copy of the replaced authentication key, empty while the lab's key is in force */
    public synchronized Optional<byte[]> authenticationKey() {
        return Optional.ofNullable(authenticationKey).map(byte[]::clone);
    }

    /** @return how many key transfers were applied */
    public synchronized int transfers() {
        return transfers;
    }

    /** Applies transferred keys (each may be null: unchanged); takes ownership of the arrays. */
    public synchronized void replace(byte[] newEncryptionKey, byte[] newAuthenticationKey, byte[] newMasterKey) {
        if (newEncryptionKey != null) {
            wipe(encryptionKey);
            encryptionKey = newEncryptionKey;
        }
        if (newAuthenticationKey != null) {
            wipe(authenticationKey);
            authenticationKey = newAuthenticationKey;
        }
        if (newMasterKey != null) {
            wipe(masterKey);
            masterKey = newMasterKey;
        }
        transfers++;
    }

    private static void wipe(byte[] key) {
        if (key != null) {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public synchronized String toString() {
        return "DeviceCredentials[" + transfers + " transfer(s)]";
    }
}
