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

import static dev.modelx.exporter.paddle.EmitterCheck.floats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** strided_slice, gather_nd, scatter_nd_add, tril_triu, pixel_shuffle/DCR, size, flatten and split. */
class ShapeIndexEmittersTest {

    @TempDir
    Path tmp;

    private static final Tensor X6 = floats(new long[] {2, 3}, 0, 1, 2, 3, 4, 5);

    @Test
    void sliceWithStepsIsStridedSlice() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.initializer("st", Tensor.ofLongs(new long[] {1}, -1));
        g.initializer("en", Tensor.ofLongs(new long[] {1}, Long.MIN_VALUE));
        g.initializer("ax", Tensor.ofLongs(new long[] {1}, 1));
        g.initializer("sp", Tensor.ofLongs(new long[] {1}, -2));
        g.add(Node.of("Slice").inputs("x", "st", "en", "ax", "sp").outputs("y"));
        g.output("y", DataType.FLOAT, 2, 2);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        OpDesc op = e.op("strided_slice");
        e.assertMatchesDefinition("strided_slice");
        assertEquals(List.of(-2), EmitterCheck.ints(op, "strides"));
        assertEquals(List.of(Integer.MIN_VALUE), EmitterCheck.ints(op, "ends"));
        e.assertLegacy(new float[] {2, 0, 5, 3}, X6);
    }

    @Test
    void gatherNd() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.initializer("idx", Tensor.ofLongs(new long[] {2, 2}, 1, 2, 0, 1));
        g.add(Node.of("GatherND").inputs("x", "idx").outputs("y"));
        g.output("y", DataType.FLOAT, 2);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        e.assertMatchesDefinition("gather_nd");
        e.assertLegacy(new float[] {5, 1}, X6);
    }

    /** ScatterND replaces: x + scatter_nd_add of (updates - gather_nd(x)). */
    @Test
    void scatterNdReplacesThroughScatterNdAdd() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.initializer("idx", Tensor.ofLongs(new long[] {1, 1}, 1));
        g.initializer("upd", floats(new long[] {1, 3}, 7, 8, 9));
        g.add(Node.of("ScatterND").inputs("x", "idx", "upd").outputs("y"));
        g.output("y", DataType.FLOAT, 2, 3);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        assertEquals(List.of("gather_nd", "elementwise_sub", "scatter_nd_add"), e.types());
        e.assertMatchesDefinition("scatter_nd_add");
        e.assertLegacy(new float[] {0, 1, 2, 7, 8, 9}, X6);
    }

    @Test
    void triluUpperWithDiagonal() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.initializer("k", Tensor.ofLongs(new long[0], 1));
        g.add(Node.of("Trilu").inputs("x", "k").outputs("y"));
        g.output("y", DataType.FLOAT, 2, 3);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        OpDesc op = e.op("tril_triu");
        e.assertMatchesDefinition("tril_triu");
        assertEquals(1, EmitterCheck.i(op, "diagonal"));
        assertEquals(false, EmitterCheck.b(op, "lower"));
        e.assertLegacy(new float[] {0, 1, 2, 0, 0, 5}, X6);
    }

    /** DCR DepthToSpace of [1, 4, 1, 1] by 2: channels c0..c3 land at (0,0), (0,1), (1,0), (1,1). CRD is pixel_shuffle. */
    @Test
    void depthToSpaceBothModes() throws Exception {
        for (String mode : new String[] {"DCR", "CRD"}) {
            Graph g = new Graph("t");
            g.input("x", DataType.FLOAT, 1, 4, 1, 1);
            g.add(Node.of("DepthToSpace").inputs("x").outputs("y").attr("blocksize", 2L).attr("mode", mode));
            g.output("y", DataType.FLOAT, 1, 1, 2, 2);
            EmitterCheck e = EmitterCheck.of(g, tmp.resolve(mode));
            assertEquals(mode.equals("CRD") ? List.of("pixel_shuffle") : List.of("reshape2", "transpose2", "reshape2"), e.types());
            e.assertLegacy(new float[] {10, 11, 12, 13}, floats(new long[] {1, 4, 1, 1}, 10, 11, 12, 13));
        }
    }

    @Test
    void sizeIsPaddlesSizeOp() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.add(Node.of("Size").inputs("x").outputs("n"));
        g.output("n", DataType.INT64);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        e.assertMatchesDefinition("size");
        EmitterCheck.assertLongs(new long[] {6}, e.runLegacy(X6).get(0));
    }

    /** Flatten at axis 2 of [2, 3, 2]: two flatten_contiguous_range whose intermediate is declared [6, 2]. */
    @Test
    void flattenAtAxisTwo() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3, 2);
        g.add(Node.of("Flatten").inputs("x").outputs("y").attr("axis", 2L));
        g.output("y", DataType.FLOAT, 6, 2);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        assertEquals(List.of("flatten_contiguous_range", "flatten_contiguous_range"), e.types());
        float[] v = new float[12];
        for (int i = 0; i < 12; i++) {
            v[i] = i;
        }
        Tensor y = e.runLegacy(floats(new long[] {2, 3, 2}, v)).get(0);
        EmitterCheck.assertClose(v, y);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {6, 2}, y.shape());
    }

    /** Op set 18 num_outputs=3 of 7 elements: sections [3, 3, 1]. */
    @Test
    void unevenSplitGetsSections() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 7);
        g.add(Node.of("Split").inputs("x").outputs("a", "b", "c").attr("num_outputs", 3L));
        g.output("a", DataType.FLOAT, 3);
        g.output("b", DataType.FLOAT, 3);
        g.output("c", DataType.FLOAT, 1);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        assertEquals(List.of(3, 3, 1), EmitterCheck.ints(e.op("split"), "sections"));
        List<Tensor> r = e.runLegacy(floats(new long[] {7}, 0, 1, 2, 3, 4, 5, 6));
        EmitterCheck.assertClose(new float[] {6}, r.get(2));
    }

    @Test
    void computedSqueezeAxesAreRefused() {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 1, 3);
        g.input("axes", DataType.INT64, 1);
        g.add(Node.of("Squeeze").inputs("x", "axes").outputs("y"));
        g.output("y", DataType.FLOAT, 3);
        var ex = assertThrows(dev.modelx.graph.ModelFormatException.class, () -> EmitterCheck.of(g, tmp));
        org.junit.jupiter.api.Assertions.assertTrue(ex.getMessage().contains("Squeeze"), ex.getMessage());
    }
}
