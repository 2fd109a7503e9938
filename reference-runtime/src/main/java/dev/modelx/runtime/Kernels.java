package dev.modelx.runtime;

import dev.modelx.runtime.kernels.AttentionKernels;
import dev.modelx.runtime.kernels.ControlFlowKernels;
import dev.modelx.runtime.kernels.ConvKernels;
import dev.modelx.runtime.kernels.ElementwiseKernels;
import dev.modelx.runtime.kernels.FastKernels;
import dev.modelx.runtime.kernels.MiscKernels;
import dev.modelx.runtime.kernels.NnKernels;
import dev.modelx.runtime.kernels.ShapeKernels;
import dev.modelx.runtime.kernels.fast.KernelMode;

/**
 * The reference CPU kernels, one family class per area of the operator set, with the fast float32 kernels
 * for MatMul, Gemm and Conv on top as the system property {@value KernelMode#PROPERTY} selects (see
 * {@link KernelMode}; {@code -Dmodelx.kernels=plain} keeps the reference kernels only).
 */
public final class Kernels {

    private static volatile KernelRegistry defaultRegistry;

    private Kernels() {
    }

    /** A registry holding every kernel, fast ones as the system property selects (built once, shared; do not modify it). */
    public static KernelRegistry defaultRegistry() {
        KernelRegistry r = defaultRegistry;
        if (r == null) {
            synchronized (Kernels.class) {
                r = defaultRegistry;
                if (r == null) {
                    r = newRegistry();
                    defaultRegistry = r;
                }
            }
        }
        return r;
    }

    /** A fresh registry with every kernel, fast ones as the system property selects, to extend or override op by op. */
    public static KernelRegistry newRegistry() {
        return newRegistry(KernelMode.fromSystemProperty());
    }

    /** A fresh registry with every reference kernel and the fast kernels of {@code mode} (none for PLAIN). */
    public static KernelRegistry newRegistry(KernelMode mode) {
        KernelRegistry r = newPlainRegistry();
        FastKernels.register(r, mode);
        return r;
    }

    /** A fresh registry with the reference kernels only (single-threaded; floating types summed in double). */
    public static KernelRegistry newPlainRegistry() {
        KernelRegistry r = new KernelRegistry();
        ElementwiseKernels.register(r);
        ShapeKernels.register(r);
        NnKernels.register(r);
        ConvKernels.register(r);
        AttentionKernels.register(r);
        ControlFlowKernels.register(r);
        MiscKernels.register(r);
        return r;
    }
}
