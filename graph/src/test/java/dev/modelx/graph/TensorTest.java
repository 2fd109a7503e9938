package dev.modelx.graph;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.*;

class TensorTest {

    @Test
    void floatTensorKeepsItsArrayAndShape() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.ofFloats(new long[]{2, 3}, data);
        assertSame(data, t.floats());
        assertArrayEquals(new long[]{2, 3}, t.shape());
        assertEquals(6, t.size());
        assertEquals(24, t.byteSize());
    }

    @Test
    void wrongLengthIsRejectedWithBothNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.ofFloats(new long[]{2, 3}, 1, 2, 3));
        assertTrue(e.getMessage().contains("needs 6 elements, got 3"), e.getMessage());
    }

    @Test
    void wrongArrayClassIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(DataType.INT64, new long[]{1}, new int[]{1}));
    }

    @Test
    void packedFloatsDecodeLazily() {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(1.5f).putFloat(-2f).flip();
        Tensor t = Tensor.fromPacked(DataType.FLOAT, new long[]{2}, b);
        assertTrue(t.isPackedOnly());
        assertArrayEquals(new float[]{1.5f, -2f}, t.floats());
        assertFalse(t.isPackedOnly());
    }

    @Test
    void int4PacksTwoPerByteLowNibbleFirstAndSignExtends() {
        Tensor t = Tensor.of(DataType.INT4, new long[]{3}, new byte[]{-8, 7, -1});
        ByteBuffer packed = t.packedBytes();
        assertEquals(2, packed.remaining());
        assertEquals((byte) 0x78, packed.get(0));
        assertEquals((byte) 0x0f, packed.get(1));
        Tensor back = Tensor.fromPacked(DataType.INT4, new long[]{3}, packed);
        assertArrayEquals(new byte[]{-8, 7, -1}, back.bytes());
    }

    @Test
    void uint2PacksFourPerByte() {
        Tensor t = Tensor.of(DataType.UINT2, new long[]{5}, new byte[]{1, 2, 3, 0, 3});
        ByteBuffer packed = t.packedBytes();
        assertEquals(2, packed.remaining());
        assertEquals((byte) 0b00111001, packed.get(0));
        assertEquals((byte) 0b00000011, packed.get(1));
    }

    @Test
    void packedLengthMustMatchShape() {
        ByteBuffer b = ByteBuffer.allocate(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.fromPacked(DataType.FLOAT, new long[]{1}, b));
        assertTrue(e.getMessage().contains("needs 4 bytes, got 3"), e.getMessage());
    }

    @Test
    void equalityComparesBitsSoNanEqualsNan() {
        Tensor a = Tensor.ofFloats(new long[]{2}, Float.NaN, 1f);
        Tensor b = Tensor.ofFloats(new long[]{2}, Float.NaN, 1f);
        Tensor c = Tensor.ofFloats(new long[]{1, 2}, Float.NaN, 1f);
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void hugeDeclaredShapeIsRefusedBeforeAllocation() {
        assertThrows(TensorTooLargeException.class, () -> Tensor.zeros(DataType.FLOAT, 1_000_000L, 1_000_000L));
        assertThrows(ArithmeticException.class, () -> Tensor.elementCount(new long[]{Long.MAX_VALUE, 4}));
    }

    @Test
    void getDoubleReadsUnsignedAndHalfTypes() {
        Tensor u8 = Tensor.of(DataType.UINT8, new long[]{1}, new byte[]{(byte) 200});
        assertEquals(200.0, u8.getDouble(0));
        Tensor f16 = Tensor.of(DataType.FLOAT16, new long[]{1}, new short[]{(short) 0x3c00});
        assertEquals(1.0, f16.getDouble(0));
        Tensor u32 = Tensor.of(DataType.UINT32, new long[]{1}, new int[]{-1});
        assertEquals(4294967295.0, u32.getDouble(0));
    }

    @Test
    void reshapeKeepsDataAndChecksCount() {
        Tensor t = Tensor.ofLongs(new long[]{2, 2}, 1, 2, 3, 4);
        assertArrayEquals(new long[]{4}, t.reshape(4).shape());
        assertThrows(IllegalArgumentException.class, () -> t.reshape(3));
    }

    @Test
    void stringTensorsCompareByContent() {
        assertEquals(Tensor.ofStrings(new long[]{2}, "a", "b"), Tensor.ofStrings(new long[]{2}, "a", "b"));
        assertThrows(IllegalStateException.class, () -> Tensor.ofStrings(new long[]{1}, "a").packedBytes());
    }
}
