package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.Kernel;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.kernels.fast.FloatGemm;


/**
 * Gemm (op set 7 on) on the fast float32 product for float tensors with at least {@link FastMatMul#MIN_WORK}
 * multiply-adds; transposed operands are copied into row-major order first. Anything else, and every error
 * case, runs the reference kernel {@link Gemm}.
 */
public final class FastGemm {

    private FastGemm() {
    }

    /** Op sets 7 and 9 (C required). */
    public static Kernel v7(FloatGemm gemm) {
        return c -> run(c, gemm, true);
    }

    /** Op set 11 on (C optional). */
    public static Kernel v11(FloatGemm gemm) {
        return c -> run(c, gemm, false);
    }

    private static void run(OpContext c, FloatGemm gemm, boolean requireC) {
        Tensor a = c.input(0);
        Tensor b = c.input(1);
        Tensor cc = c.optionalInput(2);
        boolean floats = a.type() == DataType.FLOAT && b.type() == DataType.FLOAT && (cc == null || cc.type() == DataType.FLOAT);
        if (!floats || a.rank() != 2 || b.rank() != 2 || requireC && cc == null) {
            reference(c, requireC);
            return;
        }
        boolean ta = c.attrLong("transA", 0) != 0;
        boolean tb = c.attrLong("transB", 0) != 0;
        int m = (int) (ta ? a.dim(1) : a.dim(0));
        int k = (int) (ta ? a.dim(0) : a.dim(1));
        int kb = (int) (tb ? b.dim(1) : b.dim(0));
        int n = (int) (tb ? b.dim(0) : b.dim(1));
        if (k != kb || (long) m * n * k < FastMatMul.MIN_WORK) {
            reference(c, requireC);
            return;
        }
        long[] outShape = {m, n};
        int[] ci = cc == null ? null : Nn.unidirectional(c, cc, outShape, "C");
        Tensor.checkAllocatable((long) m * n, DataType.FLOAT);
        float[] av = ta ? transpose(a.floats(), k, m) : a.floats();
        float[] bv = tb ? transpose(b.floats(), n, k) : b.floats();
        float[] y = new float[m * n];
        gemm.multiply(av, 0, bv, 0, y, 0, m, k, n);
        double alpha = c.attrFloat("alpha", 1f);
        double beta = c.attrFloat("beta", 1f);
        if (cc != null || alpha != 1) {
            float[] cv = cc == null ? null : cc.floats();
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) (alpha * y[i] + (cv == null ? 0 : beta * cv[ci[i]]));
            }
        }
        c.output(0, Tensor.of(DataType.FLOAT, outShape, y));
    }

    private static void reference(OpContext c, boolean requireC) {
        if (requireC) {
            Gemm.v7(c);
        } else {
            Gemm.v11(c);
        }
    }

    /** The (cols x rows) transpose of a row-major (rows x cols) matrix. */
    static float[] transpose(float[] v, int rows, int cols) {
        float[] t = new float[v.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = v[i * cols + j];
            }
        }
        return t;
    }
}
