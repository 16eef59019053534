package org.dmct.core.profile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dmct.core.config.ConfigDocument;
import org.dmct.core.config.ConfigNode;
import org.dmct.core.config.SecretRef;
import org.dmct.core.internal.Hashing;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.srv.Srv;
import org.dmct.core.srv.SrvCatalogue;

/**
 * Reads device model profiles (YAML, schema in {@code lab-config/README.md}) and checks them: known function names,
 * well-formed OBIS codes, SRVs that exist and may target the model's device type, secrets only by reference.
 * Every problem names the file, line and field.
 */
public final class ProfileLoader {
    private static final String[] TOP = {"id", "deviceType", "manufacturer", "model", "firmwareVersions", "protocol",
        "functions", "supplyControl", "srvs", "simulation", "alerts"};

    private final SrvCatalogue catalogue;

    public ProfileLoader(SrvCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public DeviceProfile load(Path file) {
        ConfigDocument doc = ConfigDocument.load(file);
        DeviceProfile profile = read(doc);
        doc.throwIfProblems();
        return profile;
    }

    /** Reads a parsed document, recording problems in it; the result is meaningful only if it has none. */
    public DeviceProfile read(ConfigDocument doc) {
        ConfigNode root = doc.root();
        root.expectMapping(TOP);
        String id = root.get("id").requiredText().orElse("?");
        DeviceType type = root.get("deviceType").requiredEnum(DeviceType.class).orElse(null);
        String manufacturer = root.get("manufacturer").requiredText().orElse("");
        String model = root.get("model").requiredText().orElse("");
        List<String> firmware = new ArrayList<>();
        for (ConfigNode n : root.get("firmwareVersions").requiredItems()) {
            n.requiredText().ifPresent(firmware::add);
        }
        ProtocolSettings protocol = readProtocol(root.get("protocol"));
        Map<String, CosemObjectRef> functions = readFunctions(root.get("functions"));
        SupplyControl supply = readSupplyControl(root.get("supplyControl"));
        Set<String> supported = new LinkedHashSet<>();
        ResponseCode unsupported = ResponseCode.E11;
        ConfigNode srvs = root.get("srvs");
        if (srvs.expectMapping("supported", "unsupportedResponse")) {
            for (ConfigNode n : srvs.get("supported").requiredItems()) {
                n.requiredText().ifPresent(srv -> {
                    Srv known = catalogue.find(srv).orElse(null);
                    if (known == null) {
                        n.problem("unknown SRV '" + srv + "': not in the SRV catalogue");
                    } else if (type != null && !known.mayTarget(type)) {
                        n.problem("SRV " + srv + " (" + known.name() + ") cannot target a " + type);
                    } else if (!supported.add(srv)) {
                        n.problem("SRV " + srv + " is listed twice");
                    }
                });
            }
            ConfigNode u = srvs.get("unsupportedResponse");
            if (u.isPresent()) {
                unsupported = u.optionalText().flatMap(t -> {
                    var code = ResponseCode.parse(t);
                    if (code.isEmpty()) {
                        u.problem("'" + t + "' is not a DCC response code (I0, E11, E20, ...)");
                    }
                    return code;
                }).orElse(ResponseCode.E11);
            }
        }
        SimulationSpec simulation = readSimulation(root.get("simulation"), functions);
        AlertSettings alerts = readAlerts(root.get("alerts"));
        return new DeviceProfile(id, type, manufacturer, model, firmware, protocol, functions, supply, supported,
                unsupported, simulation, doc.file(), Hashing.sha256Hex(doc.content()), alerts);
    }

    private static ProtocolSettings readProtocol(ConfigNode n) {
        if (!n.expectMapping("adapter", "clientAddress", "authentication", "password", "maxPduSize", "security")) {
            return new ProtocolSettings("dlms", 16, ProtocolSettings.Authentication.NONE, null, 1024);
        }
        String adapter = n.get("adapter").requiredText().orElse("dlms");
        int client = n.get("clientAddress").optionalInt(1, 0x7F).orElse(16);
        ProtocolSettings.Authentication auth = n.get("authentication")
                .optionalEnum(ProtocolSettings.Authentication.class).orElse(ProtocolSettings.Authentication.NONE);
        SecretRef password = SecretRef.read(n.get("password")).orElse(null);
        if (auth == ProtocolSettings.Authentication.LOW && password == null && !n.get("password").isPresent()) {
            n.get("password").problem("low-level security needs a password reference: {env: VARIABLE} or {keystore: alias}");
        }
        if (auth.isHighLevel() && n.get("password").isPresent()) {
            n.get("password").problem(n.get("authentication").textOrNull() + " authenticates with keys, not a password;"
                    + " the keys belong to each device's security: entry in the lab file");
        }
        int maxPdu = n.get("maxPduSize").optionalInt(64, 0xFFFF).orElse(1024);
        ProtocolSecurity security = readSecurity(n.get("security"), auth);
        if (auth.isHighLevel() && client == ProtocolSettings.PUBLIC_CLIENT) {
            n.get("clientAddress").problem("the public client (16) cannot open a secured association;"
                    + " use the management client (1) or another secured client SAP");
        }
        return new ProtocolSettings(adapter, client, auth, password, maxPdu, security);
    }

    private static ProtocolSecurity readSecurity(ConfigNode n, ProtocolSettings.Authentication auth) {
        if (!auth.isHighLevel()) {
            if (n.isPresent()) {
                n.problem("security (ciphering) applies only to authentication hls-gmac or hls-ecdsa");
            }
            return null;
        }
        ProtocolSecurity defaults = new ProtocolSecurity(ProtocolSecurity.Policy.AUTHENTICATED_ENCRYPTED,
                ProtocolSecurity.DEFAULT_INVOCATION_COUNTER);
        if (!n.isPresent() || !n.expectMapping("policy", "invocationCounter", "ciphering")) {
            return defaults;
        }
        ProtocolSecurity.Policy policy = n.get("policy").optionalEnum(ProtocolSecurity.Policy.class)
                .orElse(defaults.policy());
        String counter = n.get("invocationCounter").optionalText().map(String::trim)
                .orElse(defaults.invocationCounter());
        if (!CosemObjectRef.isValidObis(counter)) {
            n.get("invocationCounter").problem("'" + counter
                    + "' is not an OBIS code of the form A-B:C.D.E.F with groups 0..255");
        }
        ProtocolSecurity.Ciphering ciphering = n.get("ciphering").optionalEnum(ProtocolSecurity.Ciphering.class)
                .orElse(ProtocolSecurity.Ciphering.GLO);
        return new ProtocolSecurity(policy, counter, ciphering);
    }

    private static Map<String, CosemObjectRef> readFunctions(ConfigNode n) {
        Map<String, CosemObjectRef> functions = new LinkedHashMap<>();
        if (!n.isPresent()) {
            n.problem("missing required section: the function-to-object map");
            return functions;
        }
        if (!n.isMapping()) {
            n.problem("expected a mapping of function name to {obis, class, attribute}");
            return functions;
        }
        for (Map.Entry<String, ConfigNode> e : n.fields().entrySet()) {
            String name = e.getKey();
            ConfigNode f = e.getValue();
            if (!DeviceFunction.isKnown(name)) {
                String hint = ConfigNode.closest(name, DeviceFunction.names())
                        .map(s -> "; did you mean '" + s + "'?").orElse("");
                f.problem("unknown device function '" + name + "'" + hint);
                continue;
            }
            if (!f.expectMapping("obis", "class", "attribute")) {
                continue;
            }
            String obis = f.get("obis").requiredText().orElse(null);
            if (obis != null && !CosemObjectRef.isValidObis(obis)) {
                f.get("obis").problem("'" + obis + "' is not an OBIS code of the form A-B:C.D.E.F with groups 0..255");
                obis = null;
            }
            int classId = f.get("class").optionalInt(1, 0xFFFF).orElse(DeviceFunction.defaultClass(name));
            int attribute = f.get("attribute").optionalInt(1, 127).orElse(DeviceFunction.defaultAttribute(name));
            if (obis != null) {
                functions.put(name, new CosemObjectRef(obis.trim(), classId, attribute));
            }
        }
        return functions;
    }

    private static SupplyControl readSupplyControl(ConfigNode n) {
        if (!n.isPresent()) {
            return SupplyControl.DEFAULT;
        }
        if (!n.expectMapping("armControlMode", "enableControlMode")) {
            return SupplyControl.DEFAULT;
        }
        int arm = n.get("armControlMode").optionalInt(0, 6).orElse(SupplyControl.DEFAULT.armControlMode());
        int enable = n.get("enableControlMode").optionalInt(0, 6).orElse(SupplyControl.DEFAULT.enableControlMode());
        if (arm != 2 && arm != 4) {
            n.get("armControlMode").problem("arming needs a control mode without direct remote reconnection (2 or 4)");
        }
        if (enable != 1 && enable != 3 && enable != 5 && enable != 6) {
            n.get("enableControlMode").problem("enabling needs a control mode with direct remote reconnection (1, 3, 5 or 6)");
        }
        return new SupplyControl(arm, enable);
    }

    private static SimulationSpec readSimulation(ConfigNode n, Map<String, CosemObjectRef> functions) {
        if (!n.isPresent()) {
            return SimulationSpec.DEFAULT;
        }
        if (!n.expectMapping("responseDelay", "registers", "eventLogEntries", "loadProfileEntries",
                "dailyReadLogEntries", "defects", "timeScale", "clockDrift", "seed", "tariff", "prepayment",
                "faults")) {
            return SimulationSpec.DEFAULT;
        }
        Duration delay = n.get("responseDelay").optionalDuration().orElse(Duration.ZERO);
        Map<String, RegisterSeed> registers = new LinkedHashMap<>();
        ConfigNode regs = n.get("registers");
        if (regs.isPresent() && regs.expectMapping(regs.keys().toArray(new String[0]))) {
            for (Map.Entry<String, ConfigNode> e : regs.fields().entrySet()) {
                ConfigNode r = e.getValue();
                if (!functions.containsKey(e.getKey())) {
                    r.problem("register '" + e.getKey() + "' is not in this profile's functions");
                    continue;
                }
                if (!r.expectMapping("initial", "scaler", "unit")) {
                    continue;
                }
                long initial = r.get("initial").requiredLong(0, Long.MAX_VALUE).orElse(0L);
                int scaler = r.get("scaler").optionalInt(-128, 127).orElse(0);
                String unit = r.get("unit").requiredText().orElse("Wh");
                registers.put(e.getKey(), new RegisterSeed(initial, scaler, unit));
            }
        }
        int entries = n.get("eventLogEntries").optionalInt(0, 100_000).orElse(SimulationSpec.DEFAULT.eventLogEntries());
        int loadProfile = n.get("loadProfileEntries").optionalInt(1, SimulationSpec.MAX_PROFILE_ENTRIES)
                .orElse(SimulationSpec.DEFAULT_LOAD_PROFILE_ENTRIES);
        int dailyReadLog = n.get("dailyReadLogEntries").optionalInt(1, SimulationSpec.MAX_PROFILE_ENTRIES)
                .orElse(SimulationSpec.DEFAULT_DAILY_READ_LOG_ENTRIES);
        List<DeclaredDefect> defects = new ArrayList<>();
        for (ConfigNode d : n.get("defects").items()) {
            if (!d.expectMapping("id", "description", "kind", "function", "attribute", "method", "value", "result")) {
                continue;
            }
            String id = d.get("id").requiredText().orElse("?");
            String description = d.get("description").requiredText().orElse("");
            DeclaredDefect.Kind kind = d.get("kind").requiredEnum(DeclaredDefect.Kind.class).orElse(null);
            String function = d.get("function").requiredText().orElse(null);
            if (function != null && !functions.containsKey(function)) {
                d.get("function").problem("function '" + function + "' is not in this profile's functions");
            }
            Integer attribute = d.get("attribute").optionalInt(1, 127).orElse(null);
            Integer method = d.get("method").optionalInt(1, 127).orElse(null);
            String value = d.get("value").optionalText().orElse(null);
            String result = d.get("result").optionalText().map(s -> s.trim().toLowerCase(Locale.ROOT))
                    .orElse("read-write-denied");
            if (kind == DeclaredDefect.Kind.REFUSE_ACTION && method == null) {
                d.get("method").problem("refuse-action needs the method it refuses");
            }
            if (kind == DeclaredDefect.Kind.IGNORE_ACTION && method == null) {
                d.get("method").problem("ignore-action needs the method it ignores");
            }
            if ((kind == DeclaredDefect.Kind.REFUSE_SET || kind == DeclaredDefect.Kind.REFUSE_GET) && attribute == null) {
                d.get("attribute").problem(d.get("kind").textOrNull() + " needs the attribute it refuses");
            }
            defects.add(new DeclaredDefect(id, description, kind, function, attribute, method, value, result));
        }
        MeteringSpec metering = MeteringSections.read(n, functions);
        return new SimulationSpec(delay, registers, entries, loadProfile, dailyReadLog, defects, metering,
                org.dmct.core.fault.FaultReader.read(n.get("faults")));
    }

    /**
     * The {@code alerts:} section: the notification kind and the event map, device code to GBCS alert code, both
     * written as numbers (0x... or decimal) of 16 bits.
     */
    private static AlertSettings readAlerts(ConfigNode n) {
        if (!n.isPresent()) {
            return AlertSettings.NONE;
        }
        if (!n.expectMapping("notification", "eventMap")) {
            return AlertSettings.NONE;
        }
        AlertSettings.Notification kind = n.get("notification").requiredEnum(AlertSettings.Notification.class)
                .orElse(AlertSettings.Notification.EVENT_NOTIFICATION);
        Map<Integer, Integer> map = new LinkedHashMap<>();
        ConfigNode m = n.get("eventMap");
        if (!m.isPresent()) {
            m.problem("missing required field: the event map, device event code to GBCS alert code (e.g. 0x8F32: 0x8F32)");
        } else if (!m.isMapping()) {
            m.problem("expected a mapping of device event code to GBCS alert code, e.g. { 0x0101: 0x8F32 }");
        } else {
            for (Map.Entry<String, ConfigNode> e : m.fields().entrySet()) {
                ConfigNode value = e.getValue();
                Integer deviceCode = parseCode(e.getKey());
                if (deviceCode == null) {
                    value.problem("device event code '" + e.getKey() + "' is not a number 0..0xFFFF (write 0x...)");
                    continue;
                }
                value.requiredLong(0, 0xFFFF).ifPresent(alert -> {
                    if (map.putIfAbsent(deviceCode, alert.intValue()) != null) {
                        value.problem("device event code " + AlertSettings.hex(deviceCode) + " is mapped twice");
                    }
                });
            }
        }
        return new AlertSettings(kind, map);
    }

    private static Integer parseCode(String text) {
        String t = text.trim().replace("_", "");
        try {
            long v = t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            return v < 0 || v > 0xFFFF ? null : (int) v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
