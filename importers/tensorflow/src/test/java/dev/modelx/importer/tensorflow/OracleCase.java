package dev.modelx.importer.tensorflow;

import dev.modelx.graph.Tensor;
import java.util.function.Consumer;

/**
 * One single-op graph checked against TensorFlow Java: {@code op} is the TF op under test, {@code variant}
 * the attribute combination, {@code build} adds inputs, the op and its fetched outputs.
 */
record OracleCase(String op, String variant, Consumer<OracleGraph> build, double rtol, double atol, Checker checker) {

    static final double RTOL = 1e-5;
    static final double ATOL = 1e-6;

    /** Compares one fetched output: TF's value {@code want} with the reference runtime's {@code got}. */
    @FunctionalInterface
    interface Checker {
        void check(String output, Tensor want, Tensor got, double rtol, double atol);
    }

    String displayName() {
        return op + " [" + variant + "]";
    }
}
