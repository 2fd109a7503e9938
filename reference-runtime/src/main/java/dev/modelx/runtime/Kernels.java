package dev.modelx.runtime;

import dev.modelx.runtime.kernels.AttentionKernels;
import dev.modelx.runtime.kernels.ControlFlowKernels;
import dev.modelx.runtime.kernels.ConvKernels;
import dev.modelx.runtime.kernels.ElementwiseKernels;
import dev.modelx.runtime.kernels.MiscKernels;
import dev.modelx.runtime.kernels.NnKernels;
import dev.modelx.runtime.kernels.ShapeKernels;

/** The reference CPU kernels, one family class per area of the operator set. */
public final class Kernels {

    private static volatile KernelRegistry defaultRegistry;

    private Kernels() {
    }

    /** A registry holding every reference kernel (built once, shared; do not modify it). */
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

    /** A fresh registry with every reference kernel, to extend or override op by op. */
    public static KernelRegistry newRegistry() {
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
