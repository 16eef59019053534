package org.dmct.core.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.dmct.core.evidence.Bundle;
import org.dmct.core.evidence.EvidenceJson;

/**
 * Writes a bundle's reports from its manifest and evidence log: {@code report/report.json}, {@code report/report.html}
 * and {@code report/junit.xml}. Reports are derived, so regenerating them ({@code dmct report BUNDLE}) replaces the
 * three files; the manifest and evidence are only read. Each file is written to a temporary name and moved into place.
 */
public final class ReportWriter {
    private ReportWriter() {
    }

    /**
     * Builds and writes the three reports of the bundle in {@code bundleDir}.
     *
     * @return the report model that was written
     * @throws org.dmct.core.evidence.BundleException when the directory is no bundle
     */
    public static RunReport writeAll(Path bundleDir) throws IOException {
        Bundle bundle = Bundle.open(bundleDir);
        return write(bundle, ReportBuilder.build(bundle));
    }

    /**
     * Writes the reports from a manifest not yet on disk: the run renders its reports before it writes the manifest,
     * so the manifest can record the reports' hashes.
     *
     * @param bundle the bundle, whose evidence log is complete
     * @param manifest the manifest that will be written
     * @return the report model that was written
     */
    public static RunReport writeAll(Bundle bundle, org.dmct.core.evidence.Manifest manifest) throws IOException {
        return write(bundle, ReportBuilder.build(bundle, manifest));
    }

    private static RunReport write(Bundle bundle, RunReport report) throws IOException {
        Files.createDirectories(bundle.reportDir());
        write(bundle.reportJson(), EvidenceJson.prettyMapper().writeValueAsBytes(report));
        write(bundle.reportHtml(), HtmlReport.render(report).getBytes(StandardCharsets.UTF_8));
        write(bundle.junitXml(), JUnitReport.render(report).getBytes(StandardCharsets.UTF_8));
        return report;
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
