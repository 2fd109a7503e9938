package dev.modelx.exporter.tensorflow;

import static dev.modelx.exporter.tensorflow.OpCase.binary;
import static dev.modelx.exporter.tensorflow.OpCase.bools;
import static dev.modelx.exporter.tensorflow.OpCase.f;
import static dev.modelx.exporter.tensorflow.OpCase.i32;
import static dev.modelx.exporter.tensorflow.OpCase.i64;
import static dev.modelx.exporter.tensorflow.OpCase.of;
import static dev.modelx.exporter.tensorflow.OpCase.pos;
import static dev.modelx.exporter.tensorflow.OpCase.range;
import static dev.modelx.exporter.tensorflow.OpCase.scalar;
import static dev.modelx.exporter.tensorflow.OpCase.unary;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

/** Element-wise math, logic and activations: each exported alone, run in TF Java, compared with the reference runtime. */
class ElementwiseOpsTest {

    @TempDir
    Path dir;

    static Stream<OpCase> cases() {
        Tensor nanInf = Tensor.ofFloats(new long[]{2, 3}, 1f, Float.NaN, Float.POSITIVE_INFINITY, -2f, Float.NEGATIVE_INFINITY, 0f);
        return Stream.of(
                unary("Relu", f(2, 3, 4)), unary("Sigmoid", f(2, 3)), unary("Tanh", f(2, 3)), unary("Exp", f(2, 3)),
                unary("Log", pos(2, 3)), unary("Sqrt", pos(2, 3)), unary("Abs", f(2, 3)), unary("Neg", f(2, 3)),
                unary("Floor", f(2, 3)), unary("Ceil", f(2, 3)), unary("Round", range(-5, 5, 3, 4)), unary("Sin", f(2, 3)),
                unary("Cos", f(2, 3)), unary("Tan", range(-1, 1, 2, 3)), unary("Asin", range(-0.9, 0.9, 2, 3)),
                unary("Acos", range(-0.9, 0.9, 2, 3)), unary("Atan", f(2, 3)), unary("Sinh", f(2, 3)), unary("Cosh", f(2, 3)),
                unary("Asinh", f(2, 3)), unary("Acosh", range(1.1, 3, 2, 3)), unary("Atanh", range(-0.9, 0.9, 2, 3)),
                unary("Erf", f(2, 3)), unary("Sign", f(2, 3)), unary("Reciprocal", pos(2, 3)), unary("Softplus", f(2, 3)),
                unary("Softsign", f(2, 3)), unary("Identity", f(2, 3)), unary("BitwiseNot", i32(-100, 100, 2, 3)),
                unary("Not", bools(2, 3)), unary("IsNaN", nanInf), unary("IsInf", nanInf),
                of("IsInf positive only", Node.of("IsInf").inputs("x").outputs("y").attr("detect_negative", 0L)).in("x", nanInf),
                binary("Add", f(2, 3, 4), f(4)), binary("Sub", f(3, 1), f(1, 4)), binary("Mul", f(2, 3), f(2, 3)),
                binary("Div", f(2, 3), pos(3)),
                of("Div int32 truncates", Node.of("Div").inputs("a", "b").outputs("y")).in("a", i32(-50, 50, 6)).in("b", i32(1, 7, 6)),
                binary("Pow", pos(2, 3), f(2, 3)),
                of("Pow int64 exponent", Node.of("Pow").inputs("a", "b").outputs("y")).in("a", pos(2, 3)).in("b", i64(0, 3, 3)),
                binary("Equal", i64(0, 3, 2, 3), i64(0, 3, 3)), binary("Less", f(2, 3), f(2, 3)), binary("Greater", f(2, 3), f(1)),
                binary("LessOrEqual", i32(0, 3, 4), i32(0, 3, 4)), binary("GreaterOrEqual", f(2, 3), f(2, 3)),
                binary("And", bools(2, 3), bools(2, 3)), binary("Or", bools(2, 3), bools(3)), binary("Xor", bools(2, 3), bools(2, 3)),
                binary("BitwiseAnd", i32(-99, 99, 5), i32(-99, 99, 5)), binary("BitwiseOr", i32(-99, 99, 5), i32(-99, 99, 5)),
                binary("BitwiseXor", i64(-99, 99, 5), i64(-99, 99, 5)),
                of("BitShift left", Node.of("BitShift").inputs("a", "b").outputs("y").attr("direction", "LEFT"))
                        .in("a", uint8(1, 2, 3, 4)).in("b", uint8(1, 2, 0, 3)),
                of("BitShift right", Node.of("BitShift").inputs("a", "b").outputs("y").attr("direction", "RIGHT"))
                        .in("a", uint8(200, 17, 3, 255)).in("b", uint8(1, 2, 0, 7)),
                of("Mod int", Node.of("Mod").inputs("a", "b").outputs("y")).in("a", i32(-20, 20, 8)).in("b", i32(1, 6, 8)),
                of("Mod fmod", Node.of("Mod").inputs("a", "b").outputs("y").attr("fmod", 1L)).in("a", f(8)).in("b", pos(8)),
                of("Max", Node.of("Max").inputs("a", "b", "c").outputs("y")).in("a", f(2, 3)).in("b", f(3)).in("c", f(2, 1)),
                of("Min", Node.of("Min").inputs("a", "b").outputs("y")).in("a", f(2, 3)).in("b", f(3)),
                of("Sum", Node.of("Sum").inputs("a", "b", "c").outputs("y")).in("a", f(2, 3)).in("b", f(3)).in("c", f(2, 3)),
                of("Mean", Node.of("Mean").inputs("a", "b").outputs("y")).in("a", f(2, 3)).in("b", f(2, 3)),
                of("Where", Node.of("Where").inputs("c", "a", "b").outputs("y")).in("c", bools(2, 3)).in("a", f(2, 3)).in("b", f(3)),
                of("LeakyRelu", Node.of("LeakyRelu").inputs("x").outputs("y").attr("alpha", 0.1f)).in("x", f(2, 3)),
                unary("Elu", f(2, 3)),
                of("Elu alpha", Node.of("Elu").inputs("x").outputs("y").attr("alpha", 0.5f)).in("x", f(2, 3)),
                unary("Selu", f(2, 3)),
                of("Selu custom", Node.of("Selu").inputs("x").outputs("y").attr("alpha", 2f).attr("gamma", 3f)).in("x", f(2, 3)),
                of("Celu", Node.of("Celu").inputs("x").outputs("y").attr("alpha", 2f)).in("x", f(2, 3)),
                of("ThresholdedRelu", Node.of("ThresholdedRelu").inputs("x").outputs("y").attr("alpha", 0.5f)).in("x", f(2, 3)),
                of("HardSigmoid", Node.of("HardSigmoid").inputs("x").outputs("y").attr("alpha", 0.3f)).in("x", range(-5, 5, 10)),
                unary("HardSwish", range(-5, 5, 10)), unary("Mish", f(2, 3)),
                unary("Gelu", f(2, 3)).opset(20),
                of("Gelu tanh", Node.of("Gelu").inputs("x").outputs("y").attr("approximate", "tanh")).in("x", f(2, 3)).opset(20),
                of("Shrink", Node.of("Shrink").inputs("x").outputs("y").attr("bias", 0.2f).attr("lambd", 0.7f)).in("x", f(3, 4)),
                of("PRelu", Node.of("PRelu").inputs("x", "s").outputs("y")).in("x", f(2, 3, 4, 4)).constant("s", f(3, 1, 1)),
                of("Clip", Node.of("Clip").inputs("x", "lo", "hi").outputs("y")).in("x", f(3, 4)).constant("lo", scalar(-0.5f))
                        .constant("hi", scalar(0.7f)),
                of("Clip max only", Node.of("Clip").inputs("x", "", "hi").outputs("y")).in("x", f(3, 4)).constant("hi", scalar(0.2f)),
                of("Clip opset 6", Node.of("Clip").inputs("x").outputs("y").attr("min", -0.1f).attr("max", 0.1f)).in("x", f(3, 4))
                        .opset(6),
                unary("Softmax", f(2, 3, 5)),
                of("Softmax axis 1", Node.of("Softmax").inputs("x").outputs("y").attr("axis", 1L)).in("x", f(2, 3, 5)),
                of("Softmax opset 11 flattens", Node.of("Softmax").inputs("x").outputs("y").attr("axis", 1L)).in("x", f(2, 3, 5))
                        .opset(11),
                unary("LogSoftmax", f(2, 7)),
                of("Hardmax axis 1", Node.of("Hardmax").inputs("x").outputs("y").attr("axis", 1L)).in("x", f(2, 4, 3)).opset(13),
                of("Hardmax ties take the first", Node.of("Hardmax").inputs("x").outputs("y"))
                        .in("x", Tensor.ofFloats(new long[]{2, 3}, 1f, 3f, 3f, 2f, 2f, -1f)).opset(13),
                of("Hardmax opset 11 flattens", Node.of("Hardmax").inputs("x").outputs("y").attr("axis", 1L)).in("x", f(2, 3, 4)).opset(11),
                unary("Swish", f(2, 5)).opset(24),
                of("Swish alpha", Node.of("Swish").inputs("x").outputs("y").attr("alpha", 0.6f)).in("x", f(3, 4)).opset(24),
                of("CumProd reverse exclusive", Node.of("CumProd").inputs("x", "axis").outputs("y").attr("reverse", 1L)
                        .attr("exclusive", 1L)).in("x", range(0.5, 1.5, 2, 5)).constant("axis", Tensor.scalar(1L)).opset(26),
                of("CumProd", Node.of("CumProd").inputs("x", "axis").outputs("y")).in("x", range(0.5, 1.5, 3, 4))
                        .in("axis", Tensor.ofInts(new long[0], 0)).opset(26),
                of("BitCast float to int32", Node.of("BitCast").inputs("x").outputs("y").attr("to", (long) DataType.INT32.code()))
                        .in("x", f(2, 3)).opset(26),
                of("BitCast int64 to double", Node.of("BitCast").inputs("x").outputs("y").attr("to", (long) DataType.DOUBLE.code()))
                        .in("x", Tensor.ofLongs(new long[]{3}, 4607182418800017408L, -4616189618054758400L, 0L)).opset(26),
                of("BitCast bool to uint8", Node.of("BitCast").inputs("x").outputs("y").attr("to", (long) DataType.UINT8.code()))
                        .in("x", bools(2, 4)).opset(26),
                of("BitCast uint8 to bool", Node.of("BitCast").inputs("x").outputs("y").attr("to", (long) DataType.BOOL.code()))
                        .in("x", uint8(0, 1, 7, 255, 0)).opset(26),
                of("ReverseSequence", Node.of("ReverseSequence").inputs("x", "n").outputs("y").attr("time_axis", 1L).attr("batch_axis", 0L))
                        .in("x", f(3, 4, 2)).in("n", Tensor.ofLongs(new long[]{3}, 1, 4, 2)),
                of("HannWindow periodic", Node.of("HannWindow").inputs("n").outputs("y")).in("n", Tensor.scalar(10L)).opset(17),
                of("HammingWindow symmetric", Node.of("HammingWindow").inputs("n").outputs("y").attr("periodic", 0L))
                        .in("n", Tensor.ofInts(new long[0], 7)).opset(17),
                of("BlackmanWindow double", Node.of("BlackmanWindow").inputs("n").outputs("y")
                        .attr("output_datatype", (long) DataType.DOUBLE.code())).in("n", Tensor.scalar(9L)).opset(17),
                of("CenterCropPad crop and pad", Node.of("CenterCropPad").inputs("x", "s").outputs("y")).in("x", f(5, 4, 3))
                        .constant("s", Tensor.ofLongs(new long[]{3}, 2, 7, 3)).opset(18),
                of("CenterCropPad axes", Node.of("CenterCropPad").inputs("x", "s").outputs("y").ints("axes", -1, 0))
                        .in("x", f(4, 3, 6)).constant("s", Tensor.ofLongs(new long[]{2}, 3, 5)).opset(18),
                of("CenterCropPad computed shape", Node.of("CenterCropPad").inputs("x", "s").outputs("y").ints("axes", 2, 0))
                        .in("x", f(5, 4, 3)).in("s", Tensor.ofLongs(new long[]{2}, 6, 2)).opset(18),
                of("EyeLike k 1", Node.of("EyeLike").inputs("x").outputs("y").attr("k", 1L)).in("x", f(3, 5)),
                of("EyeLike int64 k -2", Node.of("EyeLike").inputs("x").outputs("y").attr("k", -2L)
                        .attr("dtype", (long) DataType.INT64.code())).in("x", f(4, 3)));
    }

    static Tensor uint8(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return Tensor.of(DataType.UINT8, new long[]{v.length}, b);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(OpCase c) throws Exception {
        ExportCheck.againstReference(c.model(), c.feeds, dir);
    }
}
