package dev.modelx.exporter.paddle;

import dev.modelx.format.paddle.proto.PaddleProtos.OpDesc;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.modelx.exporter.paddle.EmitterCheck.assertClose;
import static dev.modelx.exporter.paddle.EmitterCheck.floats;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** top_k_v2, cumsum, reductions (reduce_op.h) and their compositions. */
class MathEmittersTest {

    @TempDir
    Path tmp;

    private static final Tensor X = floats(new long[] {2, 3}, 1, 4, 2, -3, 0, 5);

    private static Graph reduce(String op, boolean keep, long... outDims) {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.add(Node.of(op).inputs("x").outputs("y").ints("axes", 1).attr("keepdims", keep ? 1L : 0L));
        g.output("y", DataType.FLOAT, outDims);
        return g;
    }

    @Test
    void topKWritesKAsAttributeAndBothOutputs() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.initializer("k", Tensor.ofLongs(new long[] {1}, 2));
        g.add(Node.of("TopK").inputs("x", "k").outputs("v", "i").attr("axis", 1L));
        g.output("v", DataType.FLOAT, 2, 2);
        g.output("i", DataType.INT64, 2, 2);
        EmitterCheck e = new EmitterCheck(g, 13, tmp);
        OpDesc op = e.op("top_k_v2");
        e.assertMatchesDefinition("top_k_v2");
        assertEquals(2, EmitterCheck.i(op, "k"));
        assertEquals(1, EmitterCheck.i(op, "axis"));
        assertEquals(List.of(), EmitterCheck.in(op, "K"));
        List<Tensor> r = e.runLegacy(X);
        assertClose(new float[] {4, 2, 5, 0}, r.get(0));
        EmitterCheck.assertLongs(new long[] {1, 2, 2, 1}, r.get(1));
    }

    @Test
    void exclusiveReverseCumSum() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.add(Node.of("Constant").outputs("axis").attr("value", Tensor.ofLongs(new long[0], 1)));
        g.add(Node.of("CumSum").inputs("x", "axis").outputs("y").attr("exclusive", 1L).attr("reverse", 1L));
        g.output("y", DataType.FLOAT, 2, 3);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        OpDesc op = e.op("cumsum");
        e.assertMatchesDefinition("cumsum");
        assertEquals(1, EmitterCheck.i(op, "axis"));
        assertEquals(true, EmitterCheck.b(op, "exclusive"));
        assertEquals(true, EmitterCheck.b(op, "reverse"));
        // row 1 2 ... reversed exclusive: [4+2, 2, 0], [0+5, 5, 0]
        e.assertLegacy(new float[] {6, 2, 0, 5, 5, 0}, X);
        assertClose(new float[] {6, 2, 0, 5, 5, 0}, e.runPir(X).get(0));
    }

    @Test
    void reduceL2IsSqrtOfSumOfSquares() throws Exception {
        EmitterCheck e = new EmitterCheck(reduce("ReduceL2", false, 2), 13, tmp);
        assertEquals(List.of("square", "reduce_sum", "sqrt"), e.types());
        e.assertMatchesDefinition("reduce_sum");
        assertEquals(List.of(1), EmitterCheck.ints(e.op("reduce_sum"), "dim"));
        e.assertLegacy(new float[] {(float) Math.sqrt(21), (float) Math.sqrt(34)}, X);
    }

    @Test
    void reduceL1AndSumSquare() throws Exception {
        EmitterCheck l1 = new EmitterCheck(reduce("ReduceL1", true, 2, 1), 13, tmp.resolve("l1"));
        assertEquals(List.of("abs", "reduce_sum"), l1.types());
        assertEquals(true, EmitterCheck.b(l1.op("reduce_sum"), "keep_dim"));
        l1.assertLegacy(new float[] {7, 8}, X);
        EmitterCheck ss = new EmitterCheck(reduce("ReduceSumSquare", false, 2), 13, tmp.resolve("ss"));
        ss.assertLegacy(new float[] {21, 34}, X);
    }

    /** log(sum(exp(x - max))) + max: exact also where exp(x) alone would overflow. */
    @Test
    void reduceLogSumExpIsShiftedByTheMaximum() throws Exception {
        EmitterCheck e = new EmitterCheck(reduce("ReduceLogSumExp", false, 2), 13, tmp);
        assertEquals(List.of("reduce_max", "elementwise_sub", "exp", "reduce_sum", "log", "reduce_max", "elementwise_add"), e.types());
        Tensor big = floats(new long[] {2, 3}, 1000, 1000, 1000, 0, 0, 0);
        float want = (float) (1000 + Math.log(3));
        e.assertLegacy(new float[] {want, (float) Math.log(3)}, big);
    }
}
