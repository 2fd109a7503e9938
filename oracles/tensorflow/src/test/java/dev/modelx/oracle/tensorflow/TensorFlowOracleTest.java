package dev.modelx.oracle.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.examples.ExampleModels;
import dev.modelx.graph.io.Npy;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;
import dev.modelx.verify.Comparator;
import dev.modelx.verify.Comparison;
import dev.modelx.verify.ModelSource;
import dev.modelx.verify.Oracle;
import dev.modelx.verify.OracleSession;
import dev.modelx.verify.Oracles;
import dev.modelx.verify.ToleranceSpec;
import dev.modelx.verify.VerificationReport;
import dev.modelx.verify.VerificationResult;
import dev.modelx.verify.Verifier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TensorFlow as the oracle, on real TF files of the corpus ({@code models/tf} under {@code modelx.corpus} /
 * {@code MODELX_CORPUS}; skipped with a message when absent). The modelx side of each pair is built in code, so the
 * test does not depend on the TensorFlow importer.
 */
class TensorFlowOracleTest {

    static Path tf() {
        String c = System.getProperty("modelx.corpus", System.getenv("MODELX_CORPUS"));
        Path dir = c == null ? null : Path.of(c, "models", "tf");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir), "no TF models: set modelx.corpus or MODELX_CORPUS to the corpus folder");
        return dir;
    }

    private static Oracle oracle() {
        Oracle o = Oracles.find("tensorflow");
        assertInstanceOf(TensorFlowOracle.class, o, "found through ServiceLoader");
        return o;
    }

    /** multi_add.pb's computation: t = b + c; x = a + t; y = t + d (all float [1, 8, 8, 3]). */
    static Model multiAdd(String yOp) {
        Graph g = new Graph("multi_add");
        for (String in : new String[] {"a", "b", "c", "d"}) {
            g.input(in, DataType.FLOAT, 1, 8, 8, 3);
        }
        g.add(Node.of("Add").name("t").inputs("b", "c").outputs("t"));
        g.add(Node.of("Add").name("x").inputs("a", "t").outputs("x"));
        g.add(Node.of("Add").name("y").inputs("t", "d").outputs("y").opType(yOp));
        g.output("x", DataType.FLOAT, 1, 8, 8, 3);
        g.output("y", DataType.FLOAT, 1, 8, 8, 3);
        return Model.of(g, 17).sourceFormat("tf-graphdef").resolveOpsetVersions();
    }

    @Test
    void aFrozenGraphDefReproducesItsRecordedOutputs() throws Exception {
        Path dir = tf().resolve("litert-multi-add-graphdef");
        Path expected = dir.resolve("expected/multi_add");
        Map<String, Tensor> feeds = new java.util.LinkedHashMap<>();
        for (String in : new String[] {"a", "b", "c", "d"}) {
            feeds.put(in, Npy.read(expected.resolve("input_" + in + ".npy")));
        }
        try (OracleSession s = oracle().open(ModelSource.of(multiAdd("Add"), dir.resolve("multi_add.pb"), "tf-graphdef"), 0)) {
            Map<String, Value> out = s.run(feeds);
            for (String o : new String[] {"x", "y"}) {
                Comparison c = Comparator.compare(new TensorValue(Npy.read(expected.resolve("output_" + o + ".npy"))), out.get(o),
                        ToleranceSpec.of(0, 0));
                assertTrue(c.passed(), o + ": " + c.summary());
            }
        }
    }

    @Test
    void verifiesAGraphBuiltInCodeAgainstTensorFlowAndCatchesABrokenOne() {
        Path file = tf().resolve("litert-multi-add-graphdef/multi_add.pb");
        ModelSource a = ModelSource.of(multiAdd("Add"), file, "tf-graphdef");
        VerificationResult ok = new Verifier().oracleA(oracle()).verify(a, ModelSource.of(multiAdd("Add")));
        assertTrue(ok.passed(), () -> String.join("\n", VerificationReport.lines(ok)));
        assertTrue(ok.oracleA().startsWith("TensorFlow 2."), ok.oracleA());

        VerificationResult broken = new Verifier().oracleA(oracle()).bisect(true).verify(a, ModelSource.of(multiAdd("Sub")));
        assertFalse(broken.passed());
        assertEquals("passed", broken.outputs().get(0).status());
        assertEquals("failed", broken.outputs().get(1).status());
        assertTrue(broken.bisection().found());
        assertEquals("y", broken.bisection().nodeName());
        assertTrue(broken.bisection().notes().get(0).contains("tensorflow oracle does not report intermediate values"),
                broken.bisection().notes().toString());
    }

    @Test
    void aSavedModelRunsThroughItsSignature() throws Exception {
        Path dir = tf().resolve("tf2onnx-regression-savedmodel");
        Path expected = dir.resolve("expected/signature_serving_default");
        Tensor x = Npy.read(expected.resolve("input_X.npy"));
        Graph g = new Graph("regression");
        g.input("X", x.type(), x.shape());
        g.output("pred", DataType.FLOAT);
        Model m = Model.of(g, 17).sourceFormat("tf-savedmodel");
        try (OracleSession s = oracle().open(ModelSource.of(m, dir, "tf-savedmodel"), 0)) {
            Value pred = s.run(Map.of("X", x)).get("pred");
            Comparison c = Comparator.compare(new TensorValue(Npy.read(expected.resolve("output_pred.npy"))), pred, ToleranceSpec.DEFAULTS);
            assertTrue(c.passed(), c.summary());
        }
    }

    @Test
    void refusesWhatIsNotATensorFlowFile() {
        String why = new TensorFlowOracle().whyNot(ModelSource.of(ExampleModels.smallCnn(), Path.of("m.onnx"), "onnx"));
        assertTrue(why.contains("SavedModel folders and frozen GraphDef files"), why);
        assertNotNull(new TensorFlowOracle().whyNot(ModelSource.of(ExampleModels.smallCnn())));
    }
}
