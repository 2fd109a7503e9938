package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.Kernel;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.kernels.fast.FloatGemm;

/**
 * MatMul on the fast float32 product ({@link FloatGemm}) for float tensors with at least {@link #MIN_WORK}
 * multiply-adds; anything else runs the reference kernel {@link MatMul}. Sums in float with fused multiply-adds
 * (the reference sums in double), so results differ from it by float rounding only.
 */
public final class FastMatMul {

    /** Below this many multiply-adds the reference kernel is used (tiny products gain nothing from threads). */
    public static final long MIN_WORK = 1 << 15;

    private FastMatMul() {
    }

    public static Kernel kernel(FloatGemm gemm) {
        return c -> run(c, gemm);
    }

    static void run(OpContext c, FloatGemm gemm) {
        Tensor a = c.input(0);
        Tensor b = c.input(1);
        if (a.type() != DataType.FLOAT || b.type() != DataType.FLOAT) {
            MatMul.run(c);
            return;
        }
        MatMulPlan p = MatMulPlan.of(c, a.shape(), b.shape());
        if ((long) p.batches * p.m * p.n * p.k < MIN_WORK) {
            MatMul.run(c);
            return;
        }
        Tensor.checkAllocatable(p.outSize(), DataType.FLOAT);
        float[] y = new float[p.outSize()];
        float[] av = a.floats();
        float[] bv = b.floats();
        if (stacked(p)) {
            // every A matrix against the one B, in order: one (batches * m) x k product
            gemm.multiply(av, 0, bv, 0, y, 0, p.batches * p.m, p.k, p.n);
        } else {
            int[] aOffs = new int[p.batches];
            int[] bOffs = new int[p.batches];
            int[] cOffs = new int[p.batches];
            for (int t = 0; t < p.batches; t++) {
                aOffs[t] = p.aMatrix[t] * p.m * p.k;
                bOffs[t] = p.bMatrix[t] * p.k * p.n;
                cOffs[t] = t * p.m * p.n;
            }
            gemm.multiply(av, aOffs, bv, bOffs, y, cOffs, p.m, p.k, p.n);
        }
        c.output(0, Tensor.of(DataType.FLOAT, p.outShape, y));
    }

    private static boolean stacked(MatMulPlan p) {
        for (int t = 0; t < p.batches; t++) {
            if (p.aMatrix[t] != t || p.bMatrix[t] != 0) {
                return false;
            }
        }
        return true;
    }
}
