package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelException;
import org.junit.jupiter.api.Test;

import static dev.modelx.runtime.kernels.elementwise.Run.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogicCompareTest {

    private static Node binary(String op) {
        return Node.of(op).name("n1").inputs("a", "b").outputs("y");
    }

    private static byte[] bools(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void equalComparesStringsWithBroadcast() {
        Tensor y = Run.one(binary("Equal"), 19,
                "a", Tensor.ofStrings(shape(3), "x", "y", "z"), "b", Tensor.ofStrings(shape(1), "y"));
        assertArrayEquals(bools(0, 1, 0), y.bytes());
    }

    @Test
    void nanComparesFalse() {
        Tensor y = Run.one(binary("GreaterOrEqual"), 16,
                "a", Tensor.ofFloats(shape(3), Float.NaN, 1, 2), "b", Tensor.ofFloats(shape(3), 0, 1, 3));
        assertArrayEquals(bools(0, 1, 0), y.bytes());
    }

    @Test
    void uint64ComparesUnsigned() {
        Tensor y = Run.one(binary("Greater"), 13,
                "a", Tensor.of(DataType.UINT64, shape(1), new long[] {-1L}),
                "b", Tensor.of(DataType.UINT64, shape(1), new long[] {1L}));
        assertArrayEquals(bools(1), y.bytes());
    }

    @Test
    void logicalOps() {
        Tensor a = Tensor.ofBooleans(shape(4), true, true, false, false);
        Tensor b = Tensor.ofBooleans(shape(4), true, false, true, false);
        assertArrayEquals(bools(1, 0, 0, 0), Run.one(binary("And"), 7, "a", a, "b", b).bytes());
        assertArrayEquals(bools(1, 1, 1, 0), Run.one(binary("Or"), 7, "a", a, "b", b).bytes());
        assertArrayEquals(bools(0, 1, 1, 0), Run.one(binary("Xor"), 7, "a", a, "b", b).bytes());
        assertArrayEquals(bools(0, 0, 1, 1), Run.one(Node.of("Not").inputs("a").outputs("y"), 1, "a", a).bytes());
    }

    @Test
    void andRejectsNonBool() {
        assertThrows(KernelException.class, () -> Run.one(binary("And"), 7,
                "a", Tensor.ofInts(shape(1), 1), "b", Tensor.ofInts(shape(1), 1)));
    }

    @Test
    void bitShiftDropsHighBits() {
        Tensor x = Tensor.of(DataType.UINT8, shape(3), new byte[] {(byte) 200, 1, (byte) 255});
        Tensor s = Tensor.of(DataType.UINT8, shape(3), new byte[] {1, 7, 8});
        Tensor l = Run.one(binary("BitShift").attr("direction", "LEFT"), 11, "a", x, "b", s);
        assertArrayEquals(new long[] {144, 128, 0}, l.toLongArray());
        Tensor r = Run.one(binary("BitShift").attr("direction", "RIGHT"), 11, "a", x, "b", s);
        assertArrayEquals(new long[] {100, 0, 0}, r.toLongArray());
    }

    @Test
    void bitShiftNeedsADirection() {
        KernelException e = assertThrows(KernelException.class, () -> Run.one(binary("BitShift").attr("direction", "UP"), 11,
                "a", Tensor.of(DataType.UINT8, shape(1), new byte[] {1}),
                "b", Tensor.of(DataType.UINT8, shape(1), new byte[] {1})));
        assertTrue(e.getMessage().contains("UP"), e.getMessage());
    }

    @Test
    void bitwiseOps() {
        Tensor a = Tensor.ofInts(shape(2), 0b1100, -1);
        Tensor b = Tensor.ofInts(shape(2), 0b1010, 5);
        assertArrayEquals(new int[] {0b1000, 5}, Run.one(binary("BitwiseAnd"), 18, "a", a, "b", b).ints());
        assertArrayEquals(new int[] {0b1110, -1}, Run.one(binary("BitwiseOr"), 18, "a", a, "b", b).ints());
        assertArrayEquals(new int[] {0b0110, -6}, Run.one(binary("BitwiseXor"), 18, "a", a, "b", b).ints());
        assertArrayEquals(new int[] {~0b1100, 0}, Run.one(Node.of("BitwiseNot").inputs("a").outputs("y"), 18, "a", a).ints());
    }

    @Test
    void whereBroadcastsAllThree() {
        Tensor y = Run.one(Node.of("Where").inputs("c", "x", "y").outputs("o"), 16,
                "c", Tensor.ofBooleans(shape(2, 1), true, false),
                "x", Tensor.ofStrings(shape(2), "a", "b"),
                "y", Tensor.ofStrings(shape(1), "-"));
        assertArrayEquals(new String[] {"a", "b", "-", "-"}, y.strings());
    }

    @Test
    void variadicMaxPropagatesNaNAndMeanAverages() {
        Node max = Node.of("Max").inputs("a", "b", "c").outputs("y");
        Tensor y = Run.one(max, 13,
                "a", Tensor.ofFloats(shape(3), 1, 5, Float.NaN),
                "b", Tensor.ofFloats(shape(1), 3),
                "c", Tensor.ofFloats(shape(3), 2, 2, 2));
        assertArrayEquals(new float[] {3, 5, Float.NaN}, y.floats());
        Node mean = Node.of("Mean").inputs("a", "b").outputs("y");
        Tensor m = Run.one(mean, 13, "a", Tensor.ofFloats(shape(2), 1, 2), "b", Tensor.ofFloats(shape(2), 4, 8));
        assertArrayEquals(new float[] {2.5f, 5}, m.floats());
    }

    @Test
    void minOfUint64IsUnsigned() {
        Tensor y = Run.one(Node.of("Min").inputs("a", "b").outputs("y"), 13,
                "a", Tensor.of(DataType.UINT64, shape(1), new long[] {-1L}),
                "b", Tensor.of(DataType.UINT64, shape(1), new long[] {7L}));
        assertArrayEquals(new long[] {7}, y.longs());
    }
}
