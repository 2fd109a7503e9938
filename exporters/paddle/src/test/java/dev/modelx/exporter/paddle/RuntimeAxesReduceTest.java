package dev.modelx.exporter.paddle;

import dev.modelx.format.paddle.pir.PirJson;
import dev.modelx.format.paddle.pir.PirOp;
import dev.modelx.format.paddle.pir.PirProgram;
import dev.modelx.format.paddle.proto.PaddleProtos.AttrType;
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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reductions whose axes are a graph input: the reduce op's dim is a VAR attribute naming the axes variable
 * (legacy, as paddle.sum(x, axis=tensor) writes it), the axes value the IntArray operand (PIR).
 */
class RuntimeAxesReduceTest {

    @TempDir
    Path tmp;

    private static final Tensor X = floats(new long[] {2, 3}, 1, 4, 2, -3, 0, 5);

    private static Graph reduce(String op, long keep, long axesCount, long... outDims) {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.input("axes", DataType.INT64, axesCount);
        g.add(Node.of(op).inputs("x", "axes").outputs("y").attr("keepdims", keep));
        g.output("y", DataType.FLOAT, outDims);
        return g;
    }

    private static Tensor axes(long... a) {
        return Tensor.ofLongs(new long[] {a.length}, a);
    }

    @Test
    void dimIsAVarAttributeNamingTheAxesInput() throws Exception {
        EmitterCheck e = EmitterCheck.of(reduce("ReduceMean", 0, 1, 2), tmp);
        OpDesc op = e.op("reduce_mean");
        OpDesc.Attr dim = EmitterCheck.attr(op, "dim");
        assertEquals(AttrType.VAR, dim.getType());
        assertEquals("axes", dim.getVarName());
        assertEquals(false, EmitterCheck.b(op, "reduce_all"));
        assertEquals(false, EmitterCheck.b(op, "keep_dim"));
        // mean over axis 1: [7/3, 2/3]
        float[] want = {7f / 3, 2f / 3};
        assertClose(want, e.runOriginal(X, axes(1)).get(0));
        assertClose(want, e.runLegacy(X, axes(1)).get(0));
        assertClose(want, e.runPir(X, axes(1)).get(0));
        PirProgram p = PirJson.read(tmp.resolve("pir").resolve(PaddlePirExporter.MODEL_FILE));
        PirOp mean = p.allOps().stream().filter(o -> o.name().equals("pd_op.mean")).findFirst().orElseThrow();
        PirOp data = p.allOps().stream().filter(o -> o.name().equals("pd_op.data") && o.attribute("name").asString().equals("axes"))
                .findFirst().orElseThrow();
        assertEquals(data.results().get(0).id(), mean.operands().get(1), "mean's axis operand is the axes input itself");
    }

    @Test
    void negativeAxesAndKeptDimsAreReadAtRunTime() throws Exception {
        EmitterCheck e = EmitterCheck.of(reduce("ReduceMax", 1, 1, 1, 3), tmp);
        float[] want = {1, 4, 5};
        assertClose(want, e.runLegacy(X, axes(-2)).get(0));
        assertClose(want, e.runPir(X, axes(-2)).get(0));
        assertArrayEquals(new long[] {1, 3}, e.runLegacy(X, axes(-2)).get(0).shape());
    }

    /** An empty axes tensor reduces every axis (ONNX with noop_with_empty_axes=0, Paddle for an empty dim). */
    @Test
    void emptyAxesReduceEverything() throws Exception {
        EmitterCheck e = EmitterCheck.of(reduce("ReduceSum", 0, 0), tmp);
        Tensor none = Tensor.ofLongs(new long[] {0});
        assertClose(new float[] {9}, e.runLegacy(X, none).get(0));
        assertClose(new float[] {9}, e.runPir(X, none).get(0));
        assertEquals(0, e.runLegacy(X, none).get(0).shape().length);
    }

    /** reduce_prod is pd_op.prod in PIR (dims operand, keep_dim and reduce_all attributes). */
    @Test
    void prodOverBothAxesAndItsComposedForms() throws Exception {
        EmitterCheck e = EmitterCheck.of(reduce("ReduceProd", 0, 2), tmp.resolve("prod"));
        assertEquals(true, EmitterCheck.b(e.op("reduce_prod"), "reduce_all"), "two axes of a 2-D x are all of them");
        assertClose(new float[] {0}, e.runPir(X, axes(0, 1)).get(0));
        EmitterCheck l2 = EmitterCheck.of(reduce("ReduceL2", 0, 1, 2), tmp.resolve("l2"));
        assertEquals(List.of("square", "reduce_sum", "sqrt"), l2.types());
        float[] want = {(float) Math.sqrt(21), (float) Math.sqrt(34)};
        assertClose(want, l2.runLegacy(X, axes(1)).get(0));
        assertClose(want, l2.runPir(X, axes(1)).get(0));
        EmitterCheck lse = EmitterCheck.of(reduce("ReduceLogSumExp", 0, 1, 3), tmp.resolve("lse"));
        float[] lseWant = new float[3];
        float[] xs = X.toFloatArray();
        for (int j = 0; j < 3; j++) {
            lseWant[j] = (float) Math.log(Math.exp(xs[j]) + Math.exp(xs[3 + j]));
        }
        assertClose(lseWant, lse.runLegacy(X, axes(0)).get(0));
        assertClose(lseWant, lse.runPir(X, axes(0)).get(0));
    }

    @Test
    void noopWithEmptyAxesIsRefusedForComputedAxes() {
        Graph g = reduce("ReduceSum", 1, 1, 2, 1);
        g.nodes().get(0).attr("noop_with_empty_axes", 1L);
        Exception ex = assertThrows(Exception.class, () -> EmitterCheck.of(g, tmp));
        assertTrue(ex.getMessage().contains("noop_with_empty_axes"), ex.getMessage());
    }
}
