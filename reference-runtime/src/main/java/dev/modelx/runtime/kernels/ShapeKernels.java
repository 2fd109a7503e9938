package dev.modelx.runtime.kernels;

import dev.modelx.runtime.KernelRegistry;
import dev.modelx.runtime.kernels.shape.ShapeOps;

/** Registers this family's kernels. */
public final class ShapeKernels {

    private ShapeKernels() {
    }

    public static void register(KernelRegistry r) {
        ShapeOps.register(r);
    }
}
