package org.dmct.core.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.dmct.core.config.ConfigException;
import org.dmct.core.config.ConfigProblem;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.model.DeviceType;
import org.dmct.core.pack.Pack;
import org.dmct.core.pack.PackTest;
import org.dmct.core.pack.SendStep;

/**
 * Which tests run on which DMC. A test applies to a DMC if the DMC has a device of every type in the test's
 * {@code devices}, and, when the test traces an SRV, the profile of each device that SRV is sent to (or, if no step
 * sends it, of each device in {@code devices}) lists the SRV as supported. Tests keep pack order, packs the order
 * given. Tests that do not apply stay in the plan, marked with the reason, so that reports list them.
 */
public final class RunPlan {
    private final List<LabDmc> dmcs;
    private final Map<String, List<PlannedTest>> tests;

    private RunPlan(List<LabDmc> dmcs, Map<String, List<PlannedTest>> tests) {
        this.dmcs = List.copyOf(dmcs);
        this.tests = tests;
    }

    /**
     * Plans packs over the lab's DMCs, or over those named in {@code dmcIds} (all when empty).
     *
     * @throws ConfigException when two packs hold the same test id (request ids and reports need it unique) or the
     *                         same pack is given twice
     * @throws IllegalArgumentException for a DMC id the lab does not have
     */
    public static RunPlan of(Lab lab, List<Pack> packs, Collection<String> dmcIds) {
        checkUniqueTests(packs);
        List<LabDmc> selected = new ArrayList<>();
        if (dmcIds == null || dmcIds.isEmpty()) {
            selected.addAll(lab.dmcs());
        } else {
            for (String id : new LinkedHashSet<>(dmcIds)) {
                selected.add(lab.dmc(id).orElseThrow(() -> new IllegalArgumentException("lab " + lab.id()
                        + " has no DMC '" + id + "'; it has " + lab.dmcs().stream().map(LabDmc::id).toList())));
            }
        }
        Map<String, List<PlannedTest>> tests = new LinkedHashMap<>();
        for (LabDmc dmc : selected) {
            List<PlannedTest> planned = new ArrayList<>();
            for (Pack pack : packs) {
                for (PackTest test : pack.tests()) {
                    planned.add(new PlannedTest(dmc.id(), pack, test, notApplicableReason(dmc, test)));
                }
            }
            tests.put(dmc.id(), List.copyOf(planned));
        }
        return new RunPlan(selected, tests);
    }

    public static RunPlan of(Lab lab, List<Pack> packs) {
        return of(lab, packs, List.of());
    }

    private static void checkUniqueTests(List<Pack> packs) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, Pack> packIds = new LinkedHashMap<>();
        Map<String, Pack> owner = new LinkedHashMap<>();
        for (Pack pack : packs) {
            Pack samePack = packIds.putIfAbsent(pack.id(), pack);
            if (samePack != null) {
                problems.add(new ConfigProblem(pack.source(), 0, 0, "pack.id", "pack '" + pack.id()
                        + "' is given twice (also " + samePack.source() + ")"));
                continue;
            }
            for (PackTest t : pack.tests()) {
                Pack first = owner.putIfAbsent(t.id(), pack);
                if (first != null) {
                    problems.add(new ConfigProblem(pack.source(), t.line(), 0, "tests[].id", "test id '" + t.id()
                            + "' is also in pack '" + first.id() + "' (" + first.source() + "); test ids must be"
                            + " unique across the packs of a run"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** Why a test does not apply to a DMC, or {@code null} when it does. */
    public static String notApplicableReason(LabDmc dmc, PackTest test) {
        List<DeviceType> missing = test.devices().stream().filter(t -> dmc.deviceOfType(t).isEmpty()).toList();
        if (!missing.isEmpty()) {
            return "not applicable: DMC has no " + missing.stream().map(Enum::name).collect(Collectors.joining(", "));
        }
        String srv = test.srv().orElse(null);
        if (srv == null) {
            return null;
        }
        Set<DeviceType> targets = new LinkedHashSet<>();
        boolean refusal = false;
        boolean allRefusals = true;
        for (SendStep s : test.sends()) {
            if (s.srv().equals(srv)) {
                targets.add(s.to());
                boolean e11 = s.expect().response() == org.dmct.core.model.ResponseCode.E11;
                refusal |= e11;
                allRefusals &= e11;
            }
        }
        if (refusal && allRefusals) {
            return refusalNotApplicableReason(dmc, srv, targets);
        }
        if (targets.isEmpty()) {
            targets.addAll(test.devices());
        }
        List<String> unsupported = new ArrayList<>();
        for (DeviceType type : targets) {
            LabDevice device = dmc.deviceOfType(type).orElse(null);
            if (device == null) {
                return "not applicable: DMC has no " + type;
            }
            if (!device.profile().supports(srv)) {
                unsupported.add("profile " + device.profile().id() + " (" + device.id() + ")");
            }
        }
        if (!unsupported.isEmpty()) {
            return "not applicable: " + String.join(", ", unsupported) + " does not support SRV " + srv;
        }
        return null;
    }

    /**
     * A deliberate E11 refusal test (every send of its traced SRV expects E11) applies exactly where the SRV is not
     * supported: on a DMC whose profile supports the SRV there is nothing to refuse, so the test does not apply there
     * rather than fail.
     */
    private static String refusalNotApplicableReason(LabDmc dmc, String srv, Set<DeviceType> targets) {
        List<String> supporting = new ArrayList<>();
        for (DeviceType type : targets) {
            LabDevice device = dmc.deviceOfType(type).orElse(null);
            if (device == null) {
                return "not applicable: DMC has no " + type;
            }
            if (device.profile().supports(srv)) {
                supporting.add("profile " + device.profile().id() + " (" + device.id() + ")");
            }
        }
        if (!supporting.isEmpty()) {
            return "not applicable: " + String.join(", ", supporting) + " supports SRV " + srv
                    + ", so there is no E11 refusal to test";
        }
        return null;
    }

    public List<LabDmc> dmcs() {
        return dmcs;
    }

    /** The DMC's tests in run order, applicable or not. */
    public List<PlannedTest> tests(String dmcId) {
        return tests.getOrDefault(dmcId, List.of());
    }

    /** Applicable tests over all DMCs. */
    public int plannedCount() {
        return tests.values().stream().mapToInt(l -> (int) l.stream().filter(PlannedTest::applicable).count()).sum();
    }
}
