package dev.modelx.importer.tflite;

import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;

import static dev.modelx.importer.tflite.OpTestSupport.assertClose;
import static dev.modelx.importer.tflite.OpTestSupport.f;
import static dev.modelx.importer.tflite.OpTestSupport.run;
import static dev.modelx.importer.tflite.OpTestSupport.s;
import static dev.modelx.importer.tflite.TfLiteBuilder.BOOL;
import static dev.modelx.importer.tflite.TfLiteBuilder.FLOAT32;
import static dev.modelx.importer.tflite.TfLiteBuilder.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Element-wise and activation builtins, each compared with its TFLite definition computed here. */
class ElementwiseOpsTest {

    private static final float[] X = {-2.5f, -1.5f, -0.4f, 0f, 0.5f, 1.5f, 2.5f, 7f};

    static Stream<Arguments> unaryOps() {
        return Stream.of(
                Arguments.of("ABS", (DoubleUnaryOperator) Math::abs),
                Arguments.of("CEIL", (DoubleUnaryOperator) Math::ceil),
                Arguments.of("FLOOR", (DoubleUnaryOperator) Math::floor),
                Arguments.of("COS", (DoubleUnaryOperator) Math::cos),
                Arguments.of("SIN", (DoubleUnaryOperator) Math::sin),
                Arguments.of("EXP", (DoubleUnaryOperator) Math::exp),
                Arguments.of("NEG", (DoubleUnaryOperator) v -> -v),
                Arguments.of("ROUND", (DoubleUnaryOperator) Math::rint),
                Arguments.of("SIGN", (DoubleUnaryOperator) Math::signum),
                Arguments.of("SQUARE", (DoubleUnaryOperator) v -> v * v),
                Arguments.of("LOGISTIC", (DoubleUnaryOperator) v -> 1 / (1 + Math.exp(-v))),
                Arguments.of("TANH", (DoubleUnaryOperator) Math::tanh),
                Arguments.of("RELU", (DoubleUnaryOperator) v -> Math.max(v, 0)),
                Arguments.of("RELU6", (DoubleUnaryOperator) v -> Math.min(Math.max(v, 0), 6)),
                Arguments.of("RELU_N1_TO_1", (DoubleUnaryOperator) v -> Math.min(Math.max(v, -1), 1)),
                Arguments.of("RELU_0_TO_1", (DoubleUnaryOperator) v -> Math.min(Math.max(v, 0), 1)),
                Arguments.of("ELU", (DoubleUnaryOperator) v -> v < 0 ? Math.exp(v) - 1 : v),
                Arguments.of("HARD_SWISH", (DoubleUnaryOperator) v -> v * Math.min(Math.max(v + 3, 0), 6) / 6),
                Arguments.of("GELU", (DoubleUnaryOperator) v -> 0.5 * v * (1 + erf(v / Math.sqrt(2)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryOps")
    @Covers({"ABS", "CEIL", "FLOOR", "COS", "SIN", "EXP", "NEG", "ROUND", "SIGN", "SQUARE", "LOGISTIC", "TANH", "RELU", "RELU6", "RELU_N1_TO_1", "RELU_0_TO_1", "ELU", "HARD_SWISH", "GELU"})
    void unaryOpMatchesDefinition(String op, DoubleUnaryOperator fn) {
        TfLiteBuilder b = new TfLiteBuilder();
        TfLiteBuilder.Sub g = b.subgraph("main");
        int x = g.tensor("x", FLOAT32, 8);
        int y = g.tensor("y", FLOAT32, 8);
        g.op(op, new int[] {x}, new int[] {y}).io(new int[] {x}, new int[] {y});
        float[] want = new float[X.length];
        for (int i = 0; i < X.length; i++) {
            want[i] = (float) fn.applyAsDouble(X[i]);
        }
        assertClose(want, run(b.build(), "x", f(s(8), X)).get("y"), 1e-4f);
    }

    @Test
    @Covers({"SQRT", "RSQRT", "LOG"})
    void positiveDomainOps() {
        float[] in = {0.25f, 1f, 4f, 9f};
        for (String op : new String[] {"SQRT", "RSQRT", "LOG"}) {
            TfLiteBuilder b = new TfLiteBuilder();
            TfLiteBuilder.Sub g = b.subgraph("main");
            int x = g.tensor("x", FLOAT32, 4);
            int y = g.tensor("y", FLOAT32, 4);
            g.op(op, new int[] {x}, new int[] {y}).io(new int[] {x}, new int[] {y});
            float[] want = new float[4];
            for (int i = 0; i < 4; i++) {
                want[i] = (float) (op.equals("SQRT") ? Math.sqrt(in[i]) : op.equals("RSQRT") ? 1 / Math.sqrt(in[i]) : Math.log(in[i]));
            }
            assertClose(want, run(b.build(), "x", f(s(4), in)).get("y"), 1e-5f);
        }
    }

    private static Tensor binary(String op, int optionsType, int fusedActivation, float[] a, long[] sa, float[] bv, long[] sb, int outType) {
        TfLiteBuilder b = new TfLiteBuilder();
        TfLiteBuilder.Sub g = b.subgraph("main");
        int x = g.tensor("a", FLOAT32, toInt(sa));
        int y = g.tensor("b", FLOAT32, toInt(sb));
        int z = g.tensor("z", outType, toInt(sa));
        if (optionsType > 0) {
            g.op(op, new int[] {x, y}, new int[] {z}, optionsType, TfLiteBuilder.byteOptions(0, fusedActivation));
        } else {
            g.op(op, new int[] {x, y}, new int[] {z});
        }
        g.io(new int[] {x, y}, new int[] {z});
        return run(b.build(), "a", f(sa, a), "b", f(sb, bv)).get("z");
    }

    private static int[] toInt(long[] s) {
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = (int) s[i];
        }
        return out;
    }

    @Test
    @Covers({"ADD"})
    void addWithFusedRelu6Broadcasts() {
        Tensor z = binary("ADD", 11, 3, new float[] {-8, 1, 5, 2}, s(2, 2), new float[] {1, 3}, s(2), FLOAT32);
        assertClose(new float[] {0, 4, 6, 5}, z, 0);
    }

    @Test
    @Covers({"SUB", "MUL", "DIV"})
    void subMulDivWithFusedActivations() {
        assertClose(new float[] {0, 0, 2, 3}, binary("SUB", 28, 1, new float[] {1, 2, 5, 7}, s(4), new float[] {2, 3, 3, 4}, s(4), FLOAT32), 0);
        assertClose(new float[] {-1, 1, 1, 1}, binary("MUL", 21, 2, new float[] {-3, 2, 5, 0.5f}, s(4), new float[] {2, 2, 2, 2}, s(4), FLOAT32), 0);
        assertClose(new float[] {(float) Math.tanh(0.5), (float) Math.tanh(-2)}, binary("DIV", 29, 4, new float[] {1, -8}, s(2), new float[] {2, 4}, s(2), FLOAT32), 1e-6f);
    }

    @Test
    @Covers({"MAXIMUM", "MINIMUM", "SQUARED_DIFFERENCE", "FLOOR_DIV", "FLOOR_MOD", "POW"})
    void binaryMathOps() {
        float[] a = {-7, -1.5f, 2, 9};
        float[] c = {2, 2, -3, 4};
        assertClose(new float[] {2, 2, 2, 9}, binary("MAXIMUM", 0, 0, a, s(4), c, s(4), FLOAT32), 0);
        assertClose(new float[] {-7, -1.5f, -3, 4}, binary("MINIMUM", 0, 0, a, s(4), c, s(4), FLOAT32), 0);
        assertClose(new float[] {81, 12.25f, 25, 25}, binary("SQUARED_DIFFERENCE", 0, 0, a, s(4), c, s(4), FLOAT32), 0);
        assertClose(new float[] {-4, -1, -1, 2}, binary("FLOOR_DIV", 0, 0, a, s(4), c, s(4), FLOAT32), 0);
        assertClose(new float[] {1, 0.5f, -1, 1}, binary("FLOOR_MOD", 0, 0, a, s(4), c, s(4), FLOAT32), 1e-6f);
        assertClose(new float[] {4, 9, 16, 81}, binary("POW", 0, 0, new float[] {2, 3, 4, 9}, s(4), new float[] {2, 2, 2, 2}, s(4), FLOAT32), 1e-4f);
    }

    @Test
    @Covers({"LESS", "LESS_EQUAL", "GREATER", "GREATER_EQUAL", "EQUAL", "NOT_EQUAL"})
    void comparisonsGiveBooleans() {
        float[] a = {1, 2, 3};
        float[] c = {2, 2, 2};
        String[] ops = {"LESS", "LESS_EQUAL", "GREATER", "GREATER_EQUAL", "EQUAL", "NOT_EQUAL"};
        boolean[][] want = {{true, false, false}, {true, true, false}, {false, false, true}, {false, true, true},
            {false, true, false}, {true, false, true}};
        for (int i = 0; i < ops.length; i++) {
            Tensor z = binary(ops[i], 0, 0, a, s(3), c, s(3), BOOL);
            byte[] got = z.bytes();
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(new boolean[] {want[i][k]}, new boolean[] {got[k] != 0}, ops[i] + " element " + k);
            }
        }
    }

    /** Abramowitz-Stegun 7.1.26 is too coarse for 1e-4; use the series/continued form via erfc. */
    private static double erf(double x) {
        double t = 1 / (1 + 0.5 * Math.abs(x));
        double y = 1 - t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? y : -y;
    }
}
