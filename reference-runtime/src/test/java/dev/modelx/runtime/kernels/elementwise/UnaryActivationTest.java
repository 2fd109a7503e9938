package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelException;
import org.junit.jupiter.api.Test;

import static dev.modelx.runtime.kernels.elementwise.Run.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnaryActivationTest {

    private static Tensor unary(Node n, int opset, Tensor x) {
        return Run.one(n.inputs("x").outputs("y"), opset, "x", x);
    }

    private static Tensor unary(String op, int opset, float... x) {
        return unary(Node.of(op), opset, Tensor.ofFloats(shape(x.length), x));
    }

    @Test
    void roundIsHalfToEven() {
        assertArrayEquals(new float[] {0, 2, 2, -0f, -2, 3}, unary("Round", 11, 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, 2.6f).floats());
    }

    @Test
    void erfAndGelu() {
        assertEquals(0.8427007929497149, unary(Node.of("Erf"), 13, Tensor.ofDoubles(shape(1), 1.0)).doubles()[0], 1e-15);
        assertEquals(-0.9999779095030014, unary(Node.of("Erf"), 13, Tensor.ofDoubles(shape(1), -3.0)).doubles()[0], 1e-15);
        // Gelu(1) = Phi(1) = 0.841344746...
        assertEquals(0.8413447460685429, unary(Node.of("Gelu"), 20, Tensor.ofDoubles(shape(1), 1.0)).doubles()[0], 1e-15);
        double tanh = unary(Node.of("Gelu").attr("approximate", "tanh"), 20, Tensor.ofDoubles(shape(1), 1.0)).doubles()[0];
        assertEquals(0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * 1.044715)), tanh, 1e-15);
    }

    @Test
    void geluRejectsUnknownApproximation() {
        KernelException e = assertThrows(KernelException.class,
                () -> unary(Node.of("Gelu").attr("approximate", "fast"), 20, Tensor.ofFloats(shape(1), 1)));
        assertTrue(e.getMessage().contains("fast"));
    }

    @Test
    void inverseHyperbolics() {
        Tensor y = unary(Node.of("Asinh"), 9, Tensor.ofDoubles(shape(1), 1.0));
        assertEquals(0.881373587019543, y.doubles()[0], 1e-15);
        assertEquals(1.3169578969248166, unary(Node.of("Acosh"), 9, Tensor.ofDoubles(shape(1), 2.0)).doubles()[0], 1e-15);
        assertEquals(0.5493061443340549, unary(Node.of("Atanh"), 9, Tensor.ofDoubles(shape(1), 0.5)).doubles()[0], 1e-15);
    }

    @Test
    void absNegSignOnIntegers() {
        Tensor x = Tensor.of(DataType.INT8, shape(3), new byte[] {-128, -3, 4});
        assertArrayEquals(new long[] {-128, 3, 4}, unary(Node.of("Abs"), 13, x).toLongArray());
        assertArrayEquals(new long[] {-128, 3, -4}, unary(Node.of("Neg"), 13, x).toLongArray());
        assertArrayEquals(new long[] {-1, -1, 1}, unary(Node.of("Sign"), 13, x).toLongArray());
    }

    @Test
    void floatOnlyOpsRejectIntegers() {
        KernelException e = assertThrows(KernelException.class, () -> unary(Node.of("Exp").name("e1"), 13, Tensor.ofInts(shape(1), 1)));
        assertTrue(e.getMessage().contains("e1") && e.getMessage().contains("int32"), e.getMessage());
    }

    @Test
    void isInfRespectsDirectionFlags() {
        Node n = Node.of("IsInf").attr("detect_negative", 0L);
        Tensor y = unary(n, 10, Tensor.ofFloats(shape(3), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN));
        assertArrayEquals(new byte[] {1, 0, 0}, y.bytes());
        Tensor nan = unary(Node.of("IsNaN"), 13, Tensor.ofFloats(shape(2), Float.NaN, 1));
        assertArrayEquals(new byte[] {1, 0}, nan.bytes());
    }

    @Test
    void activations() {
        assertArrayEquals(new float[] {0, 0, 2}, unary("Relu", 14, -1, 0, 2).floats());
        assertArrayEquals(new float[] {-0.1f, 2}, unary(Node.of("LeakyRelu").attr("alpha", 0.1f), 16, Tensor.ofFloats(shape(2), -1, 2)).floats());
        assertArrayEquals(new float[] {0.5f, 0}, unary("HardSigmoid", 6, 0, -3).floats());
        assertArrayEquals(new float[] {-0f, 3, 0.6666667f}, unary("HardSwish", 14, -3, 3, 1).floats());
        assertArrayEquals(new float[] {0, 2}, unary("ThresholdedRelu", 10, 1, 2).floats());
        assertArrayEquals(new float[] {-1.5f, 0, 1.5f}, unary(Node.of("Shrink").attr("bias", 0.5f), 9,
                Tensor.ofFloats(shape(3), -2, 0.3f, 2)).floats());
        assertEquals(1 / Math.E - 1, unary("Elu", 6, -1).floats()[0], 1e-7);
        assertEquals(Math.log(2), unary("Softplus", 1, 0).floats()[0], 1e-7);
        assertEquals(0.5f, unary("Softsign", 1, 1).floats()[0]);
        assertEquals(0.7310586f, unary("Sigmoid", 13, 1).floats()[0], 1e-7);
        assertEquals(0.7310586f, unary("Swish", 24, 1).floats()[0], 1e-7);
        assertEquals(0.8650984f, unary("Mish", 18, 1).floats()[0], 1e-6);
    }

    @Test
    void preluBroadcastsSlopeToX() {
        Tensor y = Run.one(Node.of("PRelu").inputs("x", "s").outputs("y"), 16,
                "x", Tensor.ofFloats(shape(2, 2), -1, 1, -2, 2), "s", Tensor.ofFloats(shape(2), 0.5f, 3));
        assertArrayEquals(new float[] {-0.5f, 1, -1, 2}, y.floats());
        assertThrows(KernelException.class, () -> Run.one(Node.of("PRelu").inputs("x", "s").outputs("y"), 16,
                "x", Tensor.ofFloats(shape(2), -1, 1), "s", Tensor.ofFloats(shape(2, 2), 1, 1, 1, 1)));
    }

    @Test
    void preluBeforeOpset7AppliesA1DSlopePerChannel() {
        Tensor y = Run.one(Node.of("PRelu").inputs("x", "s").outputs("y"), 6,
                "x", Tensor.ofFloats(shape(1, 2, 3), -1, -1, -1, -2, -2, 2), "s", Tensor.ofFloats(shape(2), 0.5f, 3));
        assertArrayEquals(new float[] {-0.5f, -0.5f, -0.5f, -6, -6, 2}, y.floats());
    }

    @Test
    void clipWithInputsAndAttributes() {
        Node v11 = Node.of("Clip").inputs("x", "lo", "hi").outputs("y");
        Tensor y = Run.one(v11, 13, "x", Tensor.ofFloats(shape(3), -5, 0, 5),
                "lo", Tensor.ofFloats(shape(), -1), "hi", Tensor.ofFloats(shape(), 1));
        assertArrayEquals(new float[] {-1, 0, 1}, y.floats());
        Tensor inverted = Run.one(v11, 13, "x", Tensor.ofFloats(shape(2), -5, 5),
                "lo", Tensor.ofFloats(shape(), 2), "hi", Tensor.ofFloats(shape(), 1));
        assertArrayEquals(new float[] {1, 1}, inverted.floats());
        Tensor ints = Run.one(Node.of("Clip").inputs("x", "", "hi").outputs("y"), 13,
                "x", Tensor.of(DataType.INT8, shape(2), new byte[] {-100, 100}), "hi", Tensor.of(DataType.INT8, shape(), new byte[] {50}));
        assertArrayEquals(new long[] {-100, 50}, ints.toLongArray());
        Tensor v6 = unary(Node.of("Clip").attr("min", -1f), 6, Tensor.ofFloats(shape(2), -3, 3));
        assertArrayEquals(new float[] {-1, 3}, v6.floats());
    }
}
