package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;
import dev.modelx.runtime.Tensors;

import java.util.function.LongBinaryOperator;

/** Add, Sub, Mul, Div, Pow, Mod with multidirectional broadcasting. */
public final class Arithmetic {

    private Arithmetic() {
    }

    public static void add(OpContext c) {
        c.output(0, Binary.numeric(c, Double::sum, t -> Long::sum));
    }

    public static void sub(OpContext c) {
        c.output(0, Binary.numeric(c, (a, b) -> a - b, t -> (a, b) -> a - b));
    }

    public static void mul(OpContext c) {
        c.output(0, Binary.numeric(c, (a, b) -> a * b, t -> (a, b) -> a * b));
    }

    /** Integer division truncates toward zero; division by zero is an error for integers. */
    public static void div(OpContext c) {
        c.output(0, Binary.numeric(c, (a, b) -> a / b, t -> {
            LongBinaryOperator op = t == DataType.UINT64 ? Long::divideUnsigned : (a, b) -> a / b;
            return (a, b) -> {
                if (b == 0) {
                    throw c.error("integer division by zero");
                }
                return op.applyAsLong(a, b);
            };
        }));
    }

    /**
     * fmod=0: the result takes the divisor's sign (Python's %); fmod=1: the dividend's sign (C fmod).
     * Integer modulo by zero is an error.
     */
    public static void mod(OpContext c) {
        boolean fmod = c.attrLong("fmod", 0) != 0;
        c.output(0, Binary.numeric(c, (a, b) -> fmod ? a % b : floorMod(a, b), t -> {
            LongBinaryOperator op;
            if (t == DataType.UINT64) {
                op = Long::remainderUnsigned;
            } else {
                op = fmod ? (a, b) -> a % b : Math::floorMod;
            }
            return (a, b) -> {
                if (b == 0) {
                    throw c.error("integer modulo by zero");
                }
                return op.applyAsLong(a, b);
            };
        }));
    }

    private static double floorMod(double a, double b) {
        double r = a % b;
        if (r != 0 && (r < 0) != (b < 0)) {
            r += b;
        }
        return r;
    }

    /** Pow: the result has the base's type; the exponent may be of another numeric type (op set 12+). */
    public static void pow(OpContext c) {
        Tensor x = c.input(0);
        Tensor y = c.input(1);
        Ew.requireNumeric(c, x, "X");
        Ew.requireNumeric(c, y, "Y");
        if (c.opset() < 12) {
            Ew.requireSameType(c, x, y, "X and Y");
        }
        long[][] s = Binary.shapes(c, x, y);
        long[] out = Ew.broadcast(c, x.type(), s[0], s[1]);
        int[] ix = Shapes.broadcastIndex(s[0], out);
        int[] iy = Shapes.broadcastIndex(s[1], out);
        int n = ix.length;
        if (Ew.isFloat(x.type()) || Ew.isFloat(y.type())) {
            double[] a = x.toDoubleArray();
            double[] b = y.toDoubleArray();
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = Math.pow(a[ix[i]], b[iy[i]]);
            }
            if (Ew.isFloat(x.type())) {
                c.output(0, Ew.fromDoubles(x.type(), out, r));
            } else {
                long[] l = new long[n];
                for (int i = 0; i < n; i++) {
                    l[i] = Convert.truncate(r[i]);
                }
                c.output(0, Tensors.fromLongs(x.type(), out, l));
            }
            return;
        }
        long[] a = x.toLongArray();
        long[] b = y.toLongArray();
        boolean unsignedExp = y.type() == DataType.UINT64;
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = intPow(a[ix[i]], b[iy[i]], unsignedExp);
        }
        c.output(0, Tensors.fromLongs(x.type(), out, r));
    }

    /** base^exp with wrapping multiplication; negative exponents give the truncated quotient (0 unless |base| is 1). */
    static long intPow(long base, long exp, boolean unsignedExp) {
        if (exp < 0 && !unsignedExp) {
            if (base == 1) {
                return 1;
            }
            if (base == -1) {
                return (exp & 1) == 0 ? 1 : -1;
            }
            return 0;
        }
        long result = 1;
        long b = base;
        long e = exp;
        while (e != 0) {
            if ((e & 1) != 0) {
                result *= b;
            }
            b *= b;
            e >>>= 1;
        }
        return result;
    }
}
