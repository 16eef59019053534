package org.dmct.core.report.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A small flowing layout on A4 pages with PDFBox: headings, wrapped paragraphs, tables whose cells wrap and may be
 * filled with a colour, and bar rows; a new page starts whenever the next block does not fit. It uses the standard
 * Helvetica fonts (nothing embedded), so text is reduced to what WinAnsi can encode.
 */
public final class PdfCanvas implements AutoCloseable {
    private static final float MARGIN = 40;
    private static final float LEADING = 1.25f;

    private final PDDocument doc = new PDDocument();
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private PDPageContentStream out;
    private float y;
    private int pages;

    /** An RGB colour with components 0..255, or {@code null} for no fill. */
    public record Rgb(int r, int g, int b) {
    }

    public PdfCanvas() throws IOException {
        newPage();
    }

    public float width() {
        return PDRectangle.A4.getWidth() - 2 * MARGIN;
    }

    private void newPage() throws IOException {
        if (out != null) {
            out.close();
        }
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        out = new PDPageContentStream(doc, page);
        pages++;
        y = PDRectangle.A4.getHeight() - MARGIN;
        text(regular, 7, MARGIN, 20, "page " + pages);
    }

    private void ensure(float height) throws IOException {
        if (y - height < MARGIN) {
            newPage();
        }
    }

    public void heading(String text, float size) throws IOException {
        List<String> lines = wrap(text, bold, size, width());
        ensure(lines.size() * size * LEADING + size);
        y -= size * 0.6f;
        for (String line : lines) {
            y -= size * LEADING;
            text(bold, size, MARGIN, y, line);
        }
        y -= size * 0.3f;
    }

    public void paragraph(String text, float size) throws IOException {
        for (String line : wrap(text, regular, size, width())) {
            ensure(size * LEADING);
            y -= size * LEADING;
            text(regular, size, MARGIN, y, line);
        }
        y -= size * 0.4f;
    }

    /**
     * A table. Column widths are fractions of the page width; the first row is drawn bold as the header.
     *
     * @param fills per row and column the cell's fill, or {@code null} (the whole list or an entry may be null)
     */
    public void table(float[] fractions, List<String[]> rows, List<Rgb[]> fills, float size) throws IOException {
        float pad = 2.5f;
        for (int r = 0; r < rows.size(); r++) {
            String[] cells = rows.get(r);
            PDType1Font font = r == 0 ? bold : regular;
            List<List<String>> wrapped = new ArrayList<>();
            int lines = 1;
            for (int c = 0; c < fractions.length; c++) {
                String cell = c < cells.length && cells[c] != null ? cells[c] : "";
                List<String> w = wrap(cell, font, size, fractions[c] * width() - 2 * pad);
                wrapped.add(w);
                lines = Math.max(lines, w.size());
            }
            float height = lines * size * LEADING + 2 * pad;
            ensure(height);
            float x = MARGIN;
            for (int c = 0; c < fractions.length; c++) {
                float w = fractions[c] * width();
                Rgb fill = fills == null || fills.get(r) == null || c >= fills.get(r).length ? null
                        : fills.get(r)[c];
                if (fill == null && r == 0) {
                    fill = new Rgb(235, 235, 235);
                }
                if (fill != null) {
                    out.setNonStrokingColor(fill.r() / 255f, fill.g() / 255f, fill.b() / 255f);
                    out.addRect(x, y - height, w, height);
                    out.fill();
                    out.setNonStrokingColor(0f, 0f, 0f);
                }
                out.setStrokingColor(0.7f, 0.7f, 0.7f);
                out.setLineWidth(0.5f);
                out.addRect(x, y - height, w, height);
                out.stroke();
                float ty = y - pad;
                for (String line : wrapped.get(c)) {
                    ty -= size * LEADING;
                    text(font, size, x + pad, ty + size * 0.25f, line);
                }
                x += w;
            }
            y -= height;
        }
        y -= size;
    }

    /**
     * One row of a bar chart: a label, up to three nested bars from the same origin (drawn widest first), and a
     * caption after them.
     */
    public void bars(String label, float labelWidth, float[] lengths, Rgb[] colours, String caption, float size)
            throws IOException {
        float h = size * 1.6f;
        ensure(h + 2);
        y -= h + 2;
        text(regular, size, MARGIN, y + size * 0.4f, label);
        for (int i = 0; i < lengths.length; i++) {
            Rgb c = colours[i];
            out.setNonStrokingColor(c.r() / 255f, c.g() / 255f, c.b() / 255f);
            out.addRect(MARGIN + labelWidth, y, Math.max(1, lengths[i]), h);
            out.fill();
        }
        out.setNonStrokingColor(0f, 0f, 0f);
        float max = 0;
        for (float l : lengths) {
            max = Math.max(max, l);
        }
        text(regular, size, MARGIN + labelWidth + max + 6, y + size * 0.4f, caption);
    }

    public void gap(float points) {
        y -= points;
    }

    private void text(PDType1Font font, float size, float x, float ty, String s) throws IOException {
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x, ty);
        out.showText(s);
        out.endText();
    }

    /** Words wrapped to the width; a word longer than the width is cut. Text is first reduced to WinAnsi. */
    List<String> wrap(String text, PDType1Font font, float size, float maxWidth) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String para : winAnsi(text).split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : para.split(" ")) {
                String candidate = line.length() == 0 ? word : line + " " + word;
                if (width(candidate, font, size) <= maxWidth) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                String rest = word;
                while (width(rest, font, size) > maxWidth && rest.length() > 1) {
                    int n = rest.length() - 1;
                    while (n > 1 && width(rest.substring(0, n), font, size) > maxWidth) {
                        n--;
                    }
                    lines.add(rest.substring(0, n));
                    rest = rest.substring(n);
                }
                line.append(rest);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static float width(String s, PDType1Font font, float size) throws IOException {
        return font.getStringWidth(s) / 1000f * size;
    }

    /** Replaces what the standard fonts' WinAnsi encoding cannot show; controls become spaces. */
    static String winAnsi(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                b.append(c);
            } else if (c < 0x20 || c == 0x7F) {
                b.append(' ');
            } else if (c < 0x7F || (c >= 0xA0 && c <= 0xFF)) {
                b.append(c);
            } else if (c == '\u2014' || c == '\u2013') {
                b.append('-');
            } else if (c == '\u2264') {
                b.append("<=");
            } else if (c == '\u2192') {
                b.append("->");
            } else {
                b.append('?');
            }
        }
        return b.toString();
    }

    /** Finishes the document and writes it. */
    public void save(OutputStream target) throws IOException {
        out.close();
        out = null;
        doc.save(target);
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
        doc.close();
    }
}
