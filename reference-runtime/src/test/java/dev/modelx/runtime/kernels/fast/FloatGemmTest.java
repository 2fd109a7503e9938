package dev.modelx.runtime.kernels.fast;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The product engine on its own: vector and scalar blocks agree bit for bit, any thread count gives the same
 * bits, and both agree with a double-precision product within the float summation bound of {@link FastRun}.
 */
class FloatGemmTest {

    static final ForkJoinPool THREE = Parallel.newPool(3);

    @AfterAll
    static void stop() {
        THREE.shutdown();
    }

    /** Sizes around the vector length L (8 with AVX2, 16 with AVX-512), the 4-row tile and the 2L-column tile. */
    static int[] edgeSizes() {
        return new int[] {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 49, 67};
    }

    @Test
    void vectorApiIsAvailableUnderSurefire() {
        assertTrue(KernelMode.vectorApiAvailable(), "surefire's argLine should add --add-modules jdk.incubator.vector");
        assertEquals(KernelMode.VECTOR, FloatGemm.of(KernelMode.VECTOR, Parallel.serial()).mode());
        assertEquals(KernelMode.SCALAR, FloatGemm.of(KernelMode.SCALAR, Parallel.serial()).mode());
        assertThrows(IllegalArgumentException.class, () -> FloatGemm.of(KernelMode.PLAIN, Parallel.serial()));
    }

    @Test
    void vectorAndScalarAgreeBitForBitOnEdgeSizes() {
        FloatGemm vector = FloatGemm.of(KernelMode.VECTOR, Parallel.serial());
        FloatGemm scalar = FloatGemm.of(KernelMode.SCALAR, Parallel.serial());
        Random r = new Random(1);
        for (int m : edgeSizes()) {
            for (int n : edgeSizes()) {
                for (int k : new int[] {1, 3, 16, 17, 100}) {
                    check(vector, scalar, r, m, k, n);
                }
            }
        }
    }

    @Test
    void bigDepthCrossesKBlocks() {
        FloatGemm vector = FloatGemm.of(KernelMode.VECTOR, Parallel.serial());
        FloatGemm scalar = FloatGemm.of(KernelMode.SCALAR, Parallel.serial());
        Random r = new Random(2);
        for (int k : new int[] {GemmBlock.KC - 1, GemmBlock.KC, GemmBlock.KC + 1, 3 * GemmBlock.KC + 7, 2500}) {
            check(vector, scalar, r, 9, k, 37);
        }
    }

    @Test
    void threadCountDoesNotChangeTheBits() {
        Random r = new Random(3);
        for (KernelMode mode : new KernelMode[] {KernelMode.VECTOR, KernelMode.SCALAR}) {
            for (int[] s : new int[][] {{130, 70, 300}, {1, 512, 700}, {257, 33, 5}, {64, 384, 1536}}) {
                float[] a = random(r, s[0] * s[1]);
                float[] b = random(r, s[1] * s[2]);
                float[] one = new float[s[0] * s[2]];
                float[] three = new float[s[0] * s[2]];
                FloatGemm.of(mode, Parallel.serial()).multiply(a, 0, b, 0, one, 0, s[0], s[1], s[2]);
                FloatGemm.of(mode, Parallel.on(THREE)).multiply(a, 0, b, 0, three, 0, s[0], s[1], s[2]);
                assertBits(one, three, mode + " " + java.util.Arrays.toString(s));
            }
        }
    }

    @Test
    void batchesWithOffsetsAccumulateIntoC() {
        // two products into one C block at an offset, C pre-filled: C += A x B for each
        Random r = new Random(4);
        int m = 6, k = 40, n = 35;
        float[] a = random(r, 3 + 2 * m * k);
        float[] b = random(r, 5 + k * n);
        float[] c = random(r, 7 + 2 * m * n);
        float[] expect = c.clone();
        int[] aOffs = {3, 3 + m * k};
        int[] cOffs = {7 + m * n, 7};
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float s = expect[cOffs[t] + i * n + j];
                    for (int p = 0; p < k; p++) {
                        s = Math.fma(a[aOffs[t] + i * k + p], b[5 + p * n + j], s);
                    }
                    expect[cOffs[t] + i * n + j] = s;
                }
            }
        }
        for (KernelMode mode : new KernelMode[] {KernelMode.VECTOR, KernelMode.SCALAR}) {
            float[] got = c.clone();
            FloatGemm.of(mode, Parallel.on(THREE)).multiply(a, aOffs, b, new int[] {5, 5}, got, cOffs, m, k, n);
            assertBits(expect, got, mode.toString());
        }
    }

    @Test
    void agreesWithDoubleProductWithinTheSummationBound() {
        Random r = new Random(5);
        FloatGemm g = FloatGemm.of(KernelMode.VECTOR, Parallel.on(THREE));
        for (int[] s : List.of(new int[] {1, 1, 1}, new int[] {33, 1000, 17}, new int[] {100, 3000, 40})) {
            int m = s[0], k = s[1], n = s[2];
            float[] a = random(r, m * k);
            float[] b = random(r, k * n);
            float[] c = new float[m * n];
            g.multiply(a, 0, b, 0, c, 0, m, k, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double exact = 0, abs = 0;
                    for (int p = 0; p < k; p++) {
                        exact += (double) a[i * k + p] * b[p * n + j];
                        abs += Math.abs((double) a[i * k + p] * b[p * n + j]);
                    }
                    double bound = (k + 2) * FastRun.U * abs + Math.ulp((float) exact);
                    assertTrue(Math.abs(c[i * n + j] - exact) <= bound, "(" + i + ", " + j + ") of " + m + "x" + k + "x" + n);
                }
            }
        }
    }

    private static void check(FloatGemm vector, FloatGemm scalar, Random r, int m, int k, int n) {
        float[] a = random(r, m * k);
        float[] b = random(r, k * n);
        float[] v = new float[m * n];
        float[] s = new float[m * n];
        vector.multiply(a, 0, b, 0, v, 0, m, k, n);
        scalar.multiply(a, 0, b, 0, s, 0, m, k, n);
        assertBits(s, v, m + "x" + k + "x" + n);
    }

    static float[] random(Random r, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    static void assertBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(what + ": element " + i + " expected " + expected[i] + " got " + actual[i]);
            }
        }
    }
}
