package dev.modelx.runtime.kernels;

import dev.modelx.runtime.KernelRegistry;

/** Registers this family's kernels. */
public final class MiscKernels {

    private MiscKernels() {
    }

    public static void register(KernelRegistry r) {
    }
}
