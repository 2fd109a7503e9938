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
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Activations (activation_op.cc definitions): attribute names and values as Paddle defines them, and values after a round trip. */
class ActivationEmittersTest {

    @TempDir
    Path tmp;

    private static Graph unary(Node n, DataType t) {
        Graph g = new Graph("t");
        g.input("x", t, 4);
        g.add(n.inputs("x").outputs("y"));
        g.output("y", t, 4);
        return g;
    }

    private static final Tensor X = floats(new long[] {4}, -2f, -0.5f, 0.5f, 3f);

    @Test
    void leakyReluWritesAlpha() throws Exception {
        EmitterCheck e = EmitterCheck.of(unary(Node.of("LeakyRelu").attr("alpha", 0.1f), DataType.FLOAT), tmp);
        e.assertMatchesDefinition("leaky_relu");
        assertEquals(0.1f, EmitterCheck.f(e.op("leaky_relu"), "alpha"));
        e.assertLegacy(new float[] {-0.2f, -0.05f, 0.5f, 3f}, X);
        assertClose(new float[] {-0.2f, -0.05f, 0.5f, 3f}, e.runPir(X).get(0));
    }

    /** Paddle's hard_sigmoid is clip(slope x + offset, 0, 1): ONNX alpha is slope, beta offset. */
    @Test
    void hardSigmoidMapsAlphaBetaToSlopeOffset() throws Exception {
        EmitterCheck e = EmitterCheck.of(unary(Node.of("HardSigmoid").attr("alpha", 0.25f).attr("beta", 0.5f), DataType.FLOAT), tmp);
        OpDesc op = e.op("hard_sigmoid");
        e.assertMatchesDefinition("hard_sigmoid");
        assertEquals(0.25f, EmitterCheck.f(op, "slope"));
        assertEquals(0.5f, EmitterCheck.f(op, "offset"));
        e.assertLegacy(new float[] {0f, 0.375f, 0.625f, 1f}, X);
    }

    /** Mish is x tanh(softplus(x)); Paddle's mish carries threshold 20 (softplus linear beyond it). */
    @Test
    void mish() throws Exception {
        EmitterCheck e = EmitterCheck.of(unary(Node.of("Mish"), DataType.FLOAT), tmp);
        e.assertMatchesDefinition("mish");
        assertEquals(20f, EmitterCheck.f(e.op("mish"), "threshold"));
        float[] want = new float[4];
        float[] x = X.toFloatArray();
        for (int k = 0; k < 4; k++) {
            want[k] = (float) (x[k] * Math.tanh(Math.log1p(Math.exp(x[k]))));
        }
        e.assertLegacy(want, X);
    }

    /** CastLike takes the element type of its second input: cast's in_dtype/out_dtype are VarType codes (FP32 5, INT32 2). */
    @Test
    void castLikeWritesTheTargetTypeCode() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 4);
        g.initializer("like", Tensor.ofInts(new long[] {1}, 0));
        g.add(Node.of("CastLike").inputs("x", "like").outputs("y"));
        g.output("y", DataType.INT32, 4);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        OpDesc op = e.op("cast");
        e.assertMatchesDefinition("cast");
        assertEquals(5, EmitterCheck.i(op, "in_dtype"));
        assertEquals(2, EmitterCheck.i(op, "out_dtype"));
        List<Tensor> r = e.runLegacy(floats(new long[] {4}, -2.7f, -0.5f, 0.5f, 3.9f));
        assertEquals(DataType.INT32, r.get(0).type());
        EmitterCheck.assertLongs(new long[] {-2, 0, 0, 3}, r.get(0));
    }

    /** Clip without bounds is the identity; int8 Clip with only max uses int8's minimum, not -FLT_MAX. */
    @Test
    void clipOfIntegersUsesTheTypesRange() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.INT8, 4);
        g.add(Node.of("Constant").outputs("hi").attr("value", Tensor.fromPacked(DataType.INT8, new long[0],
                java.nio.ByteBuffer.wrap(new byte[] {5}))));
        g.add(Node.of("Clip").inputs("x", "", "hi").outputs("y"));
        g.output("y", DataType.INT8, 4);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        OpDesc op = e.op("clip");
        assertEquals(-128f, EmitterCheck.f(op, "min"));
        assertEquals(5f, EmitterCheck.f(op, "max"));
        Tensor x = Tensor.fromPacked(DataType.INT8, new long[] {4}, java.nio.ByteBuffer.wrap(new byte[] {-100, 0, 4, 100}));
        EmitterCheck.assertLongs(new long[] {-100, 0, 4, 5}, e.runLegacy(x).get(0));
    }

    @Test
    void inferenceDropoutIsPaddlesUpscaleInTrainDropout() throws Exception {
        EmitterCheck e = EmitterCheck.of(unary(Node.of("Dropout").attr("ratio", 0.3f), DataType.FLOAT), tmp);
        assertEquals(List.of("dropout"), e.types());
        e.assertMatchesDefinition("dropout");
        // upscale_in_train passes X through at inference, as ONNX's inference Dropout does
        assertEquals("upscale_in_train", EmitterCheck.s(e.op("dropout"), "dropout_implementation"));
        assertEquals(0.3f, EmitterCheck.f(e.op("dropout"), "dropout_prob"));
        assertTrue(EmitterCheck.b(e.op("dropout"), "is_test"));
        e.assertLegacy(X.toFloatArray(), X);
        EmitterCheck.assertClose(X.toFloatArray(), e.runPir(X).get(0));
    }

    @Test
    void trainingDropoutAndOneSidedIsInfAreRefused() {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 4);
        // an inference Dropout's mask is written (all true, see below); a training-mode one that drops is refused
        g.initializer("ratio", Tensor.ofFloats(new long[0], 0.5f));
        g.initializer("training", Tensor.ofBooleans(new long[0], true));
        g.add(Node.of("Dropout").inputs("x", "ratio", "training").outputs("y", "mask"));
        g.output("y", DataType.FLOAT, 4);
        g.output("mask", DataType.BOOL, 4);
        var ex = org.junit.jupiter.api.Assertions.assertThrows(dev.modelx.graph.ModelFormatException.class, () -> EmitterCheck.of(g, tmp));
        assertFalse(ex.getMessage().isEmpty());
        org.junit.jupiter.api.Assertions.assertThrows(dev.modelx.graph.ModelFormatException.class,
                () -> EmitterCheck.of(unary(Node.of("IsInf").attr("detect_negative", 0L), DataType.FLOAT), tmp.resolve("b")));
    }

    /** Inference Dropout's mask (and training-mode Dropout with ratio 0) is all true: a bool fill_constant. */
    @Test
    void dropoutMaskIsAllTrue() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.initializer("ratio", Tensor.ofFloats(new long[0], 0f));
        g.initializer("training", Tensor.ofBooleans(new long[0], true));
        g.add(Node.of("Dropout").inputs("x", "ratio", "training").outputs("y", "mask"));
        g.output("y", DataType.FLOAT, 2, 3);
        g.output("mask", DataType.BOOL, 2, 3);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        e.assertMatchesDefinition("fill_constant");
        Tensor x = EmitterCheck.floats(new long[] {2, 3}, 1, -2, 3, -4, 5, -6);
        for (java.util.List<Tensor> r : java.util.List.of(e.runLegacy(x), e.runPir(x))) {
            EmitterCheck.assertClose(x.toFloatArray(), r.get(0));
            org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1}, r.get(1).toLongArray());
        }
    }
}
