package org.dmct.core.pack;

import java.math.BigDecimal;
import java.nio.file.Files;
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
import org.dmct.core.config.ConfigException;
import org.dmct.core.config.ConfigNode;
import org.dmct.core.internal.Durations;
import org.dmct.core.internal.Hashing;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.PhysicalEvent;
import org.dmct.core.model.Quantity;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.srv.Srv;
import org.dmct.core.dcc.SignatureMode;
import org.dmct.core.srv.SrvCatalogue;

/**
 * Reads a test pack (language reference: {@code docs/pack-language.md}) and checks it whole against the SRV catalogue:
 * unknown fields (with a suggestion), SRVs not in the catalogue, a {@code to:} device type the SRV cannot target or the
 * test does not declare, unknown response codes, bad durations, captures used before they are defined, duplicate test
 * ids, a non-standard pack without a rationale. A pack written as {@code basedOn:} another pack with {@code add:} and
 * {@code remove:} is resolved here into its full list of tests, its base and changes kept as its {@link Derivation}.
 * Every problem names file, line and field, and all are reported at once as a
 * {@link org.dmct.core.config.ConfigException}.
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

    /**
     * Finds the files of the packs with a given id, for {@code basedOn: <id>}. {@link PackRepository} answers from the
     * lab's pack directories; a pack loaded on its own looks in its own directory.
     */
    @FunctionalInterface
    public interface BaseLocator {
        List<Path> filesWithId(String packId);
    }

    /** Loads and checks a pack file; every problem is raised together as a ConfigException. */
    public Pack load(Path file) {
        return load(file, null);
    }

    /**
     * Loads and checks a pack file, resolving a {@code basedOn: <id>} with {@code bases} (and the pack's own directory
     * when {@code bases} is null or finds nothing).
     */
    public Pack load(Path file, BaseLocator bases) {
        return load(file, bases, new ArrayList<>());
    }

    private Pack load(Path file, BaseLocator bases, List<Path> chain) {
        ConfigDocument doc = ConfigDocument.load(file.toAbsolutePath().normalize());
        Pack pack = read(doc, bases, chain);
        doc.throwIfProblems();
        return pack;
    }

    /** Reads a parsed document, recording problems in it; the result is meaningful only if it has none. */
    public Pack read(ConfigDocument doc) {
        return read(doc, null, new ArrayList<>());
    }

    private Pack read(ConfigDocument doc, BaseLocator bases, List<Path> chain) {
        ConfigNode root = doc.root();
        root.expectMapping("pack", "tests", "add", "remove");
        ConfigNode head = root.get("pack");
        String id = "?";
        String title = "";
        Release release = Release.IOC;
        String version = "";
        boolean standard = true;
        String rationale = null;
        String basedOn = null;
        if (head.expectMapping("id", "title", "release", "version", "standard", "rationale", "description",
                "basedOn")) {
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
            basedOn = head.get("basedOn").optionalText().map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
            if (basedOn != null && standard && std.isPresent()) {
                std.problem("a pack based on another pack (basedOn:) is a non-standard pack: say standard: false and"
                        + " give its rationale (SEC AK 20.17)");
            }
        }
        if (basedOn == null) {
            for (String derivedOnly : List.of("add", "remove")) {
                if (root.has(derivedOnly)) {
                    root.get(derivedOnly).problem("'" + derivedOnly + "' changes a base pack; name it with basedOn:"
                            + " in the pack header, or list the tests under tests:");
                }
            }
        } else if (root.has("tests")) {
            root.get("tests").problem("a pack based on another pack lists its extra tests under add: (and the base"
                    + " tests it leaves out under remove:), not tests:");
        }
        List<PackTest> tests = new ArrayList<>();
        Map<String, Integer> testLines = new LinkedHashMap<>();
        Derivation derivation = null;
        if (basedOn != null) {
            derivation = derive(doc, head.get("basedOn"), basedOn, root, bases, chain, tests, testLines);
        } else {
            readTests(root.get("tests").requiredItems(), tests, testLines);
        }
        return new Pack(id, title, release, version, standard, rationale, tests, doc.file(),
                Hashing.sha256Hex(doc.content()), derivation);
    }

    /** Reads test items into {@code tests}, refusing ids already in {@code testLines}; returns the ids read. */
    private List<String> readTests(List<ConfigNode> items, List<PackTest> tests, Map<String, Integer> testLines) {
        List<String> read = new ArrayList<>();
        for (ConfigNode t : items) {
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
            read.add(test.id());
        }
        return read;
    }

    /**
     * Builds the tests of a pack written as a base pack minus {@code remove:} plus {@code add:}: the base's tests in
     * its order without the removed ones, then the added ones. A base test may be replaced by removing it and adding a
     * test with the same id.
     */
    private Derivation derive(ConfigDocument doc, ConfigNode basedOnNode, String basedOn, ConfigNode root,
                              BaseLocator bases, List<Path> chain, List<PackTest> tests,
                              Map<String, Integer> testLines) {
        Pack base = loadBase(doc, basedOnNode, basedOn, bases, chain);
        List<Derivation.Removal> removed = new ArrayList<>();
        Map<String, ConfigNode> removedNodes = new LinkedHashMap<>();
        List<ConfigNode> removeItems = root.get("remove").items();
        for (ConfigNode r : removeItems) {
            if (!r.expectMapping("test", "rationale")) {
                continue;
            }
            String testId = r.get("test").requiredText().map(String::trim).orElse(null);
            ConfigNode why = r.get("rationale");
            String rationale = why.optionalText().map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
            if (rationale == null) {
                why.problem("missing required field: every test a non-standard pack leaves out needs the rationale for"
                        + " leaving it out (SEC AK 20.17)");
            }
            if (testId == null) {
                continue;
            }
            if (removedNodes.containsKey(testId)) {
                r.get("test").problem("test '" + testId + "' is removed twice");
                continue;
            }
            if (base != null && base.test(testId).isEmpty()) {
                String hint = ConfigNode.closest(testId, base.tests().stream().map(PackTest::id).toList())
                        .map(s -> "; did you mean '" + s + "'?").orElse("");
                r.get("test").problem("the base pack " + base.id() + " has no test '" + testId + "'" + hint);
                continue;
            }
            removedNodes.put(testId, r);
            if (rationale != null) {
                removed.add(new Derivation.Removal(testId, rationale));
            }
        }
        if (base != null) {
            for (PackTest t : base.tests()) {
                if (!removedNodes.containsKey(t.id())) {
                    tests.add(t);
                    // Line -1 marks a base test: an added test with its id is refused below with its own message.
                    testLines.put(t.id(), -1);
                }
            }
        }
        List<ConfigNode> addItems = root.get("add").items();
        if (addItems.isEmpty() && removeItems.isEmpty()) {
            basedOnNode.problem("a pack based on another pack must add or remove at least one test; otherwise run the"
                    + " base pack itself");
        }
        List<String> added = new ArrayList<>();
        for (ConfigNode t : addItems) {
            ConfigNode idNode = t.get("id");
            String tid = idNode.optionalText().map(String::trim).orElse(null);
            if (tid != null && Integer.valueOf(-1).equals(testLines.get(tid))) {
                idNode.problem("the base pack already has test '" + tid + "'; remove it first (with a rationale) to"
                        + " replace it, or give the added test another id");
                continue;
            }
            added.addAll(readTests(List.of(t), tests, testLines));
        }
        if (base == null) {
            return null;
        }
        if (tests.isEmpty()) {
            basedOnNode.problem("removing these tests leaves the pack with no tests");
        }
        return new Derivation(basedOn, base.id(), base.version(), base.sha256(), String.valueOf(base.source()),
                removed, added);
    }

    /** Loads the base pack {@code basedOn} names; its problems become one problem at {@code basedOn}. */
    private Pack loadBase(ConfigDocument doc, ConfigNode at, String basedOn, BaseLocator bases, List<Path> chain) {
        Path self = doc.file().toAbsolutePath().normalize();
        Path dir = self.getParent() == null ? Path.of(".") : self.getParent();
        Path file;
        if (basedOn.endsWith(".yaml") || basedOn.endsWith(".yml") || basedOn.contains("/")) {
            file = dir.resolve(basedOn).normalize();
            if (!Files.isRegularFile(file)) {
                at.problem("base pack file " + file + " does not exist");
                return null;
            }
        } else {
            List<Path> found = bases == null ? List.of() : bases.filesWithId(basedOn);
            if (found.isEmpty()) {
                found = new PackRepository(List.of(dir), this).index().getOrDefault(basedOn, List.of());
            }
            found = found.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
            if (found.isEmpty()) {
                at.problem("no pack with id '" + basedOn + "' to base this pack on (looked in the pack directories and "
                        + dir + ")");
                return null;
            }
            if (found.size() > 1) {
                at.problem("pack id '" + basedOn + "' is used by more than one file: " + found + "; name the file");
                return null;
            }
            file = found.get(0);
        }
        List<Path> here = new ArrayList<>(chain);
        here.add(self);
        if (here.contains(file)) {
            at.problem("packs are based on each other in a circle: " + here.stream().map(p -> p.getFileName()
                    .toString()).collect(Collectors.joining(" -> ")) + " -> " + file.getFileName());
            return null;
        }
        try {
            return load(file, bases, here);
        } catch (ConfigException e) {
            at.problem("the base pack " + file.getFileName() + " has problems: " + e.problems().stream()
                    .map(Object::toString).collect(Collectors.joining("; ")));
            return null;
        }
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
                "description", "retries")) {
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
        int retries = t.get("retries").optionalInt(0, PackTest.MAX_RETRIES).orElse(0);
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
        return new PackTest(id, title, kind, devices, trace, timeout, preconditions, steps, t.line(), retries);
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
        if (!n.expectMapping("send", "expect", "capture", "compare", "attempts", "wait", "check", "expectAlert",
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
            for (String sendOnly : List.of("expect", "capture", "compare", "attempts")) {
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
        if (!n.expectMapping("to", "event", "prompt", "digits")) {
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
        String digits = readDigits(n, event);
        if (to == null || event == null) {
            return null;
        }
        String wording = prompt != null && !prompt.isEmpty() ? prompt
                : digits != null ? PhysicalEvent.keypadPrompt(digits, to.name()) : event.defaultPrompt(to.name());
        return new StimulateStep(to, event, wording, digits, n.line());
    }

    /** {@code digits}: required for keypad-entry (what is typed), and meaningless for any other event. */
    private static String readDigits(ConfigNode n, PhysicalEvent event) {
        ConfigNode d = n.get("digits");
        if (event != PhysicalEvent.KEYPAD_ENTRY) {
            if (n.has("digits") && event != null) {
                d.problem("digits belong to keypad-entry only, not to " + event.label());
            }
            return null;
        }
        if (!n.has("digits")) {
            n.problem("keypad-entry needs digits: the digits typed on the keypad (a 20-digit UTRN for a top-up)");
            return null;
        }
        String typed = d.requiredText().map(String::trim).orElse(null);
        if (typed != null && (typed.isEmpty() || !typed.chars().allMatch(c -> c >= '0' && c <= '9'))) {
            d.problem("digits are what is typed on a keypad: 0-9 only, got '" + typed + "'");
            return null;
        }
        return typed;
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
        Comparison op = comparison(n.get("is"));
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

    /**
     * A send step that expects E11 is a deliberate wrong-device-type refusal test: it may name a device type the SRV
     * cannot target, because the point is that the DCC (and so the adapter) refuses it with E11.
     */
    private static boolean expectsE11(ConfigNode step) {
        ConfigNode response = step.get("expect").get("response");
        return response.isPresent() && response.isScalar()
                && response.optionalText().map(t -> t.trim().equalsIgnoreCase("E11")).orElse(false);
    }

    private SendStep readSend(ConfigNode step, List<DeviceType> devices, Map<String, Integer> captures) {
        ConfigNode n = step.get("send");
        if (!n.expectMapping("srv", "to", "params", "commandVariant", "signature")) {
            return null;
        }
        ConfigNode srvNode = n.get("srv");
        String srv = srvNode.requiredText().map(String::trim).orElse(null);
        Srv known = srv == null ? null : knownSrv(srvNode, srv);
        ConfigNode toNode = n.get("to");
        DeviceType to = toNode.requiredEnum(DeviceType.class).orElse(null);
        if (to != null && known != null && !known.mayTarget(to) && !expectsE11(step)) {
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
                    // An empty value (readTime: with nothing after it) is a parameter the author forgot to fill in.
                    if (value == null || "".equals(value)) {
                        v.problem("parameter '" + k + "' has no value");
                    } else {
                        params.put(k, value);
                    }
                });
            }
        }
        int defaultVariant = known == null ? 1 : known.nonDevice() ? 8 : known.critical() ? 4 : 1;
        int variant = n.get("commandVariant").optionalInt(1, 8).orElse(defaultVariant);
        SignatureMode signature = SignatureMode.VALID;
        ConfigNode signatureNode = n.get("signature");
        if (signatureNode.isPresent()) {
            String text = signatureNode.requiredText().orElse("");
            Optional<SignatureMode> mode = SignatureMode.parse(text);
            if (mode.isEmpty()) {
                signatureNode.problem("unknown signature '" + text + "'; expected one of "
                        + Arrays.stream(SignatureMode.values()).map(SignatureMode::text).toList());
            } else if (known != null && !known.critical()) {
                signatureNode.problem("SRV " + srv + " (" + known.name() + ") is not critical: it carries no Supplier"
                        + " signature");
            } else {
                signature = mode.get();
            }
        }
        int attempts = step.get("attempts").optionalInt(1, MAX_ATTEMPTS).orElse(1);
        Expectation expect = readExpect(step.get("expect"));
        // Compares refer to captures of earlier steps, so they are read before this step's captures are defined.
        List<CompareCheck> compare = new ArrayList<>();
        ConfigNode compareNode = step.get("compare");
        if (compareNode.isPresent()) {
            List<ConfigNode> items = compareNode.isSequence() ? compareNode.items() : List.of(compareNode);
            if (items.isEmpty()) {
                compareNode.problem("must list at least one comparison");
            }
            for (ConfigNode c : items) {
                CompareCheck check = readCompare(c, captures);
                if (check != null) {
                    compare.add(check);
                }
            }
        }
        Map<String, String> capture = new LinkedHashMap<>();
        ConfigNode captureNode = step.get("capture");
        if (captureNode.isPresent()) {
            List<ConfigNode> items = captureNode.isSequence() ? captureNode.items() : List.of(captureNode);
            for (ConfigNode c : items) {
                readCapture(c, captures, capture);
            }
        }
        if (srv == null || known == null || to == null) {
            return null;
        }
        return new SendStep(srv, to, params, variant, attempts, expect, capture, compare, signature, step.line());
    }

    /**
     * One capture entry: {@code { name: before, from: activeImportTotal }}, or the short form
     * {@code { before: activeImportTotal }} (capture name to value path, several per mapping).
     */
    private static void readCapture(ConfigNode c, Map<String, Integer> captures, Map<String, String> capture) {
        if (!c.isMapping()) {
            c.problem("expected { name: <capture name>, from: <value path> } or a mapping of capture name to value"
                    + " path, e.g. { before: activeImportTotal }");
            return;
        }
        if (c.has("from")) {
            if (!c.expectMapping("name", "from")) {
                return;
            }
            ConfigNode nameNode = c.get("name");
            String name = nameNode.requiredText().map(String::trim).orElse(null);
            if (name != null) {
                defineCapture(name, nameNode, c.get("from"), captures, capture);
            }
            return;
        }
        c.fields().forEach((name, pathNode) -> defineCapture(name, pathNode, pathNode, captures, capture));
    }

    private static void defineCapture(String name, ConfigNode nameNode, ConfigNode pathNode,
                                      Map<String, Integer> captures, Map<String, String> capture) {
        if (!CAPTURE_NAME.matcher(name).matches()) {
            nameNode.problem("capture name '" + name + "' must be a word (letters, digits, _)");
            return;
        }
        Integer first = captures.get(name);
        if (first != null) {
            nameNode.problem("capture '" + name + "' is already defined on line " + first);
            return;
        }
        valuePath(pathNode).ifPresent(path -> {
            capture.put(name, path.toString());
            captures.put(name, pathNode.line());
        });
    }

    private static Optional<ValuePath> valuePath(ConfigNode n) {
        return n.requiredText().flatMap(t -> {
            Optional<ValuePath> p = ValuePath.parse(t);
            if (p.isEmpty()) {
                n.problem("'" + t + "' is not a value path: a response value key, then .field or [index] steps"
                        + " (e.g. activeImportTotal, profile[-1].value)");
            }
            return p;
        });
    }

    private static CompareCheck readCompare(ConfigNode c, Map<String, Integer> captures) {
        if (!c.expectMapping("value", "op", "with")) {
            return null;
        }
        Optional<ValuePath> value = valuePath(c.get("value"));
        Comparison op = comparison(c.get("op"));
        String with = capturedName(c.get("with"), captures);
        if (value.isEmpty() || op == null || with == null) {
            return null;
        }
        return new CompareCheck(value.get().toString(), op, with);
    }

    private static Comparison comparison(ConfigNode isNode) {
        return isNode.requiredText().flatMap(t -> {
            Optional<Comparison> c = Comparison.parse(t);
            if (c.isEmpty()) {
                isNode.problem("'" + t + "' is not a comparison; use one of "
                        + Arrays.stream(Comparison.values()).map(Comparison::symbol).collect(Collectors.joining(" "))
                        + " (quoted in YAML, e.g. \">=\")");
            }
            return c;
        }).orElse(null);
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
                    if (ValuePath.parse(key).isEmpty()) {
                        v.problem("'" + key + "' is not a value path: a response value key, then .field or [index]"
                                + " steps (e.g. activeImportTotal, profile[-1].value)");
                        return;
                    }
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
