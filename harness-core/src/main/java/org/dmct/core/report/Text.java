package org.dmct.core.report;

/** Escaping for the HTML and XML reports: every text that came from a device, a pack or a lab goes through here. */
final class Text {
    private Text() {
    }

    /** Removes characters XML 1.0 does not allow (most C0 controls, unpaired surrogates, U+FFFE/U+FFFF). */
    static String stripInvalid(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (ok && !(n == 1 && Character.isSurrogate((char) cp))) {
                b.appendCodePoint(cp);
            }
            i += n;
        }
        return b.toString();
    }

    /** Escapes text for HTML or XML element content and attribute values (quoted with {@code "}). */
    static String escape(String s) {
        String t = stripInvalid(s);
        StringBuilder b = new StringBuilder(t.length() + 16);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '&': b.append("&amp;"); break;
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&#39;"); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }

    /** Escapes for an XML attribute, keeping line breaks and tabs (which parsers would otherwise turn into spaces). */
    static String attribute(String s) {
        return escape(s).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;");
    }
}
