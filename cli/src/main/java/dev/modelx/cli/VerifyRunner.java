package dev.modelx.cli;

import dev.modelx.graph.Tensor;
import dev.modelx.graph.io.Npy;
import dev.modelx.importer.onnx.OnnxTensors;
import dev.modelx.verify.ModelSource;
import dev.modelx.verify.Oracle;
import dev.modelx.verify.Oracles;
import dev.modelx.verify.ToleranceSpec;
import dev.modelx.verify.VerificationReport;
import dev.modelx.verify.VerificationResult;
import dev.modelx.verify.Verifier;
import dev.modelx.verify.VerifyListener;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Runs a verification for the CLI: builds the {@link Verifier}, prints the result, writes the reports. */
final class VerifyRunner {

    private VerifyRunner() {
    }

    /** Models with at least this many nodes get a progress bar per stage (running A, running B, bisecting). */
    static final int PROGRESS_MIN_NODES = 200;

    /**
     * Verifies {@code b} against {@code a}, printing the result to {@code out} and progress to {@code err}; returns the
     * exit code (0 when every output is within tolerance, else 1).
     */
    static int run(VerifyOptions o, ModelSource a, ModelSource b, boolean bisect, PrintWriter out, PrintWriter err) throws Exception {
        Oracle oracleA = oracle(o.oracle);
        Oracle oracleB = oracle(o.oracleB);
        Map<String, Tensor> given = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : o.inputs.entrySet()) {
            given.put(e.getKey(), readTensor(e.getValue()));
        }
        VerificationResult r;
        try {
            r = new Verifier().oracleA(oracleA).oracleB(oracleB).tolerance(new ToleranceSpec(o.rtol, o.atol)).seed(o.seed)
                    .dims(o.dims).inputs(given).bisect(bisect).listener(new Progress(err)).verify(a, b);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        for (String line : VerificationReport.lines(r)) {
            out.println(line);
        }
        if (o.report != null) {
            VerificationReport.writeJson(r, o.report);
            out.println("wrote " + o.report);
        }
        if (o.html != null) {
            VerificationReport.writeHtml(r, o.html);
            out.println("wrote " + o.html);
        }
        out.flush();
        return r.passed() ? 0 : 1;
    }

    /** A {@link ProgressBar} per stage of a large model's verification. */
    private static final class Progress implements VerifyListener {
        private final PrintWriter err;
        private ProgressBar bar;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void stage(String name, int nodes) {
            done();
            if (nodes >= PROGRESS_MIN_NODES) {
                bar = new ProgressBar(err, name, nodes);
            }
        }

        @Override
        public void step(String node) {
            if (bar != null) {
                bar.step(node);
            }
        }

        @Override
        public void done() {
            if (bar != null) {
                bar.finish();
                bar = null;
            }
        }
    }

    private static Oracle oracle(String name) {
        try {
            return Oracles.find(name);
        } catch (Oracles.OracleUnavailableException e) {
            throw new CliException(e.getMessage());
        }
    }

    /** An input tensor from a .npy file or an ONNX TensorProto .pb file. */
    static Tensor readTensor(Path p) throws Exception {
        if (!Files.isRegularFile(p)) {
            throw new CliException(p + ": no such file");
        }
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".pb") ? OnnxTensors.read(p) : Npy.read(p);
    }
}
