package dev.modelx.runtime.kernels.fast;

import dev.modelx.graph.Domains;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;

import static dev.modelx.runtime.kernels.fast.FastRun.PLAIN;
import static dev.modelx.runtime.kernels.fast.FastRun.assertBitEqual;
import static dev.modelx.runtime.kernels.fast.FastRun.op;
import static dev.modelx.runtime.kernels.fast.FastRun.random;
import static dev.modelx.runtime.kernels.fast.FastRun.y;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Add, Sub, Mul, Div, Pow, Relu, Softmax, LayerNormalization, ReduceMean: the fast kernels give exactly the reference kernels' bits; Erf is within one float ulp. */
class FastElementwiseSoftmaxTest {

    static final ForkJoinPool THREE = Parallel.newPool(3);
    static final KernelRegistry FAST = FastRun.fast(KernelMode.VECTOR, Parallel.on(THREE));

    @AfterAll
    static void stop() {
        THREE.shutdown();
    }

    @Test
    void theFastKernelsAreRegistered() {
        for (String opType : new String[] {"Add", "Sub", "Mul", "Div", "Pow", "Relu", "Erf", "Softmax", "LayerNormalization", "ReduceMean",
            "MatMul", "Gemm", "Conv"}) {
            assertNotSame(PLAIN.lookup(Domains.ONNX, opType, 17).orElseThrow(), FAST.lookup(Domains.ONNX, opType, 17).orElseThrow(), opType);
        }
    }

    private static void binary(long[] a, long[] b, int opset) {
        Random r = new Random(Arrays.hashCode(a) * 17L + Arrays.hashCode(b));
        Tensor x = random(r, a);
        Tensor z = random(r, b);
        for (String opType : new String[] {"Add", "Sub", "Mul", "Div"}) {
            Node n = op(opType, "a", "b");
            String what = opType + " " + Arrays.toString(a) + " with " + Arrays.toString(b);
            assertBitEqual(y(PLAIN, n, opset, "a", x, "b", z), y(FAST, n, opset, "a", x, "b", z), what);
            assertBitEqual(y(PLAIN, n, opset, "a", z, "b", x), y(FAST, n, opset, "a", z, "b", x), what + " swapped");
        }
    }

    @Test
    void binaryBroadcastPatterns() {
        binary(new long[] {2, 128, 384}, new long[] {2, 128, 384}, 14);
        binary(new long[] {2, 128, 384}, new long[] {384}, 14);            // bias
        binary(new long[] {1, 12, 128, 128}, new long[] {1, 1, 1, 128}, 13); // attention mask
        binary(new long[] {2, 128, 384}, new long[] {2, 128, 1}, 13);      // per-row statistic
        binary(new long[] {200, 1}, new long[] {1, 300}, 13);              // outer product
        binary(new long[] {4, 1, 64, 1, 9}, new long[] {1, 5, 1, 7, 9}, 13);
        binary(new long[] {100000}, new long[] {}, 7);                     // scalar
        binary(new long[] {1, 1, 1}, new long[] {3, 5000, 7}, 13);
        binary(new long[] {17, 1031}, new long[] {17, 1}, 13);              // odd lengths
    }

    @Test
    void divisionByZeroAndSpecialValuesMatch() {
        float[] v = new float[20000];
        float[] w = new float[20000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 3 == 0 ? 0f : i % 3 == 1 ? -1.5f : Float.POSITIVE_INFINITY;
            w[i] = i % 5 == 0 ? 0f : i % 5 == 1 ? -0f : i % 5 == 2 ? Float.MIN_VALUE : i % 5 == 3 ? Float.MAX_VALUE : 3f;
        }
        Tensor a = Tensor.ofFloats(new long[] {20000}, v);
        Tensor b = Tensor.ofFloats(new long[] {20000}, w);
        for (String opType : new String[] {"Add", "Sub", "Mul", "Div"}) {
            Tensor p = y(PLAIN, op(opType, "a", "b"), 13, "a", a, "b", b);
            Tensor f = y(FAST, op(opType, "a", "b"), 13, "a", a, "b", b);
            for (int i = 0; i < v.length; i++) {
                float pe = p.floats()[i];
                float fe = f.floats()[i];
                assertEquals(Float.isNaN(pe) ? "NaN" : Integer.toHexString(Float.floatToRawIntBits(pe)),
                        Float.isNaN(fe) ? "NaN" : Integer.toHexString(Float.floatToRawIntBits(fe)), opType + " element " + i);
            }
        }
    }

    @Test
    void shapeErrorsMatch() {
        Random r = new Random(1);
        Node n = op("Add", "a", "b");
        Object[] feeds = {"a", random(r, 200, 300), "b", random(r, 3, 300)};
        String fast = assertThrows(RuntimeException.class, () -> y(FAST, n, 13, feeds)).getMessage();
        String plain = assertThrows(RuntimeException.class, () -> y(PLAIN, n, 13, feeds)).getMessage();
        assertEquals(plain, fast);
    }

    @Test
    void erfIsWithinOneFloatUlpOfTheReference() {
        Random r = new Random(2);
        float[] v = new float[70000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 3);
        }
        v[0] = Float.NaN;
        v[1] = Float.POSITIVE_INFINITY;
        v[2] = Float.NEGATIVE_INFINITY;
        v[3] = -0f;
        v[4] = Float.MIN_VALUE;
        Tensor x = Tensor.ofFloats(new long[] {70, 1000}, v);
        float[] p = y(PLAIN, op("Erf", "x"), 13, "x", x).floats();
        float[] f = y(FAST, op("Erf", "x"), 13, "x", x).floats();
        assertTrue(Float.isNaN(f[0]));
        assertEquals(1f, f[1]);
        assertEquals(-1f, f[2]);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(f[3]));
        int equal = 0;
        for (int i = 1; i < v.length; i++) {
            assertTrue(Math.abs(f[i] - p[i]) <= Math.ulp(p[i]), "Erf(" + v[i] + "): fast " + f[i] + " plain " + p[i]);
            equal += f[i] == p[i] ? 1 : 0;
        }
        System.out.println("[FastErf] equal to the reference's float on " + equal + " of " + (v.length - 1) + " inputs, others one ulp apart");
    }

    @Test
    void softmaxMatches() {
        Random r = new Random(3);
        Tensor x = random(r, 2, 12, 128, 128);
        Tensor big = Tensor.ofFloats(new long[] {40, 1000}, scaled(random(r, 40, 1000).floats(), 30));
        for (long opset : new long[] {11, 13}) {
            assertBitEqual(y(PLAIN, op("Softmax", "x").attr("axis", 3L), opset, "x", x),
                    y(FAST, op("Softmax", "x").attr("axis", 3L), opset, "x", x), "Softmax axis 3 at " + opset);
            assertBitEqual(y(PLAIN, op("Softmax", "x").attr("axis", -1L), opset, "x", big),
                    y(FAST, op("Softmax", "x").attr("axis", -1L), opset, "x", big), "Softmax wide rows at " + opset);
        }
        // coerced 2-D rows before op set 13 (axis 1: rows of 12 x 128 x 128), and a non-last axis at 13
        assertBitEqual(y(PLAIN, op("Softmax", "x"), 11, "x", x), y(FAST, op("Softmax", "x"), 11, "x", x), "Softmax coerced");
        assertBitEqual(y(PLAIN, op("Softmax", "x").attr("axis", 1L), 13, "x", x),
                y(FAST, op("Softmax", "x").attr("axis", 1L), 13, "x", x), "Softmax axis 1");
    }

    @Test
    void reluMatchesIncludingSignedZeroAndNaN() {
        Random r = new Random(4);
        Tensor x = random(r, 300, 700);
        float[] v = x.floats();
        v[0] = -0f;
        v[1] = Float.NaN;
        v[2] = Float.NEGATIVE_INFINITY;
        for (long opset : new long[] {6, 13, 14}) {
            Tensor p = y(PLAIN, op("Relu", "x"), opset, "x", x);
            Tensor f = y(FAST, op("Relu", "x"), opset, "x", x);
            assertTrue(Float.isNaN(p.floats()[1]) && Float.isNaN(f.floats()[1]));
            p.floats()[1] = 0;
            f.floats()[1] = 0;
            assertBitEqual(p, f, "Relu at " + opset);
        }
    }

    @Test
    void layerNormalizationMatches() {
        Random r = new Random(5);
        Tensor x = random(r, 2, 128, 384);
        Tensor scale = random(r, 384);
        Tensor bias = random(r, 384);
        Node withBias = op("LayerNormalization", "x", "s", "b").attr("epsilon", 1e-12f);
        assertBitEqual(y(PLAIN, withBias, 17, "x", x, "s", scale, "b", bias), y(FAST, withBias, 17, "x", x, "s", scale, "b", bias), "LN");
        Node noBias = op("LayerNormalization", "x", "s");
        assertBitEqual(y(PLAIN, noBias, 17, "x", x, "s", scale), y(FAST, noBias, 17, "x", x, "s", scale), "LN without bias");
        // over the last two axes, Scale with a leading 1; and a Scale that broadcasts (reference path)
        Tensor scale2 = random(r, 1, 128, 384);
        Node two = op("LayerNormalization", "x", "s").attr("axis", -2L);
        assertBitEqual(y(PLAIN, two, 17, "x", x, "s", scale2), y(FAST, two, 17, "x", x, "s", scale2), "LN over 2 axes");
        Tensor scale3 = random(r, 1, 384);
        assertBitEqual(y(PLAIN, two, 17, "x", x, "s", scale3), y(FAST, two, 17, "x", x, "s", scale3), "LN broadcast Scale");
        // Mean and InvStdDev outputs
        Node stats = Node.of("LayerNormalization").name("n").inputs("x", "s", "b").outputs("y", "mean", "inv");
        java.util.Map<String, Tensor> p = FastRun.all(PLAIN, stats, 17, "x", x, "s", scale, "b", bias);
        java.util.Map<String, Tensor> f = FastRun.all(FAST, stats, 17, "x", x, "s", scale, "b", bias);
        for (String name : new String[] {"y", "mean", "inv"}) {
            assertBitEqual(p.get(name), f.get(name), "LN output " + name);
        }
    }

    @Test
    void powByOneExponentMatches() {
        Random r = new Random(6);
        Tensor x = FastRun.abs(random(r, 128, 384));
        x.floats()[0] = -2.5f; // negative base: integral exponents defined, others NaN in both
        for (float e : new float[] {2f, 0.5f, 3f, -1.5f}) {
            for (Tensor exponent : new Tensor[] {Tensor.scalar(e), Tensor.ofFloats(new long[] {1, 1, 1}, e)}) {
                Tensor p = y(PLAIN, op("Pow", "x", "e"), 13, "x", x, "e", exponent);
                Tensor f = y(FAST, op("Pow", "x", "e"), 13, "x", x, "e", exponent);
                assertEquals(Float.isNaN(p.floats()[0]), Float.isNaN(f.floats()[0]));
                p.floats()[0] = 0;
                f.floats()[0] = 0;
                assertBitEqual(p, f, "Pow by " + e + " shaped " + Arrays.toString(exponent.shape()));
            }
        }
    }

    @Test
    void reduceMeanOverTheLastAxisMatches() {
        Random r = new Random(7);
        Tensor x = random(r, 2, 128, 384);
        for (long axis : new long[] {-1, 2}) {
            for (long keep : new long[] {0, 1}) {
                Node attr = op("ReduceMean", "x").attr(dev.modelx.graph.Attribute.ints("axes", axis)).attr("keepdims", keep);
                assertBitEqual(y(PLAIN, attr, 13, "x", x), y(FAST, attr, 13, "x", x), "ReduceMean axes " + axis + " keepdims " + keep);
                Node input = op("ReduceMean", "x", "axes").attr("keepdims", keep);
                Tensor axes = Tensor.ofLongs(new long[] {1}, axis);
                assertBitEqual(y(PLAIN, input, 18, "x", x, "axes", axes), y(FAST, input, 18, "x", x, "axes", axes),
                        "ReduceMean-18 axes " + axis + " keepdims " + keep);
            }
        }
        // other axes take the reference path and agree trivially; the reduced shape must still be right
        Node middle = op("ReduceMean", "x").attr(dev.modelx.graph.Attribute.ints("axes", 1));
        assertBitEqual(y(PLAIN, middle, 13, "x", x), y(FAST, middle, 13, "x", x), "ReduceMean axis 1");
    }

    private static float[] scaled(float[] v, float s) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= s;
        }
        return v;
    }
}
