package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

/** Element-wise unary math: Abs, Neg, Sign, Exp, Log, Sqrt, Reciprocal, Floor, Ceil, Round, trigonometry, Erf. */
public final class UnaryMath {

    private UnaryMath() {
    }

    public static void abs(OpContext c) {
        Tensor x = c.input(0);
        if (x.type().isUnsigned()) {
            c.output(0, x);
            return;
        }
        c.output(0, Ew.mapNumeric(c, x, Math::abs, Math::abs));
    }

    public static void neg(OpContext c) {
        Tensor x = c.input(0);
        if (x.type().isUnsigned()) {
            throw c.error("Neg does not accept unsigned type " + x.type().displayName());
        }
        c.output(0, Ew.mapNumeric(c, x, v -> -v, v -> -v));
    }

    public static void sign(OpContext c) {
        Tensor x = c.input(0);
        boolean unsigned = x.type().isUnsigned();
        c.output(0, Ew.mapNumeric(c, x, Math::signum, v -> unsigned ? (v != 0 ? 1 : 0) : Long.signum(v)));
    }

    public static void exp(OpContext c) {
        Ew.unaryFloat(c, Math::exp);
    }

    public static void log(OpContext c) {
        Ew.unaryFloat(c, Math::log);
    }

    public static void sqrt(OpContext c) {
        Ew.unaryFloat(c, Math::sqrt);
    }

    public static void reciprocal(OpContext c) {
        Ew.unaryFloat(c, v -> 1 / v);
    }

    public static void floor(OpContext c) {
        Ew.unaryFloat(c, Math::floor);
    }

    public static void ceil(OpContext c) {
        Ew.unaryFloat(c, Math::ceil);
    }

    /** Round half to even. */
    public static void round(OpContext c) {
        Ew.unaryFloat(c, Math::rint);
    }

    public static void sin(OpContext c) {
        Ew.unaryFloat(c, Math::sin);
    }

    public static void cos(OpContext c) {
        Ew.unaryFloat(c, Math::cos);
    }

    public static void tan(OpContext c) {
        Ew.unaryFloat(c, Math::tan);
    }

    public static void asin(OpContext c) {
        Ew.unaryFloat(c, Math::asin);
    }

    public static void acos(OpContext c) {
        Ew.unaryFloat(c, Math::acos);
    }

    public static void atan(OpContext c) {
        Ew.unaryFloat(c, Math::atan);
    }

    public static void sinh(OpContext c) {
        Ew.unaryFloat(c, Math::sinh);
    }

    public static void cosh(OpContext c) {
        Ew.unaryFloat(c, Math::cosh);
    }

    public static void asinh(OpContext c) {
        Ew.unaryFloat(c, MathFunctions::asinh);
    }

    public static void acosh(OpContext c) {
        Ew.unaryFloat(c, MathFunctions::acosh);
    }

    public static void atanh(OpContext c) {
        Ew.unaryFloat(c, MathFunctions::atanh);
    }

    /** Erf accepts integer inputs too (op set 9+), keeping their type. */
    public static void erf(OpContext c) {
        Tensor x = c.input(0);
        if (Ew.isFloat(x.type())) {
            c.output(0, Ew.mapFloat(c, x, MathFunctions::erf));
            return;
        }
        Ew.requireNumeric(c, x, "input");
        double[] v = x.toDoubleArray();
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (long) MathFunctions.erf(v[i]);
        }
        c.output(0, Tensors.fromLongs(x.type(), x.shape(), r));
    }

    public static void isNaN(OpContext c) {
        Tensor x = c.input(0);
        requireAnyFloat(c, x);
        int n = (int) x.size();
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (Double.isNaN(x.getDouble(i)) ? 1 : 0);
        }
        c.output(0, Tensor.of(DataType.BOOL, x.shape(), b));
    }

    public static void isInf(OpContext c) {
        Tensor x = c.input(0);
        requireAnyFloat(c, x);
        boolean neg = c.attrLong("detect_negative", 1) != 0;
        boolean pos = c.attrLong("detect_positive", 1) != 0;
        int n = (int) x.size();
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            double v = x.getDouble(i);
            b[i] = (byte) (v == Double.POSITIVE_INFINITY && pos || v == Double.NEGATIVE_INFINITY && neg ? 1 : 0);
        }
        c.output(0, Tensor.of(DataType.BOOL, x.shape(), b));
    }

    private static void requireAnyFloat(OpContext c, Tensor x) {
        if (!x.type().isFloatingPoint()) {
            throw c.error("input must be a floating-point tensor, got " + x.type().displayName());
        }
    }
}
