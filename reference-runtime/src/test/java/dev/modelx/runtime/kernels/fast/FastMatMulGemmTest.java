package dev.modelx.runtime.kernels.fast;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelRegistry;
import dev.modelx.runtime.kernels.nn.FastMatMul;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;

import static dev.modelx.runtime.kernels.fast.FastRun.PLAIN;
import static dev.modelx.runtime.kernels.fast.FastRun.absFeeds;
import static dev.modelx.runtime.kernels.fast.FastRun.assertBitEqual;
import static dev.modelx.runtime.kernels.fast.FastRun.assertClose;
import static dev.modelx.runtime.kernels.fast.FastRun.op;
import static dev.modelx.runtime.kernels.fast.FastRun.random;
import static dev.modelx.runtime.kernels.fast.FastRun.y;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MatMul and Gemm: fast kernels (vector and scalar, serial and threaded) against the plain reference kernels. */
class FastMatMulGemmTest {

    static final ForkJoinPool THREE = Parallel.newPool(3);
    static final KernelRegistry VECTOR = FastRun.fast(KernelMode.VECTOR, Parallel.on(THREE));
    static final KernelRegistry VECTOR_SERIAL = FastRun.fast(KernelMode.VECTOR, Parallel.serial());
    static final KernelRegistry SCALAR = FastRun.fast(KernelMode.SCALAR, Parallel.on(THREE));

    @AfterAll
    static void stop() {
        THREE.shutdown();
    }

    /** Runs MatMul on all registries: vector == scalar == serial bit for bit, and fast within the bound of plain. */
    private static Tensor matmul(long[] aShape, long[] bShape, long seed) {
        Random r = new Random(seed);
        Object[] feeds = {"a", random(r, aShape), "b", random(r, bShape)};
        Node n = op("MatMul", "a", "b");
        String what = "MatMul " + Arrays.toString(aShape) + " x " + Arrays.toString(bShape);
        Tensor fast = y(VECTOR, n, 13, feeds);
        assertBitEqual(fast, y(SCALAR, n, 13, feeds), what + " vector vs scalar");
        assertBitEqual(fast, y(VECTOR_SERIAL, n, 13, feeds), what + " 3 threads vs 1");
        long k = aShape[aShape.length - 1];
        assertClose(fast, y(PLAIN, n, 13, feeds), y(PLAIN, n, 13, absFeeds(feeds)), k, what);
        return fast;
    }

    @Test
    void matmulEdgeShapes() {
        long seed = 0;
        for (long m : new long[] {1, 3, 4, 15, 16, 17, 33, 100}) {
            for (long n : new long[] {1, 7, 8, 15, 16, 17, 31, 32, 33, 65, 384}) {
                for (long k : new long[] {1, 17, 64, 1000}) {
                    matmul(new long[] {m, k}, new long[] {k, n}, seed++);
                }
            }
        }
    }

    @Test
    void matmulBatchBroadcastingAndPromotion() {
        matmul(new long[] {2, 1, 40, 70}, new long[] {3, 70, 33}, 1);      // batches broadcast both ways
        matmul(new long[] {2, 16, 384}, new long[] {384, 384}, 2);         // shared 2-D B (stacked rows)
        matmul(new long[] {2, 12, 16, 64}, new long[] {2, 12, 64, 16}, 3); // attention scores
        matmul(new long[] {5, 64, 64}, new long[] {1, 64, 64}, 4);
        matmul(new long[] {600}, new long[] {600, 100}, 5);                // 1-D A
        matmul(new long[] {4, 100, 600}, new long[] {600}, 6);             // 1-D B
        matmul(new long[] {1, 1, 100000}, new long[] {100000, 1}, 7);      // one long dot product
    }

    @Test
    void bigProductsRouteToTheFastKernelAndSmallOnesDoNot() {
        // Above the threshold the session's result is exactly the engine's; below it, exactly the plain kernel's.
        Random r = new Random(8);
        Tensor a = random(r, 64, 96);
        Tensor b = random(r, 96, 80);
        float[] direct = new float[64 * 80];
        FloatGemm.of(KernelMode.VECTOR, Parallel.serial()).multiply(a.floats(), 0, b.floats(), 0, direct, 0, 64, 96, 80);
        assertBitEqual(Tensor.ofFloats(new long[] {64, 80}, direct), y(VECTOR, op("MatMul", "a", "b"), 13, "a", a, "b", b), "routed");
        Tensor sa = random(r, 3, 5);
        Tensor sb = random(r, 5, 4);
        assertFalse(3 * 5 * 4 >= FastMatMul.MIN_WORK);
        assertBitEqual(y(PLAIN, op("MatMul", "a", "b"), 13, "a", sa, "b", sb), y(VECTOR, op("MatMul", "a", "b"), 13, "a", sa, "b", sb), "small");
    }

    @Test
    void nonFloatMatMulStaysExact() {
        long[] av = new long[64 * 64];
        long[] bv = new long[64 * 64];
        Arrays.fill(av, 1L << 20);
        Arrays.fill(bv, 3);
        Tensor out = y(VECTOR, op("MatMul", "a", "b"), 13, "a", Tensor.ofLongs(new long[] {64, 64}, av), "b", Tensor.ofLongs(new long[] {64, 64}, bv));
        assertEquals(DataType.INT64, out.type());
        assertEquals(64L * 3 * (1L << 20), out.getLong(100));
    }

    private static void gemm(int m, int k, int n, boolean ta, boolean tb, long[] cShape, float alpha, float beta, long seed) {
        Random r = new Random(seed);
        Node node = op("Gemm", cShape == null ? new String[] {"a", "b"} : new String[] {"a", "b", "c"})
                .attr("transA", ta ? 1 : 0).attr("transB", tb ? 1 : 0).attr("alpha", alpha).attr("beta", beta);
        Object[] feeds = cShape == null
                ? new Object[] {"a", random(r, ta ? new long[] {k, m} : new long[] {m, k}), "b", random(r, tb ? new long[] {n, k} : new long[] {k, n})}
                : new Object[] {"a", random(r, ta ? new long[] {k, m} : new long[] {m, k}), "b", random(r, tb ? new long[] {n, k} : new long[] {k, n}),
                        "c", random(r, cShape)};
        String what = "Gemm " + m + "x" + k + "x" + n + " transA " + ta + " transB " + tb + " C " + Arrays.toString(cShape);
        Tensor fast = y(VECTOR, node, 13, feeds);
        assertBitEqual(fast, y(SCALAR, node, 13, feeds), what + " vector vs scalar");
        assertBitEqual(fast, y(VECTOR_SERIAL, node, 13, feeds), what + " 3 threads vs 1");
        assertClose(fast, y(PLAIN, node, 13, feeds), y(PLAIN, node, 13, absFeeds(feeds)), k, what);
    }

    @Test
    void gemmTransposedVariantsAndBiasShapes() {
        long seed = 100;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                gemm(33, 70, 47, ta, tb, null, 1f, 1f, seed++);
                gemm(33, 70, 47, ta, tb, new long[] {47}, 1f, 1f, seed++);
                gemm(33, 70, 47, ta, tb, new long[] {33, 1}, 0.5f, 2f, seed++);
                gemm(33, 70, 47, ta, tb, new long[] {33, 47}, 1.25f, 0.75f, seed++);
                gemm(1, 384, 1536, ta, tb, new long[] {1536}, 1f, 1f, seed++);
                gemm(128, 1, 300, ta, tb, new long[] {}, 1f, 0.5f, seed++);
            }
        }
    }

    @Test
    void gemmNegativeAlphaScalesTheProduct() {
        Random r = new Random(9);
        Tensor a = random(r, 40, 50);
        Tensor b = random(r, 50, 60);
        Node plus = op("Gemm", "a", "b");
        Node minus = op("Gemm", "a", "b").attr("alpha", -2f);
        float[] p = y(VECTOR, plus, 13, "a", a, "b", b).floats();
        float[] q = y(VECTOR, minus, 13, "a", a, "b", b).floats();
        for (int i = 0; i < p.length; i++) {
            assertEquals(-2 * p[i], q[i], 0f, "element " + i); // scaling by a power of two is exact
        }
    }

    @Test
    void gemmErrorsMatchTheReferenceKernel() {
        Random r = new Random(10);
        Node n = op("Gemm", "a", "b", "c");
        Object[][] bad = {
            {"a", random(r, 64, 70), "b", random(r, 70, 64), "c", random(r, 3, 64)},  // C does not broadcast
            {"a", random(r, 64, 70), "b", random(r, 71, 64), "c", random(r, 64)},     // inner dims differ
        };
        for (Object[] feeds : bad) {
            String fast = assertThrows(RuntimeException.class, () -> y(VECTOR, n, 13, feeds)).getMessage();
            String plain = assertThrows(RuntimeException.class, () -> y(PLAIN, n, 13, feeds)).getMessage();
            assertEquals(plain, fast);
            assertTrue(fast.contains("broadcast") || fast.contains("inner dimensions"), fast);
        }
    }
}
