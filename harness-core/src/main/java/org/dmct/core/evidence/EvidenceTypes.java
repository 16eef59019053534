package org.dmct.core.evidence;

/**
 * The {@code type} values of evidence records and the fields each carries (after {@code seq}, {@code time},
 * {@code type}, before {@code prev}; see {@link EvidenceWriter}). Times inside records are ISO-8601; quantities are
 * {@code {value, unit}}; {@code null} fields are written as JSON null. Records of different DMCs interleave; each
 * names its DMC.
 */
public final class EvidenceTypes {
    /** runId, lab {id, title, file, sha256}, harnessVersion, dmcs [ids], packs [ids], options {requestTimeoutMs,
     * adapterGraceMs, communicationCutoff, criteria}, dcc {supplierKeyId, supplierPublicKey (SubjectPublicKeyInfo,
     * base64), algorithm}: the Supplier key the modelled DCC verifies critical requests with. */
    public static final String RUN_STARTED = "run-started";
    /** id, title, version, release, standard, rationale, sha256 (of the file), path, tests (count), derivation (null,
     * or for a pack written with basedOn: {basedOn, baseId, baseVersion, baseSha256, baseFile, removed [{test,
     * rationale}], added [test ids]}). */
    public static final String PACK = "pack";
    /** dmc, title, smso, installationType, simulated, link, adapter (name or null), adapterVersion,
     * adapterImplementation, devices [{id, type, profile, firmware, serialNumber, faults [{kind, parameters, seed}]
     * (what the device's simulator injected)}]. */
    public static final String DMC_STARTED = "dmc-started";
    /** dmc, pack, test, title, srv, kind, devices, sec, requirements, timeoutMs: an applicable test, in run order. */
    public static final String TEST_PLANNED = "test-planned";
    /** dmc, pack, test, title, srv, kind, devices, sec, requirements, reason: a test that does not apply
     * (followed by its NOT_RUN verdict). */
    public static final String TEST_NOT_APPLICABLE = "test-not-applicable";
    /** dmc, pack, test, title, srv, timeoutMs, attempt (1.. ), attempts (1 + the test's retries). */
    public static final String TEST_STARTED = "test-started";
    /** dmc, pack, test, attempt, of, verdict, reason, durationMs: an attempt of a test that declares retries did not
     * pass and the test runs again (the next test-started follows); the last attempt ends in the test-verdict. */
    public static final String TEST_RETRY = "test-retry";
    /** dmc, test, step ("precondition N" / "step N"), action (send, wait, check), line (in the pack), srv and to
     * for sends. */
    public static final String STEP_STARTED = "step-started";
    /** requestId, dmc, pack, test, step, attempt, device, deviceType, srv, commandVariant, params; for a critical
     * request sent as a Pre-Command also signature {mode, preCommandSha256, algorithm, value (DER, base64),
     * signerKeyId}. A request the DCC refuses is followed by its response (with the refusal) and no frame. */
    public static final String REQUEST = "request";
    /** requestId (or null), dmc, device, direction (sent, received, malformed), hex, length, note. */
    public static final String FRAME = "frame";
    /** requestId, dmc, device, srv, code, deviceResult, values, detail, sentAt, answeredAt (as the adapter gave
     * them), latencyMs (measured by the runner); late: true and note when it arrived after the test's verdict or after
     * the runner stopped waiting. */
    public static final String RESPONSE = "response";
    public static final String ALERT = "alert";
    /** dmc, test, step, device, event, prompt, via (control, operator), by (the control endpoint or the operator),
     * answer (the operator's words or the simulator's reply), at (when done or answered), result (applied,
     * confirmed, declined, unavailable), detail: how a stimulate step's physical event came about. */
    public static final String STIMULUS = "stimulus";
    /** requestId, dmc, device, error, late: the adapter failed the request instead of answering it. */
    public static final String ADAPTER_ERROR = "adapter-error";
    /** dmc, test, step, result (pass, fail), cause (expectation, communication, adapter-error; null on pass),
     * reason, attempts, earlierAttempts [reasons of failed attempts before the last]. */
    public static final String STEP_RESULT = "step-result";
    /** dmc, pack, test, title, srv, kind, applicable, verdict (PASS, FAIL, BLOCKED, NOT_RUN), reason, durationMs,
     * communicationFailure. Exactly one per planned test. */
    public static final String TEST_VERDICT = "test-verdict";
    /** dmc, adapter, criteriaMet, criteria (the rule in words), planned, passed, failed, blocked, notRun,
     * notApplicable. */
    public static final String DMC_FINISHED = "dmc-finished";
    /** runId, resumption (1 for the first), harnessVersion, labSha256, intactLines and intactHash (the last complete,
     * chain-valid line the resumed log continues from), truncatedBytes (of a torn last line cut off; 0 when none),
     * truncatedReason, truncatedStart (the torn bytes' first characters), headerRecordsWritten (run-started or pack
     * records the interrupted run had not yet written), keptVerdicts (finished tests kept, not re-run), finishedDmcs,
     * rerun [{dmc, test, abandonedStartSeq}] (tests started and not finished: their records stay, and they run again
     * from their start), dcc (as in run-started: the Supplier key of the resumed part, which signs the requests
     * recorded after this record; those before it verify with the earlier key). Written by {@code dmct resume}
     * before anything else it records. */
    public static final String RUN_RESUMED = "run-resumed";
    /** dmc, adapter, adapterVersion, adapterImplementation, kept [test ids with a verdict already], rerun [test ids
     * interrupted], remaining (tests still to run, rerun included): a DMC continued by a resumed run, in place of a
     * second dmc-started. */
    public static final String DMC_RESUMED = "dmc-resumed";
    /** runId, reason. */
    public static final String RUN_ABORTED = "run-aborted";
    /** runId, allMet, aborted, error, planned, passed, failed, blocked, notRun, notApplicable, dmcs [{dmc,
     * criteriaMet}]. The last record of a complete run. */
    public static final String RUN_FINISHED = "run-finished";

    private EvidenceTypes() {
    }
}
