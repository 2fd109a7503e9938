package dev.modelx.cli;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.Formats;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.modelx.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code modelx conformance matrix} in-process, on the example models and a model no exporter covers (no corpus needed). */
class MatrixCommandTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeModels() throws Exception {
        assertEquals(0, run("examples", dir.toString()).code());
        // an ai.onnx.ml op: the reference runtime runs it, no Paddle or TensorFlow exporter writes it
        Graph g = new Graph("ml");
        g.input(new ValueInfo("x", Type.tensor(DataType.FLOAT, Shape.of(new long[]{2, 3}))));
        g.add(Node.of("Binarizer").domain("ai.onnx.ml").name("bin").inputs("x").outputs("y").attr("threshold", 0.5f));
        g.output(new ValueInfo("y", Type.tensor(DataType.FLOAT, Shape.of(new long[]{2, 3}))));
        Model ml = Model.of(g, 17);
        ml.opsetImports().put("ai.onnx.ml", 1L);
        Formats.exporter("onnx").write(ml, dir.resolve("ml.onnx"), ExportOptions.defaults());
    }

    @Test
    void runsTheExtraModelsAndWritesBothReports() throws Exception {
        Path json = dir.resolve("m.json");
        Path html = dir.resolve("m.html");
        CliRun r = run("conformance", "matrix", "--no-corpus", "--extra", dir.resolve("small-cnn.onnx").toString(),
                dir.resolve("transformer-block.onnx").toString(), "--directions", "onnx>paddle,onnx>tf-graphdef",
                "--report", json.toString(), "--html", html.toString(), "-j", "2");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("4 passed, 0 failed, 0 skipped", r.lastLine(), r.out());
        assertTrue(r.out().contains("counted as skipped"), r.out());
        assertTrue(r.out().contains("onnx>paddle") && r.out().contains("onnx>tf-graphdef"), r.out());
        assertTrue(r.err().contains("matrix: 4/4 (100%)"), "progress bar: " + r.err());
        String report = Files.readString(json);
        assertTrue(report.contains("\"name\": \"extra/small-cnn.onnx\"") && report.contains("\"target_format\": \"tf-graphdef\"")
                && report.contains("\"status\": \"pass\"") && report.contains("\"max_abs_err\""), report);
        String page = Files.readString(html);
        assertTrue(page.contains("<table class=matrix>") && page.contains("<svg class=\"errplot\""), "HTML table and plots");
    }

    @Test
    void unsupportedCellsCountAsSkippedAndMinPassGates() {
        CliRun r = run("conformance", "matrix", "--no-corpus", "--extra", dir.resolve("ml.onnx").toString(),
                "--directions", "onnx>paddle", "--min-pass", "1");
        assertEquals(1, r.code(), "below --min-pass: " + r.out() + r.err());
        assertEquals("0 passed, 0 failed, 1 skipped", r.lastLine(), r.out());
        assertTrue(r.out().contains("1 unsupported"), r.out());
    }

    @Test
    void filterAndFailuresListing() {
        CliRun r = run("conformance", "matrix", "--no-corpus", "--extra", dir.resolve("small-cnn.onnx").toString(),
                dir.resolve("ml.onnx").toString(), "--filter", "cnn", "--directions", "onnx>paddle-pir", "--failures");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("1 passed, 0 failed, 0 skipped", r.lastLine(), r.out());
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        CliRun tflite = run("conformance", "matrix", "--no-corpus", "--extra", dir.resolve("small-cnn.onnx").toString(),
                "--directions", "onnx>tflite");
        assertEquals(1, tflite.code());
        assertTrue(tflite.err().contains("tflite can be read, not written"), tflite.err());
        CliRun none = run("conformance", "matrix", "--no-corpus", "--extra", dir.resolve("small-cnn.onnx").toString(),
                "--filter", "nothing-matches");
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no model"), none.err());
        CliRun data = run("conformance", "matrix", "--data", dir.resolve("missing").toString());
        assertEquals(1, data.code());
        assertTrue(data.err().contains("no such folder"), data.err());
        CliRun regex = run("conformance", "matrix", "--no-corpus", "--filter", "(");
        assertEquals(1, regex.code());
        assertTrue(regex.err().contains("--filter"), regex.err());
        assertEquals(0, run("conformance", "matrix", "--help").code());
    }
}
