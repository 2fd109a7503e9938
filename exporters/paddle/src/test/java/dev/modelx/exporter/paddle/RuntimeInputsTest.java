package dev.modelx.exporter.paddle;

import dev.modelx.format.paddle.proto.PaddleProtos.OpDesc;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.modelx.exporter.paddle.EmitterCheck.assertClose;
import static dev.modelx.exporter.paddle.EmitterCheck.floats;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Ops whose sizes or parameters are computed: Split by run-time sizes (SectionsTensorList of one-element
 * slices, as paddle.split writes a list of tensors), LayerNormalization with a computed multi-axis scale
 * (flattened by reshape2) and its Mean / InvStdDev outputs (from layer_norm's Mean and Variance), Trilu with a
 * fed k, Unsqueeze with fed axes (unsqueeze2's AxesTensor) and CumSum along a fed axis (cumsum's VAR axis).
 */
class RuntimeInputsTest {

    @TempDir
    Path tmp;

    private static final Tensor X = floats(new long[] {2, 3}, 1, 4, 2, -3, 0, 5);

    @Test
    void splitBySizesFedAtRunTime() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.input("sizes", DataType.INT64, 2);
        g.add(Node.of("Split").inputs("x", "sizes").outputs("a", "b").attr("axis", 1L));
        g.output(ValueInfo.tensor("a", DataType.FLOAT, Shape.of(2L, "na")));
        g.output(ValueInfo.tensor("b", DataType.FLOAT, Shape.of(2L, "nb")));
        EmitterCheck e = EmitterCheck.of(g, tmp);
        OpDesc split = e.op("split");
        assertEquals(2, EmitterCheck.in(split, "SectionsTensorList").size());
        assertEquals(List.of(-1, -1), EmitterCheck.ints(split, "sections"));
        assertEquals(0, EmitterCheck.i(split, "num"));
        assertEquals(List.of("slice", "slice", "split"), e.types());
        Tensor sizes = Tensor.ofLongs(new long[] {2}, 1, 2);
        for (List<Tensor> r : List.of(e.runLegacy(X, sizes), e.runPir(X, sizes))) {
            assertClose(new float[] {1, -3}, r.get(0));
            assertClose(new float[] {4, 2, 0, 5}, r.get(1));
        }
        Tensor other = Tensor.ofLongs(new long[] {2}, 2, 1);
        assertClose(new float[] {1, 4, -3, 0}, e.runLegacy(X, other).get(0));
        assertClose(new float[] {2, 5}, e.runPir(X, other).get(1));
    }

    /** Mean and 1/sqrt(var + eps) of each row, computed here. */
    private static float[][] rowStats(float[] x, int rows, int cols, float eps) {
        float[] mean = new float[rows], inv = new float[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0, q = 0;
            for (int k = 0; k < cols; k++) {
                s += x[r * cols + k];
            }
            double m = s / cols;
            for (int k = 0; k < cols; k++) {
                q += (x[r * cols + k] - m) * (x[r * cols + k] - m);
            }
            mean[r] = (float) m;
            inv[r] = (float) (1 / Math.sqrt(q / cols + eps));
        }
        return new float[][] {mean, inv};
    }

    @Test
    void layerNormMeanAndInvStdDevOutputs() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.input("w", DataType.FLOAT, 3);
        g.input("b", DataType.FLOAT, 3);
        g.add(Node.of("LayerNormalization").inputs("x", "w", "b").outputs("y", "mean", "inv").attr("axis", 1L).attr("epsilon", 0.01f));
        g.output("y", DataType.FLOAT, 2, 3);
        g.output("mean", DataType.FLOAT, 2, 1);
        g.output("inv", DataType.FLOAT, 2, 1);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        assertEquals(List.of("layer_norm", "reshape2", "scale", "rsqrt", "reshape2"), e.types());
        Tensor w = floats(new long[] {3}, 1, 2, -1), b = floats(new long[] {3}, 0, 0.5f, 1);
        float[][] st = rowStats(X.toFloatArray(), 2, 3, 0.01f);
        float[] xs = X.toFloatArray(), y = new float[6];
        for (int k = 0; k < 6; k++) {
            y[k] = (xs[k] - st[0][k / 3]) * st[1][k / 3] * w.toFloatArray()[k % 3] + b.toFloatArray()[k % 3];
        }
        for (List<Tensor> r : List.of(e.runOriginal(X, w, b), e.runLegacy(X, w, b), e.runPir(X, w, b))) {
            assertClose(y, r.get(0));
            assertClose(st[0], r.get(1));
            assertClose(st[1], r.get(2));
            assertEquals(2, r.get(1).shape().length);
        }
    }

    @Test
    void layerNormWithAComputedScaleOverTwoAxes() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.input("w", DataType.FLOAT, 2, 3);
        g.add(Node.of("LayerNormalization").inputs("x", "w").outputs("y").attr("axis", 0L));
        g.output("y", DataType.FLOAT, 2, 3);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        assertEquals(List.of("reshape2", "layer_norm"), e.types());
        assertEquals(List.of(-1), EmitterCheck.ints(e.op("reshape2"), "shape"));
        Tensor w = floats(new long[] {2, 3}, 1, 2, 3, -1, -2, 0.5f);
        float[][] st = rowStats(X.toFloatArray(), 1, 6, 1e-5f);
        float[] xs = X.toFloatArray(), ws = w.toFloatArray(), y = new float[6];
        for (int k = 0; k < 6; k++) {
            y[k] = (xs[k] - st[0][0]) * st[1][0] * ws[k];
        }
        assertClose(y, e.runLegacy(X, w).get(0));
        assertClose(y, e.runPir(X, w).get(0));
    }

    private static Tensor scalarLong(long v) {
        return Tensor.ofLongs(new long[0], v);
    }

    /** Trilu with a fed k: a constant column-minus-row offset compared with k picks x or 0. */
    @Test
    void triluWithKFedAtRunTime() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.input("k", DataType.INT64);
        g.add(Node.of("Trilu").inputs("x", "k").outputs("lo").attr("upper", 0L));
        g.add(Node.of("Trilu").inputs("x", "k").outputs("up"));
        g.output("lo", DataType.FLOAT, 2, 3);
        g.output("up", DataType.FLOAT, 2, 3);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        assertEquals(1, e.types().stream().filter(t -> t.equals("less_equal")).count());
        assertEquals(1, e.types().stream().filter(t -> t.equals("greater_equal")).count());
        for (List<Tensor> r : List.of(e.runLegacy(X, scalarLong(0)), e.runPir(X, scalarLong(0)))) {
            assertClose(new float[] {1, 0, 0, -3, 0, 0}, r.get(0));
            assertClose(new float[] {1, 4, 2, 0, 0, 5}, r.get(1));
        }
        List<Tensor> r = e.runLegacy(X, scalarLong(-1));
        assertClose(new float[] {0, 0, 0, -3, 0, 0}, r.get(0));
        assertClose(new float[] {1, 4, 2, -3, 0, 5}, r.get(1));
        assertClose(new float[] {0, 4, 2, 0, 0, 5}, e.runPir(X, scalarLong(1)).get(1));
    }

    /** Unsorted and negative fed axes are made non-negative and sorted, where Paddle's one-by-one insertion agrees with ONNX. */
    @Test
    void unsqueezeWithAxesFedAtRunTime() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.input("axes", DataType.INT64, 2);
        g.add(Node.of("Unsqueeze").inputs("x", "axes").outputs("y"));
        g.output("y", DataType.FLOAT, 1, 2, 3, 1);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        assertEquals(List.of("fill_constant", "elementwise_add", "elementwise_mod", "top_k_v2", "unsqueeze2"), e.types());
        assertEquals(1, EmitterCheck.in(e.op("unsqueeze2"), "AxesTensor").size());
        Tensor axes = Tensor.ofLongs(new long[] {2}, 3, -4);
        for (List<Tensor> r : List.of(e.runOriginal(X, axes), e.runLegacy(X, axes), e.runPir(X, axes))) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {1, 2, 3, 1}, r.get(0).shape());
            assertClose(X.toFloatArray(), r.get(0));
        }
    }

    @Test
    void cumSumAlongAFedAxis() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.input("axis", DataType.INT64);
        g.add(Node.of("CumSum").inputs("x", "axis").outputs("y"));
        g.output("y", DataType.FLOAT, 2, 3);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        OpDesc.Attr axis = EmitterCheck.attr(e.op("cumsum"), "axis");
        assertEquals(dev.modelx.format.paddle.proto.PaddleProtos.AttrType.VAR, axis.getType());
        assertEquals("axis", axis.getVarName());
        assertClose(new float[] {1, 4, 2, -2, 4, 7}, e.runLegacy(X, scalarLong(0)).get(0));
        assertClose(new float[] {1, 4, 2, -2, 4, 7}, e.runPir(X, scalarLong(0)).get(0));
        assertClose(new float[] {1, 5, 7, -3, -3, 2}, e.runLegacy(X, scalarLong(1)).get(0));
        assertClose(new float[] {1, 5, 7, -3, -3, 2}, e.runPir(X, scalarLong(-1)).get(0));
    }
}
