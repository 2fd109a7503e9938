package dev.modelx.verify;

import dev.modelx.graph.DataType;
import dev.modelx.graph.SmallFloats;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.Tensors;
import dev.modelx.runtime.value.MapValue;
import dev.modelx.runtime.value.OptionalValue;
import dev.modelx.runtime.value.SequenceValue;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares a converted model's value (B) with the source's (A, expected) element by element, with the conformance
 * suite's rule: {@code |b - a| <= atol + rtol * |a|} for floating-point elements, NaN only against NaN, an infinity
 * only against the same infinity, integers, bools and strings exactly; sequences, optionals and maps recursively
 * (their errors pooled into one {@link Comparison}). Besides pass/fail it measures the largest absolute, relative and
 * ULP errors, the share of elements outside the tolerance, and a histogram of the absolute errors.
 * <p>
 * Different element types of one family (float32 against float16, int64 against int32) are compared by value with
 * the looser type's tolerance, and noted.
 * <p>
 * Intermediate values ({@link #compareIntermediate}, used when bisecting) are compared in two ways more leniently:
 * shapes that differ only by size-1 axes, or by a permutation of the axes (NHWC against NCHW), are lined up first;
 * and the relative term is taken of {@code max(|a|, m)} where {@code m} is the tensor's median {@code |a|}, so that
 * rounding errors carried in from upstream (within tolerance there) and amplified by cancellation — a MatMul whose
 * outputs cross zero — do not count as the node's own divergence, while a wrong op, whose errors are of the size of
 * the values themselves, still does.
 */
public final class Comparator {

    private final ToleranceSpec spec;
    private final boolean alignLayout;
    private final boolean scaled;

    private String mismatch;
    private final List<String> notes = new ArrayList<>();
    private long elements, outside, nonFinite, maxUlp;
    private double maxAbs, maxRel;
    private Tolerance tolerance;
    private double worstExcess = Double.NEGATIVE_INFINITY;
    private String worstIndex;
    private double worstExpected = Double.NaN, worstActual = Double.NaN;
    private final long[] histogram = new long[Comparison.BINS];

    private Comparator(ToleranceSpec spec, boolean alignLayout, boolean scaled) {
        this.spec = spec;
        this.alignLayout = alignLayout;
        this.scaled = scaled;
    }

    /** Compares {@code actual} (B) with {@code expected} (A). */
    public static Comparison compare(Value expected, Value actual, ToleranceSpec spec) {
        return compare(expected, actual, spec, false);
    }

    public static Comparison compare(Value expected, Value actual, ToleranceSpec spec, boolean alignLayout) {
        return compare(expected, actual, spec, alignLayout, false);
    }

    /** Compares an intermediate value: layouts lined up, the relative term of the tensor's typical magnitude (see above). */
    public static Comparison compareIntermediate(Value expected, Value actual, ToleranceSpec spec) {
        return compare(expected, actual, spec, true, true);
    }

    private static Comparison compare(Value expected, Value actual, ToleranceSpec spec, boolean alignLayout, boolean scaled) {
        Comparator c = new Comparator(spec, alignLayout, scaled);
        c.value("", expected, actual);
        return c.result(describe(expected), describe(actual));
    }

    public static Comparison compare(Tensor expected, Tensor actual, ToleranceSpec spec) {
        return compare(new TensorValue(expected), actual == null ? null : new TensorValue(actual), spec, false);
    }

    static String describe(Value v) {
        return v == null ? "nothing" : v.describe();
    }

    private Comparison result(String expected, String actual) {
        String note = notes.isEmpty() ? null : String.join("; ", notes);
        if (mismatch != null) {
            return new Comparison(expected, actual, elements, outside, nonFinite, maxAbs, maxRel, maxUlp, tolerance, null,
                    Double.NaN, Double.NaN, histogram, mismatch, note);
        }
        return new Comparison(expected, actual, elements, outside, nonFinite, maxAbs, maxRel, maxUlp, tolerance, worstIndex,
                worstExpected, worstActual, histogram, null, note);
    }

    private void fail(String reason) {
        if (mismatch == null) {
            mismatch = reason;
        }
    }

    private void value(String path, Value e, Value a) {
        if (a == null) {
            fail(where(path) + "expected " + describe(e) + ", got nothing");
        } else if (e instanceof TensorValue et && a instanceof TensorValue at) {
            tensor(path, et.tensor(), at.tensor());
        } else if (e instanceof SequenceValue es && a instanceof SequenceValue as) {
            if (es.items().size() != as.items().size()) {
                fail(where(path) + "expected a sequence of " + es.items().size() + " values, got " + as.items().size());
                return;
            }
            for (int i = 0; i < es.items().size(); i++) {
                value(path + "[" + i + "]", es.items().get(i), as.items().get(i));
            }
        } else if (e instanceof OptionalValue eo && a instanceof OptionalValue ao) {
            if (eo.isPresent() != ao.isPresent()) {
                fail(where(path) + "expected " + eo.describe() + ", got " + ao.describe());
            } else if (eo.isPresent()) {
                value(path, eo.value(), ao.value());
            }
        } else if (e instanceof MapValue em && a instanceof MapValue am) {
            tensor(path + ".keys", em.keys(), am.keys());
            value(path + ".values", em.values(), am.values());
        } else {
            fail(where(path) + "expected " + describe(e) + ", got " + describe(a));
        }
    }

    private static String where(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }

    private static String family(DataType t) {
        if (t == DataType.STRING) {
            return "string";
        }
        if (t.isComplex()) {
            return "complex";
        }
        return t.isFloatingPoint() ? "floating-point" : "integer";
    }

    private void tensor(String path, Tensor e, Tensor a) {
        DataType et = e.type(), at = a.type();
        if (!family(et).equals(family(at))) {
            fail(where(path) + "element type " + at.displayName() + " where " + et.displayName() + " was expected");
            return;
        }
        if (et != at) {
            notes.add(where(path) + "element types differ (" + et.displayName() + " vs " + at.displayName() + ")");
        }
        if (!Arrays.equals(e.shape(), a.shape())) {
            Tensor aligned = alignLayout ? align(path, e, a) : null;
            if (aligned == null) {
                fail(where(path) + "shape " + Fmt.shape(a.shape()) + " where " + Fmt.shape(e.shape()) + " was expected");
                return;
            }
            a = aligned;
        }
        Tolerance tol = spec.forTypes(et, at);
        tolerance = tolerance == null ? tol : tolerance;
        if (et == DataType.STRING) {
            strings(e, a);
        } else {
            numbers(e, a, tol, ulpType(et, at));
        }
    }

    private void strings(Tensor e, Tensor a) {
        String[] es = e.strings(), as = a.strings();
        for (int i = 0; i < es.length; i++) {
            elements++;
            if (!es[i].equals(as[i])) {
                outside++;
                histogram[Comparison.BINS - 1]++;
                if (worstIndex == null) {
                    worstIndex = Fmt.index(e.shape(), i);
                }
            } else {
                histogram[0]++;
            }
        }
    }

    /** The type whose ULPs measure the distance: the common type, or the one with fewer bits. */
    private static DataType ulpType(DataType e, DataType a) {
        if (e == a) {
            return e;
        }
        return e.bits() <= a.bits() ? e : a;
    }

    private void numbers(Tensor e, Tensor a, Tolerance tol, DataType ulpType) {
        boolean complex = e.type().isComplex();
        int n = complex ? (int) e.size() * 2 : (int) e.size();
        float[] ef = e.type() == DataType.FLOAT || e.type() == DataType.COMPLEX64 ? e.floats() : null;
        float[] af = a.type() == DataType.FLOAT || a.type() == DataType.COMPLEX64 ? a.floats() : null;
        double[] ed = e.type() == DataType.DOUBLE || e.type() == DataType.COMPLEX128 ? e.doubles() : null;
        double[] ad = a.type() == DataType.DOUBLE || a.type() == DataType.COMPLEX128 ? a.doubles() : null;
        boolean wide = tol.exact() && (is64(e.type()) || is64(a.type()));
        boolean integer = !e.type().isFloatingPoint() && !complex;
        long[] shape = e.shape();
        double floor = scaled && !tol.exact() ? medianMagnitude(e, n, ef, ed) : 0;
        for (int i = 0; i < n; i++) {
            double x = ef != null ? ef[i] : ed != null ? ed[i] : e.getDouble(i);
            double y = af != null ? af[i] : ad != null ? ad[i] : a.getDouble(i);
            elements++;
            if (Double.isNaN(x) || Double.isNaN(y) || Double.isInfinite(x) || Double.isInfinite(y)) {
                boolean same = Double.isNaN(x) ? Double.isNaN(y) : x == y;
                if (same) {
                    histogram[0]++;
                } else {
                    outside++;
                    nonFinite++;
                    histogram[Comparison.BINS - 1]++;
                    consider(Double.POSITIVE_INFINITY, i, x, y, shape, complex);
                }
                continue;
            }
            double err;
            boolean ok;
            long ulp;
            if (wide) {
                long lx = e.getLong(i), ly = a.getLong(i);
                ok = lx == ly;
                err = ok ? 0 : Math.max(Math.abs(y - x), 1);
                ulp = distance(lx, ly);
            } else {
                err = Math.abs(y - x);
                ok = tol.exact() ? x == y : err <= tol.atol() + tol.rtol() * Math.max(Math.abs(x), floor);
                ulp = integer ? (long) Math.min(err, Long.MAX_VALUE) : distance(ordered(ulpType, x), ordered(ulpType, y));
            }
            maxAbs = Math.max(maxAbs, err);
            if (x != 0) {
                maxRel = Math.max(maxRel, err / Math.abs(x));
            }
            maxUlp = Math.max(maxUlp, ulp);
            histogram[Comparison.bin(err)]++;
            if (!ok) {
                outside++;
            }
            double excess = err - (tol.exact() ? 0 : tol.atol() + tol.rtol() * Math.max(Math.abs(x), floor));
            consider(ok ? Math.min(excess, 0) : Math.max(excess, Double.MIN_VALUE), i, x, y, shape, complex);
        }
    }

    /** The median of the finite {@code |a|}, over at most 4096 evenly spaced elements. */
    static double medianMagnitude(Tensor e, int n, float[] ef, double[] ed) {
        int step = Math.max(1, n / 4096);
        double[] sample = new double[(n + step - 1) / step];
        int k = 0;
        for (int i = 0; i < n; i += step) {
            double x = Math.abs(ef != null ? ef[i] : ed != null ? ed[i] : e.getDouble(i));
            if (Double.isFinite(x)) {
                sample[k++] = x;
            }
        }
        if (k == 0) {
            return 0;
        }
        sample = Arrays.copyOf(sample, k);
        Arrays.sort(sample);
        return sample[k / 2];
    }

    /** Remembers the element furthest outside the tolerance (failing elements always beat passing ones). */
    private void consider(double excess, int i, double x, double y, long[] shape, boolean complex) {
        if (excess > worstExcess || worstIndex == null) {
            worstExcess = excess;
            worstIndex = Fmt.index(shape, complex ? i / 2 : i) + (complex ? (i % 2 == 0 ? " (real)" : " (imag)") : "");
            worstExpected = x;
            worstActual = y;
        }
    }

    private static boolean is64(DataType t) {
        return t == DataType.INT64 || t == DataType.UINT64;
    }

    private static long distance(long p, long q) {
        try {
            return Math.abs(Math.subtractExact(p, q));
        } catch (ArithmeticException ex) {
            return Long.MAX_VALUE;
        }
    }

    /** A position of {@code v} on the integer line of {@code type}'s encodings, so that neighbours differ by 1. */
    static long ordered(DataType type, double v) {
        return switch (type) {
            case DOUBLE, COMPLEX128 -> {
                long bits = Double.doubleToLongBits(v);
                yield bits < 0 ? -(bits & Long.MAX_VALUE) : bits;
            }
            case FLOAT, COMPLEX64 -> {
                int bits = Float.floatToIntBits((float) v);
                yield bits < 0 ? -(long) (bits & 0x7fffffff) : bits;
            }
            case FLOAT16 -> signMagnitude(SmallFloats.toHalf(v) & 0xffff, 16);
            case BFLOAT16 -> signMagnitude(SmallFloats.toBfloat16(v) & 0xffff, 16);
            case FLOAT8E8M0 -> SmallFloats.encode(type, v, true);
            case FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT4E2M1 ->
                    signMagnitude(SmallFloats.encode(type, v, true), type.bits());
            default -> Math.round(v);
        };
    }

    private static long signMagnitude(int code, int bits) {
        long magnitude = code & ((1L << (bits - 1)) - 1);
        return (code >>> (bits - 1) & 1) != 0 ? -magnitude : magnitude;
    }

    // ---- layout alignment (intermediate tensors only) ----

    /** {@code a} reshaped or transposed to {@code e}'s shape when that lines them up; null when nothing does. */
    private Tensor align(String path, Tensor e, Tensor a) {
        if (e.size() != a.size() || e.type() == DataType.STRING || e.type().isComplex()) {
            return null;
        }
        long[] es = e.shape(), as = a.shape();
        if (Arrays.equals(squeeze(es), squeeze(as))) {
            notes.add(where(path) + "compared after reshaping " + Fmt.shape(as) + " to " + Fmt.shape(es));
            return a.reshape(es);
        }
        if (es.length != as.length || es.length > 6) {
            return null;
        }
        List<int[]> perms = new ArrayList<>();
        permutations(new int[es.length], new boolean[es.length], 0, es, as, perms);
        Tensor best = null;
        int[] bestPerm = null;
        long bestOutside = Long.MAX_VALUE;
        double bestAbs = Double.POSITIVE_INFINITY;
        Tolerance tol = spec.forTypes(e.type(), a.type());
        for (int[] p : perms) {
            Tensor t = transpose(a, p);
            Comparator probe = new Comparator(spec, false, scaled);
            probe.numbers(e, t, tol, ulpType(e.type(), a.type()));
            if (probe.outside < bestOutside || probe.outside == bestOutside && probe.maxAbs < bestAbs) {
                best = t;
                bestPerm = p;
                bestOutside = probe.outside;
                bestAbs = probe.maxAbs;
            }
        }
        if (best != null) {
            notes.add(where(path) + "compared after transposing " + Fmt.shape(as) + " by perm " + Arrays.toString(bestPerm));
        }
        return best;
    }

    private static long[] squeeze(long[] s) {
        return Arrays.stream(s).filter(d -> d != 1).toArray();
    }

    /** Permutations p with {@code as[p[i]] == es[i]}, identity excluded; at most 24. */
    private static void permutations(int[] p, boolean[] used, int i, long[] es, long[] as, List<int[]> out) {
        if (out.size() >= 24) {
            return;
        }
        if (i == p.length) {
            for (int k = 0; k < p.length; k++) {
                if (p[k] != k) {
                    out.add(p.clone());
                    return;
                }
            }
            return;
        }
        for (int j = 0; j < p.length; j++) {
            if (!used[j] && as[j] == es[i]) {
                used[j] = true;
                p[i] = j;
                permutations(p, used, i + 1, es, as, out);
                used[j] = false;
            }
        }
    }

    /** numpy's {@code transpose(t, perm)}: result axis i is {@code t}'s axis {@code perm[i]}. */
    static Tensor transpose(Tensor t, int[] perm) {
        long[] in = t.shape();
        int r = in.length;
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            out[i] = in[perm[i]];
        }
        long[] inStrides = new long[r];
        long s = 1;
        for (int i = r - 1; i >= 0; i--) {
            inStrides[i] = s;
            s *= in[i];
        }
        int n = (int) t.size();
        boolean floating = t.type().isFloatingPoint();
        double[] d = floating ? new double[n] : null;
        long[] l = floating ? null : new long[n];
        long[] idx = new long[r];
        for (int k = 0; k < n; k++) {
            long src = 0;
            for (int i = 0; i < r; i++) {
                src += idx[i] * inStrides[perm[i]];
            }
            if (floating) {
                d[k] = t.getDouble((int) src);
            } else {
                l[k] = t.getLong((int) src);
            }
            for (int i = r - 1; i >= 0; i--) {
                if (++idx[i] < out[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return floating ? Tensors.fromDoubles(t.type(), out, d) : Tensors.fromLongs(t.type(), out, l);
    }
}
