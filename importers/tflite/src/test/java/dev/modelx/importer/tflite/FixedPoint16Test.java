package dev.modelx.importer.tflite;

import org.junit.jupiter.api.Test;

import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The gemmlowp int16 logistic/tanh emulation against the expected outputs of TFLite's own kernel tests
 * (tensor_utils_test.cc: QuantSigmoidTest, QuantTanh0Test, QuantTanh3Test, QuantTanh4Test).
 */
class FixedPoint16Test {

    private static final int[] SIGMOID_IN = {-10500, 1398, -6963, -7404, 485, -5401, -1757, -7668, -19248, -9692, -24249,
        -17923, -15840, -10026, 5249, -89, 1787, -16178, -6691, -19524, -13439, -24048, -1123, 32767, -17267, -3378, 823, 11482,
        -11139, 7508};
    private static final int[] SIGMOID_Q3_OUT = {2339, 19152, 5063, 4617, 17350, 6917, 12921, 4371, 299, 2813, 89, 409, 673,
        2605, 25646, 16207, 19904, 615, 5353, 273, 1187, 91, 14153, 32756, 475, 9983, 18026, 30898, 2023, 28246};

    private static final int[] TANH_IN = {-145, 899, -176, -35, 264, 289, 8, 27, -37, -1310, -120, 127, -16, 106, 370, -583,
        -299, 93, -548, 548, 653, -29, -53, 1058, -52, -164, -149, -635, 201, -1297};
    private static final int[] TANH_Q0_OUT = {-136, 904, -176, -40, 260, 292, 8, 28, -44, -1304, -120, 120, -24, 112, 376, -576,
        -308, 88, -544, 544, 652, -32, -60, 1056, -56, -156, -144, -636, 192, -1300};
    private static final int[] TANH_Q3_OUT = {-1156, 7076, -1412, -276, 2104, 2308, 64, 220, -288, -10132, -964, 1016, -120, 844,
        2944, -4640, -2392, 736, -4352, 4352, 5180, -232, -428, 8276, -412, -1308, -1196, -5044, 1612, -10044};

    private static final int[] TANH4_IN = {-5, 163, -31, -5, 54, 90, 1, 2, -4, -42, -8, 29, 0, 47, 150, -26, -36, 9, -73, 25, 14,
        -2, -1, 29, -10, -12, -18, -29, 51, -92};
    private static final int[] TANH_Q4_OUT = {-76, 2596, -496, -76, 856, 1436, 24, 36, -64, -672, -120, 456, 0, 752, 2400, -412,
        -576, 148, -1168, 400, 216, -36, -24, 456, -164, -192, -292, -456, 820, -1476};

    private static int[] map(int[] in, IntUnaryOperator f) {
        int[] out = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = f.applyAsInt(in[i]);
        }
        return out;
    }

    @Test
    void sigmoidQ3MatchesTflite() {
        assertArrayEquals(SIGMOID_Q3_OUT, map(SIGMOID_IN, v -> FixedPoint16.logistic(v, 3)));
    }

    @Test
    void tanhMatchesTfliteForZeroThreeAndFourIntegerBits() {
        assertArrayEquals(TANH_Q0_OUT, map(TANH_IN, v -> FixedPoint16.tanh(v, 0)));
        assertArrayEquals(TANH_Q3_OUT, map(TANH_IN, v -> FixedPoint16.tanh(v, 3)));
        assertArrayEquals(TANH_Q4_OUT, map(TANH4_IN, v -> FixedPoint16.tanh(v, 4)));
    }

    @Test
    void extremesAndZero() {
        assertEquals(16384, FixedPoint16.logistic(0, 3));
        assertEquals(0, FixedPoint16.tanh(0, 3));
        // -32768 has no positive counterpart in int16; the kernel's negation wraps and it still lands near 0 / -1
        int lowest = FixedPoint16.logistic(Short.MIN_VALUE, 3);
        assertEquals(1 / (1 + Math.exp(8)), lowest / 32768.0, 2e-4);
        assertEquals(-1, FixedPoint16.tanh(Short.MIN_VALUE, 3) / 32768.0, 1e-4);
        assertEquals(1, FixedPoint16.tanh(Short.MAX_VALUE, 3) / 32768.0, 1e-4);
    }

    @Test
    void everyEntryStaysCloseToTheExactFunction() {
        short[] sig = FixedPoint16.table(v -> FixedPoint16.logistic(v, 3));
        short[] tanh4 = FixedPoint16.table(v -> FixedPoint16.tanh(v, 4));
        for (int i = 0; i < sig.length; i++) {
            double x = (i - 32768) / 4096.0;
            assertEquals(1 / (1 + Math.exp(-x)), sig[i] / 32768.0, 1e-3, "logistic at raw " + (i - 32768));
            assertEquals(Math.tanh((i - 32768) / 2048.0), tanh4[i] / 32768.0, 2e-3, "tanh Q4 at raw " + (i - 32768));
        }
        assertEquals(FixedPoint16.logistic(Short.MIN_VALUE, 3), sig[0]);
        assertEquals(FixedPoint16.logistic(0, 3), sig[32768]);
    }

    @Test
    void integerBitsOutsideTheKernelsRangeAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> FixedPoint16.tanh(5, 7));
        assertThrows(IllegalArgumentException.class, () -> FixedPoint16.logistic(5, -1));
    }
}
