package dev.modelx.conformance.realmodels;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Model;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.io.Corpus;
import dev.modelx.importer.onnx.OnnxImporter;
import dev.modelx.importer.onnx.OnnxTensors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ONNX Runtime as the oracle over the whole-network parts of the ONNX backend corpus: every model in light/,
 * pytorch-converted/ and pytorch-operator/ runs on the reference runtime and on ORT with the same inputs, and every
 * graph output, and every intermediate tensor a top-level node computes (see {@link DualRun}), must agree within
 * rtol 1e-4, atol 1e-4 ({@code |ours - ORT| <= atol + rtol * |ORT|}). The intermediates matter most for light/:
 * its weights are ConstantOfShape fills, so every light model's final output is a constant (softmax of equal
 * logits, 1/1000) that would hide almost any kernel error. Light models are fed {@code arange(n).reshape(shape)/n}
 * as float32 (what onnx's own runner feeds them); the pytorch-* models their stored {@code test_data_set_0}
 * inputs. A model ORT rejects (op set 6 and older ops ORT 1.20 no longer implements, types its Java API cannot
 * build) is "oracle unavailable", listed with ORT's reason and counted apart from passes. Each folder asserts a
 * floor on its passes.
 */
class OrtOracleCorpusTest {

    /**
     * Passes when this test was written: every model ORT 1.20 can run. The rest are oracle unavailable: ORT has no
     * kernel for the op-set-6 (and older) versions of Add, Mul, Gemm, PRelu, BatchNormalization, AveragePool-1 and
     * Pow-1 those old PyTorch exports use (23 in pytorch-converted, 11 in pytorch-operator).
     */
    static final int LIGHT_FLOOR = 9;
    static final int PYTORCH_CONVERTED_FLOOR = 59;
    static final int PYTORCH_OPERATOR_FLOOR = 24;

    enum Status { PASS, MISMATCH, REFERENCE_ERROR, ORACLE_UNAVAILABLE }

    /**
     * @param maxAbsError   largest |ours - ORT| over the graph outputs
     * @param intermediates how many intermediate node outputs were compared as well
     * @param toleranceUse  the largest share of the tolerance any compared element used
     */
    record Outcome(String model, Status status, double maxAbsError, String detail, double oursSeconds, double ortSeconds,
                   int intermediates, double toleranceUse) {
    }

    @Test
    void light() throws IOException {
        List<Path> models = listed("light", p -> p.getFileName().toString().matches("light_.*\\.onnx"));
        report("light", run(models, OrtOracleCorpusTest::lightInputs), LIGHT_FLOOR);
    }

    @Test
    void pytorchConverted() throws IOException {
        List<Path> models = listed("pytorch-converted", p -> Files.isRegularFile(p.resolve("model.onnx"))).stream()
                .map(p -> p.resolve("model.onnx")).toList();
        report("pytorch-converted", run(models, OrtOracleCorpusTest::storedInputs), PYTORCH_CONVERTED_FLOOR);
    }

    @Test
    void pytorchOperator() throws IOException {
        List<Path> models = listed("pytorch-operator", p -> Files.isRegularFile(p.resolve("model.onnx"))).stream()
                .map(p -> p.resolve("model.onnx")).toList();
        report("pytorch-operator", run(models, OrtOracleCorpusTest::storedInputs), PYTORCH_OPERATOR_FLOOR);
    }

    // ---- inputs ----

    interface Inputs {
        Map<String, Tensor> of(Path modelFile, Model model) throws IOException;
    }

    /** {@code arange(n).reshape(shape) / n} as float32 for every fed input; unknown dimensions taken as 1. */
    static Map<String, Tensor> lightInputs(Path modelFile, Model model) {
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (ValueInfo in : model.graph().feedInputs()) {
            if (!(in.type() instanceof Type.TensorType tt) || tt.elementType() != DataType.FLOAT || tt.shape() == null) {
                throw new IllegalArgumentException("light input '" + in.name() + "' is " + in.type() + ", not a float tensor");
            }
            Shape s = tt.shape();
            long[] shape = new long[s.rank()];
            for (int i = 0; i < shape.length; i++) {
                Dim d = s.dim(i);
                shape[i] = d.isStatic() ? d.value() : 1;
            }
            int n = (int) Tensor.elementCount(shape);
            float[] data = new float[n];
            for (int i = 0; i < n; i++) {
                data[i] = (float) ((double) i / n);
            }
            feeds.put(in.name(), Tensor.ofFloats(shape, data));
        }
        return feeds;
    }

    /** {@code test_data_set_0/input_N.pb} for the N-th fed input. */
    static Map<String, Tensor> storedInputs(Path modelFile, Model model) {
        Path dir = modelFile.resolveSibling("test_data_set_0");
        List<ValueInfo> inputs = model.graph().feedInputs();
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (int n = 0; Files.isRegularFile(dir.resolve("input_" + n + ".pb")); n++) {
            if (n >= inputs.size()) {
                throw new IllegalArgumentException(dir + " has input_" + n + ".pb but the model feeds " + inputs.size() + " inputs");
            }
            feeds.put(inputs.get(n).name(), OnnxTensors.read(dir.resolve("input_" + n + ".pb")));
        }
        return feeds;
    }

    // ---- running ----

    private static List<Outcome> run(List<Path> models, Inputs inputs) {
        List<Outcome> out = new ArrayList<>();
        for (Path file : models) {
            out.add(runOne(file, inputs));
        }
        return out;
    }

    private static Outcome runOne(Path file, Inputs inputs) {
        String name = Corpus.onnxBackendTests().relativize(file).toString().replace('\\', '/');
        Model model;
        Map<String, Tensor> feeds;
        try {
            model = new OnnxImporter().read(file);
            feeds = inputs.of(file, model);
        } catch (Exception e) {
            return new Outcome(name, Status.REFERENCE_ERROR, Double.NaN, "import/inputs: " + DualRun.oneLine(e.toString()), 0, 0, 0, 0);
        }
        DualRun r = DualRun.of(file, model, feeds, true);
        if (r.oracleError != null) {
            return new Outcome(name, Status.ORACLE_UNAVAILABLE, Double.NaN, r.oracleError
                    + (r.referenceError == null ? "" : " (the reference runtime failed too: " + r.referenceError + ")"),
                    r.oursSeconds, r.ortSeconds, 0, 0);
        }
        if (r.referenceError != null) {
            return new Outcome(name, Status.REFERENCE_ERROR, Double.NaN, r.referenceError, r.oursSeconds, r.ortSeconds, 0, 0);
        }
        String detail = r.mismatches();
        if (!r.intermediatesNote.isEmpty()) {
            detail += (detail.isEmpty() ? "" : "; ") + r.intermediatesNote;
        }
        return new Outcome(name, r.allMatch() ? Status.PASS : Status.MISMATCH, r.maxOutputError(), detail, r.oursSeconds,
                r.ortSeconds, r.intermediates.size(), r.worstToleranceUse());
    }

    // ---- reporting ----

    private static void report(String folder, List<Outcome> outcomes, int floor) {
        Map<Status, Long> counts = new LinkedHashMap<>();
        for (Status s : Status.values()) {
            counts.put(s, outcomes.stream().filter(o -> o.status() == s).count());
        }
        double ours = outcomes.stream().mapToDouble(Outcome::oursSeconds).sum();
        double ort = outcomes.stream().mapToDouble(Outcome::ortSeconds).sum();
        double maxAbs = outcomes.stream().filter(o -> o.status() == Status.PASS).mapToDouble(Outcome::maxAbsError).max().orElse(0);
        System.out.printf("[ORT oracle] %s: %d models: %d pass, %d mismatch, %d reference-runtime error, %d oracle unavailable;"
                        + " max |ours-ORT| over passes %.3g; reference runtime %.1f s, ORT %.1f s%n", folder, outcomes.size(),
                counts.get(Status.PASS), counts.get(Status.MISMATCH), counts.get(Status.REFERENCE_ERROR),
                counts.get(Status.ORACLE_UNAVAILABLE), maxAbs, ours, ort);
        for (Outcome o : outcomes) {
            if (o.status() == Status.PASS) {
                System.out.printf("  pass %-58s outputs max |a-b| %.3g, +%d intermediates, worst %.1f%% of tolerance"
                                + " (ours %.2f s, ORT %.2f s)%s%n", o.model(), o.maxAbsError(), o.intermediates(), 100 * o.toleranceUse(),
                        o.oursSeconds(), o.ortSeconds(), o.detail().isEmpty() ? "" : " " + o.detail());
            } else {
                System.out.printf("  %s %s: %s%n", o.status(), o.model(), o.detail());
            }
        }
        long passes = counts.get(Status.PASS);
        assertTrue(passes >= floor, folder + ": " + passes + " models agree with ONNX Runtime, fewer than the floor " + floor
                + "; not passing:\n" + outcomes.stream().filter(o -> o.status() != Status.PASS)
                .map(o -> o.status() + " " + o.model() + ": " + o.detail()).collect(Collectors.joining("\n")));
    }

    private static List<Path> listed(String folder, java.util.function.Predicate<Path> keep) throws IOException {
        Path dir = Corpus.onnxBackendTests().resolve(folder);
        Assumptions.assumeTrue(Files.isDirectory(dir), Corpus.missingMessage("onnx-backend-tests/" + folder));
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(keep).sorted().toList();
        }
    }
}
