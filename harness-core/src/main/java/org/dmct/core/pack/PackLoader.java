package org.dmct.core.pack;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.dmct.core.config.ConfigDocument;
import org.dmct.core.config.ConfigNode;
import org.dmct.core.internal.Durations;
import org.dmct.core.internal.Hashing;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.PhysicalEvent;
import org.dmct.core.model.Quantity;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.srv.Srv;
import org.dmct.core.srv.SrvCatalogue;

/**
 * Reads a test pack (language reference: {@code docs/pack-language.md}) and checks it whole against the SRV catalogue:
 * unknown fields (with a suggestion), SRVs not in the catalogue, a {@code to:} device type the SRV cannot target or the
 * test does not declare, unknown response codes, bad durations, captures used before they are defined, duplicate test
 * ids, a non-standard pack without a rationale. Every problem names file, line and field, and all are reported at once
 * as a {@link org.dmct.core.config.ConfigException}.
 */
public final class PackLoader {
    /** Ids of packs and tests appear in request ids and file names: no blanks, no slashes. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+()-]*");
    private static final Pattern CAPTURE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    private static final int MAX_ATTEMPTS = 10;

    private final SrvCatalogue catalogue;

    public PackLoader(SrvCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public PackLoader() {
        this(SrvCatalogue.builtIn());
    }

    /** Loads and checks a pack file; every problem is raised together as a ConfigException. */
    public Pack load(Path file) {
        ConfigDocument doc = ConfigDocument.load(file.toAbsolutePath().normalize());
        Pack pack = read(doc);
        doc.throwIfProblems();
        return pack;
    }

    /** Reads a parsed document, recording problems in it; the result is meaningful only if it has none. */
    public Pack read(ConfigDocument doc) {
        ConfigNode root = doc.root();
        root.expectMapping("pack", "tests");
        ConfigNode head = root.get("pack");
        String id = "?";
        String title = "";
        Release release = Release.IOC;
        String version = "";
        boolean standard = true;
        String rationale = null;
        if (head.expectMapping("id", "title", "release", "version", "standard", "rationale", "description")) {
            id = checkedId(head.get("id")).orElse("?");
            title = head.get("title").requiredText().orElse("");
            release = head.get("release").requiredEnum(Release.class).orElse(Release.IOC);
            version = head.get("version").requiredText().orElse("");
            ConfigNode std = head.get("standard");
            if (!std.isPresent()) {
                std.problem("missing required field: say standard: true for a standard pack, or false with a rationale:"
                        + " for a non-standard one (SEC AK 20.17)");
            }
            standard = std.optionalBoolean().orElse(true);
            rationale = head.get("rationale").optionalText().map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
            if (!standard && rationale == null && std.isPresent()) {
                head.get("rationale").problem("missing required field: a non-standard pack (standard: false) must give"
                        + " its rationale (SEC AK 20.17)");
            }
        }
        List<PackTest> tests = new ArrayList<>();
        Map<String, Integer> testLines = new LinkedHashMap<>();
        for (ConfigNode t : root.get("tests").requiredItems()) {
            PackTest test = readTest(t);
            if (test == null) {
                continue;
            }
            Integer first = testLines.putIfAbsent(test.id(), test.line());
            if (first != null) {
                t.get("id").problem("duplicate test id '" + test.id() + "' (first used on line " + first + ")");
                continue;
            }
            tests.add(test);
        }
        return new Pack(id, title, release, version, standard, rationale, tests, doc.file(),
                Hashing.sha256Hex(doc.content()));
    }

    private static Optional<String> checkedId(ConfigNode n) {
        Optional<String> id = n.requiredText().map(String::trim);
        if (id.isPresent() && !ID.matcher(id.get()).matches()) {
            n.problem("'" + id.get() + "' is not a usable id: letters, digits and . _ : + ( ) - only, no blanks or"
                    + " slashes");
            return Optional.empty();
        }
        return id;
    }

    private PackTest readTest(ConfigNode t) {
        if (!t.expectMapping("id", "title", "kind", "devices", "trace", "timeout", "preconditions", "steps",
                "description")) {
            return null;
        }
        String id = checkedId(t.get("id")).orElse(null);
        String title = t.get("title").requiredText().orElse("");
        TestKind kind = t.get("kind").requiredEnum(TestKind.class).orElse(TestKind.FUNCTIONAL);
        List<DeviceType> devices = new ArrayList<>();
        for (ConfigNode n : t.get("devices").requiredItems()) {
            n.requiredEnum(DeviceType.class).ifPresent(type -> {
                if (devices.contains(type)) {
                    n.problem(type + " is listed twice");
                } else {
                    devices.add(type);
                }
            });
        }
        Trace trace = readTrace(t.get("trace"));
        Duration timeout = PackTest.DEFAULT_TIMEOUT;
        ConfigNode timeoutNode = t.get("timeout");
        Optional<Duration> written = timeoutNode.optionalDuration();
        if (written.isPresent()) {
            if (written.get().isZero() || written.get().isNegative()) {
                timeoutNode.problem("must be longer than zero");
            } else if (written.get().compareTo(MAX_TIMEOUT) > 0) {
                timeoutNode.problem("must not be longer than 24h");
            } else {
                timeout = written.get();
            }
        }
        Map<String, Integer> captures = new LinkedHashMap<>();
        List<Step> preconditions = readSteps(t.get("preconditions"), false, devices, captures, timeout);
        List<Step> steps = readSteps(t.get("steps"), true, devices, captures, timeout);
        if (trace.srv() != null) {
            boolean sent = false;
            for (Step s : preconditions) {
                sent |= s instanceof SendStep send && send.srv().equals(trace.srv());
            }
            for (Step s : steps) {
                sent |= s instanceof SendStep send && send.srv().equals(trace.srv());
            }
            if (!sent && t.get("steps").isPresent()) {
                t.get("trace").get("srv").problem("the test traces SRV " + trace.srv()
                        + " but no step sends it");
            }
        }
        if (id == null) {
            return null;
        }
        return new PackTest(id, title, kind, devices, trace, timeout, preconditions, steps, t.line());
    }

    private Trace readTrace(ConfigNode n) {
        if (!n.isPresent()) {
            return Trace.NONE;
        }
        if (!n.expectMapping("srv", "sec", "requirements")) {
            return Trace.NONE;
        }
        String srv = n.get("srv").optionalText().map(String::trim).orElse(null);
        if (srv != null && knownSrv(n.get("srv"), srv) == null) {
            srv = null;
        }
        List<String> sec = texts(n.get("sec"));
        List<String> requirements = texts(n.get("requirements"));
        return new Trace(srv, sec, requirements);
    }

    private static List<String> texts(ConfigNode n) {
        List<String> out = new ArrayList<>();
        for (ConfigNode item : n.items()) {
            item.requiredText().map(String::trim).ifPresent(out::add);
        }
        return out;
    }

    private Srv knownSrv(ConfigNode at, String srv) {
        Srv known = catalogue.find(srv).orElse(null);
        if (known == null) {
            String hint = closestSrv(srv).map(s -> "; did you mean '" + s + "'?").orElse("");
            at.problem("unknown SRV '" + srv + "': not in the SRV catalogue" + hint);
        }
        return known;
    }

    /** The catalogue SRV nearest a typo: fewest edits, then the longest common prefix (8.22 is 8.2, not 6.22). */
    private Optional<String> closestSrv(String typo) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int bestPrefix = -1;
        for (Srv s : catalogue.all()) {
            int d = ConfigNode.editDistance(typo, s.srv());
            int prefix = 0;
            while (prefix < Math.min(typo.length(), s.srv().length()) && typo.charAt(prefix) == s.srv().charAt(prefix)) {
                prefix++;
            }
            if (d < bestDistance || (d == bestDistance && prefix > bestPrefix)) {
                best = s.srv();
                bestDistance = d;
                bestPrefix = prefix;
            }
        }
        return bestDistance <= 2 ? Optional.ofNullable(best) : Optional.empty();
    }

    private List<Step> readSteps(ConfigNode n, boolean required, List<DeviceType> devices,
                                 Map<String, Integer> captures, Duration timeout) {
        List<Step> steps = new ArrayList<>();
        for (ConfigNode s : required ? n.requiredItems() : n.items()) {
            Step step = readStep(s, devices, captures, timeout);
            if (step != null) {
                steps.add(step);
            }
        }
        return steps;
    }

    private Step readStep(ConfigNode n, List<DeviceType> devices, Map<String, Integer> captures, Duration timeout) {
        if (!n.expectMapping("send", "expect", "capture", "attempts", "wait", "check", "expectAlert",
                "expectNoAlert", "stimulate", "note")) {
            return null;
        }
        List<String> actions = new ArrayList<>();
        for (String a : List.of("send", "wait", "check", "expectAlert", "expectNoAlert", "stimulate")) {
            if (n.has(a)) {
                actions.add(a);
            }
        }
        if (actions.isEmpty()) {
            n.problem("a step needs one of send, wait, check, expectAlert, expectNoAlert or stimulate");
            return null;
        }
        if (actions.size() > 1) {
            n.problem("a step has exactly one of send, wait, check, expectAlert, expectNoAlert or stimulate; this one has "
                    + String.join(" and ", actions));
            return null;
        }
        if (!actions.get(0).equals("send")) {
            for (String sendOnly : List.of("expect", "capture", "attempts")) {
                if (n.has(sendOnly)) {
                    n.get(sendOnly).problem("'" + sendOnly + "' belongs to a send step");
                }
            }
        }
        switch (actions.get(0)) {
            case "wait":
                return readWait(n.get("wait"), timeout);
            case "check":
                return readCheck(n.get("check"), captures);
            case "expectAlert":
                return readAlert(n.get("expectAlert"), true, devices, timeout);
            case "expectNoAlert":
                return readAlert(n.get("expectNoAlert"), false, devices, timeout);
            case "stimulate":
                return readStimulate(n.get("stimulate"), devices);
            default:
                return readSend(n, devices, captures);
        }
    }

    private static WaitStep readWait(ConfigNode n, Duration timeout) {
        Optional<Duration> d = n.requiredDuration();
        if (d.isEmpty()) {
            return null;
        }
        if (d.get().isZero() || d.get().isNegative()) {
            n.problem("must be longer than zero");
            return null;
        }
        if (d.get().compareTo(timeout) >= 0) {
            n.problem("waiting " + n.textOrNull() + " cannot finish within the test's timeout of "
                    + Durations.human(timeout));
            return null;
        }
        return new WaitStep(d.get(), n.line());
    }

    private static StimulateStep readStimulate(ConfigNode n, List<DeviceType> devices) {
        if (!n.expectMapping("to", "event", "prompt")) {
            return null;
        }
        DeviceType to = n.get("to").requiredEnum(DeviceType.class).orElse(null);
        if (to != null && !devices.contains(to)) {
            n.get("to").problem("the test does not declare device type " + to + " in its devices " + devices);
        }
        ConfigNode eventNode = n.get("event");
        PhysicalEvent event = eventNode.requiredText().map(label -> PhysicalEvent.parse(label).orElseGet(() -> {
            eventNode.problem("unknown event '" + label + "'; expected one of " + PhysicalEvent.labels());
            return null;
        })).orElse(null);
        String prompt = n.get("prompt").optionalText().map(String::trim).orElse(null);
        if (to == null || event == null) {
            return null;
        }
        return new StimulateStep(to, event, prompt != null && !prompt.isEmpty() ? prompt
                : event.defaultPrompt(to.name()), n.line());
    }

    private static AlertStep readAlert(ConfigNode n, boolean expected, List<DeviceType> devices, Duration timeout) {
        if (!n.expectMapping("code", "from", "within")) {
            return null;
        }
        Optional<Long> code = n.get("code").requiredLong(0, 0xFFFF);
        DeviceType from = null;
        if (n.has("from")) {
            from = n.get("from").requiredEnum(DeviceType.class).orElse(null);
            if (from != null && !devices.contains(from)) {
                n.get("from").problem("the test does not declare device type " + from + " in its devices "
                        + devices);
            }
        }
        Optional<Duration> within = n.get("within").requiredDuration();
        if (within.isPresent() && (within.get().isZero() || within.get().isNegative())) {
            n.get("within").problem("must be longer than zero");
            return null;
        }
        if (within.isPresent() && within.get().compareTo(timeout) >= 0) {
            n.get("within").problem("a window of " + Durations.human(within.get())
                    + " cannot close within the test's timeout of " + Durations.human(timeout));
            return null;
        }
        if (code.isEmpty() || within.isEmpty()) {
            return null;
        }
        return new AlertStep(expected, code.get().intValue(), from, within.get(), n.line());
    }

    private static CheckStep readCheck(ConfigNode n, Map<String, Integer> captures) {
        if (!n.expectMapping("that", "is", "than")) {
            return null;
        }
        String that = capturedName(n.get("that"), captures);
        String than = capturedName(n.get("than"), captures);
        ConfigNode isNode = n.get("is");
        Comparison op = isNode.requiredText().flatMap(t -> {
            Optional<Comparison> c = Comparison.parse(t);
            if (c.isEmpty()) {
                isNode.problem("'" + t + "' is not a comparison; use one of "
                        + Arrays.stream(Comparison.values()).map(Comparison::symbol).collect(Collectors.joining(" "))
                        + " (quoted in YAML, e.g. is: \">=\")");
            }
            return c;
        }).orElse(null);
        if (that == null || than == null || op == null) {
            return null;
        }
        return new CheckStep(that, op, than, n.line());
    }

    private static String capturedName(ConfigNode n, Map<String, Integer> captures) {
        String name = n.requiredText().map(String::trim).orElse(null);
        if (name != null && !captures.containsKey(name)) {
            String hint = ConfigNode.closest(name, new ArrayList<>(captures.keySet()))
                    .map(s -> "; did you mean '" + s + "'?").orElse("");
            n.problem("capture '" + name + "' is used before it is defined (a capture: of an earlier send step"
                    + " defines it)" + hint);
            return null;
        }
        return name;
    }

    private SendStep readSend(ConfigNode step, List<DeviceType> devices, Map<String, Integer> captures) {
        ConfigNode n = step.get("send");
        if (!n.expectMapping("srv", "to", "params", "commandVariant")) {
            return null;
        }
        ConfigNode srvNode = n.get("srv");
        String srv = srvNode.requiredText().map(String::trim).orElse(null);
        Srv known = srv == null ? null : knownSrv(srvNode, srv);
        ConfigNode toNode = n.get("to");
        DeviceType to = toNode.requiredEnum(DeviceType.class).orElse(null);
        if (to != null && known != null && !known.mayTarget(to)) {
            toNode.problem("SRV " + srv + " (" + known.name() + ") cannot target a " + to + "; it targets "
                    + known.targets().stream().map(Enum::name).sorted().collect(Collectors.joining(", ")));
        } else if (to != null && !devices.isEmpty() && !devices.contains(to)) {
            toNode.problem(to + " is not among the test's devices " + devices + "; add it to devices:");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        ConfigNode paramsNode = n.get("params");
        if (paramsNode.isPresent()) {
            if (!paramsNode.isMapping()) {
                paramsNode.problem("expected a mapping of parameter name to value");
            } else {
                paramsNode.fields().forEach((k, v) -> {
                    Object value = plain(v);
                    if (value == null) {
                        v.problem("parameter '" + k + "' has no value");
                    } else {
                        params.put(k, value);
                    }
                });
            }
        }
        int defaultVariant = known == null ? 1 : known.nonDevice() ? 8 : known.critical() ? 4 : 1;
        int variant = n.get("commandVariant").optionalInt(1, 8).orElse(defaultVariant);
        int attempts = step.get("attempts").optionalInt(1, MAX_ATTEMPTS).orElse(1);
        Expectation expect = readExpect(step.get("expect"));
        Map<String, String> capture = new LinkedHashMap<>();
        ConfigNode captureNode = step.get("capture");
        if (captureNode.isPresent()) {
            if (!captureNode.isMapping()) {
                captureNode.problem("expected a mapping of capture name to response value key, e.g. { before:"
                        + " activeImportTotal }");
            } else {
                captureNode.fields().forEach((name, keyNode) -> {
                    if (!CAPTURE_NAME.matcher(name).matches()) {
                        keyNode.problem("capture name '" + name + "' must be a word (letters, digits, _)");
                        return;
                    }
                    Integer first = captures.get(name);
                    if (first != null) {
                        keyNode.problem("capture '" + name + "' is already defined on line " + first);
                        return;
                    }
                    keyNode.requiredText().map(String::trim).ifPresent(key -> {
                        capture.put(name, key);
                        captures.put(name, keyNode.line());
                    });
                });
            }
        }
        if (srv == null || known == null || to == null) {
            return null;
        }
        return new SendStep(srv, to, params, variant, attempts, expect, capture, step.line());
    }

    /** A YAML value as plain Java: String for scalars, List and Map for the rest. */
    private static Object plain(ConfigNode n) {
        if (n.isMapping()) {
            Map<String, Object> map = new LinkedHashMap<>();
            n.fields().forEach((k, v) -> map.put(k, plain(v)));
            return map;
        }
        if (n.isSequence()) {
            List<Object> list = new ArrayList<>();
            n.items().forEach(i -> list.add(plain(i)));
            return list;
        }
        return n.textOrNull();
    }

    private Expectation readExpect(ConfigNode n) {
        if (!n.isPresent()) {
            return Expectation.SUCCESS;
        }
        if (!n.expectMapping("response", "deviceResult", "values")) {
            return Expectation.SUCCESS;
        }
        ConfigNode responseNode = n.get("response");
        ResponseCode response = responseNode.optionalText().flatMap(t -> {
            Optional<ResponseCode> code = ResponseCode.parse(t);
            if (code.isEmpty()) {
                responseNode.problem("'" + t + "' is not a DCC response code; known: "
                        + Arrays.stream(ResponseCode.values()).map(Enum::name).collect(Collectors.joining(", ")));
            }
            return code;
        }).orElse(ResponseCode.I0);
        ConfigNode deviceResultNode = n.get("deviceResult");
        String deviceResult = deviceResultNode.optionalText().map(String::trim).filter(s -> !s.isEmpty())
                .orElse(null);
        if (deviceResult != null && !response.isSuccess()) {
            deviceResultNode.problem("a device result is only checked when the expected response is I0 or I99,"
                    + " not " + response);
        }
        Map<String, ValueCheck> values = new LinkedHashMap<>();
        ConfigNode valuesNode = n.get("values");
        if (valuesNode.isPresent()) {
            if (!valuesNode.isMapping()) {
                valuesNode.problem("expected a mapping of response value key to its checks");
            } else {
                valuesNode.fields().forEach((key, v) -> {
                    ValueCheck check = readValueCheck(key, v);
                    if (check != null) {
                        values.put(key, check);
                    }
                });
            }
        }
        return new Expectation(response, deviceResult, values);
    }

    private static ValueCheck readValueCheck(String key, ConfigNode v) {
        if (!v.isPresent()) {
            return new ValueCheck(key, null, null, null, null, null, null, null, null, null, null);
        }
        if (!v.expectMapping("type", "unit", "min", "max", "equals", "equalsDeclared", "withinSeconds", "minSize",
                "maxSize", "oneOf")) {
            return null;
        }
        ValueType type = v.get("type").optionalEnum(ValueType.class).orElse(null);
        ConfigNode unitNode = v.get("unit");
        String unit = unitNode.optionalText().map(String::trim).orElse(null);
        if (unit != null && !Quantity.isKnownUnit(unit)) {
            String hint = ConfigNode.closest(unit, Quantity.knownUnits()).map(s -> "; did you mean '" + s + "'?")
                    .orElse("; known: " + String.join(", ", Quantity.knownUnits()));
            unitNode.problem("unknown unit '" + unit + "'" + hint);
            unit = null;
        }
        BigDecimal min = v.get("min").optionalDecimal().orElse(null);
        BigDecimal max = v.get("max").optionalDecimal().orElse(null);
        String equals = v.get("equals").optionalText().orElse(null);
        ConfigNode declaredNode = v.get("equalsDeclared");
        DeclaredField declared = declaredNode.optionalText().flatMap(t -> {
            Optional<DeclaredField> f = DeclaredField.parse(t);
            if (f.isEmpty()) {
                String hint = ConfigNode.closest(t, DeclaredField.names()).map(s -> "; did you mean '" + s + "'?")
                        .orElse("; use one of " + String.join(", ", DeclaredField.names()));
                declaredNode.problem("'" + t + "' is not a declared device field" + hint);
            }
            return f;
        }).orElse(null);
        Long within = v.get("withinSeconds").optionalLong(0, 10_000_000).orElse(null);
        Integer minSize = v.get("minSize").optionalInt(0, Integer.MAX_VALUE).orElse(null);
        Integer maxSize = v.get("maxSize").optionalInt(0, Integer.MAX_VALUE).orElse(null);
        List<String> oneOf = null;
        ConfigNode oneOfNode = v.get("oneOf");
        if (oneOfNode.isPresent()) {
            oneOf = texts(oneOfNode);
            if (oneOf.isEmpty()) {
                oneOfNode.problem("must list at least one value");
            }
        }
        // Infer the type from the checks that imply one, and refuse checks that do not fit the type.
        ValueType implied = unit != null ? ValueType.QUANTITY : within != null ? ValueType.DATETIME
                : (minSize != null || maxSize != null) ? ValueType.LIST
                : (min != null || max != null) ? ValueType.NUMBER : null;
        if (type == null) {
            type = implied;
        }
        if (type != null) {
            if (unit != null && type != ValueType.QUANTITY) {
                unitNode.problem("a unit applies to quantity values, not " + lower(type));
            }
            if ((min != null || max != null) && type != ValueType.QUANTITY && type != ValueType.NUMBER) {
                v.get(min != null ? "min" : "max").problem("min and max apply to quantity or number values, not "
                        + lower(type));
            }
            if (type == ValueType.QUANTITY && unit == null && (min != null || max != null || equals != null)
                    && unitNode.isMissing()) {
                unitNode.problem("missing required field: a quantity compared with min, max or equals needs the unit"
                        + " they are written in");
            }
            if (within != null && type != ValueType.DATETIME) {
                v.get("withinSeconds").problem("withinSeconds applies to datetime values, not " + lower(type));
            }
            if ((minSize != null || maxSize != null) && type != ValueType.LIST) {
                v.get(minSize != null ? "minSize" : "maxSize").problem("minSize and maxSize apply to list values,"
                        + " not " + lower(type));
            }
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            v.get("min").problem("min " + min.toPlainString() + " is greater than max " + max.toPlainString());
        }
        if (minSize != null && maxSize != null && minSize > maxSize) {
            v.get("minSize").problem("minSize " + minSize + " is greater than maxSize " + maxSize);
        }
        return new ValueCheck(key, type, unit, min, max, equals, declared, within, minSize, maxSize, oneOf);
    }

    private static String lower(ValueType type) {
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }
}
