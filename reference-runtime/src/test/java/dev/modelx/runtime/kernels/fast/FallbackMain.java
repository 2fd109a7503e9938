package dev.modelx.runtime.kernels.fast;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.Kernels;

import java.util.Random;

/**
 * Run in a separate JVM by {@link KernelModeTest} (with or without --add-modules jdk.incubator.vector and
 * -Dmodelx.kernels): prints the mode in effect and a digest of a MatMul and a Conv result computed with the
 * default registry, so the test can compare them bit for bit with the same ops run in its own JVM.
 */
public final class FallbackMain {

    private FallbackMain() {
    }

    public static void main(String[] args) {
        System.out.println("vectorApi=" + KernelMode.vectorApiAvailable());
        System.out.println("mode=" + KernelMode.fromSystemProperty());
        Tensor[] r = KernelModeTest.sample(Kernels.defaultRegistry());
        System.out.println("matmul=" + KernelModeTest.digest(r[0]));
        System.out.println("conv=" + KernelModeTest.digest(r[1]));
    }
}
