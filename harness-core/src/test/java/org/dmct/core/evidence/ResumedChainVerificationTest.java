package org.dmct.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dmct.core.internal.Fields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BundleVerifier} accepts a chain continued by a resumption, and rejects a resume record that lies. */
class ResumedChainVerificationTest {
    @TempDir
    Path dir;

    private BundleVerification bundleWithResumeRecord(String name, boolean honest) throws Exception {
        Bundle bundle = Bundle.create(dir.resolve(name));
        ChainState first;
        try (EvidenceWriter w = EvidenceWriter.create(bundle.evidence(), Clock.systemUTC())) {
            w.append("run-started", Fields.of("runId", "r"));
            w.append("test-started", Fields.of("dmc", "D", "test", "T"));
            first = w.finish().get(5, TimeUnit.SECONDS);
        }
        ChainState end;
        try (EvidenceWriter w = EvidenceWriter.continueChain(bundle.evidence(), Clock.systemUTC(), first)) {
            w.append(EvidenceTypes.RUN_RESUMED, Fields.of("runId", "r", "resumption", 1,
                    "intactLines", honest ? first.lines() : first.lines() - 1, "intactHash", first.lastLineHash()));
            w.append("run-finished", Fields.of("runId", "r"));
            end = w.finish().get(5, TimeUnit.SECONDS);
        }
        BundleSeal.write(bundle, new Manifest(Manifest.FORMAT, "r", null, null, "dev", null, List.of(), List.of(),
                List.of(), new Manifest.EvidenceInfo(Bundle.EVIDENCE, end.lines(), end.lastLineHash()), null,
                List.of()));
        return BundleVerifier.verify(bundle.dir());
    }

    @Test
    void aResumedChainVerifies() throws Exception {
        BundleVerification v = bundleWithResumeRecord("honest", true);
        assertThat(v.problems()).isEmpty();
        assertThat(v.evidenceLines()).isEqualTo(4);
    }

    @Test
    void aResumeRecordNamingAnotherLineIsReported() throws Exception {
        BundleVerification v = bundleWithResumeRecord("lying", false);
        assertThat(v.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(Bundle.EVIDENCE);
            assertThat(p.where()).isEqualTo("line 3");
            assertThat(p.toString()).contains("continued after line 1").contains("follows line 2");
        });
    }
}
