package dev.modelx.verify;

import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link Verifier#verify}: what ran where, the inputs, each output's comparison and, when asked
 * for and an output failed, the bisection.
 *
 * @param a         the source model
 * @param b         the converted model
 * @param oracleA   the oracle that ran A (its {@link Oracle#description()})
 * @param oracleB   the oracle that ran B
 * @param seed      the seed of the generated inputs
 * @param dims      symbolic dimensions as bound for the generated inputs
 * @param tolerance the tolerances
 * @param inputs    the inputs, as fed to A, with B's names
 * @param outputs   one result per output of A
 * @param error     why the verification could not compare (a model failed to run), or null
 * @param bisection the first divergence, or null when not asked for or not needed
 * @param millisA   A's run time
 * @param millisB   B's run time
 * @param notes     remarks (B outputs with no counterpart in A, inputs converted to B's element types)
 */
public record VerificationResult(ModelSource a, ModelSource b, String oracleA, String oracleB, long seed,
                                 Map<String, Long> dims, ToleranceSpec tolerance, List<InputInfo> inputs,
                                 List<OutputResult> outputs, String error, Bisection bisection, long millisA, long millisB,
                                 List<String> notes) {

    /** One input: its name in A and B, how they were paired, the value's statistics and where the value came from. */
    public record InputInfo(String name, String nameB, String matchedBy, TensorStats stats, boolean given, String origin) {
    }

    public VerificationResult {
        dims = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dims));
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        notes = List.copyOf(notes);
    }

    /** True when both models ran and every output is within tolerance. */
    public boolean passed() {
        return error == null && !outputs.isEmpty() && outputs.stream().allMatch(OutputResult::passed);
    }

    public long failedCount() {
        return outputs.stream().filter(o -> !o.passed()).count();
    }

    /** {@code onnx->tf-savedmodel}: the direction of the conversion, the "folder" of the report's cases. */
    public String direction() {
        return a.formatOrDefault() + "->" + b.formatOrDefault();
    }

    public VerificationResult withBisection(Bisection bis) {
        return new VerificationResult(a, b, oracleA, oracleB, seed, dims, tolerance, inputs, outputs, error, bis, millisA,
                millisB, notes);
    }
}
