package org.dmct.core.report;

import java.util.List;

/**
 * The report model of a run, built from a bundle's manifest and evidence log only ({@link ReportBuilder}), so that
 * reports can be regenerated from a bundle at any time. Serialised as {@code report/report.json}.
 *
 * @param evidence the evidence log and whether its hash chain verified against the manifest
 */
public record RunReport(String format, String runId, String started, String finished, String harnessVersion,
                        Lab lab, List<Pack> packs, Evidence evidence, boolean allMet, String aborted, String error,
                        Counts counts, List<Dmc> dmcs) {
    public static final String FORMAT = "dmct-report/1";

    public record Lab(String id, String title, String file, String sha256, java.util.Map<String, String> environment) {
    }

    public record Pack(String id, String title, String version, String release, boolean standard, String rationale,
                       String sha256, String file) {
    }

    /** @param problem why the chain does not verify, or {@code null} */
    public record Evidence(String file, long lines, String finalHash, boolean chainValid, long firstBadLine,
                           String problem) {
    }

    /** @param planned applicable tests; {@code passed + failed + blocked + notRun == planned} */
    public record Counts(int planned, int passed, int failed, int blocked, int notRun, int notApplicable) {
    }

    /** @param criteriaRule the rule the criteria were judged by, in words */
    public record Dmc(String id, String title, String smso, String installationType, String link, String adapter,
                      List<Device> devices, boolean criteriaMet, String criteriaRule, Counts counts, List<Test> tests) {
    }

    /**
     * A device of the DMC as declared: the planned EPCL entry's model and firmware, known defects, and the faults its
     * simulator injected ({@code kind params seed=N}; empty for a real device or a clean simulation).
     */
    public record Device(String id, String type, String profile, String manufacturer, String model, String firmware,
                         String serialNumber, List<String> declaredDefects, List<String> injectedFaults) {
        public Device {
            injectedFaults = injectedFaults == null ? List.of() : List.copyOf(injectedFaults);
        }

        public Device(String id, String type, String profile, String manufacturer, String model, String firmware,
                      String serialNumber, List<String> declaredDefects) {
            this(id, type, profile, manufacturer, model, firmware, serialNumber, declaredDefects, List.of());
        }
    }

    public record Test(String pack, String id, String title, String srv, String kind, boolean applicable,
                       String verdict, String reason, long durationMs, List<Request> requests) {
    }

    /** @param code the response code, or {@code null} when no response was recorded */
    public record Request(String requestId, String step, int attempt, String srv, String device, String code,
                          String deviceResult, Long latencyMs, boolean late) {
    }
}
