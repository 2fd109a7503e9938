package dev.modelx.exporter.tensorflow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.ModelFormatException;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.io.ExportOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Loop scan outputs become TensorArrays written per iteration and stacked after the loop; TF matches the reference. */
class LoopScanTest {

    private static final long FLOAT = DataType.FLOAT.code();

    @TempDir
    Path dir;

    /**
     * v = v * 2 + float(i) for M iterations (no condition input), scanning each new v; the scan's shape
     * is declared on the body output or left for the exporter (which sees v's length as unknown).
     */
    static Model tripCountModel(boolean declareScanShape) {
        Graph body = new Graph("body");
        body.input("i", DataType.INT64);
        body.input("c", DataType.BOOL);
        body.input(ValueInfo.tensor("v", DataType.FLOAT, 3));
        body.initializer("two", Tensor.scalar(2f));
        body.add(Node.of("Cast").inputs("i").outputs("fi").attr("to", FLOAT));
        body.add(Node.of("Mul").inputs("v", "two").outputs("v2x"));
        body.add(Node.of("Add").inputs("v2x", "fi").outputs("v2"));
        body.add(Node.of("Identity").inputs("c").outputs("c2"));
        body.add(Node.of("Identity").inputs("v2").outputs("s"));
        body.output(new ValueInfo("c2", null));
        body.output(new ValueInfo("v2", null));
        body.output(declareScanShape ? ValueInfo.tensor("s", DataType.FLOAT, 3) : new ValueInfo("s", null));
        Graph g = new Graph("loop");
        g.input("m", DataType.INT64);
        g.input("x", DataType.FLOAT, 3);
        g.add(Node.of("Loop").name("loop").inputs("m", "", "x").outputs("y", "ys").attr("body", body));
        g.output(new ValueInfo("y", null));
        g.output(new ValueInfo("ys", null));
        return Model.of(g, 18).resolveOpsetVersions();
    }

    @Test
    void oneScanOutputWithACarriedValue() throws Exception {
        ExportCheck.againstReference(tripCountModel(true),
                Map.of("m", Tensor.scalar(4L), "x", Tensor.ofFloats(new long[]{3}, 0.5f, -1f, 2f)), dir);
    }

    @Test
    void zeroIterationsGiveAnEmptyScan() throws Exception {
        ExportCheck.againstReference(tripCountModel(true),
                Map.of("m", Tensor.scalar(0L), "x", Tensor.ofFloats(new long[]{3}, 0.5f, -1f, 2f)), dir);
    }

    @Test
    void aScanOfPartlyKnownShape() throws Exception {
        ExportCheck.againstReference(tripCountModel(false),
                Map.of("m", Tensor.scalar(3L), "x", Tensor.ofFloats(new long[]{3}, 0.5f, -1f, 2f)), dir);
    }

    /** No trip count: acc += float(i) while acc < limit, scanning acc (float) and i (int64). */
    static Model conditionModel() {
        Graph body = new Graph("body");
        body.input("i", DataType.INT64);
        body.input("c", DataType.BOOL);
        body.input("acc", DataType.FLOAT);
        body.initializer("limit", Tensor.scalar(10f));
        body.add(Node.of("Cast").inputs("i").outputs("fi").attr("to", FLOAT));
        body.add(Node.of("Add").inputs("acc", "fi").outputs("acc2"));
        body.add(Node.of("Less").inputs("acc2", "limit").outputs("c2"));
        body.add(Node.of("Identity").inputs("i").outputs("si"));
        body.output(new ValueInfo("c2", null));
        body.output(new ValueInfo("acc2", null));
        body.output(new ValueInfo("acc2", null));
        body.output(new ValueInfo("si", null));
        Graph g = new Graph("loop");
        g.input("go", DataType.BOOL);
        g.input("a", DataType.FLOAT);
        g.add(Node.of("Loop").name("loop").inputs("", "go", "a").outputs("total", "accs", "iters").attr("body", body));
        g.output(new ValueInfo("total", null));
        g.output(new ValueInfo("accs", null));
        g.output(new ValueInfo("iters", null));
        return Model.of(g, 18).resolveOpsetVersions();
    }

    @Test
    void twoScanOutputsUntilTheConditionFails() throws Exception {
        ExportCheck.againstReference(conditionModel(), Map.of("go", Tensor.ofBooleans(new long[0], true), "a", Tensor.scalar(0.5f)), dir);
    }

    @Test
    void aFalseInitialConditionGivesEmptyScans() throws Exception {
        ExportCheck.againstReference(conditionModel(), Map.of("go", Tensor.ofBooleans(new long[0], false), "a", Tensor.scalar(0.5f)), dir);
    }

    /** Only scan outputs: row i is x * float(i), for a constant trip count. */
    static Graph scanOnlyBody() {
        Graph body = new Graph("body");
        body.input("i", DataType.INT64);
        body.input("c", DataType.BOOL);
        body.add(Node.of("Cast").inputs("i").outputs("fi").attr("to", FLOAT));
        body.add(Node.of("Mul").inputs("x", "fi").outputs("row"));
        body.add(Node.of("Identity").inputs("c").outputs("c2"));
        body.output(new ValueInfo("c2", null));
        body.output(new ValueInfo("row", null));
        return body;
    }

    @Test
    void scanOutputsWithoutCarriedValues() throws Exception {
        Graph g = new Graph("loop");
        g.input("x", DataType.FLOAT, 2, 2);
        g.initializer("m", Tensor.scalar(3L));
        g.initializer("yes", Tensor.ofBooleans(new long[0], true));
        g.add(Node.of("Loop").name("loop").inputs("m", "yes").outputs("rows").attr("body", scanOnlyBody()));
        g.output(new ValueInfo("rows", null));
        ExportCheck.againstReference(Model.of(g, 18).resolveOpsetVersions(),
                Map.of("x", Tensor.ofFloats(new long[]{2, 2}, 1, 2, 3, 4)), dir);
    }

    /** An If whose then branch scans a Loop; the else branch returns x with a new leading axis. */
    static Model loopInIfModel() {
        Graph thenG = new Graph("then");
        thenG.initializer("m", Tensor.scalar(3L));
        thenG.add(Node.of("Loop").name("inner").inputs("m", "").outputs("rows").attr("body", scanOnlyBody()));
        thenG.output(new ValueInfo("rows", null));
        Graph elseG = new Graph("else");
        elseG.initializer("axes", Tensor.ofLongs(new long[]{1}, 0));
        elseG.add(Node.of("Unsqueeze").inputs("x", "axes").outputs("one"));
        elseG.output(new ValueInfo("one", null));
        Graph g = new Graph("if");
        g.input("x", DataType.FLOAT, 2, 2);
        g.input("c", DataType.BOOL);
        g.add(Node.of("If").name("branch").inputs("c").outputs("y").attr("then_branch", thenG).attr("else_branch", elseG));
        g.output(new ValueInfo("y", null));
        return Model.of(g, 18).resolveOpsetVersions();
    }

    @Test
    void loopInsideIfTakesTheLoop() throws Exception {
        ExportCheck.againstReference(loopInIfModel(), Map.of("x", Tensor.ofFloats(new long[]{2, 2}, 1, 2, 3, 4),
                "c", Tensor.ofBooleans(new long[0], true)), dir);
    }

    @Test
    void loopInsideIfTakesTheOtherBranch() throws Exception {
        ExportCheck.againstReference(loopInIfModel(), Map.of("x", Tensor.ofFloats(new long[]{2, 2}, 1, 2, 3, 4),
                "c", Tensor.ofBooleans(new long[0], false)), dir);
    }

    /** An outer Loop of n iterations scans an inner Loop's scan: out[j][i] = x * float(i) + float(j). */
    @Test
    void nestedLoopsScanTheirScans() throws Exception {
        Graph inner = new Graph("inner");
        inner.input("i", DataType.INT64);
        inner.input("c", DataType.BOOL);
        inner.add(Node.of("Cast").inputs("i").outputs("fi").attr("to", FLOAT));
        inner.add(Node.of("Mul").inputs("x", "fi").outputs("xi"));
        inner.add(Node.of("Add").inputs("xi", "fj").outputs("row"));
        inner.add(Node.of("Identity").inputs("c").outputs("c2"));
        inner.output(new ValueInfo("c2", null));
        inner.output(new ValueInfo("row", null));
        Graph outer = new Graph("outer");
        outer.input("j", DataType.INT64);
        outer.input("c", DataType.BOOL);
        outer.initializer("mi", Tensor.scalar(3L));
        outer.add(Node.of("Cast").inputs("j").outputs("fj").attr("to", FLOAT));
        outer.add(Node.of("Loop").name("inner").inputs("mi", "").outputs("rows").attr("body", inner));
        outer.add(Node.of("Identity").inputs("c").outputs("c2"));
        outer.output(new ValueInfo("c2", null));
        outer.output(new ValueInfo("rows", null));
        Graph g = new Graph("nested");
        g.input("x", DataType.FLOAT, 2);
        g.input("n", DataType.INT64);
        g.add(Node.of("Loop").name("outer").inputs("n", "").outputs("grid").attr("body", outer));
        g.output(new ValueInfo("grid", null));
        ExportCheck.againstReference(Model.of(g, 18).resolveOpsetVersions(),
                Map.of("x", Tensor.ofFloats(new long[]{2}, 1, -2), "n", Tensor.scalar(2L)), dir);
    }

    @Test
    void aBodyWithTooFewOutputsIsRefusedNamingTheLoop() {
        Graph body = scanOnlyBody();
        Graph g = new Graph("loop");
        g.input("x", DataType.FLOAT, 2, 2);
        g.initializer("m", Tensor.scalar(3L));
        g.add(Node.of("Loop").name("short_loop").inputs("m", "", "x", "x").outputs("a", "b").attr("body", body));
        g.output(new ValueInfo("a", null));
        Path pb = dir.resolve("bad.pb");
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> new TensorFlowGraphDefExporter().write(Model.of(g, 18).resolveOpsetVersions(), pb, ExportOptions.defaults()));
        assertTrue(e.getMessage().contains("short_loop") && e.getMessage().contains("2 outputs for 2 carried values"), e.getMessage());
        assertFalse(Files.exists(pb));
    }
}
