package dev.modelx.importer.tflite;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import static dev.modelx.importer.tflite.OpTestSupport.assertClose;
import static dev.modelx.importer.tflite.OpTestSupport.f;
import static dev.modelx.importer.tflite.OpTestSupport.s;
import static dev.modelx.importer.tflite.TfLiteBuilder.BOOL;
import static dev.modelx.importer.tflite.TfLiteBuilder.FLOAT32;
import static dev.modelx.importer.tflite.TfLiteBuilder.INT32;
import static dev.modelx.importer.tflite.TfLiteBuilder.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Casts, integer division, logic, bitwise and the parametrised activations, with values from TFLite's kernels. */
class MoreElementwiseOpsTest {

    private static Tensor ints(long[] shape, int... v) {
        return Tensor.ofInts(shape, v);
    }

    private static boolean[] bools(Tensor t) {
        byte[] b = t.bytes();
        boolean[] out = new boolean[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] != 0;
        }
        return out;
    }

    @Test
    @Covers({"CAST"})
    void castTruncatesTowardZeroAndTestsNonZeroForBool() {
        // TFLite's CAST is static_cast: float to int truncates, anything to bool is != 0.
        Tensor i = OneOp.of("CAST").in(f(s(4), -1.7f, -0.5f, 0.4f, 2.9f)).out(INT32, 4).run();
        assertArrayEquals(new int[] {-1, 0, 0, 2}, i.ints());
        Tensor b = OneOp.of("CAST").in(f(s(3), 0f, -2f, 0.5f)).out(BOOL, 3).run();
        assertArrayEquals(new boolean[] {false, true, true}, bools(b));
        Tensor back = OneOp.of("CAST").in(ints(s(2), -3, 7)).out(FLOAT32, 2).run();
        assertClose(new float[] {-3, 7}, back, 0);
    }

    @Test
    @Covers({"FLOOR_DIV", "FLOOR_MOD"})
    void integerFloorDivisionRoundsDownAndModTakesTheDivisorsSign() {
        Tensor a = ints(s(4), 7, -7, 7, -7);
        Tensor b = ints(s(4), 2, 2, -2, -2);
        assertArrayEquals(new int[] {3, -4, -4, 3}, OneOp.of("FLOOR_DIV").in(a).in(b).out(INT32, 4).run().ints());
        assertArrayEquals(new int[] {1, 1, -1, -1}, OneOp.of("FLOOR_MOD").in(a).in(b).out(INT32, 4).run().ints());
    }

    @Test
    @Covers({"ADD_N"})
    void addNSumsAllInputs() {
        Tensor y = OneOp.of("ADD_N").in(f(s(2), 1, 2)).in(f(s(2), 10, 20)).in(f(s(2), 100, 200)).out(FLOAT32, 2).run();
        assertClose(new float[] {111, 222}, y, 0);
    }

    @Test
    @Covers({"ATAN2"})
    void atan2CoversAllFourQuadrantsAndTheAxes() {
        float[] y = {1, 1, -1, -1, 1, -2, 0, 0, 3};
        float[] x = {1, -1, -1, 1, 0, 0, 0, -1, 0.5f};
        float[] want = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            want[i] = (float) Math.atan2(y[i], x[i]); // the kernel is std::atan2
        }
        assertClose(want, OneOp.of("ATAN2").in(f(s(9), y)).in(f(s(9), x)).out(FLOAT32, 9).run(), 1e-6f);
    }

    @Test
    @Covers({"BITWISE_XOR"})
    void bitwiseXorOnInt32() {
        assertArrayEquals(new int[] {6, -2, 6}, OneOp.of("BITWISE_XOR").in(ints(s(3), 5, -1, 12)).in(ints(s(3), 3, 1, 10))
                .out(INT32, 3).run().ints());
    }

    @Test
    @Covers({"LOGICAL_AND", "LOGICAL_OR", "LOGICAL_NOT"})
    void logicalOps() {
        Tensor a = Tensor.ofBooleans(s(4), true, true, false, false);
        Tensor b = Tensor.ofBooleans(s(4), true, false, true, false);
        assertArrayEquals(new boolean[] {true, false, false, false}, bools(OneOp.of("LOGICAL_AND").in(a).in(b).out(BOOL, 4).run()));
        assertArrayEquals(new boolean[] {true, true, true, false}, bools(OneOp.of("LOGICAL_OR").in(a).in(b).out(BOOL, 4).run()));
        assertArrayEquals(new boolean[] {false, false, true, true}, bools(OneOp.of("LOGICAL_NOT").in(a).out(BOOL, 4).run()));
    }

    @Test
    @Covers({"LEAKY_RELU"})
    void leakyReluScalesNegativesByAlpha() {
        Tensor y = OneOp.of("LEAKY_RELU").options(75, fbb -> {
            fbb.startTable(1);
            fbb.addFloat(0, 0.2f, 0);
            return fbb.endTable();
        }).in(f(s(4), -5, -1, 0, 3)).out(FLOAT32, 4).run();
        assertClose(new float[] {-1, -0.2f, 0, 3}, y, 1e-7f);
    }

    @Test
    @Covers({"PRELU"})
    void preluBroadcastsAlphaOverTheLastAxis() {
        Tensor y = OneOp.of("PRELU").in(f(s(2, 3), -1, 2, -3, 4, -5, -6)).constFloats(shape(3), 0.1f, 0.2f, 0.3f)
                .out(FLOAT32, 2, 3).run();
        assertClose(new float[] {-0.1f, 2, -0.9f, 4, -1, -1.8f}, y, 1e-6f);
    }

    @Test
    @Covers({"LOG_SOFTMAX"})
    void logSoftmaxOverTheLastAxis() {
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        Tensor y = OneOp.of("LOG_SOFTMAX").in(f(s(1, 3), 1, 2, 3)).out(FLOAT32, 1, 3).run();
        assertClose(new float[] {(float) (1 - lse), (float) (2 - lse), (float) (3 - lse)}, y, 1e-6f);
    }

    @Test
    @Covers({"SOFTMAX"})
    void softmaxWithoutOptionsHasBetaZeroAsInTfLite() {
        // TFLite zero-initialises the params and copies beta only from a present table: beta 0, uniform output.
        Tensor y = OneOp.of("SOFTMAX").in(f(s(1, 3), 1, 5, 9)).out(FLOAT32, 1, 3).run();
        assertClose(new float[] {1 / 3f, 1 / 3f, 1 / 3f}, y, 1e-7f);
        Tensor half = OneOp.of("SOFTMAX").options(9, fbb -> {
            fbb.startTable(1);
            fbb.addFloat(0, 0.5f, 0);
            return fbb.endTable();
        }).in(f(s(1, 2), 0, 2)).out(FLOAT32, 1, 2).run();
        double e = Math.exp(1);
        assertClose(new float[] {(float) (1 / (1 + e)), (float) (e / (1 + e))}, half, 1e-7f);
    }

    @Test
    @Covers({"MUL"})
    void signBitActivationIsStdSignbit() {
        // SIGN_BIT (5) is std::signbit: 1 for negatives and for -0.0 (here -1 * 0), 0 otherwise.
        Tensor y = OneOp.of("MUL").options(21, TfLiteBuilder.byteOptions(0, 5))
                .in(f(s(4), -3, 0, 2, -1)).in(f(s(4), 1, 1, 1, 0)).out(FLOAT32, 4).run();
        assertClose(new float[] {1, 0, 0, 1}, y, 0);
        assertArrayEquals(new long[] {4}, y.shape());
        assertArrayEquals(new Object[] {DataType.FLOAT}, new Object[] {y.type()});
    }
}
