package dev.modelx.verify;

/**
 * A runtime that runs models for verification. The reference runtime is built in ({@link ReferenceOracle}); others
 * (ONNX Runtime, TensorFlow) are plug-in modules found with {@link java.util.ServiceLoader}: a jar on the class path
 * with {@code META-INF/services/dev.modelx.verify.Oracle} naming the implementation. See {@link Oracles}.
 */
public interface Oracle {

    /** The name used with {@code --oracle}: "reference", "onnxruntime", "tensorflow". */
    String name();

    /** One line for reports, e.g. "ONNX Runtime 1.20.0 (CPU, basic optimisations)". */
    String description();

    /** Null when this oracle can run {@code source}; otherwise one line saying why not. */
    String whyNot(ModelSource source);

    /** Prepares {@code source} for running; {@code seed} drives random ops where the runtime lets it. */
    OracleSession open(ModelSource source, long seed) throws Exception;
}
