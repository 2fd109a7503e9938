package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/**
 * Gemm: Y = alpha * A' x B' + beta * C with A', B' optionally transposed and C broadcast to (M, N).
 * C is required before op set 11; before op set 7 it only broadcasts when the 'broadcast' attribute is set.
 */
public final class Gemm {

    private Gemm() {
    }

    public static void v1(OpContext c) {
        if (c.optionalInput(2) == null) {
            throw c.error("input C is required before op set 11");
        }
        run(c, c.attrLong("broadcast", 0) != 0);
    }

    public static void v7(OpContext c) {
        if (c.optionalInput(2) == null) {
            throw c.error("input C is required before op set 11");
        }
        run(c, true);
    }

    public static void v11(OpContext c) {
        run(c, true);
    }

    private static void run(OpContext c, boolean broadcastC) {
        Tensor a = c.input(0);
        Tensor b = c.input(1);
        Tensor cc = c.optionalInput(2);
        Nn.requireNumeric(c, a, "A");
        if (a.rank() != 2 || b.rank() != 2) {
            throw c.error("A and B must be 2-D, got " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
        if (b.type() != a.type() || cc != null && cc.type() != a.type()) {
            throw c.error("A, B and C must share one type, got " + a.type().displayName() + ", " + b.type().displayName()
                    + (cc == null ? "" : " and " + cc.type().displayName()));
        }
        boolean ta = c.attrLong("transA", 0) != 0;
        boolean tb = c.attrLong("transB", 0) != 0;
        int m = (int) (ta ? a.dim(1) : a.dim(0));
        int k = (int) (ta ? a.dim(0) : a.dim(1));
        int kb = (int) (tb ? b.dim(1) : b.dim(0));
        int n = (int) (tb ? b.dim(0) : b.dim(1));
        if (k != kb) {
            throw c.error("inner dimensions differ: A " + Arrays.toString(a.shape()) + (ta ? " (transposed)" : "") + " and B "
                    + Arrays.toString(b.shape()) + (tb ? " (transposed)" : ""));
        }
        long[] outShape = {m, n};
        Tensor.checkAllocatable((long) m * n, DataType.DOUBLE);
        int[] ci = null;
        if (cc != null) {
            if (!broadcastC && !Arrays.equals(cc.shape(), outShape)) {
                throw c.error("C of shape " + Arrays.toString(cc.shape()) + " must be " + Arrays.toString(outShape)
                        + " when 'broadcast' is not set");
            }
            ci = Nn.unidirectional(c, cc, outShape, "C");
        }
        double alpha = c.attrFloat("alpha", 1f);
        double beta = c.attrFloat("beta", 1f);
        DataType t = a.type();
        MatMulPlan p = MatMulPlan.of(c, new long[] {m, k}, new long[] {k, n});
        if (t.isFloatingPoint()) {
            double[] av = Nn.doubles(a);
            double[] bv = Nn.doubles(b);
            double[] y = p.run(ta ? transpose(av, k, m) : av, tb ? transpose(bv, n, k) : bv);
            double[] cv = cc == null ? null : Nn.doubles(cc);
            for (int i = 0; i < y.length; i++) {
                y[i] = alpha * y[i] + (cv == null ? 0 : beta * cv[ci[i]]);
            }
            c.output(0, Tensors.fromDoubles(t, outShape, y));
        } else {
            long[] av = a.toLongArray();
            long[] bv = b.toLongArray();
            long[] y = p.run(ta ? transpose(av, k, m) : av, tb ? transpose(bv, n, k) : bv);
            long[] cv = cc == null ? null : cc.toLongArray();
            for (int i = 0; i < y.length; i++) {
                long bias = cv == null ? 0 : cv[ci[i]];
                y[i] = alpha == 1 && beta == 1 ? y[i] + bias : (long) (alpha * y[i] + beta * bias);
            }
            c.output(0, Tensors.fromLongs(t, outShape, y));
        }
    }

    private static double[] transpose(double[] v, int rows, int cols) {
        double[] t = new double[v.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = v[i * cols + j];
            }
        }
        return t;
    }

    private static long[] transpose(long[] v, int rows, int cols) {
        long[] t = new long[v.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = v[i * cols + j];
            }
        }
        return t;
    }
}
