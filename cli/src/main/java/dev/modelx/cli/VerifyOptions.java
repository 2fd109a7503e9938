package dev.modelx.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The options of a verification, shared by {@code convert --verify} and {@code compare}. */
final class VerifyOptions {

    @Option(names = "--input", paramLabel = "NAME=FILE",
            description = "A value for the source model's input NAME from a .npy or an ONNX TensorProto .pb file (repeatable);"
                    + " inputs not given are generated in ranges that suit them.")
    Map<String, Path> inputs = new LinkedHashMap<>();

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed for the generated inputs and random ops (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dim", paramLabel = "NAME=VALUE",
            description = "Bind a symbolic dimension of the inputs (e.g. batch=4); default 1.")
    Map<String, Long> dims = new LinkedHashMap<>();

    @Option(names = "--rtol", paramLabel = "R",
            description = "Relative tolerance for floating-point outputs (default per element type: float32 1e-4, float16 1e-2, ...;"
                    + " see docs/verification.md).")
    Double rtol;

    @Option(names = "--atol", paramLabel = "A",
            description = "Absolute tolerance for floating-point outputs (default per element type: float32 1e-5, float16 1e-3,"
                    + " ...).")
    Double atol;

    @Option(names = "--oracle", paramLabel = "NAME", defaultValue = "reference",
            description = "Runtime for the source model: reference (built in), onnxruntime, tensorflow (plug-ins, see README)."
                    + " Default ${DEFAULT-VALUE}.")
    String oracle;

    @Option(names = "--oracle-b", paramLabel = "NAME", defaultValue = "reference",
            description = "Runtime for the converted model (default ${DEFAULT-VALUE}).")
    String oracleB;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write the comparison as JSON (the conformance report's case fields, one case per output).")
    Path report;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Write the comparison as a self-contained HTML page with error histograms.")
    Path html;

    /** The first option set to other than its default, or null (for the "add --verify" error). */
    String firstUsed() {
        if (!inputs.isEmpty()) {
            return "--input";
        }
        if (!dims.isEmpty()) {
            return "--dim";
        }
        if (rtol != null) {
            return "--rtol";
        }
        if (atol != null) {
            return "--atol";
        }
        if (!"reference".equals(oracle)) {
            return "--oracle";
        }
        if (!"reference".equals(oracleB)) {
            return "--oracle-b";
        }
        if (report != null) {
            return "--report";
        }
        return html != null ? "--html" : null;
    }
}
