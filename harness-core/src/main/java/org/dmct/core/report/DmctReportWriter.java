package org.dmct.core.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dmct.core.evidence.EvidenceJson;

/**
 * Writes a {@link DmctReport} into a directory as {@code dmct-report-<DMC>.json}, {@code .html} and {@code .pdf} (any
 * subset). Each file is written to a temporary name and moved into place, so a reader never sees half a report.
 */
public final class DmctReportWriter {
    /** The output formats. */
    public enum Format {
        HTML, JSON, PDF;

        /** Parses {@code html,json,pdf} (any order, any case); an unknown name is refused, naming it. */
        public static Set<Format> parse(String list) {
            Set<Format> formats = EnumSet.noneOf(Format.class);
            for (String name : list.split(",")) {
                String n = name.trim().toUpperCase(Locale.ROOT);
                if (n.isEmpty()) {
                    continue;
                }
                try {
                    formats.add(Format.valueOf(n));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown report format '" + name.trim()
                            + "' (known: html, json, pdf)");
                }
            }
            if (formats.isEmpty()) {
                throw new IllegalArgumentException("no report format given (known: html, json, pdf)");
            }
            return formats;
        }

        String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private DmctReportWriter() {
    }

    /** The file a format of a DMC's report is written to in {@code dir}. */
    public static Path file(Path dir, String dmcId, Format format) {
        return dir.resolve("dmct-report-" + dmcId.replaceAll("[^A-Za-z0-9._-]", "_") + "." + format.extension());
    }

    /** The report as self-contained HTML. */
    public static String html(DmctReport report) {
        return DmctHtmlReport.render(report);
    }

    /** The report as PDF bytes. */
    public static byte[] pdf(DmctReport report) throws IOException {
        return DmctPdfReport.render(report);
    }

    /** The report as indented JSON. */
    public static byte[] json(DmctReport report) throws IOException {
        return EvidenceJson.prettyMapper().writeValueAsBytes(report);
    }

    /**
     * Writes the formats asked for into {@code dir} (created if needed).
     *
     * @return the files written, in the order html, json, pdf
     */
    public static List<Path> write(DmctReport report, Path dir, Set<Format> formats) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (Format f : EnumSet.copyOf(formats)) {
            byte[] bytes = switch (f) {
                case HTML -> html(report).getBytes(StandardCharsets.UTF_8);
                case JSON -> json(report);
                case PDF -> pdf(report);
            };
            Path target = file(dir, report.dmcId(), f);
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            written.add(target);
        }
        return written;
    }
}
