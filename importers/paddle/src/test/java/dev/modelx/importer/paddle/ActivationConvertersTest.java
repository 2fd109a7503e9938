package dev.modelx.importer.paddle;

import dev.modelx.graph.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Consumer;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each unary op against its Paddle definition, computed here element by element. */
class ActivationConvertersTest {

    static final float[] X = {-2.5f, -1f, -0.25f, 0f, 0.4f, 1.5f, 3f, 7f};
    static final float[] POS = {0.1f, 0.5f, 1f, 2f, 3.5f, 10f};
    static final float[] UNIT = {-0.9f, -0.5f, 0f, 0.3f, 0.8f};

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static double softplus(double x) {
        return Math.log1p(Math.exp(x));
    }

    static double erf(double x) {
        // Abramowitz-Stegun 7.1.26 is too coarse; integrate instead (Simpson) for a reference value
        int n = 2000;
        double h = x / n, s = 0;
        for (int i = 0; i <= n; i++) {
            double t = i * h, w = i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2;
            s += w * Math.exp(-t * t);
        }
        return s * h / 3 * 2 / Math.sqrt(Math.PI);
    }

    static Arguments c(String op, float[] in, DoubleUnaryOperator f) {
        return Arguments.of(op, in, f, (Consumer<TestProgram.OpBuilder>) b -> { });
    }

    static Arguments c(String op, float[] in, DoubleUnaryOperator f, Consumer<TestProgram.OpBuilder> attrs) {
        return Arguments.of(op, in, f, attrs);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                c("relu", X, x -> Math.max(0, x)),
                c("relu6", X, x -> Math.min(6, Math.max(0, x))),
                c("relu6", X, x -> Math.min(2, Math.max(0, x)), b -> b.f("threshold", 2)),
                c("sigmoid", X, ActivationConvertersTest::sigmoid),
                c("tanh", X, Math::tanh),
                c("exp", X, Math::exp),
                c("log", POS, Math::log),
                c("log1p", POS, Math::log1p),
                c("log2", POS, x -> Math.log(x) / Math.log(2)),
                c("log10", POS, Math::log10),
                c("expm1", X, Math::expm1),
                c("sqrt", POS, Math::sqrt),
                c("rsqrt", POS, x -> 1 / Math.sqrt(x)),
                c("square", X, x -> x * x),
                c("abs", X, Math::abs),
                c("ceil", X, Math::ceil),
                c("floor", X, Math::floor),
                c("round", new float[] {-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, 2.4f}, x -> Math.signum(x) * Math.floor(Math.abs(x) + 0.5)),
                c("reciprocal", POS, x -> 1 / x),
                c("sin", X, Math::sin),
                c("cos", X, Math::cos),
                c("tan", UNIT, Math::tan),
                c("asin", UNIT, Math::asin),
                c("acos", UNIT, Math::acos),
                c("atan", X, Math::atan),
                c("sinh", UNIT, Math::sinh),
                c("cosh", UNIT, Math::cosh),
                c("asinh", X, x -> Math.log(x + Math.sqrt(x * x + 1))),
                c("acosh", new float[] {1f, 1.5f, 3f}, x -> Math.log(x + Math.sqrt(x * x - 1))),
                c("atanh", UNIT, x -> 0.5 * Math.log((1 + x) / (1 - x))),
                c("erf", X, ActivationConvertersTest::erf),
                c("sign", X, Math::signum),
                c("softsign", X, x -> x / (1 + Math.abs(x))),
                c("silu", X, x -> x * sigmoid(x)),
                c("swish", X, x -> x * sigmoid(x)),
                c("swish", X, x -> x * sigmoid(2 * x), b -> b.f("beta", 2)),
                c("mish", X, x -> x * Math.tanh(softplus(x))),
                c("softplus", X, ActivationConvertersTest::softplus),
                c("softplus", X, x -> softplus(2 * x) / 2, b -> b.f("beta", 2).f("threshold", 20)),
                c("logsigmoid", X, x -> Math.log(sigmoid(x))),
                c("tanh_shrink", X, x -> x - Math.tanh(x)),
                c("softshrink", X, x -> x > 0.5 ? x - 0.5 : x < -0.5 ? x + 0.5 : 0, b -> b.f("lambda", 0.5)),
                c("hard_shrink", X, x -> Math.abs(x) > 0.5 ? x : 0, b -> b.f("threshold", 0.5)),
                c("thresholded_relu", X, x -> x > 1 ? x : 0),
                c("leaky_relu", X, x -> x >= 0 ? x : 0.02 * x),
                c("leaky_relu", X, x -> x >= 0 ? x : 0.1 * x, b -> b.f("alpha", 0.1)),
                c("elu", X, x -> x > 0 ? x : 0.5 * (Math.exp(x) - 1), b -> b.f("alpha", 0.5)),
                c("celu", X, x -> Math.max(0, x) + Math.min(0, 1.5 * (Math.exp(x / 1.5) - 1)), b -> b.f("alpha", 1.5)),
                c("selu", X, x -> 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * (Math.exp(x) - 1))),
                c("brelu", X, x -> Math.min(2, Math.max(-1, x)), b -> b.f("t_min", -1).f("t_max", 2)),
                c("hard_sigmoid", X, x -> Math.max(0, Math.min(1, 0.2 * x + 0.5))),
                c("hard_sigmoid", X, x -> Math.max(0, Math.min(1, 0.1666667 * x + 0.5)), b -> b.f("slope", 0.1666667)),
                c("hard_swish", X, x -> x * Math.min(Math.max(x + 3, 0), 6) / 6),
                c("hard_swish", X, x -> x * Math.min(Math.max(x + 1, 0), 4) / 5, b -> b.f("threshold", 4).f("scale", 5).f("offset", 1)),
                c("gelu", X, x -> 0.5 * x * (1 + erf(x / Math.sqrt(2)))),
                c("gelu", X, x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))), b -> b.b("approximate", true)),
                c("assign", X, x -> x),
                c("share_data", X, x -> x),
                c("scale", X, x -> 2 * x + 1, b -> b.f("scale", 2).f("bias", 1).b("bias_after_scale", true)),
                c("scale", X, x -> 2 * (x + 1), b -> b.f("scale", 2).f("bias", 1).b("bias_after_scale", false)),
                c("clip", X, x -> Math.min(1.5, Math.max(-1, x)), b -> b.f("min", -1).f("max", 1.5)),
                c("pow", POS, x -> Math.pow(x, 1.5), b -> b.f("factor", 1.5)),
                c("dropout", X, x -> x * 0.7, b -> b.f("dropout_prob", 0.3)),
                c("dropout", X, x -> x, b -> b.f("dropout_prob", 0.3).s("dropout_implementation", "upscale_in_train")),
                c("increment", X, x -> x + 2, b -> b.f("step", 2))
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPaddleDefinition(String op, float[] in, DoubleUnaryOperator f, Consumer<TestProgram.OpBuilder> attrs) {
        TestProgram p = new TestProgram().f32("x", in.length).f32("y", in.length).feed("x").fetch("y");
        TestProgram.OpBuilder b = p.op(op).in("X", "x").out("Out", "y");
        attrs.accept(b);
        b.add();
        float[] got = p.run(Tensor.ofFloats(new long[] {in.length}, in)).get(0).toFloatArray();
        for (int i = 0; i < in.length; i++) {
            double want = f.applyAsDouble(in[i]);
            assertEquals(want, got[i], 1e-5 + 1e-5 * Math.abs(want), op + "(" + in[i] + ")");
        }
    }
}
