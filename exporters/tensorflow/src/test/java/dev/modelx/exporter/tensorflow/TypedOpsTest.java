package dev.modelx.exporter.tensorflow;

import static dev.modelx.exporter.tensorflow.OpCase.f;
import static dev.modelx.exporter.tensorflow.OpCase.range;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Ops on element types TF Java cannot feed or fetch (16-bit floats, float8, 4- and 16-bit integers), and
 * ops that need more than one node: float32 inputs are cast to the type inside the model and the result is
 * cast to a fetchable type, so TF runs the op on that type and the reference runtime's ONNX semantics judge it.
 */
class TypedOpsTest {

    @TempDir
    Path dir;

    /** A small model: float feeds, constants, nodes in order; the graph output is "y". */
    record Case(String label, long opset, Map<String, Tensor> feeds, Map<String, Tensor> constants, Node... nodes) {
        @Override
        public String toString() {
            return label;
        }

        Model model() {
            Graph g = new Graph(label.replaceAll("[^A-Za-z0-9_]", "_"));
            feeds.forEach((n, t) -> g.input(n, t.type(), t.shape()));
            constants.forEach(g::initializer);
            int i = 0;
            for (Node n : nodes) {
                g.add(n.name("n" + i++));
            }
            g.output(new ValueInfo("y", null));
            return Model.of(g, opset).resolveOpsetVersions();
        }
    }

    private static Node cast(String in, String out, DataType to) {
        return Node.of("Cast").inputs(in).outputs(out).attr("to", (long) to.code());
    }

    /** x (float) -> Cast(t) -> op -> Cast(out) -> y. */
    private static Case unary(String label, long opset, DataType t, Node op, DataType out, Tensor x) {
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        feeds.put("x", x);
        return new Case(label, opset, feeds, Map.of(), cast("x", "xt", t), op.inputs("xt").outputs("r"), cast("r", "y", out));
    }

    /** a, b (float) -> Cast(t) each -> op -> Cast(float) -> y. */
    private static Case binary(String label, DataType t, Node op, Tensor a, Tensor b) {
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        feeds.put("a", a);
        feeds.put("b", b);
        return new Case(label, 18, feeds, Map.of(), cast("a", "at", t), cast("b", "bt", t), op.inputs("at", "bt").outputs("r"),
                cast("r", "y", DataType.FLOAT));
    }

    /** x (given type) -> op with constant parameters -> Cast(out) -> y. */
    private static Case withParams(String label, Node op, Tensor x, Map<String, Tensor> params, DataType out) {
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        feeds.put("x", x);
        String[] inputs = new String[params.size() + 1];
        inputs[0] = "x";
        int i = 1;
        for (String p : params.keySet()) {
            inputs[i++] = p;
        }
        return new Case(label, 21, feeds, params, op.inputs(inputs).outputs("r"), cast("r", "y", out));
    }

    private static Tensor v(float... a) {
        return Tensor.ofFloats(new long[]{a.length}, a);
    }

    private static Map<String, Tensor> params(Object... kv) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Tensor) kv[i + 1]);
        }
        return m;
    }

    private static final Tensor WIDE = v(0f, 0.3f, -0.3f, 1.7f, -2.5f, 7.9f, -8.5f, 9.7f, -9.2f, 20f, 447f, 465f, 500f, -1000f,
            60000f, 1e6f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1e-3f, -0.0f, 3.3e-3f);

    private static Node castTo(DataType t) {
        return Node.of("Cast").attr("to", (long) t.code());
    }

    static Stream<Case> cases() {
        DataType f32 = DataType.FLOAT;
        return Stream.of(
                // TF's bfloat16 Elu rounds exp(x) before subtracting 1: -0.25 gave -0.22266 instead of -0.22168
                unary("Elu bfloat16", 18, DataType.BFLOAT16, Node.of("Elu"), f32, v(-1.5f, -0.25f, 0f, 0.25f, 1.5f, -0.7f)),
                unary("Elu float16 alpha", 18, DataType.FLOAT16, Node.of("Elu").attr("alpha", 0.5f), f32, f(4, 8)),
                unary("Softmax float16 long rows", 18, DataType.FLOAT16, Node.of("Softmax"), f32, f(6, 300)),
                unary("LogSoftmax bfloat16 axis 0", 18, DataType.BFLOAT16, Node.of("LogSoftmax").attr("axis", 0L), f32, f(40, 3)),
                unary("Cast to int4 wraps", 21, f32, castTo(DataType.INT4), DataType.INT32,
                        v(0f, 0.3f, -0.3f, 1.7f, -2.5f, 7.9f, -8.5f, 9.7f, -9.2f, 20f, -17f)),
                unary("Cast float16 to uint4 wraps", 21, DataType.FLOAT16, castTo(DataType.UINT4), DataType.INT32,
                        v(0f, 0.3f, 1.7f, 7.9f, 15.5f, 16f, 37f, 255f)),
                unary("Cast to float8e4m3fn saturates", 19, f32, castTo(DataType.FLOAT8E4M3FN), f32, WIDE),
                unary("Cast to float8e5m2 saturates", 19, f32, castTo(DataType.FLOAT8E5M2), f32, WIDE),
                unary("Cast float16 to float8e4m3fn", 19, DataType.FLOAT16, castTo(DataType.FLOAT8E4M3FN), f32, WIDE),
                unary("Cast to float8e4m3fn no saturate", 19, f32, castTo(DataType.FLOAT8E4M3FN).attr("saturate", 0L), f32, WIDE),
                unary("Cast to float8e5m2 no saturate", 19, f32, castTo(DataType.FLOAT8E5M2).attr("saturate", 0L), f32, WIDE),
                binary("Mod fmod float16", DataType.FLOAT16, Node.of("Mod").attr("fmod", 1L),
                        v(5.5f, -5.5f, 7.25f, -7.25f, 3f, -0.75f), v(2f, 2f, -3f, -3f, 0.5f, 0.5f)),
                binary("Mod fmod int8", DataType.INT8, Node.of("Mod").attr("fmod", 1L), v(9f, -9f, 25f, -25f, 7f), v(4f, 4f, -7f, -7f, 3f)),
                binary("Mod int16", DataType.INT16, Node.of("Mod"), v(900f, -900f, 25f, -25f, 7f), v(7f, 7f, -6f, -6f, 3f)),
                binary("Mod fmod uint16", DataType.UINT16, Node.of("Mod").attr("fmod", 1L), v(900f, 65000f, 25f), v(7f, 1000f, 6f)),
                binary("Mod uint32", DataType.UINT32, Node.of("Mod"), v(900f, 4e9f, 25f), v(7f, 1000f, 6f)),
                binary("Mod fmod bfloat16", DataType.BFLOAT16, Node.of("Mod").attr("fmod", 1L), v(9f, -9f, 2.5f), v(4f, 4f, -1f)),
                withParams("QuantizeLinear int16", Node.of("QuantizeLinear"), range(-400, 400, 2, 6),
                        params("s", Tensor.scalar(0.01f), "z", Tensor.of(DataType.INT16, new long[0], new short[]{-100})), DataType.INT32),
                withParams("QuantizeLinear uint16", Node.of("QuantizeLinear"), range(-100, 800, 2, 6),
                        params("s", Tensor.scalar(0.01f), "z", Tensor.of(DataType.UINT16, new long[0], new short[]{(short) 30000})),
                        DataType.INT32),
                withParams("QuantizeLinear blocked", Node.of("QuantizeLinear").attr("axis", 1L).attr("block_size", 3L),
                        range(-40, 40, 3, 6), params("s", Tensor.ofFloats(new long[]{3, 2}, 0.5f, 0.25f, 1f, 2f, 0.3f, 0.7f),
                                "z", Tensor.of(DataType.INT8, new long[]{3, 2}, new byte[]{0, 1, -2, 3, 4, -5})), DataType.INT32),
                withParams("QuantizeLinear blocked uneven", Node.of("QuantizeLinear").attr("axis", 0L).attr("block_size", 2L),
                        range(-40, 40, 3, 4), params("s", Tensor.ofFloats(new long[]{2, 4}, 0.5f, 0.25f, 1f, 2f, 0.3f, 0.7f, 0.1f, 3f)),
                        DataType.INT32),
                withParams("DequantizeLinear blocked", Node.of("DequantizeLinear").attr("axis", 1L).attr("block_size", 2L),
                        Tensor.of(DataType.UINT8, new long[]{2, 6}, new byte[]{0, 10, (byte) 200, (byte) 255, 7, (byte) 128, 1, 2, 3, 90, 91, 92}),
                        params("s", Tensor.ofFloats(new long[]{2, 3}, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f),
                                "z", Tensor.of(DataType.UINT8, new long[]{2, 3}, new byte[]{0, 5, 10, (byte) 128, 1, 2})), f32),
                withParams("QuantizeLinear int4", Node.of("QuantizeLinear").attr("axis", 1L), range(-12, 12, 2, 3),
                        params("s", Tensor.ofFloats(new long[]{3}, 0.5f, 1f, 2f),
                                "z", Tensor.of(DataType.INT4, new long[]{3}, new byte[]{1, -2, 0})), DataType.INT32),
                withParams("QuantizeLinear uint4", Node.of("QuantizeLinear"), range(-3, 12, 2, 5),
                        params("s", Tensor.scalar(0.5f), "z", Tensor.of(DataType.UINT4, new long[0], new byte[]{3})), DataType.INT32),
                withParams("QuantizeLinear float8e4m3fn", Node.of("QuantizeLinear"), WIDE,
                        params("s", Tensor.scalar(0.5f), "z", Tensor.of(DataType.FLOAT8E4M3FN, new long[0], new byte[]{0})), f32),
                withParams("QuantizeLinear float8e5m2 no saturate", Node.of("QuantizeLinear").attr("saturate", 0L), WIDE,
                        params("s", Tensor.scalar(2f), "z", Tensor.of(DataType.FLOAT8E5M2, new long[0], new byte[]{0})), f32),
                new Case("DequantizeLinear int4", 21, Map.of("x", range(-9, 9, 2, 4)),
                        params("s", Tensor.ofFloats(new long[]{2}, 0.5f, 3f), "z", Tensor.of(DataType.INT4, new long[]{2}, new byte[]{-1, 2})),
                        cast("x", "q", DataType.INT4), Node.of("DequantizeLinear").inputs("q", "s", "z").outputs("y").attr("axis", 0L)),
                new Case("DequantizeLinear constant int4 weights", 21, Map.of("x", f(2, 3)),
                        params("w", Tensor.of(DataType.INT4, new long[]{2, 3}, new byte[]{-8, 7, 0, 3, -1, 5}), "s", Tensor.scalar(0.25f),
                                "z", Tensor.of(DataType.INT4, new long[0], new byte[]{1})),
                        Node.of("DequantizeLinear").inputs("w", "s", "z").outputs("d"), Node.of("Mul").inputs("x", "d").outputs("y")),
                // channels-last values from a Conv: the per-channel parameters must follow the physical layout
                new Case("Conv then BatchNormalization training", 15, Map.of("x", f(2, 2, 5, 6)),
                        params("w", f(3, 2, 3, 3), "s", f(3), "b", f(3), "m", f(3), "v", OpCase.pos(3)),
                        Node.of("Conv").inputs("x", "w").outputs("c").ints("pads", 1, 1, 1, 1),
                        Node.of("BatchNormalization").inputs("c", "s", "b", "m", "v").outputs("y", "rm", "rv").attr("training_mode", 1L)),
                new Case("Conv then PRelu opset 6", 6, Map.of("x", f(1, 2, 5, 6)), params("w", f(3, 2, 3, 3), "s", f(3)),
                        Node.of("Conv").inputs("x", "w").outputs("c"), Node.of("PRelu").inputs("c", "s").outputs("y")),
                new Case("Dropout training ratio 0", 13, Map.of("x", f(3, 4)),
                        params("r", Tensor.scalar(0f), "t", Tensor.ofBooleans(new long[0], true)),
                        Node.of("Dropout").inputs("x", "r", "t").outputs("d", "m"), cast("m", "mf", DataType.FLOAT),
                        Node.of("Add").inputs("d", "mf").outputs("y")),
                // TF's CPU MatMul accumulates bfloat16 in bfloat16: in a probe 38 of 64 such sums were 1-2 ulps off
                new Case("MatMul bfloat16 long inner dim", 18, Map.of("a", range(0, 1, 8, 1024), "b", range(0, 1, 1024, 8)), Map.of(),
                        cast("a", "at", DataType.BFLOAT16), cast("b", "bt", DataType.BFLOAT16),
                        Node.of("MatMul").inputs("at", "bt").outputs("r"), cast("r", "y", DataType.FLOAT)),
                new Case("Gemm bfloat16", 18, Map.of("a", range(0, 1, 300, 4), "b", range(0, 1, 6, 300)), Map.of(),
                        cast("a", "at", DataType.BFLOAT16), cast("b", "bt", DataType.BFLOAT16),
                        Node.of("Gemm").inputs("at", "bt").outputs("r").attr("transA", 1L).attr("transB", 1L), cast("r", "y", DataType.FLOAT)),
                // Range of one-element 1-D bounds (as expanded functions compute them): TF's Range takes scalars only
                new Case("Range of computed 1-element bounds", 18, Map.of("x", Tensor.ofFloats(new long[]{1}, 7.5f)),
                        params("s", Tensor.ofFloats(new long[]{1}, 0.5f), "d", Tensor.scalar(2f)),
                        Node.of("Range").inputs("s", "x", "d").outputs("y")),
                new Case("Cast int4 to float", 21, Map.of("x", range(-9, 9, 2, 4)), Map.of(), cast("x", "q", DataType.INT4),
                        cast("q", "y", f32)),
                withParams("OneHot axis -2", Node.of("OneHot").attr("axis", -2L), Tensor.ofLongs(new long[]{2, 3}, 0, 3, -1, 2, -4, 1),
                        params("d", Tensor.scalar(4L), "v", Tensor.ofFloats(new long[]{2}, -1f, 5f)), f32));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(Case c) throws Exception {
        ExportCheck.againstReference(c.model(), c.feeds(), dir);
    }

    /** Training-mode Dropout draws with TF's generator: each element is 0 or x / (1 - ratio), about ratio of them 0. */
    @org.junit.jupiter.api.Test
    void dropoutTrainingKeepsOrScales() throws Exception {
        int n = 4000;
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 2f);
        Map<String, Tensor> feeds = Map.of("x", Tensor.ofFloats(new long[]{n}, ones));
        Case c = new Case("Dropout training", 13, feeds, params("r", Tensor.scalar(0.3f), "t", Tensor.ofBooleans(new long[0], true)),
                Node.of("Dropout").inputs("x", "r", "t").outputs("y", "m"));
        Path sm = dir.resolve("dropout");
        new TensorFlowSavedModelExporter().write(c.model(), sm, dev.modelx.graph.io.ExportOptions.defaults());
        Tensor y = TfJava.runSavedModel(sm, feeds, java.util.List.of("y")).get("y");
        int dropped = 0;
        for (int i = 0; i < n; i++) {
            double v = y.getDouble(i);
            if (v == 0) {
                dropped++;
            } else {
                org.junit.jupiter.api.Assertions.assertEquals(2 / 0.7, v, 1e-5, "kept element " + i);
            }
        }
        double frac = (double) dropped / n;
        org.junit.jupiter.api.Assertions.assertTrue(Math.abs(frac - 0.3) < 0.04, "dropped fraction " + frac + " vs ratio 0.3");
    }
}
