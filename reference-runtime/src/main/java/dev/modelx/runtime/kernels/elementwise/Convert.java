package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.SmallFloats;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Element type conversion with ONNX Cast semantics: floats truncate toward zero into integers, integers
 * wrap into narrower integers, anything non-zero (NaN included) is true, float8 types saturate unless told
 * not to, strings parse and print numbers.
 */
public final class Convert {

    private Convert() {
    }

    /** Converts {@code x} to {@code to}; {@code roundMode} only matters for float8e8m0. */
    public static Tensor convert(OpContext c, Tensor x, DataType to, boolean saturate, String roundMode) {
        DataType from = x.type();
        long[] shape = x.shape();
        if (from.isComplex() || to.isComplex()) {
            throw c.error("cannot cast " + from.displayName() + " to " + to.displayName() + ": complex types are not supported");
        }
        if (to == DataType.UNDEFINED) {
            throw c.error("cannot cast to an undefined type");
        }
        if (from == to) {
            return x;
        }
        if (to == DataType.STRING) {
            return toStrings(x);
        }
        if (from == DataType.STRING) {
            return fromStrings(c, x, to);
        }
        int n = (int) x.size();
        if (to == DataType.FLOAT8E8M0) {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) SmallFloats.encodeE8m0(floatValue(x, i), saturate, roundMode);
            }
            return Tensor.of(to, shape, b);
        }
        if (SmallFloats.isSmall(to)) {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) SmallFloats.encode(to, value(x, i), saturate);
            }
            return Tensor.of(to, shape, b);
        }
        if (to == DataType.FLOAT && (from == DataType.INT64 || from == DataType.UINT64)) {
            float[] f = new float[n];
            long[] v = x.longs();
            for (int i = 0; i < n; i++) {
                f[i] = from == DataType.INT64 ? (float) v[i] : unsignedToFloat(v[i]);
            }
            return Tensor.of(to, shape, f);
        }
        if (to.isFloatingPoint()) {
            return Ew.fromDoubles(to, shape, doubles(x));
        }
        if (to == DataType.BOOL) {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) (from.isFloatingPoint() ? (x.getDouble(i) != 0 ? 1 : 0) : (x.getLong(i) != 0 ? 1 : 0));
            }
            return Tensor.of(to, shape, b);
        }
        long[] v = new long[n];
        if (from.isFloatingPoint()) {
            for (int i = 0; i < n; i++) {
                v[i] = truncate(x.getDouble(i));
            }
        } else {
            v = x.toLongArray();
        }
        return Tensors.fromLongs(to, shape, v);
    }

    private static float floatValue(Tensor x, int i) {
        return (float) value(x, i);
    }

    /** Element i as a double; a NaN code of a float8 type with its sign bit set reads as a negative NaN. */
    static double value(Tensor x, int i) {
        double v = x.getDouble(i);
        if (Double.isNaN(v) && SmallFloats.isSmall(x.type()) && x.type() != DataType.FLOAT8E8M0 && (x.bytes()[i] & 0x80) != 0) {
            return Double.longBitsToDouble(0xfff8000000000000L);
        }
        return v;
    }

    static double[] doubles(Tensor x) {
        if (!SmallFloats.isSmall(x.type())) {
            return x.toDoubleArray();
        }
        double[] d = new double[(int) x.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = value(x, i);
        }
        return d;
    }

    /** double to long toward zero; values of 2^63 and above keep their unsigned 64-bit pattern. */
    static long truncate(double d) {
        if (d >= 0x1p63 && d < 0x1p64) {
            return (long) (d - 0x1p63) + Long.MIN_VALUE;
        }
        return (long) d;
    }

    static float unsignedToFloat(long v) {
        if (v >= 0) {
            return (float) v;
        }
        // Halve with the lost bit kept as a sticky bit, so a single rounding happens in the float conversion.
        return (float) ((v >>> 1) | (v & 1)) * 2f;
    }

    private static Tensor toStrings(Tensor x) {
        int n = (int) x.size();
        String[] s = new String[n];
        DataType t = x.type();
        for (int i = 0; i < n; i++) {
            if (t == DataType.BOOL) {
                s[i] = x.getLong(i) != 0 ? "True" : "False";
            } else if (t == DataType.UINT64) {
                s[i] = Long.toUnsignedString(x.getLong(i));
            } else if (t.isFloatingPoint()) {
                s[i] = formatFloat(x.getDouble(i), t == DataType.DOUBLE);
            } else {
                s[i] = Long.toString(x.getLong(i));
            }
        }
        return Tensor.of(DataType.STRING, x.shape(), s);
    }

    /** numpy-like text of a float: shortest round-trip digits, plain notation for moderate magnitudes. */
    static String formatFloat(double v, boolean isDouble) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String shortest = isDouble ? Double.toString(v) : Float.toString((float) v);
        BigDecimal d = new BigDecimal(shortest);
        double a = Math.abs(v);
        if (a == 0 || a >= 1e-4 && a < 1e16) {
            String plain = d.toPlainString();
            if (!plain.contains(".")) {
                plain += ".0";
            }
            if (v == 0 && 1 / v < 0 && !plain.startsWith("-")) {
                plain = "-" + plain;
            }
            return plain;
        }
        BigDecimal unscaled = d.stripTrailingZeros();
        int exp = unscaled.precision() - unscaled.scale() - 1;
        String digits = unscaled.unscaledValue().abs().toString();
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (v < 0 ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exp));
    }

    private static Tensor fromStrings(OpContext c, Tensor x, DataType to) {
        String[] s = x.strings();
        int n = s.length;
        if (to.isFloatingPoint()) {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = parseDouble(c, s[i]);
            }
            return Ew.fromDoubles(to, x.shape(), d);
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            String t = s[i].trim();
            if (to == DataType.BOOL && (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false"))) {
                v[i] = t.equalsIgnoreCase("true") ? 1 : 0;
                continue;
            }
            try {
                v[i] = to == DataType.UINT64 && !t.startsWith("-") ? Long.parseUnsignedLong(t.startsWith("+") ? t.substring(1) : t)
                        : Long.parseLong(t);
            } catch (NumberFormatException e) {
                double d = parseDouble(c, t);
                v[i] = to == DataType.BOOL ? (d != 0 ? 1 : 0) : truncate(d);
            }
        }
        return Tensors.fromLongs(to, x.shape(), v);
    }

    static double parseDouble(OpContext c, String text) {
        String t = text.trim();
        String u = t.toUpperCase(Locale.ROOT);
        switch (u) {
            case "INF", "+INF", "INFINITY", "+INFINITY" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-INF", "-INFINITY" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "NAN", "+NAN", "-NAN" -> {
                return Double.NaN;
            }
            default -> {
            }
        }
        if (t.isEmpty() || u.endsWith("D") || u.endsWith("F") || u.startsWith("0X") || u.contains("P")) {
            throw c.error("cannot parse '" + text + "' as a number");
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw c.error("cannot parse '" + text + "' as a number");
        }
    }
}
