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

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code modelx conformance matrix} in-process, on the example models and a model no exporter covers (no corpus needed). */
class MatrixCommandTest {

    @TempDir
    static Path dir;

    record Result(int code, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\\R");
            return lines[lines.length - 1];
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void writeModels() throws Exception {
        assertEquals(0, run("examples", dir.toString()).code());
        Graph g = new Graph("dq");
        g.input(new ValueInfo("x", Type.tensor(DataType.FLOAT, Shape.of(new long[]{2, 3}))));
        g.add(Node.of("DynamicQuantizeLinear").name("dq").inputs("x").outputs("y", "scale", "zero_point"));
        g.output(new ValueInfo("y", Type.tensor(DataType.UINT8, Shape.of(new long[]{2, 3}))));
        g.output(new ValueInfo("scale", Type.tensor(DataType.FLOAT, Shape.of(new long[0]))));
        g.output(new ValueInfo("zero_point", Type.tensor(DataType.UINT8, Shape.of(new long[0]))));
        Formats.exporter("onnx").write(Model.of(g, 17), dir.resolve("dq.onnx"), ExportOptions.defaults());
    }

    @Test
    void runsTheExtraModelsAndWritesBothReports() throws Exception {
        Path json = dir.resolve("m.json");
        Path html = dir.resolve("m.html");
        Result r = run("conformance", "matrix", "--no-corpus", "--extra", dir.resolve("small-cnn.onnx").toString(),
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
        Result r = run("conformance", "matrix", "--no-corpus", "--extra", dir.resolve("dq.onnx").toString(),
                "--directions", "onnx>paddle", "--min-pass", "1");
        assertEquals(1, r.code(), "below --min-pass: " + r.out() + r.err());
        assertEquals("0 passed, 0 failed, 1 skipped", r.lastLine(), r.out());
        assertTrue(r.out().contains("1 unsupported"), r.out());
    }

    @Test
    void filterAndFailuresListing() {
        Result r = run("conformance", "matrix", "--no-corpus", "--extra", dir.resolve("small-cnn.onnx").toString(),
                dir.resolve("dq.onnx").toString(), "--filter", "cnn", "--directions", "onnx>paddle-pir", "--failures");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("1 passed, 0 failed, 0 skipped", r.lastLine(), r.out());
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        Result tflite = run("conformance", "matrix", "--no-corpus", "--extra", dir.resolve("small-cnn.onnx").toString(),
                "--directions", "onnx>tflite");
        assertEquals(1, tflite.code());
        assertTrue(tflite.err().contains("tflite can be read, not written"), tflite.err());
        Result none = run("conformance", "matrix", "--no-corpus", "--extra", dir.resolve("small-cnn.onnx").toString(),
                "--filter", "nothing-matches");
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no model"), none.err());
        Result data = run("conformance", "matrix", "--data", dir.resolve("missing").toString());
        assertEquals(1, data.code());
        assertTrue(data.err().contains("no such folder"), data.err());
        Result regex = run("conformance", "matrix", "--no-corpus", "--filter", "(");
        assertEquals(1, regex.code());
        assertTrue(regex.err().contains("--filter"), regex.err());
        assertEquals(0, run("conformance", "matrix", "--help").code());
    }
}
