package org.dmct.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dmct.core.fixtures.ScriptedProvider.answer;
import static org.dmct.core.fixtures.ScriptedProvider.code;
import static org.dmct.core.fixtures.ScriptedProvider.refuse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.dmct.core.evidence.Bundle;
import org.dmct.core.evidence.BundleException;
import org.dmct.core.evidence.EvidenceJson;
import org.dmct.core.evidence.EvidenceReader;
import org.dmct.core.evidence.Manifest;
import org.dmct.core.fixtures.Runs;
import org.dmct.core.fixtures.ScriptedProvider;
import org.dmct.core.fixtures.TestLab;
import org.dmct.core.fixtures.TestPacks;
import org.dmct.core.internal.Hashing;
import org.dmct.core.lab.Lab;
import org.dmct.core.model.Quantity;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.pack.Pack;
import org.dmct.core.run.RunConfig;
import org.dmct.core.run.RunOutcome;
import org.dmct.core.run.Runner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A run with every verdict, and the bundle it leaves: manifest, evidence, and the reports written from them. */
class BundleAndReportTest {
    private static final String HOSTILE = "<script>alert('x')</script> & \u0001bell";

    @TempDir
    Path dir;
    Lab lab;
    Pack pack;
    RunOutcome outcome;

    @BeforeEach
    void run() {
        lab = TestLab.lab(dir.resolve("lab"), "DMC-A:ESME,CHF", "DMC-B:ESME");
        pack = TestPacks.load(dir.resolve("packs"), "ref-pack", """
                  - id: READ
                    title: Read registers
                    kind: functional
                    devices: [ESME]
                    trace: { srv: "4.1.1" }
                    steps:
                      - send: { srv: "4.1.1", to: ESME }
                        expect: { values: { activeImportTotal: { unit: kWh, min: 0 } } }
                  - id: ARM
                    title: Arm supply <b>bold</b>
                    kind: regression
                    devices: [ESME]
                    trace: { srv: "7.3" }
                    steps:
                      - send: { srv: "7.3", to: ESME }
                  - id: GAS
                    title: Read the gas meter
                    kind: functional
                    devices: [GSME]
                    steps:
                      - send: { srv: "4.1.1", to: GSME }
                  - id: INVENTORY
                    title: Read inventory from the hub
                    kind: functional
                    devices: [CHF]
                    trace: { srv: "8.2" }
                    steps:
                      - send: { srv: "8.2", to: CHF }
                """);
        ScriptedProvider p = new ScriptedProvider()
                .on("4.1.1", answer(Map.of("activeImportTotal", new Quantity(new BigDecimal("1234.5"), "kWh"))))
                .on("DMC-A", "7.3", answer(Map.of()))
                .on("DMC-B", "7.3", refuse("read-write-denied", HOSTILE))
                .on("8.2", code(ResponseCode.E21, "A-CHF did not answer within 2s"));
        outcome = Runs.run(lab, List.of(pack), p, dir.resolve("bundle"));
    }

    @Test
    void theBundleHoldsManifestEvidenceAndReports() throws IOException {
        Bundle b = outcome.bundle();
        assertThat(b.dir()).isEqualTo(dir.resolve("bundle").toAbsolutePath().normalize());
        assertThat(b.manifest()).isRegularFile();
        assertThat(b.evidence()).isRegularFile();
        assertThat(b.reportJson()).isRegularFile();
        assertThat(b.reportHtml()).isRegularFile();
        assertThat(b.junitXml()).isRegularFile();
        assertThat(outcome.error()).isNull();
        assertThat(outcome.allMet()).isFalse();
    }

    @Test
    void theManifestDescribesTheRunAndEndsTheChain() throws IOException {
        Manifest m = Manifest.read(outcome.bundle().manifest());
        List<String> lines = Files.readAllLines(outcome.bundle().evidence(), StandardCharsets.UTF_8);
        assertThat(m.format()).isEqualTo(Manifest.FORMAT);
        assertThat(m.runId()).isEqualTo(outcome.runId());
        assertThat(m.harnessVersion()).isEqualTo("test");
        assertThat(m.evidence().file()).isEqualTo("evidence.jsonl");
        assertThat(m.evidence().lines()).isEqualTo(lines.size());
        assertThat(m.evidence().finalHash())
                .isEqualTo(Hashing.sha256Hex(lines.get(lines.size() - 1).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(outcome.finalChainHash());
        assertThat(EvidenceReader.verify(outcome.bundle().evidence(), m.evidence().finalHash(), m.evidence().lines())
                .valid()).isTrue();
        assertThat(m.lab().id()).isEqualTo("test-lab");
        assertThat(m.lab().sha256()).isEqualTo(lab.sha256());
        assertThat(m.lab().environment()).containsEntry("Test environment", "unit tests");
        assertThat(m.packs()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo("ref-pack");
            assertThat(p.sha256()).isEqualTo(pack.sha256());
            assertThat(p.release()).isEqualTo("IOC");
        });
        Manifest.DmcInfo a = m.dmcs().get(0);
        assertThat(a.id()).isEqualTo("DMC-A");
        assertThat(a.adapter()).isEqualTo("dlms");
        assertThat(a.devices()).extracting(Manifest.DeviceInfo::id).containsExactly("A-ESME", "A-CHF");
        Manifest.DeviceInfo esme = a.devices().get(0);
        assertThat(esme.profile()).isEqualTo("esme-test");
        assertThat(esme.profileSha256()).hasSize(64);
        assertThat(esme.manufacturer()).isEqualTo("Test Meters Ltd");
        assertThat(esme.firmware()).isEqualTo("FW-1");
        assertThat(esme.serialNumber()).isEqualTo("SER-A-ESME");
        assertThat(m.adapters()).singleElement().satisfies(ad -> {
            assertThat(ad.name()).isEqualTo("dlms");
            assertThat(ad.version()).isEqualTo("dev");
            assertThat(ad.dmcs()).containsExactlyInAnyOrder("DMC-A", "DMC-B");
        });
        assertThat(m.outcome().allMet()).isFalse();
        assertThat(m.outcome().dmcs()).extracting(Manifest.DmcOutcome::id).containsExactly("DMC-A", "DMC-B");
    }

    @Test
    void reportJsonHasEveryDmcAndTest() throws IOException {
        JsonNode r = EvidenceJson.mapper().readTree(outcome.bundle().reportJson().toFile());
        assertThat(r.get("runId").asText()).isEqualTo(outcome.runId());
        assertThat(r.get("evidence").get("chainValid").asBoolean()).isTrue();
        assertThat(r.get("packs").get(0).get("sha256").asText()).isEqualTo(pack.sha256());
        JsonNode a = r.get("dmcs").get(0);
        assertThat(a.get("id").asText()).isEqualTo("DMC-A");
        assertThat(a.get("criteriaMet").asBoolean()).isFalse();
        assertThat(a.get("criteriaRule").asText()).contains("every applicable test passes");
        assertThat(a.get("counts").toString()).isEqualTo(
                "{\"planned\":3,\"passed\":2,\"failed\":0,\"blocked\":1,\"notRun\":0,\"notApplicable\":1}");
        List<String> verdicts = new ArrayList<>();
        a.get("tests").forEach(t -> verdicts.add(t.get("id").asText() + "=" + t.get("verdict").asText()));
        assertThat(verdicts).containsExactly("READ=PASS", "ARM=PASS", "GAS=NOT_RUN", "INVENTORY=BLOCKED");
        JsonNode read = a.get("tests").get(0);
        assertThat(read.get("title").asText()).isEqualTo("Read registers");
        assertThat(read.get("srv").asText()).isEqualTo("4.1.1");
        assertThat(read.get("kind").asText()).isEqualTo("functional");
        assertThat(read.get("durationMs").canConvertToLong()).isTrue();
        JsonNode req = read.get("requests").get(0);
        assertThat(req.get("requestId").asText()).isEqualTo("DMC-A/READ/s1/a1");
        assertThat(req.get("srv").asText()).isEqualTo("4.1.1");
        assertThat(req.get("device").asText()).isEqualTo("A-ESME");
        assertThat(req.get("code").asText()).isEqualTo("I0");
        assertThat(req.get("latencyMs").canConvertToLong()).isTrue();
        assertThat(a.get("tests").get(3).get("reason").asText()).contains("E21");

        JsonNode b = r.get("dmcs").get(1);
        assertThat(b.get("tests").get(1).get("verdict").asText()).isEqualTo("FAIL");
        assertThat(b.get("tests").get(1).get("reason").asText()).contains(HOSTILE);
        assertThat(b.get("tests").get(3).get("reason").asText()).isEqualTo("not applicable: DMC has no CHF");
        assertThat(r.get("allMet").asBoolean()).isFalse();
    }

    @Test
    void junitXmlParsesWithOneSuitePerDmc() throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(outcome.bundle().junitXml().toFile());
        NodeList suites = doc.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);
        Element a = (Element) suites.item(0);
        assertThat(a.getAttribute("name")).isEqualTo("DMC-A");
        assertThat(a.getAttribute("tests")).isEqualTo("4");
        assertThat(a.getAttribute("errors")).isEqualTo("1");
        assertThat(a.getAttribute("skipped")).isEqualTo("1");
        Element first = (Element) a.getElementsByTagName("testcase").item(0);
        assertThat(first.getAttribute("classname")).isEqualTo("DMC-A.ref-pack");
        assertThat(first.getAttribute("name")).isEqualTo("READ: Read registers");
        Element blocked = (Element) a.getElementsByTagName("error").item(0);
        assertThat(blocked.getAttribute("message")).contains("got E21");

        Element b = (Element) suites.item(1);
        Element failure = (Element) b.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message"))
                .isEqualTo("step 1: device refused: read-write-denied: <script>alert('x')</script> & bell");
        Element arm = (Element) failure.getParentNode();
        assertThat(arm.getAttribute("name")).isEqualTo("ARM: Arm supply <b>bold</b>");
        assertThat(b.getElementsByTagName("skipped").getLength()).isEqualTo(2);
    }

    @Test
    void htmlListsEveryTestAndEscapesText() throws IOException {
        String html = Files.readString(outcome.bundle().reportHtml());
        for (String id : List.of("READ", "ARM", "GAS", "INVENTORY", "DMC-A", "DMC-B", pack.sha256(), lab.sha256())) {
            assertThat(html).contains(id);
        }
        assertThat(html).doesNotContain("<script").doesNotContain("<b>bold</b>").doesNotContain("\u0001")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; bell")
                .contains("Arm supply &lt;b&gt;bold&lt;/b&gt;")
                .contains("class=\"FAIL\"").contains("class=\"BLOCKED\"").contains("class=\"NOT_RUN\"")
                .doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void reportsAreRegeneratedFromTheBundleAlone() throws IOException {
        byte[] json = Files.readAllBytes(outcome.bundle().reportJson());
        Files.delete(outcome.bundle().reportJson());
        Files.delete(outcome.bundle().reportHtml());
        Files.delete(outcome.bundle().junitXml());
        RunReport again = ReportWriter.writeAll(outcome.bundle().dir());
        assertThat(Files.readAllBytes(outcome.bundle().reportJson())).isEqualTo(json);
        assertThat(again.dmcs()).hasSize(2);
        assertThat(outcome.bundle().reportHtml()).isRegularFile();
    }

    @Test
    void aTamperedLogIsFlaggedInTheReport() throws IOException {
        Path log = outcome.bundle().evidence();
        List<String> lines = new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
        int i = 0;
        while (!lines.get(i).contains("\"verdict\":\"BLOCKED\"")) {
            i++;
        }
        lines.set(i, lines.get(i).replace("\"verdict\":\"BLOCKED\"", "\"verdict\":\"PASS\""));
        Files.writeString(log, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        RunReport r = ReportWriter.writeAll(outcome.bundle().dir());
        assertThat(r.evidence().chainValid()).isFalse();
        assertThat(r.evidence().firstBadLine()).isEqualTo(i + 2);
        assertThat(r.allMet()).isFalse();
        assertThat(Files.readString(outcome.bundle().reportHtml())).contains("does not verify: line " + (i + 2));
    }

    @Test
    void aRunRefusesANonEmptyBundleDirectory() throws IOException {
        Path used = outcome.bundle().dir();
        byte[] before = Files.readAllBytes(outcome.bundle().evidence());
        RunConfig config = RunConfig.builder(lab, List.of(pack), Runs.LOOPS, used).build();
        assertThatThrownBy(() -> Runner.start(config)).isInstanceOf(BundleException.class)
                .hasMessageContaining("not empty");
        assertThat(Files.readAllBytes(outcome.bundle().evidence())).isEqualTo(before);
    }
}
