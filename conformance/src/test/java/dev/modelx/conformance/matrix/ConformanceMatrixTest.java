package dev.modelx.conformance.matrix;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.ModelFormatException;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The matrix on models built in code (no corpus needed): directions, statuses, bisection, time limit, reports. */
class ConformanceMatrixTest {

    @TempDir
    Path tmp;

    @Test
    void directionsParseAndDefault() {
        assertEquals(new Direction("onnx", "tf-savedmodel"), Direction.parse("onnx>tf-savedmodel"));
        assertEquals(new Direction("paddle", "onnx"), Direction.parse(" Paddle->ONNX "));
        assertEquals(List.of(new Direction("tflite", "onnx"), new Direction("onnx", "paddle-pir")),
                Direction.parseList("tflite>onnx,,onnx:paddle-pir,tflite>onnx"));
        assertThrows(IllegalArgumentException.class, () -> Direction.parse("onnx>tflite"), "tflite is import-only");
        assertThrows(IllegalArgumentException.class, () -> Direction.parse("caffe>onnx"));
        assertThrows(IllegalArgumentException.class, () -> Direction.parse("onnx"));
        assertEquals(List.of("tf-savedmodel", "tf-graphdef", "paddle", "paddle-pir"),
                Direction.defaultsFrom("onnx").stream().map(Direction::to).toList());
        assertEquals(5, Direction.defaultsFrom("tflite").size(), "tflite goes to every writable format");
        assertEquals(6 * 5 - 5, Direction.defaults().size());
    }

    @Test
    void exampleModelsPassInEveryDirection() {
        ConformanceMatrix m = ConformanceMatrix.builder().models(MatrixCorpus.examples()).threads(2).build();
        assertEquals(8, m.cells().size(), "2 example models x 4 targets");
        MatrixReport r = m.run();
        for (MatrixCase c : r.cases()) {
            assertEquals(MatrixStatus.PASS, c.status(), c.name() + " " + c.direction() + ": " + c.reason());
            assertTrue(c.maxAbsErr() < 1e-5, c.name() + " " + c.direction() + " max abs err " + c.maxAbsErr());
            assertFalse(c.ops().isEmpty());
        }
        assertEquals(new MatrixReport.Counts(8, 0, 0, 0), r.summary());
        assertEquals(4, r.directions().size());
        String json = r.toJson();
        for (String field : List.of("\"name\": \"examples/small-cnn\"", "\"source_format\": \"onnx\"", "\"target_format\": \"paddle-pir\"",
                "\"status\": \"pass\"", "\"max_abs_err\"", "\"max_rel_err\"", "\"reason\"", "\"ops\"", "\"directions\"")) {
            assertTrue(json.contains(field), field + " in " + json.substring(0, Math.min(2000, json.length())));
        }
    }

    @Test
    void anOpTheExportersLackIsUnsupportedWithItsName() {
        MatrixModel ml = MatrixModel.builtIn("code/binarizer", "code", "onnx", ConformanceMatrixTest::binarizer);
        MatrixReport r = ConformanceMatrix.builder().models(List.of(ml)).build().run();
        assertEquals(4, r.cases().size());
        for (MatrixCase c : r.cases()) {
            assertEquals(MatrixStatus.UNSUPPORTED, c.status(), c.direction() + ": " + c.reason());
            assertTrue(c.unsupportedOps().contains(BINARIZER), c.unsupportedOps().toString());
            assertEquals(List.of(BINARIZER), c.creditedOps());
        }
        assertEquals(4, r.ops().get(BINARIZER).values().stream().mapToInt(s -> s.counts().unsupported()).sum());
    }

    @Test
    void aBrokenConverterFailsAndIsBisectedToItsNode() {
        // As if the Paddle converter wrote Softmax over the wrong axis: caught, and blamed on the Softmax node.
        MatrixReport r = ConformanceMatrix.builder().models(List.of(MatrixCorpus.examples().get(0)))
                .directions(List.of(Direction.parse("onnx>paddle"), Direction.parse("onnx>tf-savedmodel")))
                .tamper((d, model) -> {
                    if (d.to().equals("paddle")) {
                        model.graph().nodes().stream().filter(n -> n.opType().equals("Softmax")).findFirst()
                                .orElseThrow().attr("axis", 0L);
                    }
                })
                .build().run();
        MatrixCase broken = r.cases().stream().filter(c -> c.targetFormat().equals("paddle")).findFirst().orElseThrow();
        MatrixCase fine = r.cases().stream().filter(c -> c.targetFormat().equals("tf-savedmodel")).findFirst().orElseThrow();
        assertEquals(MatrixStatus.PASS, fine.status(), fine.reason());
        assertEquals(MatrixStatus.FAIL, broken.status(), broken.reason());
        assertTrue(broken.maxAbsErr() > 1e-3, "max abs err " + broken.maxAbsErr());
        assertNotNull(broken.reason());
        assertTrue(broken.reason().contains("probabilities"), broken.reason());
        assertEquals("Softmax", broken.divergenceOp(), "first divergence " + broken.divergenceNode());
        assertEquals(List.of("Softmax"), broken.creditedOps());
        assertTrue(r.toJson().contains("\"first_divergence\""));
    }

    @Test
    void aCellPastItsTimeLimitIsAnErrorAndTheRunGoesOn() {
        MatrixModel slow = MatrixModel.builtIn("code/slow", "code", "onnx", () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while building");
            }
            return binarizer();
        });
        MatrixReport r = ConformanceMatrix.builder().models(List.of(slow, MatrixCorpus.examples().get(0)))
                .directions(List.of(Direction.parse("onnx>paddle"))).timeout(java.time.Duration.ofMillis(500)).build().run();
        assertEquals(2, r.cases().size());
        assertEquals(MatrixStatus.ERROR, r.cases().get(0).status());
        assertTrue(r.cases().get(0).reason().startsWith("timed out"), r.cases().get(0).reason());
        assertEquals(MatrixStatus.PASS, r.cases().get(1).status(), r.cases().get(1).reason());
    }

    @Test
    void filterAndExtraModels() throws Exception {
        Path onnx = tmp.resolve("cnn.onnx");
        dev.modelx.graph.io.Formats.exporter("onnx").write(MatrixCorpus.examples().get(0).builtIn().get(), onnx,
                dev.modelx.graph.io.ExportOptions.defaults());
        ConformanceMatrix m = ConformanceMatrix.builder().models(MatrixCorpus.examples()).extra(List.of(onnx))
                .filter(Pattern.compile("cnn")).directions(List.of(Direction.parse("onnx>tf-graphdef"))).build();
        assertEquals(List.of("examples/small-cnn onnx>tf-graphdef", "extra/cnn.onnx onnx>tf-graphdef"),
                m.cells().stream().map(ConformanceMatrix.Cell::label).toList());
        MatrixReport r = m.run();
        assertEquals(2, r.summary().pass(), r.toJson());
        assertThrows(IllegalArgumentException.class, () -> MatrixCorpus.extra(tmp.resolve("missing.onnx")));
        Files.writeString(tmp.resolve("notes.txt"), "not a model");
        assertThrows(IllegalArgumentException.class, () -> MatrixCorpus.extra(tmp.resolve("notes.txt")));
    }

    @Test
    void refusalsAreToldFromCrashes() {
        assertTrue(CellRunner.isRefusal(new ModelFormatException(Path.of("m.pb"),
                "node 'r' (Resize): Resize needs constant sizes, or constant scales with static H and W")));
        assertTrue(CellRunner.isRefusal(new ModelFormatException(Path.of("p"), "node 'm' (Mod): Mod with fmod=1 has no Paddle op",
                new IllegalArgumentException("Mod with fmod=1 has no Paddle op"))));
        assertTrue(CellRunner.isRefusal(new IllegalArgumentException("TensorFlow has no float4e2m1 type")));
        assertFalse(CellRunner.isRefusal(new ModelFormatException(Path.of("p"), "node 'x' (Add): boom", new NullPointerException())));
        assertFalse(CellRunner.isRefusal(new ModelFormatException(Path.of("m.pb"), "node 'x' (Add): IllegalStateException: no value")));
        assertFalse(CellRunner.isRefusal(new IllegalStateException("bug")));
        java.util.regex.Matcher op = CellRunner.REFUSED_NODE.matcher("node 'a/b' (Resize): needs constant sizes");
        assertTrue(op.find());
        assertEquals("Resize", op.group(1));
    }

    @Test
    void reportCountsAndCredits() {
        Direction d = Direction.parse("onnx>paddle");
        List<MatrixCase> cases = new ArrayList<>();
        cases.add(cell("node/test_abs", d, List.of("Abs"), MatrixStatus.PASS, 0, List.of(), null));
        cases.add(cell("node/test_selu", d, List.of("Selu"), MatrixStatus.FAIL, 2.5, List.of(), "Selu"));
        cases.add(cell("node/test_loop", d, List.of("Loop", "Add"), MatrixStatus.UNSUPPORTED, Double.NaN, List.of("Loop"), null));
        cases.add(cell("tf/model.pb", Direction.parse("tf-graphdef>onnx"), List.of("Mul", "Add"), MatrixStatus.ERROR, Double.NaN,
                List.of(), null));
        MatrixReport r = new MatrixReport("corpus", cases, 1000, 2, List.of());
        assertEquals(new MatrixReport.Counts(1, 1, 1, 1), r.summary());
        assertEquals(new MatrixReport.Counts(1, 1, 1, 0), r.direction(d));
        assertEquals(List.of("Abs", "Loop", "Selu"), List.copyOf(r.ops().keySet()), "a whole model's crash credits no op");
        assertEquals(2.5, r.ops().get("Selu").get(d).worstFailAbsErr());
        assertEquals(List.of(Map.entry("Selu", 1)), r.topOps(d, MatrixStatus.FAIL, 5));
        assertEquals("1 passed, 1 failed, 1 unsupported, 1 error", r.summaryLine());
    }

    static MatrixCase cell(String name, Direction d, List<String> ops, MatrixStatus s, double err, List<String> unsupported,
                           String divergenceOp) {
        String group = name.substring(0, name.indexOf('/'));
        return new MatrixCase(name, group, d, ops, s, err, err, s == MatrixStatus.PASS ? null : "why", unsupported,
                divergenceOp == null ? null : "node 'n' (" + divergenceOp + ")", divergenceOp, Double.NaN, 5);
    }

    /** How the matrix names the op of {@link #binarizer()}: domain and op type. */
    static final String BINARIZER = "ai.onnx.ml.Binarizer";

    /**
     * x float[2, 3] -> ai.onnx.ml Binarizer: the reference runtime runs it, and no TensorFlow or Paddle exporter writes
     * the classical-ML domain (an ai.onnx op here would sooner or later gain an exporter, as DynamicQuantizeLinear did).
     */
    static Model binarizer() {
        Graph g = new Graph("ml");
        g.input(new ValueInfo("x", Type.tensor(DataType.FLOAT, Shape.of(new long[]{2, 3}))));
        g.add(Node.of("Binarizer").domain("ai.onnx.ml").name("bin").inputs("x").outputs("y").attr("threshold", 0.5f));
        g.output(new ValueInfo("y", Type.tensor(DataType.FLOAT, Shape.of(new long[]{2, 3}))));
        Model m = Model.of(g, 17);
        m.opsetImports().put("ai.onnx.ml", 1L);
        m.sourceFormat("onnx");
        return m;
    }
}
