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

class ArithmeticTest {

    private static Node binary(String op) {
        return Node.of(op).name("n1").inputs("a", "b").outputs("y");
    }

    @Test
    void addBroadcastsColumnAgainstRow() {
        Tensor y = Run.one(binary("Add"), 17,
                "a", Tensor.ofFloats(shape(2, 1), 1, 2),
                "b", Tensor.ofFloats(shape(3), 10, 20, 30));
        assertArrayEquals(shape(2, 3), y.shape());
        assertArrayEquals(new float[] {11, 21, 31, 12, 22, 32}, y.floats());
    }

    @Test
    void shapesThatDoNotBroadcastNameTheNode() {
        KernelException e = assertThrows(KernelException.class, () -> Run.one(binary("Mul"), 17,
                "a", Tensor.ofFloats(shape(2), 1, 2),
                "b", Tensor.ofFloats(shape(3), 1, 2, 3)));
        assertTrue(e.getMessage().contains("n1"), e.getMessage());
        assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    void mixedTypesAreRejected() {
        assertThrows(KernelException.class, () -> Run.one(binary("Add"), 17,
                "a", Tensor.ofFloats(shape(1), 1),
                "b", Tensor.ofLongs(shape(1), 1)));
    }

    @Test
    void integerDivisionTruncatesTowardZero() {
        Tensor y = Run.one(binary("Div"), 17,
                "a", Tensor.ofInts(shape(4), -7, 7, -7, 9),
                "b", Tensor.ofInts(shape(4), 2, 2, -2, 3));
        assertArrayEquals(new int[] {-3, 3, 3, 3}, y.ints());
    }

    @Test
    void integerDivisionByZeroIsAnError() {
        KernelException e = assertThrows(KernelException.class, () -> Run.one(binary("Div"), 17,
                "a", Tensor.ofLongs(shape(1), 1), "b", Tensor.ofLongs(shape(1), 0)));
        assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
    }

    @Test
    void uint8AddWraps() {
        Tensor y = Run.one(binary("Add"), 17,
                "a", Tensor.of(DataType.UINT8, shape(2), new byte[] {(byte) 250, 1}),
                "b", Tensor.of(DataType.UINT8, shape(2), new byte[] {10, 2}));
        assertEquals(4, y.getLong(0));
        assertEquals(3, y.getLong(1));
    }

    @Test
    void modFollowsDivisorSignUnlessFmod() {
        Tensor python = Run.one(binary("Mod"), 13,
                "a", Tensor.ofInts(shape(4), -7, 7, -7, 7), "b", Tensor.ofInts(shape(4), 3, -3, -3, 3));
        assertArrayEquals(new int[] {2, -2, -1, 1}, python.ints());
        Tensor c = Run.one(binary("Mod").attr("fmod", 1L), 13,
                "a", Tensor.ofFloats(shape(2), -7.5f, 7.5f), "b", Tensor.ofFloats(shape(2), 2, -2));
        assertArrayEquals(new float[] {-1.5f, 1.5f}, c.floats());
    }

    @Test
    void uint64DivisionIsUnsigned() {
        Tensor y = Run.one(binary("Div"), 17,
                "a", Tensor.of(DataType.UINT64, shape(1), new long[] {-2L}),
                "b", Tensor.of(DataType.UINT64, shape(1), new long[] {2L}));
        assertEquals(Long.MAX_VALUE, y.longs()[0]);
    }

    @Test
    void powOfIntegerBaseWithFloatExponentKeepsBaseType() {
        Tensor y = Run.one(binary("Pow"), 15,
                "a", Tensor.ofInts(shape(3), 1, 2, 3), "b", Tensor.ofFloats(shape(3), 4, 5, 6));
        assertEquals(DataType.INT32, y.type());
        assertArrayEquals(new int[] {1, 32, 729}, y.ints());
        Tensor z = Run.one(binary("Pow"), 15,
                "a", Tensor.ofLongs(shape(2), 3, -2), "b", Tensor.ofLongs(shape(2), 3, 3));
        assertArrayEquals(new long[] {27, -8}, z.longs());
    }

    @Test
    void legacyBroadcastAlignsBAtAxis() {
        Node n = binary("Add").attr("broadcast", 1L).attr("axis", 0L);
        Tensor y = Run.one(n, 6, "a", Tensor.ofFloats(shape(2, 3), 0, 0, 0, 0, 0, 0), "b", Tensor.ofFloats(shape(2), 1, 2));
        assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2}, y.floats());
    }

    @Test
    void float16AddRoundsToHalf() {
        short one = dev.modelx.graph.FloatFormats.floatToHalf(1f);
        short tiny = dev.modelx.graph.FloatFormats.floatToHalf(0x1p-11f);
        Tensor y = Run.one(binary("Add"), 17,
                "a", Tensor.of(DataType.FLOAT16, shape(1), new short[] {one}),
                "b", Tensor.of(DataType.FLOAT16, shape(1), new short[] {tiny}));
        // 1 + 2^-11 is a tie between 1 and 1 + 2^-10: round half to even gives 1.
        assertEquals(1.0, y.getDouble(0));
    }
}
