package dev.modelx.cli;

import dev.modelx.graph.Model;
import dev.modelx.graph.examples.ExampleModels;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.Formats;
import dev.modelx.graph.io.Npy;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.modelx.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.*;

/** {@code convert --verify} and {@code compare} end to end, in-process, on the example models and on broken conversions. */
class CompareCommandTest {

    @TempDir
    static Path dir;

    static String p(String name) {
        return dir.resolve(name).toString();
    }

    @BeforeAll
    static void writeExamples() throws Exception {
        assertEquals(0, run("examples", dir.toString()).code());
        // The transformer with LayerNormalization 'ln1' given a wrong epsilon: what a broken converter might write.
        Model broken = ExampleModels.transformerBlock();
        broken.graph().nodes().stream().filter(n -> n.name().equals("ln1")).findFirst().orElseThrow().attr("epsilon", 0.25f);
        Formats.exporter("onnx").write(broken, dir.resolve("transformer-ln1-broken.onnx"), ExportOptions.defaults());
    }

    @Test
    void convertVerifyPassesOnTheExampleModels() {
        for (String m : new String[] {"small-cnn", "transformer-block"}) {
            CliRun r = run("convert", p(m + ".onnx"), p(m + "-out.onnx"), "--verify", "--dim", "batch=2", "--dim", "seq=7",
                    "--report", p(m + ".json"), "--html", p(m + ".html"));
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("verified: all 1 output(s) within tolerance"), r.out());
            assertTrue(r.out().contains("max abs 0, max rel 0, max ulp 0"), r.out());
            assertTrue(Files.isRegularFile(dir.resolve(m + ".json")));
            assertTrue(Files.isRegularFile(dir.resolve(m + ".html")));
        }
    }

    @Test
    void aBrokenConverterIsCaughtAndBisectedToTheNode() throws Exception {
        CliRun r = run("convert", p("transformer-block.onnx"), p("tb-broken.onnx"), "--to", BrokenOnnxExporter.FORMAT, "--verify",
                "--dim", "batch=2", "--dim", "seq=5", "--report", p("tb-broken.json"), "--html", p("tb-broken.html"));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("output hidden_states: FAILED"), r.out());
        assertTrue(r.out().contains("first divergence: node 'attention_probs' (Softmax), output 'probs', matched by name"), r.out());
        assertTrue(r.out().contains("attribute axis: -1 in A, 0 in B"), r.out());
        assertTrue(r.out().contains("scaled (from node 'scale_scores' (Div)): float[2, 4, 5, 5] min"), r.out());
        String json = Files.readString(dir.resolve("tb-broken.json"));
        assertTrue(json.contains("\"status\": \"failed\""), json);
        assertTrue(json.contains("\"node\": \"attention_probs\""), json);
        String html = Files.readString(dir.resolve("tb-broken.html"));
        assertTrue(html.contains("First divergence") && html.contains("<svg"), html);

        CliRun cnn = run("convert", p("small-cnn.onnx"), p("cnn-broken.onnx"), "--to", BrokenOnnxExporter.FORMAT, "--verify");
        assertEquals(1, cnn.code(), cnn.out() + cnn.err());
        assertTrue(cnn.out().contains("first divergence: node 'softmax' (Softmax)"), cnn.out());
    }

    @Test
    void compareBisectsAWrongEpsilon() {
        CliRun r = run("compare", p("transformer-block.onnx"), p("transformer-ln1-broken.onnx"), "--bisect", "--dim", "seq=4");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("first divergence: node 'ln1' (LayerNormalization), output 'h1'"), r.out());
        assertTrue(r.out().contains("attribute epsilon: (not set) in A, 0.25 in B"), r.out());
        assertTrue(r.out().contains("x0 (from node 'embedding' (Gather)): float[1, 4, 32]"), r.out());
        assertTrue(r.out().contains("agrees in B"), r.out());

        CliRun noBisect = run("compare", p("transformer-block.onnx"), p("transformer-ln1-broken.onnx"));
        assertEquals(1, noBisect.code());
        assertFalse(noBisect.out().contains("first divergence"), noBisect.out());
    }

    @Test
    void compareOfAModelWithItselfPasses() {
        CliRun r = run("compare", p("small-cnn.onnx"), p("small-cnn.onnx"), "--bisect", "--seed", "7");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("image: float[1, 3, 32, 32]"), r.out());
        assertFalse(r.out().contains("divergence"), r.out());
    }

    @Test
    void looseTolerancesAndGivenInputsAreHonoured() throws Exception {
        Path ids = dir.resolve("ids.npy");
        Npy.write(Tensor.ofLongs(new long[] {1, 3}, 5, 6, 7), ids);
        CliRun r = run("compare", p("transformer-block.onnx"), p("transformer-ln1-broken.onnx"), "--input", "input_ids=" + ids,
                "--rtol", "10", "--atol", "10");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("input  input_ids: int64[1, 3] min 5 max 7"), r.out());
        assertTrue(r.out().contains("(given)"), r.out());
        assertTrue(r.out().contains("tolerance: rtol 10 atol 10"), r.out());
    }

    @Test
    void largeModelsShowProgress() throws Exception {
        dev.modelx.graph.Graph g = new dev.modelx.graph.Graph("chain");
        g.input("x", dev.modelx.graph.DataType.FLOAT, 4);
        String prev = "x";
        for (int i = 0; i < VerifyRunner.PROGRESS_MIN_NODES; i++) {
            g.add(dev.modelx.graph.Node.of("Relu").name("r" + i).inputs(prev).outputs("v" + i));
            prev = "v" + i;
        }
        g.output(prev, dev.modelx.graph.DataType.FLOAT, 4);
        Formats.exporter("onnx").write(Model.of(g, 17), dir.resolve("chain.onnx"), ExportOptions.defaults());
        CliRun r = run("compare", p("chain.onnx"), p("chain.onnx"));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("running A on reference: " + VerifyRunner.PROGRESS_MIN_NODES + "/"), r.err());
        assertTrue(r.err().contains("running B on reference: "), r.err());
    }

    @Test
    void missingOracleAndMisuseGiveOneLine() {
        CliRun r = run("compare", p("small-cnn.onnx"), p("small-cnn.onnx"), "--oracle", "onnxruntime");
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("the onnxruntime oracle is not installed: build it with 'mvn -B -DskipTests -pl oracles/onnxruntime -am package'"),
                r.err());
        CliRun t = run("convert", p("small-cnn.onnx"), p("x.onnx"), "--verify", "--oracle", "tensorflow");
        assertEquals(1, t.code());
        assertTrue(t.err().contains("tensorflow oracle"), t.err());
        CliRun noVerify = run("convert", p("small-cnn.onnx"), p("y.onnx"), "--report", p("y.json"));
        assertEquals(1, noVerify.code());
        assertTrue(noVerify.err().contains("--report is a verification option: add --verify"), noVerify.err());
        CliRun badInput = run("compare", p("small-cnn.onnx"), p("small-cnn.onnx"), "--input", "nope=" + p("ids.npy"));
        assertEquals(1, badInput.code());
    }
}
