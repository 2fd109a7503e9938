package dev.modelx.conformance;

/**
 * HTML escaping of the conformance pages ({@link HtmlReport}, the matrix page). Verify's {@code Fmt.esc} also escapes
 * apostrophes and takes null; these pages never did, and their bytes stay as they were.
 */
public final class HtmlText {

    private HtmlText() {
    }

    /** {@code s} with {@code < > & "} escaped. */
    public static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
