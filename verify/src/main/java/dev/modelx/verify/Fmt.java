package dev.modelx.verify;

import java.util.Arrays;
import java.util.Locale;

/** Number, shape and text formatting shared by the text, JSON and HTML reports. */
public final class Fmt {

    private Fmt() {
    }

    /** Short human form: up to 4 significant digits, trailing zeros dropped; integers as integers. */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? "%.4g" : "%.3e", v);
        int exp = s.indexOf('e');
        String mantissa = exp < 0 ? s : s.substring(0, exp);
        String suffix = exp < 0 ? "" : s.substring(exp).replace("e+0", "e+").replace("e-0", "e-");
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "");
            if (mantissa.endsWith(".")) {
                mantissa = mantissa.substring(0, mantissa.length() - 1);
            }
        }
        return mantissa + suffix;
    }

    /** Scientific form for error columns: {@code 3.20e-07}, {@code 0} for zero. */
    public static String sci(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Inf" : "-Inf";
        }
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.2e", v);
    }

    public static String percent(double fraction) {
        if (Double.isNaN(fraction)) {
            return "-";
        }
        if (fraction > 0 && fraction < 0.001) {
            return "<0.1%";
        }
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    public static String shape(long[] shape) {
        return shape == null ? "?" : Arrays.toString(shape);
    }

    /** {@code [i, j, k]} of flat index {@code flat} in row-major {@code shape}. */
    public static String index(long[] shape, long flat) {
        long[] idx = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] > 0) {
                idx[d] = flat % shape[d];
                flat /= shape[d];
            }
        }
        return Arrays.toString(idx);
    }

    /** HTML-escaped text. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
