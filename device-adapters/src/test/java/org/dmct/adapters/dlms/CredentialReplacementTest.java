package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dmct.core.config.SecretRef;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 6.15.1 Update Security Credentials through the DLMS adapter over the TCP wrapper against the simulated HLS-GMAC
 * Acme A1 ESME: the new keys travel wrapped with the master key (RFC 3394) in Security setup's global_key_transfer;
 * afterwards the adapter associates with the new keys, an adapter holding the old ones is refused (E20), and one
 * given the new aliases works. A transfer wrapped with the wrong KEK is refused and changes nothing.
 */
class CredentialReplacementTest {
    private static final String ESME = "KRP-ESME";
    private static final Map<String, Object> NEW_KEYS = Map.of("encryptionKey", "keystore:krp-esme-ek-2",
            "authenticationKey", "keystore:krp-esme-ak-2");
    private LifecycleLab lab;

    @BeforeEach
    void start() {
        lab = new LifecycleLab();
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    private static ServiceResponse identity(DlmsAdapter adapter) throws Exception {
        return LifecycleLab.send(adapter, "6.2.4", ESME, DeviceType.ESME, Map.of());
    }

    private static void close(DlmsAdapter adapter) throws Exception {
        adapter.closeAsync().get(10, TimeUnit.SECONDS);
    }

    /** The KRP DMC whose ESME names the replacement aliases, as a lab engineer would write it after the change. */
    private LabDmc withNewAliases() {
        LabDmc dmc = lab.dmc("DMC-KRP");
        List<LabDevice> devices = dmc.devices().stream().map(d -> d.id().equals(ESME)
                ? d.withSecurity(d.deviceSecurity().orElseThrow().withKeys(
                        new SecretRef(SecretRef.Source.KEYSTORE, "krp-esme-ek-2"),
                        new SecretRef(SecretRef.Source.KEYSTORE, "krp-esme-ak-2")))
                : d).toList();
        return new LabDmc(dmc.id(), dmc.title(), dmc.smso(), dmc.installationType(), dmc.simulated(), dmc.link(),
                devices, dmc.push());
    }

    @Test
    void afterTheTransferOldKeysAreRefusedAndNewOnesWork() throws Exception {
        DlmsAdapter before = lab.open("DMC-KRP");
        assertThat(identity(before).deviceResult()).isEqualTo(ServiceResponse.DEVICE_SUCCESS);
        close(before);

        DlmsAdapter adapter = lab.open("DMC-KRP");
        try {
            ServiceResponse replaced = LifecycleLab.send(adapter, "6.15.1", ESME, DeviceType.ESME, NEW_KEYS);
            assertThat(replaced.code()).isEqualTo(ResponseCode.I0);
            assertThat(replaced.deviceResult()).as(replaced.detail()).isEqualTo(ServiceResponse.DEVICE_SUCCESS);
            assertThat(replaced.values()).containsEntry("keysReplaced", List.of("encryptionKey", "authenticationKey"))
                    .containsEntry("encryptionKey", "keystore:krp-esme-ek-2")
                    .containsEntry("authenticationKey", "keystore:krp-esme-ak-2");
            // the same adapter now associates with the new keys
            ServiceResponse after = identity(adapter);
            assertThat(after.deviceResult()).as(after.detail()).isEqualTo(ServiceResponse.DEVICE_SUCCESS);
            assertThat(after.values()).containsEntry("serialNumber", "ACM-A1-0009002");
        } finally {
            close(adapter);
        }

        DlmsAdapter oldKeys = lab.open("DMC-KRP");
        try {
            ServiceResponse refused = identity(oldKeys);
            assertThat(refused.code()).isEqualTo(ResponseCode.E20);
            assertThat(refused.detail()).contains(ESME);
        } finally {
            close(oldKeys);
        }

        DlmsAdapter newKeys = lab.open(withNewAliases(), lab.secrets);
        try {
            assertThat(identity(newKeys).deviceResult()).isEqualTo(ServiceResponse.DEVICE_SUCCESS);
        } finally {
            close(newKeys);
        }
    }

    @Test
    void keysWrappedWithTheWrongKekAreRefusedAndNothingChanges() throws Exception {
        DlmsAdapter adapter = lab.open(lab.dmc("DMC-KRP"), SecuredLab.withWrongKey(lab.secrets, "krp-esme-kek"));
        try {
            ServiceResponse refused = LifecycleLab.send(adapter, "6.15.1", ESME, DeviceType.ESME, NEW_KEYS);
            assertThat(refused.code()).isEqualTo(ResponseCode.I0);
            assertThat(refused.deviceResult()).isEqualTo("other-reason");
            assertThat(refused.detail()).contains("securitySetup").contains("method 2");
            assertThat(identity(adapter).deviceResult()).isEqualTo(ServiceResponse.DEVICE_SUCCESS);
        } finally {
            close(adapter);
        }
        DlmsAdapter oldKeys = lab.open("DMC-KRP");
        try {
            assertThat(identity(oldKeys).deviceResult()).isEqualTo(ServiceResponse.DEVICE_SUCCESS);
        } finally {
            close(oldKeys);
        }
    }

    @Test
    void aKeyWrittenInClearIsRefusedWithoutEchoingIt() throws Exception {
        DlmsAdapter adapter = lab.open("DMC-KRP");
        String clear = "000102030405060708090A0B0C0D0E0F";
        try {
            assertThatThrownBy(() -> LifecycleLab.send(adapter, "6.15.1", ESME, DeviceType.ESME,
                    Map.of("encryptionKey", clear)))
                    .hasMessageContaining("never given in clear").hasMessageNotContaining(clear);
            assertThatThrownBy(() -> LifecycleLab.send(adapter, "6.15.1", ESME, DeviceType.ESME, Map.of()))
                    .hasMessageContaining("encryptionKey and/or authenticationKey");
            assertThatThrownBy(() -> LifecycleLab.send(adapter, "6.15.1", ESME, DeviceType.ESME,
                    Map.of("encryptionKey", "keystore:no-such-alias")))
                    .hasMessageContaining("no-such-alias");
        } finally {
            close(adapter);
        }
    }

    @Test
    void noSecretAppearsInTheResponses() throws Exception {
        DlmsAdapter adapter = lab.open("DMC-KRP");
        try {
            ServiceResponse replaced = LifecycleLab.send(adapter, "6.15.1", ESME, DeviceType.ESME, NEW_KEYS);
            String shown = replaced.toString();
            for (String alias : List.of("krp-esme-ek", "krp-esme-ak", "krp-esme-kek", "krp-esme-ek-2", "krp-esme-ak-2")) {
                String hex = HexFormat.of().withUpperCase().formatHex(
                        lab.secrets.resolveKey(new SecretRef(SecretRef.Source.KEYSTORE, alias), 16));
                assertThat(shown.toUpperCase(java.util.Locale.ROOT)).doesNotContain(hex);
            }
        } finally {
            close(adapter);
        }
    }
}
