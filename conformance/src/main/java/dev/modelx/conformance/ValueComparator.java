package dev.modelx.conformance;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.value.MapValue;
import dev.modelx.runtime.value.OptionalValue;
import dev.modelx.runtime.value.SequenceValue;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;
import dev.modelx.verify.Fmt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares an actual runtime value with the expected one the way onnx's backend runner does: element types and
 * shapes exactly; floating-point elements with {@code |actual - expected| <= atol + rtol * |expected|}, where NaN
 * matches only NaN and an infinity only the same infinity; integers, bools and strings exactly; sequences,
 * optionals and maps recursively. Records the largest absolute and relative errors seen.
 * <p>
 * Not verify's {@code Comparator}, whose element rule is the same, on purpose: a backend test must produce exactly the
 * expected element type (verify accepts float16 for float32 and compares with the looser type's tolerance), is judged
 * with one tolerance per test (onnx's 1e-3/1e-7 or a documented override, not a tolerance per element type), matches
 * map entries by key (verify compares keys and values in order), and words its reasons as the conformance reports
 * always have (6 significant digits, a non-finite mismatch named before the largest error).
 */
public final class ValueComparator {

    /**
     * The outcome of one comparison.
     *
     * @param mismatch  null when the values match, else a one-line reason
     * @param maxAbsErr largest {@code |actual - expected|} over compared finite numeric elements (0 when none)
     * @param maxRelErr largest {@code |actual - expected| / |expected|} over those with {@code expected != 0}
     */
    public record Result(String mismatch, double maxAbsErr, double maxRelErr) {
        public boolean matches() {
            return mismatch == null;
        }
    }

    private final Tolerance tolerance;
    private String mismatch;
    private double maxAbs;
    private double maxRel;

    private ValueComparator(Tolerance tolerance) {
        this.tolerance = tolerance;
    }

    /** Compares {@code actual} with {@code expected}; {@code what} names the value in the reason, e.g. "output 0 'y'". */
    public static Result compare(String what, Value expected, Value actual, Tolerance tolerance) {
        ValueComparator c = new ValueComparator(tolerance);
        c.value(what, expected, actual);
        return new Result(c.mismatch, c.maxAbs, c.maxRel);
    }

    private void fail(String reason) {
        if (mismatch == null) {
            mismatch = reason;
        }
    }

    private void value(String what, Value expected, Value actual) {
        if (actual == null) {
            fail(what + ": expected " + expected.describe() + ", got nothing");
        } else if (expected instanceof TensorValue e && actual instanceof TensorValue a) {
            tensor(what, e.tensor(), a.tensor());
        } else if (expected instanceof SequenceValue e && actual instanceof SequenceValue a) {
            if (e.items().size() != a.items().size()) {
                fail(what + ": expected a sequence of " + e.items().size() + " values, got " + a.items().size());
                return;
            }
            for (int i = 0; i < e.items().size(); i++) {
                value(what + "[" + i + "]", e.items().get(i), a.items().get(i));
            }
        } else if (expected instanceof OptionalValue e && actual instanceof OptionalValue a) {
            if (e.isPresent() != a.isPresent()) {
                fail(what + ": expected " + e.describe() + ", got " + a.describe());
            } else if (e.isPresent()) {
                value(what, e.value(), a.value());
            }
        } else if (expected instanceof MapValue e && actual instanceof MapValue a) {
            map(what, e, a);
        } else {
            fail(what + ": expected " + expected.describe() + ", got " + actual.describe());
        }
    }

    private void map(String what, MapValue e, MapValue a) {
        if (e.keys().type() != a.keys().type() || e.keys().size() != a.keys().size()) {
            fail(what + ": expected " + e.describe() + ", got " + a.describe());
            return;
        }
        List<Value> ev = mapValues(e);
        List<Value> av = mapValues(a);
        Map<Object, Integer> actualIndex = new HashMap<>();
        for (int i = 0; i < a.keys().size(); i++) {
            actualIndex.put(key(a.keys(), i), i);
        }
        for (int i = 0; i < e.keys().size(); i++) {
            Object k = key(e.keys(), i);
            Integer j = actualIndex.get(k);
            if (j == null) {
                fail(what + ": key " + k + " is missing");
                return;
            }
            value(what + "[" + k + "]", ev.get(i), av.get(j));
        }
    }

    private static Object key(Tensor keys, int i) {
        return keys.type() == DataType.STRING ? keys.strings()[i] : (Object) keys.getLong(i);
    }

    /** A map's values one per key, whether held as a sequence or as one tensor with an entry per key. */
    private static List<Value> mapValues(MapValue m) {
        if (m.values() instanceof SequenceValue s) {
            return s.items();
        }
        if (m.values() instanceof TensorValue tv) {
            Tensor t = tv.tensor();
            List<Value> out = new ArrayList<>();
            long n = m.keys().size();
            if (t.rank() == 0 || t.dim(0) != n) {
                throw new IllegalArgumentException("Map values " + tv.describe() + " do not hold one entry per key (" + n + ")");
            }
            for (int i = 0; i < n; i++) {
                out.add(new TensorValue(row(t, i)));
            }
            return out;
        }
        return List.of(m.values());
    }

    /** Row {@code i} of {@code t} along its first axis. */
    private static Tensor row(Tensor t, int i) {
        long[] shape = t.shape();
        long[] rowShape = Arrays.copyOfRange(shape, 1, shape.length);
        int rowLength = (int) Tensor.elementCount(rowShape) * (t.type().isComplex() ? 2 : 1);
        Object src = t.array();
        Object dst = java.lang.reflect.Array.newInstance(src.getClass().getComponentType(), rowLength);
        System.arraycopy(src, i * rowLength, dst, 0, rowLength);
        return Tensor.of(t.type(), rowShape, dst);
    }

    // ---- tensors ----

    private void tensor(String what, Tensor e, Tensor a) {
        if (e.type() != a.type() || !Arrays.equals(e.shape(), a.shape())) {
            fail(what + ": expected " + describe(e) + ", got " + describe(a));
            return;
        }
        if (e.size() == 0) {
            return;
        }
        DataType type = e.type();
        if (type == DataType.STRING) {
            strings(what, e, a);
        } else if (type.isComplex()) {
            numbers(what, e, a, true);
        } else {
            numbers(what, e, a, type.isFloatingPoint());
        }
    }

    private void strings(String what, Tensor e, Tensor a) {
        String[] es = e.strings();
        String[] as = a.strings();
        int differ = 0;
        int first = -1;
        for (int i = 0; i < es.length; i++) {
            if (!es[i].equals(as[i])) {
                differ++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (differ > 0) {
            fail(what + ": string differs at index " + Fmt.index(e.shape(), first) + " (expected \"" + es[first] + "\", got \""
                    + as[first] + "\")" + countNote(differ, es.length));
        }
    }

    /** Numeric elements; {@code approximate} for floating-point and complex types, exact otherwise. */
    private void numbers(String what, Tensor e, Tensor a, boolean approximate) {
        boolean complex = e.type().isComplex();
        int n = complex ? (int) e.size() * 2 : (int) e.size();
        double[] ev = complex ? complexParts(e) : null;
        double[] av = complex ? complexParts(a) : null;
        int differ = 0;
        int worst = -1;
        double worstErr = -1;
        int special = -1;
        for (int i = 0; i < n; i++) {
            double x = complex ? ev[i] : e.getDouble(i);
            double y = complex ? av[i] : a.getDouble(i);
            boolean ok;
            if (!approximate) {
                ok = e.type() == DataType.UINT64 || e.type() == DataType.INT64 ? e.getLong(i) == a.getLong(i) : x == y;
            } else if (Double.isNaN(x) || Double.isNaN(y) || Double.isInfinite(x) || Double.isInfinite(y)) {
                ok = Double.isNaN(x) ? Double.isNaN(y) : x == y;
                if (!ok && special < 0) {
                    special = i;
                }
                if (!ok) {
                    differ++;
                }
                continue;
            } else {
                ok = tolerance.accepts(x, y);
            }
            double err = Math.abs(y - x);
            if (!ok && !approximate && err == 0) {
                err = 1; // int64 values too large for a double to tell apart
            }
            maxAbs = Math.max(maxAbs, err);
            if (x != 0) {
                maxRel = Math.max(maxRel, err / Math.abs(x));
            }
            if (!ok) {
                differ++;
                if (err > worstErr) {
                    worstErr = err;
                    worst = i;
                }
            }
        }
        if (differ == 0) {
            return;
        }
        long[] shape = e.shape();
        if (special >= 0) {
            fail(what + ": expected " + element(e, ev, special) + " at index " + elementIndex(shape, special, complex) + ", got "
                    + element(a, av, special) + countNote(differ, n));
        } else {
            fail(what + ": max abs err " + fmt(worstErr) + " at index " + elementIndex(shape, worst, complex) + " (expected "
                    + element(e, ev, worst) + ", got " + element(a, av, worst) + ")" + countNote(differ, n));
        }
    }

    private static double[] complexParts(Tensor t) {
        if (t.type() == DataType.COMPLEX64) {
            float[] f = t.floats();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        return t.doubles();
    }

    private static String element(Tensor t, double[] parts, int i) {
        if (parts != null) {
            return fmt(parts[i]) + (i % 2 == 0 ? " (real part)" : " (imaginary part)");
        }
        if (t.type().isFloatingPoint()) {
            return fmt(t.getDouble(i));
        }
        if (t.type() == DataType.BOOL) {
            return t.getLong(i) != 0 ? "true" : "false";
        }
        if (t.type() == DataType.UINT64) {
            return Long.toUnsignedString(t.getLong(i));
        }
        return Long.toString(t.getLong(i));
    }

    private static String elementIndex(long[] shape, int i, boolean complex) {
        return Fmt.index(shape, complex ? i / 2 : i);
    }

    private static String countNote(int differ, int n) {
        return differ > 1 ? "; " + differ + " of " + n + " elements differ" : "";
    }

    static String describe(Tensor t) {
        return t.type().displayName() + Arrays.toString(t.shape());
    }

    /** Short human form of a number: up to 6 significant digits, trailing zeros dropped. */
    public static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        int exp = s.indexOf('e');
        String mantissa = exp < 0 ? s : s.substring(0, exp);
        String suffix = exp < 0 ? "" : s.substring(exp);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "");
            if (mantissa.endsWith(".")) {
                mantissa = mantissa.substring(0, mantissa.length() - 1);
            }
        }
        return mantissa + suffix;
    }
}
