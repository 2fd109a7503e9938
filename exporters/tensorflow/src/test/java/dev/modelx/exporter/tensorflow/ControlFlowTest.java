package dev.modelx.exporter.tensorflow;

import static dev.modelx.exporter.tensorflow.OpCase.f;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/** Loop and If become TF1 control flow that TF Java runs; results match the reference runtime. */
class ControlFlowTest {

    @TempDir
    Path dir;

    /** v = v * scale + float(i), for i < M while sum(v) < limit; scale is computed outside the loop. */
    static Model loopModel() {
        Graph body = new Graph("body");
        body.input("i", DataType.INT64);
        body.input("c", DataType.BOOL);
        body.input(ValueInfo.tensor("v", DataType.FLOAT, 3));
        body.initializer("limit", Tensor.scalar(40f));
        body.add(Node.of("Cast").inputs("i").outputs("fi").attr("to", (long) DataType.FLOAT.code()));
        body.add(Node.of("Mul").inputs("v", "scale").outputs("vs"));
        body.add(Node.of("Add").inputs("vs", "fi").outputs("v2"));
        body.add(Node.of("ReduceSum").inputs("v2").outputs("total").attr("keepdims", 0L));
        body.add(Node.of("Less").inputs("total", "limit").outputs("c2"));
        body.output(new ValueInfo("c2", null));
        body.output(new ValueInfo("v2", null));
        Graph g = new Graph("loop");
        g.input("x", DataType.FLOAT, 3);
        g.initializer("m", Tensor.scalar(6L));
        g.initializer("half", Tensor.scalar(1.5f));
        g.initializer("yes", Tensor.ofBooleans(new long[0], true));
        g.add(Node.of("Mul").inputs("half", "half").outputs("scale"));
        g.add(Node.of("Loop").name("loop").inputs("m", "yes", "x").outputs("y").attr("body", body));
        g.output(new ValueInfo("y", null));
        return Model.of(g, 18).resolveOpsetVersions();
    }

    @Test
    void loopRunsToTheTripCount() throws Exception {
        ExportCheck.againstReference(loopModel(), Map.of("x", Tensor.ofFloats(new long[]{3}, 0.1f, 0.2f, -0.3f)), dir);
    }

    @Test
    void loopStopsOnItsCondition() throws Exception {
        ExportCheck.againstReference(loopModel(), Map.of("x", Tensor.ofFloats(new long[]{3}, 3f, 4f, 5f)), dir);
    }

    static Model ifModel() {
        Graph thenG = new Graph("then");
        thenG.initializer("one", Tensor.scalar(1f));
        thenG.add(Node.of("Add").inputs("x", "one").outputs("t"));
        thenG.output(new ValueInfo("t", null));
        Graph elseG = new Graph("else");
        elseG.add(Node.of("Mul").inputs("x", "w").outputs("e"));
        elseG.add(Node.of("Neg").inputs("e").outputs("e2"));
        elseG.output(new ValueInfo("e2", null));
        Graph g = new Graph("if");
        g.input("x", DataType.FLOAT, 2, 3);
        g.initializer("w", f(3));
        g.initializer("zero", Tensor.scalar(0f));
        g.add(Node.of("ReduceSum").inputs("x").outputs("s").attr("keepdims", 0L));
        g.add(Node.of("Greater").inputs("s", "zero").outputs("c"));
        g.add(Node.of("If").name("branch").inputs("c").outputs("y").attr("then_branch", thenG).attr("else_branch", elseG));
        g.output(new ValueInfo("y", null));
        return Model.of(g, 18).resolveOpsetVersions();
    }

    @Test
    void ifTakesTheThenBranch() throws Exception {
        ExportCheck.againstReference(ifModel(), Map.of("x", Tensor.ofFloats(new long[]{2, 3}, 1, 2, 3, 4, 5, 6)), dir);
    }

    @Test
    void ifTakesTheElseBranch() throws Exception {
        ExportCheck.againstReference(ifModel(), Map.of("x", Tensor.ofFloats(new long[]{2, 3}, -1, -2, -3, 4, -5, 0)), dir);
    }
}
