package dev.modelx.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one value of the converted model (B) compares with the source model's (A, the expected value).
 *
 * @param expected            A's value, e.g. {@code float[1, 10]}
 * @param actual              B's value
 * @param elements            numeric (or string) elements compared
 * @param outside             elements outside the tolerance (NaN/Inf mismatches included)
 * @param nonFiniteMismatches elements where one side is NaN or infinite and the other is not the same
 * @param maxAbsErr           largest {@code |b - a|} over finite pairs (0 when none)
 * @param maxRelErr           largest {@code |b - a| / |a|} over finite pairs with {@code a != 0}
 * @param maxUlp              largest distance in units in the last place of the element type (for integers, the
 *                            difference itself); when the types differ, in the coarser type
 * @param tolerance           the tolerance applied
 * @param worstIndex          index of the element furthest outside the tolerance (or the one closest to its limit
 *                            when all pass), e.g. {@code [0, 3]}; null when nothing was compared
 * @param histogram           counts of {@code |b - a|} per decade, see {@link #binLabel}
 * @param mismatch            a structural difference (kind, element type family, shape, sequence length), or null
 * @param note                what the comparison had to do to line the values up (types differ, transposed), or null
 */
public record Comparison(String expected, String actual, long elements, long outside, long nonFiniteMismatches,
                         double maxAbsErr, double maxRelErr, long maxUlp, Tolerance tolerance, String worstIndex,
                         double worstExpected, double worstActual, long[] histogram, String mismatch, String note) {

    /** Decades of the histogram: exactly 0, then below 1e-15, then [1e-k, 1e-(k-1)) for k = 15 .. 1, then >= 1. */
    public static final int BINS = 18;

    public boolean passed() {
        return mismatch == null && outside == 0;
    }

    /** The share of compared elements outside the tolerance (1 for a structural mismatch). */
    public double shareOutside() {
        if (mismatch != null) {
            return 1;
        }
        return elements == 0 ? 0 : (double) outside / elements;
    }

    /** Null when passed, else one line saying what differs. */
    public String reason() {
        if (mismatch != null) {
            return mismatch;
        }
        if (outside == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(outside).append(" of ").append(elements).append(" elements (").append(Fmt.percent(shareOutside()))
                .append(") outside ").append(tolerance).append("; max abs err ").append(Fmt.sci(maxAbsErr));
        if (worstIndex != null) {
            sb.append(", worst at ").append(worstIndex).append(": expected ").append(Fmt.num(worstExpected)).append(", got ")
                    .append(Fmt.num(worstActual));
        }
        if (nonFiniteMismatches > 0) {
            sb.append("; ").append(nonFiniteMismatches).append(" NaN/Inf mismatches");
        }
        return sb.toString();
    }

    /** A one-line error summary: {@code max abs 3.2e-07, max rel 1.1e-06, max ulp 4, 0.0% outside rtol 1e-4 atol 1e-5}. */
    public String summary() {
        if (mismatch != null) {
            return mismatch;
        }
        return "max abs " + Fmt.sci(maxAbsErr) + ", max rel " + Fmt.sci(maxRelErr) + ", max ulp " + maxUlp + ", "
                + Fmt.percent(shareOutside()) + " of " + elements + " outside " + tolerance;
    }

    public static String binLabel(int bin) {
        if (bin == 0) {
            return "0";
        }
        if (bin == 1) {
            return "<1e-15";
        }
        if (bin == BINS - 1) {
            return "\u22651";
        }
        return "1e" + (bin - 17);
    }

    static int bin(double absErr) {
        if (absErr == 0) {
            return 0;
        }
        int k = (int) Math.floor(Math.log10(absErr));
        return k >= 0 ? BINS - 1 : Math.max(1, k + 17);
    }

    public static Comparison structural(String expected, String actual, String mismatch) {
        return new Comparison(expected, actual, 0, 0, 0, Double.NaN, Double.NaN, 0, null, null, Double.NaN, Double.NaN,
                new long[BINS], mismatch, null);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("expected", expected);
        m.put("actual", actual);
        m.put("elements", elements);
        m.put("outside", outside);
        m.put("share_outside", shareOutside());
        m.put("max_abs_err", maxAbsErr);
        m.put("max_rel_err", maxRelErr);
        m.put("max_ulp", maxUlp);
        m.put("nonfinite_mismatches", nonFiniteMismatches);
        if (tolerance != null) {
            m.put("rtol", tolerance.rtol());
            m.put("atol", tolerance.atol());
            m.put("exact", tolerance.exact());
        }
        if (worstIndex != null) {
            m.put("worst_index", worstIndex);
            m.put("worst_expected", worstExpected);
            m.put("worst_actual", worstActual);
        }
        List<Object> h = new ArrayList<>();
        for (long c : histogram) {
            h.add(c);
        }
        m.put("abs_err_histogram", h);
        if (note != null) {
            m.put("note", note);
        }
        return m;
    }
}
