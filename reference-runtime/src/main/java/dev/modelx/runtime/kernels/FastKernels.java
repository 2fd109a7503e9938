package dev.modelx.runtime.kernels;

import dev.modelx.runtime.KernelRegistry;
import dev.modelx.runtime.kernels.conv.FastConv;
import dev.modelx.runtime.kernels.elementwise.FastElementwise;
import dev.modelx.runtime.kernels.fast.FloatGemm;
import dev.modelx.runtime.kernels.fast.KernelMode;
import dev.modelx.runtime.kernels.fast.Parallel;
import dev.modelx.runtime.kernels.nn.FastGemm;
import dev.modelx.runtime.kernels.nn.FastLayerNormalization;
import dev.modelx.runtime.kernels.nn.FastMatMul;
import dev.modelx.runtime.kernels.nn.FastSoftmax;
import dev.modelx.runtime.kernels.shape.FastReduceMean;

/**
 * Overrides the hot float32 ops with fast kernels: MatMul, Gemm (from op set 7) and Conv on the fast matrix
 * product of {@code mode}; Add, Sub, Mul, Div, Pow, Relu, Erf, Softmax, LayerNormalization and ReduceMean
 * spread over all cores (all but Erf give the reference kernels' bits; Erf is within one float ulp). Each
 * falls back to its reference kernel for other types and small sizes. PLAIN registers nothing.
 */
public final class FastKernels {

    private FastKernels() {
    }

    public static void register(KernelRegistry r, KernelMode mode) {
        register(r, mode, Parallel.shared());
    }

    public static void register(KernelRegistry r, KernelMode mode, Parallel parallel) {
        if (mode == KernelMode.PLAIN) {
            return;
        }
        FloatGemm gemm = FloatGemm.of(mode, parallel);
        for (int v : new int[] {1, 9, 13}) {
            r.add("MatMul", v, FastMatMul.kernel(gemm));
        }
        r.add("Gemm", 7, FastGemm.v7(gemm));
        r.add("Gemm", 9, FastGemm.v7(gemm));
        r.add("Gemm", 11, FastGemm.v11(gemm));
        r.add("Gemm", 13, FastGemm.v11(gemm));
        for (int v : new int[] {1, 11, 22}) {
            r.add("Conv", v, FastConv.kernel(gemm));
        }
        for (int v : new int[] {1, 6, 7, 13, 14}) {
            r.add("Add", v, FastElementwise.add(parallel));
            r.add("Sub", v, FastElementwise.sub(parallel));
            r.add("Mul", v, FastElementwise.mul(parallel));
            r.add("Div", v, FastElementwise.div(parallel));
        }
        for (int v : new int[] {1, 6, 13, 14}) {
            r.add("Relu", v, FastElementwise.relu(parallel));
        }
        for (int v : new int[] {1, 7, 12, 13, 15}) {
            r.add("Pow", v, FastElementwise.pow(parallel));
        }
        r.add("ReduceMean", 1, FastReduceMean.attrAxes(parallel));
        r.add("ReduceMean", 18, FastReduceMean.inputAxes(parallel));
        r.add("LayerNormalization", 17, FastLayerNormalization.v17(parallel));
        r.add("Erf", 9, FastElementwise.erf(parallel));
        r.add("Erf", 13, FastElementwise.erf(parallel));
        r.add("Softmax", 1, FastSoftmax.v1(parallel));
        r.add("Softmax", 11, FastSoftmax.v1(parallel));
        r.add("Softmax", 13, FastSoftmax.v13(parallel));
    }
}
