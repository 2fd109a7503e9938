package dev.modelx.oracle.onnxruntime;

import dev.modelx.exporter.onnx.OnnxExporter;
import dev.modelx.graph.Model;
import dev.modelx.graph.examples.ExampleModels;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.verify.Bisection;
import dev.modelx.verify.ModelSource;
import dev.modelx.verify.Oracle;
import dev.modelx.verify.Oracles;
import dev.modelx.verify.OutputResult;
import dev.modelx.verify.ToleranceSpec;
import dev.modelx.verify.VerificationReport;
import dev.modelx.verify.VerificationResult;
import dev.modelx.verify.Verifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** ONNX Runtime as the oracle for the source model, against the reference runtime running the other side. */
class OnnxRuntimeOracleTest {

    @TempDir
    Path dir;

    private static Oracle ort() {
        Oracle o = Oracles.find("onnxruntime");
        assertInstanceOf(OnnxRuntimeOracle.class, o, "found through ServiceLoader");
        return o;
    }

    @Test
    void agreesWithTheReferenceRuntimeOnTheExampleModels() throws Exception {
        for (Model m : List.of(ExampleModels.smallCnn(), ExampleModels.transformerBlock())) {
            Path file = dir.resolve(m.graph().name() + ".onnx");
            new OnnxExporter().write(m, file, ExportOptions.defaults());
            for (ModelSource a : List.of(ModelSource.of(m), ModelSource.of(m, file, "onnx"))) {
                VerificationResult r = new Verifier().oracleA(ort()).tolerance(ToleranceSpec.of(1e-4, 1e-4)).seed(11)
                        .dim("batch", 3).dim("seq", 9).verify(a, ModelSource.of(m.copy()));
                assertTrue(r.passed(), () -> String.join("\n", VerificationReport.lines(r)));
                assertTrue(r.oracleA().startsWith("ONNX Runtime 1."), r.oracleA());
                OutputResult o = r.outputs().get(0);
                assertTrue(o.comparison().maxAbsErr() < 1e-5, o.comparison().summary());
            }
        }
    }

    @Test
    void bisectsWithIntermediateValuesFromOnnxRuntime() {
        Model a = ExampleModels.transformerBlock();
        Model b = a.copy();
        b.graph().nodes().stream().filter(n -> n.name().equals("ln2")).findFirst().orElseThrow().attr("epsilon", 0.5f);
        VerificationResult r = new Verifier().oracleA(ort()).tolerance(ToleranceSpec.of(1e-4, 1e-4)).dim("batch", 2).dim("seq", 5)
                .bisect(true).verify(ModelSource.of(a), ModelSource.of(b));
        assertFalse(r.passed());
        Bisection bis = r.bisection();
        assertTrue(bis.found(), () -> String.join("\n", bis.lines()));
        assertEquals("ln2", bis.nodeName());
        assertTrue(bis.notes().isEmpty(), "ONNX Runtime reported the intermediates itself: " + bis.notes());
        assertTrue(bis.compared() > 10, "values before ln2 agree across the two runtimes");
    }

    /** MiniLM-L6 (all-minilm-l6-v2.onnx from the langchain4j jar, 637 nodes): a real model. */
    private Path miniLm() throws Exception {
        Path out = dir.resolve("all-minilm-l6-v2.onnx");
        try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2.onnx")) {
            org.junit.jupiter.api.Assumptions.assumeTrue(in != null, "the MiniLM jar is not on the test class path");
            java.nio.file.Files.copy(in, out);
        }
        return out;
    }

    @Test
    void agreesOnMiniLmAndBisectsABrokenSoftmaxThere() throws Exception {
        Path file = miniLm();
        Model a = dev.modelx.graph.io.Formats.importer("onnx").read(file);
        ModelSource source = ModelSource.of(a, file, "onnx");
        Verifier v = new Verifier().oracleA(ort()).tolerance(ToleranceSpec.of(1e-4, 1e-4)).dim("batch_size", 2)
                .dim("sequence_length", 12).bisect(true);
        VerificationResult ok = v.verify(source, ModelSource.of(a.copy()));
        assertTrue(ok.passed(), () -> String.join("\n", VerificationReport.lines(ok)));

        Model b = a.copy();
        dev.modelx.graph.Node softmax = b.graph().nodes().stream().filter(n -> n.opType().equals("Softmax")).skip(3).findFirst()
                .orElseThrow();
        softmax.attr("axis", 2L);
        VerificationResult broken = v.verify(source, ModelSource.of(b));
        assertFalse(broken.passed());
        Bisection bis = broken.bisection();
        assertTrue(bis.found(), () -> String.join("\n", bis.lines()));
        assertEquals(softmax.name(), bis.nodeName(), () -> String.join("\n", bis.lines()));
        assertEquals(List.of("axis: 3 in A, 2 in B"), bis.attributeDifferences());
    }

    @Test
    void runsOnlyOnnxFiles() {
        Oracle o = ort();
        assertNull(o.whyNot(ModelSource.of(ExampleModels.smallCnn())));
        String why = o.whyNot(ModelSource.of(ExampleModels.smallCnn(), dir.resolve("saved_model"), "tf-savedmodel"));
        assertTrue(why.contains("runs ONNX models"), why);
    }
}
