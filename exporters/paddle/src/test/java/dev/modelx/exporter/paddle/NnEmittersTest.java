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

/** 3-D convolution/pooling, instance/group norm, lrn, prelu, pad/pad3d and interpolation with computed sizes. */
class NnEmittersTest {

    @TempDir
    Path tmp;

    private static float[] iota(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    @Test
    void conv3dWithAllOnesFilterSumsEachWindow() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 1, 1, 2, 2, 2);
        float[] ones = new float[8];
        java.util.Arrays.fill(ones, 1f);
        g.initializer("w", floats(new long[] {1, 1, 2, 2, 2}, ones));
        g.add(Node.of("Conv").inputs("x", "w").outputs("y").ints("kernel_shape", 2, 2, 2));
        g.output("y", DataType.FLOAT, 1, 1, 1, 1, 1);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        OpDesc op = e.op("conv3d");
        e.assertMatchesDefinition("conv3d");
        assertEquals("NCDHW", EmitterCheck.s(op, "data_format"));
        assertEquals(List.of(1, 1, 1), EmitterCheck.ints(op, "strides"));
        assertEquals(List.of(0, 0, 0), EmitterCheck.ints(op, "paddings"));
        e.assertLegacy(new float[] {28}, floats(new long[] {1, 1, 2, 2, 2}, iota(8)));
    }

    @Test
    void maxPool3d() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 1, 1, 2, 2, 2);
        g.add(Node.of("MaxPool").inputs("x").outputs("y").ints("kernel_shape", 2, 2, 1));
        g.output("y", DataType.FLOAT, 1, 1, 1, 1, 2);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        OpDesc op = e.op("pool3d");
        e.assertMatchesDefinition("pool3d");
        assertEquals(List.of(2, 2, 1), EmitterCheck.ints(op, "ksize"));
        e.assertLegacy(new float[] {6, 7}, floats(new long[] {1, 1, 2, 2, 2}, iota(8)));
    }

    /** Each channel normalised over its own H*W: [0, 2] -> [-1, 1] (epsilon 0), then scale and bias. */
    @Test
    void instanceNormalization() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 1, 2, 1, 2);
        g.initializer("s", floats(new long[] {2}, 1, 2));
        g.initializer("b", floats(new long[] {2}, 0, 10));
        g.add(Node.of("InstanceNormalization").inputs("x", "s", "b").outputs("y").attr("epsilon", 0f));
        g.output("y", DataType.FLOAT, 1, 2, 1, 2);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        e.assertMatchesDefinition("instance_norm");
        e.assertLegacy(new float[] {-1, 1, 8, 12}, floats(new long[] {1, 2, 1, 2}, 0, 2, 5, 9));
    }

    /** Op set 18's per-group scale/bias become per-channel parameters: groups {c0,c1}, {c2,c3}. */
    @Test
    void groupNormalizationRepeatsPerGroupScale() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 1, 4, 1, 1);
        g.initializer("s", floats(new long[] {2}, 1, 3));
        g.initializer("b", floats(new long[] {2}, 0, 1));
        g.add(Node.of("GroupNormalization").inputs("x", "s", "b").outputs("y").attr("num_groups", 2L).attr("epsilon", 0f));
        g.output("y", DataType.FLOAT, 1, 4, 1, 1);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        OpDesc op = e.op("group_norm");
        e.assertMatchesDefinition("group_norm");
        assertEquals(2, EmitterCheck.i(op, "groups"));
        assertEquals(List.of("s.per_channel"), EmitterCheck.in(op, "Scale"));
        e.assertLegacy(new float[] {-1, 1, -2, 4}, floats(new long[] {1, 4, 1, 1}, 0, 2, 4, 8));
    }

    /** Paddle's lrn multiplies alpha by n itself, so the written alpha is ONNX alpha / size. */
    @Test
    void lrnDividesAlphaBySize() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 1, 2, 1, 1);
        g.add(Node.of("LRN").inputs("x").outputs("y").attr("size", 2L).attr("alpha", 0.5f).attr("beta", 1f).attr("bias", 1f));
        g.output("y", DataType.FLOAT, 1, 2, 1, 1);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        OpDesc op = e.op("lrn");
        e.assertMatchesDefinition("lrn");
        assertEquals(0.25f, EmitterCheck.f(op, "alpha"));
        assertEquals(2, EmitterCheck.i(op, "n"));
        // c0: window {c0} (size 2: floor((2-1)/2)=0 before, 1 after -> {c0, c1}); y = x / (1 + 0.5/2 * sum x^2)
        e.assertLegacy(new float[] {1f / (1 + 0.25f * 5), 2f / (1 + 0.25f * 4)}, floats(new long[] {1, 2, 1, 1}, 1, 2));
    }

    @Test
    void preluPerChannel() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 1, 2, 1, 2);
        g.initializer("slope", floats(new long[] {2, 1, 1}, 0.5f, 0.25f));
        g.add(Node.of("PRelu").inputs("x", "slope").outputs("y"));
        g.output("y", DataType.FLOAT, 1, 2, 1, 2);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        e.assertMatchesDefinition("prelu");
        assertEquals("channel", EmitterCheck.s(e.op("prelu"), "mode"));
        e.assertLegacy(new float[] {-1, 3, -1, 4}, floats(new long[] {1, 2, 1, 2}, -2, 3, -4, 4));
    }

    @Test
    void constantPadOfAnyRankIsPad() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2);
        g.initializer("pads", Tensor.ofLongs(new long[] {2}, 1, 2));
        g.initializer("v", floats(new long[0], 9));
        g.add(Node.of("Pad").inputs("x", "pads", "v").outputs("y"));
        g.output("y", DataType.FLOAT, 5);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        e.assertMatchesDefinition("pad");
        assertEquals(List.of(1, 2), EmitterCheck.ints(e.op("pad"), "paddings"));
        e.assertLegacy(new float[] {9, 1, 2, 9, 9}, floats(new long[] {2}, 1, 2));
    }

    /** Reflect padding of W of an NCHW tensor: pad3d (paddings [left, right, top, bottom, front, back]) on an unsqueezed 5-D view. */
    @Test
    void reflectPadIsPad3d() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 1, 1, 1, 3);
        g.initializer("pads", Tensor.ofLongs(new long[] {8}, 0, 0, 0, 1, 0, 0, 0, 2));
        g.add(Node.of("Pad").inputs("x", "pads").outputs("y").attr("mode", "reflect"));
        g.output("y", DataType.FLOAT, 1, 1, 1, 6);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        assertEquals(List.of("unsqueeze2", "pad3d", "squeeze2"), e.types());
        e.assertMatchesDefinition("pad3d");
        assertEquals(List.of(1, 2, 0, 0, 0, 0), EmitterCheck.ints(e.op("pad3d"), "paddings"));
        assertEquals("reflect", EmitterCheck.s(e.op("pad3d"), "mode"));
        e.assertLegacy(new float[] {2, 1, 2, 3, 2, 1}, floats(new long[] {1, 1, 1, 3}, 1, 2, 3));
    }

    /** Sizes computed at run time: their [H, W] part, cast to int32, is the interp op's OutSize input. */
    @Test
    void resizeWithComputedSizesUsesOutSize() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 1, 1, 1, 2);
        g.input("sizes", DataType.INT64, 4);
        g.add(Node.of("Resize").inputs("x", "", "", "sizes").outputs("y").attr("mode", "nearest")
                .attr("coordinate_transformation_mode", "asymmetric").attr("nearest_mode", "floor"));
        g.output("y", DataType.FLOAT, 1, 1, 2, 4);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        OpDesc op = e.op("nearest_interp_v2");
        e.assertMatchesDefinition("nearest_interp_v2");
        assertEquals(1, EmitterCheck.in(op, "OutSize").size());
        assertEquals(List.of("slice", "cast", "nearest_interp_v2"), e.types());
        Tensor x = floats(new long[] {1, 1, 1, 2}, 1, 2);
        Tensor sizes = Tensor.ofLongs(new long[] {4}, 1, 1, 2, 4);
        EmitterCheck.assertClose(new float[] {1, 1, 2, 2, 1, 1, 2, 2}, e.runLegacy(x, sizes).get(0));
    }

    /** Conv1d as paddle's conv1d writes it: unsqueeze2 of input and filter at axis 2, conv2d, squeeze2, bias add. */
    @Test
    void conv1dIsConv2dOverAHeightOfOne() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 1, 2, 5);
        g.initializer("w", Tensor.ofFloats(new long[] {1, 2, 2}, 1, 2, -1, 0.5f));
        g.initializer("b", Tensor.ofFloats(new long[] {1}, 10));
        g.add(Node.of("Conv").inputs("x", "w", "b").outputs("y").ints("pads", 1, 0).ints("strides", 2));
        g.output("y", DataType.FLOAT, 1, 1, 3);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        assertEquals(List.of("unsqueeze2", "unsqueeze2", "conv2d", "squeeze2", "elementwise_add"), e.types());
        OpDesc conv = e.op("conv2d");
        e.assertMatchesDefinition("conv2d");
        assertEquals(List.of(1, 2), EmitterCheck.ints(conv, "strides"));
        assertEquals(List.of(0, 0, 1, 0), EmitterCheck.ints(conv, "paddings"));
        Tensor x = floats(new long[] {1, 2, 5}, 1, 2, 3, 4, 5, -1, -2, -3, -4, -5);
        // padded x0 = [0 1 2 3 4 5], x1 = [0 -1 -2 -3 -4 -5]; windows at 0, 2, 4 of width 2
        // y[t] = 1*x0[2t] + 2*x0[2t+1] - x1[2t] + 0.5*x1[2t+1] + 10
        float[] want = {0 + 2 - 0 - 0.5f + 10, 2 + 6 + 2 - 1.5f + 10, 4 + 10 + 4 - 2.5f + 10};
        e.assertLegacy(want, x);
        EmitterCheck.assertClose(want, e.runPir(x).get(0));
    }
}
