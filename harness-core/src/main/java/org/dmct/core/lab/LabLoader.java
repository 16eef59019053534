package org.dmct.core.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmct.core.fault.FaultReader;
import org.dmct.core.fault.FaultSpec;
import org.dmct.core.config.ConfigDocument;
import org.dmct.core.config.ConfigException;
import org.dmct.core.config.ConfigNode;
import org.dmct.core.config.SecretRef;
import org.dmct.core.internal.Hashing;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.InstallationType;
import org.dmct.core.profile.DeviceProfile;
import org.dmct.core.profile.ProtocolSettings;
import org.dmct.core.profile.ProfileLoader;
import org.dmct.core.profile.ProfileRegistry;
import org.dmct.core.srv.SrvCatalogue;

/**
 * Reads a lab file (schema in {@code lab-config/README.md}) with the device profiles it points to, and checks it
 * whole: unknown fields, ports out of range, profiles that do not exist or do not match the device type, firmware a
 * profile does not declare, duplicate ids, addresses and ports. Problems name file, line and field; profile
 * directory problems are reported with their own files.
 */
public final class LabLoader {
    private final SrvCatalogue catalogue;

    public LabLoader(SrvCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public LabLoader() {
        this(SrvCatalogue.builtIn());
    }

    public Lab load(Path file) {
        Path labFile = file.toAbsolutePath().normalize();
        ConfigDocument doc = ConfigDocument.load(labFile);
        ConfigNode root = doc.root();
        root.expectMapping("lab", "profiles", "packs", "defaults", "keystore", "signing", "dmcs", "state");
        // The lab's state directory (Testing Issues register, status list); read by LabStateDirectory.
        root.get("state").optionalText().filter(String::isBlank).ifPresent(b -> root.get("state")
                .problem("must not be blank: leave it out for the default <lab dir>/state/"));
        ConfigNode labNode = root.get("lab");
        String id = "?";
        String title = "";
        Map<String, String> environment = new LinkedHashMap<>();
        if (labNode.expectMapping("id", "title", "environment")) {
            id = labNode.get("id").requiredText().orElse("?");
            title = labNode.get("title").optionalText().orElse(id);
            ConfigNode env = labNode.get("environment");
            if (env.isPresent() && env.expectMapping(env.keys().toArray(new String[0]))) {
                env.fields().forEach((k, v) -> v.requiredText().ifPresent(t -> environment.put(k, t)));
            }
        }
        Path base = labFile.getParent();
        List<Path> profileDirs = dirs(root.get("profiles"), base, true);
        List<Path> packDirs = dirs(root.get("packs"), base, false);
        Duration timeout = Duration.ofSeconds(5);
        ConfigNode defaults = root.get("defaults");
        if (defaults.isPresent() && defaults.expectMapping("requestTimeout")) {
            timeout = defaults.get("requestTimeout").optionalDuration().orElse(timeout);
            if (timeout.isZero() || timeout.isNegative()) {
                defaults.get("requestTimeout").problem("must be longer than zero");
            }
        }
        LabKeystore keystore = readKeystore(root.get("keystore"), base);
        SecretRef signingKey = readSigning(root.get("signing"), keystore != null);
        ProfileRegistry profiles = null;
        if (!profileDirs.isEmpty()) {
            try {
                profiles = ProfileRegistry.load(profileDirs, new ProfileLoader(catalogue));
            } catch (ConfigException e) {
                // Report the lab file's own problems together with the profiles'.
                List<org.dmct.core.config.ConfigProblem> all = new ArrayList<>(doc.problems());
                all.addAll(e.problems());
                throw new ConfigException(all);
            }
        }
        List<LabDmc> dmcs = new ArrayList<>();
        Set<String> dmcIds = new HashSet<>();
        Set<String> deviceIds = new HashSet<>();
        Map<Integer, String> ports = new HashMap<>();
        Map<String, String> serialPorts = new HashMap<>();
        for (ConfigNode d : root.get("dmcs").requiredItems()) {
            LabDmc dmc = readDmc(d, profiles, deviceIds, keystore != null);
            if (dmc == null) {
                continue;
            }
            if (!dmcIds.add(dmc.id())) {
                d.get("id").problem("DMC id '" + dmc.id() + "' is used twice");
            }
            if (dmc.link().serial() != null && !dmc.link().serial().port().isEmpty()) {
                String other = serialPorts.putIfAbsent(dmc.link().serial().port(), dmc.id());
                if (other != null) {
                    d.get("link").get("serialPort").problem("serial port " + dmc.link().serial().port()
                            + " is already used by DMC " + other);
                }
            }
            if (dmc.push() != null) {
                String other = ports.putIfAbsent(dmc.push().port(), dmc.id());
                if (other != null) {
                    d.get("push").get("port").problem("port " + dmc.push().port() + " is already used by DMC "
                            + other);
                }
            }
            int port = dmc.link().port();
            if (port != 0) {
                String other = ports.putIfAbsent(port, dmc.id());
                if (other != null && dmc.link().host().equals(dmcs.stream().filter(x -> x.id().equals(other))
                        .findFirst().map(x -> x.link().host()).orElse(""))) {
                    d.get("link").get("port").problem("port " + port + " is already used by DMC " + other);
                }
            }
            dmcs.add(dmc);
        }
        doc.throwIfProblems();
        return new Lab(id, title, environment, dmcs, profileDirs, packDirs, timeout, labFile,
                Hashing.sha256Hex(doc.content()), keystore, signingKey);
    }

    /** {@code signing: {key: {keystore: alias}}}: the private key entry (with its certificate) that signs bundles. */
    private static SecretRef readSigning(ConfigNode n, boolean hasKeystore) {
        if (!n.isPresent() || !n.expectMapping("key")) {
            return null;
        }
        ConfigNode keyNode = n.get("key");
        if (!keyNode.isPresent()) {
            keyNode.problem("missing required field: the bundle signing key as {keystore: alias}");
            return null;
        }
        SecretRef ref = SecretRef.read(keyNode).orElse(null);
        if (ref == null) {
            return null;
        }
        if (ref.source() != SecretRef.Source.KEYSTORE) {
            keyNode.problem("the bundle signing key is a private key with its certificate: only a lab keystore holds"
                    + " one; write {keystore: alias}");
            return null;
        }
        if (!hasKeystore) {
            keyNode.problem("signing.key names keystore alias '" + ref.name() + "' but the lab declares no keystore");
            return null;
        }
        return ref;
    }

    /** The lab keystore: a PKCS12 file beside the lab file, opened with a password from the environment. */
    private static LabKeystore readKeystore(ConfigNode n, Path base) {
        if (!n.isPresent() || !n.expectMapping("path", "password")) {
            return null;
        }
        Path path = n.get("path").requiredText().map(t -> base.resolve(t).normalize()).orElse(null);
        if (path != null && !java.nio.file.Files.isRegularFile(path)) {
            n.get("path").problem("keystore file " + path + " does not exist");
        }
        ConfigNode passwordNode = n.get("password");
        if (!passwordNode.isPresent()) {
            passwordNode.problem("missing required field: the keystore password as {env: VARIABLE}");
            return null;
        }
        SecretRef password = SecretRef.read(passwordNode).orElse(null);
        if (password != null && password.source() != SecretRef.Source.ENV) {
            passwordNode.problem("the keystore password cannot be kept in the keystore it opens; write {env: VARIABLE}");
            return null;
        }
        return path == null || password == null ? null : new LabKeystore(path, password);
    }

    private static List<Path> dirs(ConfigNode n, Path base, boolean required) {
        List<Path> dirs = new ArrayList<>();
        List<ConfigNode> items = required ? n.requiredItems() : n.items();
        for (ConfigNode item : items) {
            item.requiredText().ifPresent(t -> {
                Path p = base.resolve(t).normalize();
                if (!java.nio.file.Files.isDirectory(p)) {
                    item.problem("directory " + p + " does not exist");
                } else {
                    dirs.add(p);
                }
            });
        }
        return dirs;
    }

    private LabDmc readDmc(ConfigNode d, ProfileRegistry profiles, Set<String> deviceIds, boolean hasKeystore) {
        if (!d.expectMapping("id", "title", "smso", "installationType", "simulated", "link", "devices", "push",
                "control")) {
            return null;
        }
        String id = d.get("id").requiredText().orElse("?");
        String title = d.get("title").optionalText().orElse(id);
        String smso = d.get("smso").requiredText().orElse("");
        InstallationType type = d.get("installationType").requiredEnum(InstallationType.class)
                .orElse(InstallationType.DORMANT);
        boolean simulated = d.get("simulated").optionalBoolean().orElse(false);
        LinkSpec link = readLink(d.get("link"), simulated);
        List<LabDevice> devices = new ArrayList<>();
        Set<DeviceType> types = new HashSet<>();
        Set<Integer> addresses = new HashSet<>();
        for (ConfigNode n : d.get("devices").requiredItems()) {
            if (!n.expectMapping("id", "type", "profile", "firmware", "logicalDevice", "serialNumber", "security",
                    "faults")) {
                continue;
            }
            String deviceId = n.get("id").requiredText().orElse("?");
            if (!deviceIds.add(deviceId)) {
                n.get("id").problem("device id '" + deviceId + "' is used twice in this lab");
            }
            DeviceType deviceType = n.get("type").requiredEnum(DeviceType.class).orElse(null);
            if (deviceType != null && !types.add(deviceType)) {
                n.get("type").problem("DMC " + id + " already has a " + deviceType + "; a DMC has one device of each type");
            }
            int address = n.get("logicalDevice").requiredInt(1, 0x3FFF).orElse(-1);
            if (address > 0 && !addresses.add(address)) {
                n.get("logicalDevice").problem("logical device " + address + " is already used in DMC " + id);
            }
            String serial = n.get("serialNumber").requiredText().orElse("");
            DeviceProfile profile = null;
            ConfigNode profileNode = n.get("profile");
            String profileId = profileNode.requiredText().orElse(null);
            if (profileId != null && profiles != null) {
                profile = profiles.find(profileId).orElse(null);
                if (profile == null) {
                    String hint = ConfigNode.closest(profileId,
                            profiles.all().stream().map(DeviceProfile::id).toList())
                            .map(s -> "; did you mean '" + s + "'?").orElse("");
                    profileNode.problem("no device profile '" + profileId + "' in " + profiles.directories() + hint);
                } else if (deviceType != null && profile.deviceType() != deviceType) {
                    profileNode.problem("profile '" + profileId + "' is for a " + profile.deviceType()
                            + ", but this device is a " + deviceType);
                }
            }
            String firmware = n.get("firmware").optionalText().orElse(null);
            if (profile != null) {
                if (firmware == null) {
                    firmware = profile.firmwareVersions().get(0);
                } else if (!profile.firmwareVersions().contains(firmware)) {
                    n.get("firmware").problem("firmware '" + firmware + "' is not one profile '" + profile.id()
                            + "' declares " + profile.firmwareVersions());
                }
            }
            DeviceSecurity security = profile == null ? null
                    : readDeviceSecurity(n, deviceId, profile, simulated, hasKeystore);
            List<FaultSpec> faults = FaultReader.read(n.get("faults"));
            if (!faults.isEmpty() && !simulated) {
                n.get("faults").problem("faults are injected by simulators; DMC " + id + " is not simulated");
            }
            if (profile != null && deviceType != null) {
                // The profile's faults describe its simulator; the lab's, this device: the lab's win per kind.
                List<FaultSpec> inForce = simulated ? FaultReader.merge(profile.simulation().faults(), faults)
                        : List.of();
                devices.add(new LabDevice(deviceId, deviceType, profile, firmware, address, serial, security,
                        inForce));
            }
        }
        return new LabDmc(id, title, smso, type, simulated, link, devices, readPush(d.get("push")),
                readControl(d.get("control"), simulated));
    }

    /**
     * The control interface of a simulated installation (as {@code dmct simulate} writes it): an http URL on a
     * loopback address, since stimuli reach simulators, never meters.
     */
    private static java.net.URI readControl(ConfigNode n, boolean simulated) {
        String text = n.optionalText().orElse(null);
        if (text == null) {
            return null;
        }
        if (!simulated) {
            n.problem("a control interface drives a simulator; this DMC is not simulated");
            return null;
        }
        try {
            java.net.URI uri = new java.net.URI(text.trim());
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null
                    || !java.net.InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                n.problem("expected http://127.0.0.1:PORT/installations/ID (a loopback http URL), found '" + text + "'");
                return null;
            }
            return uri;
        } catch (java.net.URISyntaxException | java.net.UnknownHostException e) {
            n.problem("not a URL: '" + text + "': " + e.getMessage());
            return null;
        }
    }

    /** Where the harness listens for the DMC's pushed notifications; a port of its own, never 0. */
    private static PushDestination readPush(ConfigNode n) {
        if (!n.isPresent() || !n.expectMapping("host", "port")) {
            return null;
        }
        String host = n.get("host").optionalText().orElse("127.0.0.1");
        return n.get("port").requiredInt(1, 65535).map(p -> new PushDestination(host, p)).orElse(null);
    }

    /**
     * The keys of a device whose profile asks for high-level security. A secured profile without them, keys written
     * in clear, a suite 1 device without its signing key or certificate, and keys for an unsecured profile are
     * problems naming the device.
     */
    private static DeviceSecurity readDeviceSecurity(ConfigNode device, String deviceId, DeviceProfile profile,
                                                     boolean simulated, boolean hasKeystore) {
        ConfigNode n = device.get("security");
        ProtocolSettings protocol = profile.protocol();
        String mechanism = protocol.authentication().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        if (!protocol.secured()) {
            if (n.isPresent()) {
                n.problem("device " + deviceId + ": profile '" + profile.id() + "' uses authentication " + mechanism
                        + ", which takes no keys; remove security or use an hls-gmac/hls-ecdsa profile");
            }
            return null;
        }
        if (!n.isPresent()) {
            device.problem("device " + deviceId + " uses profile '" + profile.id() + "' with " + mechanism
                    + " security, but the lab gives it no keys: add security: {clientSystemTitle, encryptionKey,"
                    + " authenticationKey" + (protocol.authentication().suite() == 1
                    ? ", clientSigningKey, serverCertificate" : "") + "}");
            return null;
        }
        if (!n.expectMapping("clientSystemTitle", "serverSystemTitle", "encryptionKey", "authenticationKey",
                "clientSigningKey", "serverCertificate", "serverSigningKey", "recordDecryptedApdus", "masterKey")) {
            return null;
        }
        String clientTitle = systemTitle(n.get("clientSystemTitle"), true);
        String serverTitle = systemTitle(n.get("serverSystemTitle"), false);
        SecretRef ek = key(n, "encryptionKey", deviceId, true, hasKeystore);
        SecretRef ak = key(n, "authenticationKey", deviceId, true, hasKeystore);
        boolean suite1 = protocol.authentication().suite() == 1;
        SecretRef signing = key(n, "clientSigningKey", deviceId, suite1, hasKeystore);
        SecretRef certificate = key(n, "serverCertificate", deviceId, suite1, hasKeystore);
        SecretRef serverSigning = key(n, "serverSigningKey", deviceId, suite1 && simulated, hasKeystore);
        for (String f : List.of("clientSigningKey", "serverCertificate", "serverSigningKey")) {
            ConfigNode k = n.get(f);
            if (!suite1 && k.isPresent()) {
                k.problem("device " + deviceId + ": " + f + " is for hls-ecdsa (suite 1); profile '" + profile.id()
                        + "' uses " + mechanism);
            } else if (k.isPresent() && k.isMapping() && k.has("env")) {
                k.problem("device " + deviceId + ": " + f + " is a key pair or certificate, kept only in the lab"
                        + " keystore; write {keystore: alias}");
            }
        }
        if (!simulated && n.get("serverSigningKey").isPresent()) {
            n.get("serverSigningKey").problem("device " + deviceId + ": a real device's private key is never in the"
                    + " lab; serverSigningKey is only for simulated DMCs");
        }
        boolean record = n.get("recordDecryptedApdus").optionalBoolean().orElse(false);
        SecretRef master = key(n, "masterKey", deviceId, false, hasKeystore);
        if (clientTitle == null || ek == null || ak == null || (suite1 && (signing == null || certificate == null))) {
            return null;
        }
        return new DeviceSecurity(clientTitle, serverTitle, ek, ak, signing, certificate, serverSigning, record, master);
    }

    private static String systemTitle(ConfigNode n, boolean required) {
        java.util.Optional<String> text = required ? n.requiredText() : n.optionalText();
        String t = text.map(s -> s.trim().replace(" ", "")).orElse(null);
        if (t == null) {
            return null;
        }
        if (t.length() != 16 || !t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            n.problem("a system title is 8 bytes written as 16 hex digits (e.g. 4142430000000007), got '" + t + "'");
            return null;
        }
        return t.toUpperCase(java.util.Locale.ROOT);
    }

    private static SecretRef key(ConfigNode security, String field, String deviceId, boolean required,
                                 boolean hasKeystore) {
        ConfigNode n = security.get(field);
        if (!n.isPresent()) {
            if (required) {
                n.problem("device " + deviceId + " needs " + field + ": {keystore: alias} or {env: VARIABLE}");
            }
            return null;
        }
        SecretRef ref = SecretRef.read(n).orElse(null);
        if (ref != null && ref.source() == SecretRef.Source.KEYSTORE && !hasKeystore) {
            n.problem("device " + deviceId + ": " + field + " names keystore alias '" + ref.name()
                    + "' but the lab declares no keystore:");
        }
        return ref;
    }

    private static LinkSpec readLink(ConfigNode n, boolean simulated) {
        if (!n.expectMapping("transport", "host", "port", "serialPort", "baud", "dataBits", "parity", "stopBits",
                "hdlc")) {
            return new LinkSpec(LinkSpec.Transport.TCP_WRAPPER, "127.0.0.1", 0);
        }
        LinkSpec.Transport transport = n.get("transport").requiredEnum(LinkSpec.Transport.class)
                .orElse(LinkSpec.Transport.TCP_WRAPPER);
        LinkSpec.HdlcOptions hdlc = transport.isHdlc() ? readHdlc(n.get("hdlc")) : null;
        if (!transport.isHdlc() && n.has("hdlc")) {
            n.get("hdlc").problem("HDLC options apply only to the hdlc-tcp and hdlc-serial transports");
        }
        if (transport == LinkSpec.Transport.HDLC_SERIAL) {
            for (String tcpOnly : List.of("host", "port")) {
                if (n.has(tcpOnly)) {
                    n.get(tcpOnly).problem("a serial link has no " + tcpOnly + "; name the port with serialPort");
                }
            }
            String path = n.get("serialPort").requiredText().orElse("");
            int baud = n.get("baud").optionalInt(50, 4_000_000).orElse(9600);
            int dataBits = n.get("dataBits").optionalInt(5, 8).orElse(8);
            LinkSpec.Parity parity = n.get("parity").optionalEnum(LinkSpec.Parity.class).orElse(LinkSpec.Parity.NONE);
            int stopBits = 10;
            ConfigNode stop = n.get("stopBits");
            if (stop.isPresent()) {
                String text = stop.optionalText().orElse("");
                switch (text) {
                    case "1" -> stopBits = 10;
                    case "1.5" -> stopBits = 15;
                    case "2" -> stopBits = 20;
                    default -> stop.problem("stop bits are 1, 1.5 or 2, not '" + text + "'");
                }
            }
            return new LinkSpec(transport, null, 0, new LinkSpec.SerialLine(path, baud, dataBits, parity, stopBits),
                    hdlc);
        }
        for (String serialOnly : List.of("serialPort", "baud", "dataBits", "parity", "stopBits")) {
            if (n.has(serialOnly)) {
                n.get(serialOnly).problem(serialOnly + " applies only to the hdlc-serial transport");
            }
        }
        String host = n.get("host").optionalText().orElse("127.0.0.1");
        java.util.Optional<Integer> port = n.get("port").requiredInt(0, 65535);
        if (port.isPresent() && port.get() == 0 && !simulated) {
            n.get("port").problem("port 0 (any free port) is only meaningful for a simulated DMC");
        }
        return new LinkSpec(transport, host, port.orElse(0), null, hdlc);
    }

    private static LinkSpec.HdlcOptions readHdlc(ConfigNode n) {
        LinkSpec.HdlcOptions d = LinkSpec.HdlcOptions.DEFAULTS;
        if (!n.isPresent()) {
            return d;
        }
        if (!n.expectMapping("addressSize", "physicalAddress", "maxInformationLength", "windowSize",
                "interFrameTimeout")) {
            return d;
        }
        int addressSize = n.get("addressSize").optionalInt(1, 4).orElse(d.addressSize());
        if (addressSize == 3) {
            n.get("addressSize").problem("an HDLC server address is 1, 2 or 4 bytes long, not 3");
        }
        int maxPhysical = addressSize == 4 ? 0x3FFF : 0x7F;
        int physical = n.get("physicalAddress").optionalInt(0, maxPhysical).orElse(d.physicalAddress());
        int maxInfo = n.get("maxInformationLength").optionalInt(32, 2030).orElse(d.maxInformationLength());
        int window = n.get("windowSize").optionalInt(1, 7).orElse(d.windowSize());
        java.time.Duration interFrame = n.get("interFrameTimeout").optionalDuration().orElse(d.interFrameTimeout());
        return new LinkSpec.HdlcOptions(addressSize, physical, maxInfo, window, interFrame);
    }
}
