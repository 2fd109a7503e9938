package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.modelx.runtime.kernels.elementwise.Run.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CastQuantizeTest {

    private static Tensor cast(Tensor x, DataType to, int opset, long saturate) {
        Node n = Node.of("Cast").name("c1").inputs("x").outputs("y").attr("to", (long) to.code());
        if (saturate >= 0) {
            n.attr("saturate", saturate);
        }
        return Run.one(n, opset, "x", x);
    }

    private static int[] codes(Tensor t) {
        byte[] b = t.bytes();
        int[] r = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[i] & 0xff;
        }
        return r;
    }

    @Test
    void floatToIntTruncatesAndIntToIntWraps() {
        assertArrayEquals(new int[] {1, -1, 0}, cast(Tensor.ofFloats(shape(3), 1.9f, -1.9f, 0.5f), DataType.INT32, 13, -1).ints());
        Tensor i8 = cast(Tensor.ofInts(shape(2), 200, -129), DataType.INT8, 13, -1);
        assertArrayEquals(new long[] {-56, 127}, i8.toLongArray());
        Tensor i4 = cast(Tensor.ofFloats(shape(3), 9, -9, 7), DataType.INT4, 21, -1);
        assertArrayEquals(new long[] {-7, 7, 7}, i4.toLongArray());
        Tensor b = cast(Tensor.ofFloats(shape(3), 0, Float.NaN, -0.5f), DataType.BOOL, 13, -1);
        assertArrayEquals(new byte[] {0, 1, 1}, b.bytes());
    }

    @Test
    void float8SaturatesByDefault() {
        Tensor x = Tensor.ofFloats(shape(5), 1e6f, Float.NEGATIVE_INFINITY, 0.5f, Float.NaN, -1e-7f);
        // e4m3fn: 448 = 0x7e, 0.5 = 2^-1 -> exponent field 6 -> 0x30, NaN 0x7f, -0 keeps the sign.
        assertArrayEquals(new int[] {0x7e, 0xfe, 0x30, 0x7f, 0x80}, codes(cast(x, DataType.FLOAT8E4M3FN, 19, -1)));
        assertArrayEquals(new int[] {0x7f, 0xff, 0x30, 0x7f, 0x80}, codes(cast(x, DataType.FLOAT8E4M3FN, 19, 0)));
        // e5m2 without saturation overflows to infinity; the FNUZ types have no negative zero.
        assertArrayEquals(new int[] {0x7c, 0xfc, 0x38, 0x7e, 0x80}, codes(cast(x, DataType.FLOAT8E5M2, 19, 0)));
        assertArrayEquals(new int[] {0x80, 0x80, 0x3c, 0x80, 0x00}, codes(cast(x, DataType.FLOAT8E5M2FNUZ, 19, 0)));
    }

    @Test
    void float8RoundsHalfToEven() {
        // e4m3fn around 1: spacing 1/8; 1 + 1/16 ties to 1 (even), 1 + 3/16 ties to 1.25.
        Tensor x = Tensor.ofFloats(shape(2), 1.0625f, 1.1875f);
        int[] c = codes(cast(x, DataType.FLOAT8E4M3FN, 19, -1));
        assertEquals(1.0f, dev.modelx.graph.FloatFormats.smallToFloat(DataType.FLOAT8E4M3FN, c[0]));
        assertEquals(1.25f, dev.modelx.graph.FloatFormats.smallToFloat(DataType.FLOAT8E4M3FN, c[1]));
    }

    @Test
    void float4AlwaysSaturates() {
        Tensor y = cast(Tensor.ofFloats(shape(4), 0.25f, -3.5f, 9, Float.POSITIVE_INFINITY), DataType.FLOAT4E2M1, 23, -1);
        // 0.25 ties between 0 and 0.5 -> 0; -3.5 ties between -3 and -4 -> -4 (even code); 9 and inf -> 6.
        assertArrayEquals(new double[] {0, -4, 6, 6}, y.toDoubleArray());
    }

    @Test
    void e8m0RoundsUp() {
        Tensor y = cast(Tensor.ofFloats(shape(3), 0.124f, 1.1f, 2f), DataType.FLOAT8E8M0, 24, -1);
        assertArrayEquals(new int[] {0x7c, 0x80, 0x80}, codes(y));
    }

    @Test
    void doubleToHalfRoundsOnce() {
        // Just above the midpoint between 1 and 1 + 2^-10: a float32 detour would round to the midpoint and then to even.
        double x = 1 + 0x1p-11 + 0x1p-40;
        Tensor y = cast(Tensor.ofDoubles(shape(1), x), DataType.FLOAT16, 13, -1);
        assertEquals(1 + 0x1p-10, y.getDouble(0));
    }

    @Test
    void stringsParseAndPrint() {
        Tensor f = cast(Tensor.ofStrings(shape(4), "1e-5", "-INF", "nan", " 3.5"), DataType.FLOAT, 13, -1);
        assertEquals(1e-5f, f.floats()[0]);
        assertEquals(Float.NEGATIVE_INFINITY, f.floats()[1]);
        assertTrue(Float.isNaN(f.floats()[2]));
        assertEquals(3.5f, f.floats()[3]);
        Tensor s = cast(Tensor.ofFloats(shape(3), 0.25f, 1e6f, 1e-7f), DataType.STRING, 13, -1);
        assertArrayEquals(new String[] {"0.25", "1000000.0", "1e-07"}, s.strings());
        assertThrows(KernelException.class, () -> cast(Tensor.ofStrings(shape(1), "hello"), DataType.FLOAT, 13, -1));
    }

    @Test
    void castLikeTakesTheSecondInputsType() {
        Tensor y = Run.one(Node.of("CastLike").inputs("x", "t").outputs("y"), 15,
                "x", Tensor.ofFloats(shape(1), 2.7f), "t", Tensor.ofLongs(shape(0)));
        assertEquals(DataType.INT64, y.type());
        assertArrayEquals(new long[] {2}, y.longs());
    }

    @Test
    void bitCastKeepsBits() {
        Tensor y = Run.one(Node.of("BitCast").inputs("x").outputs("y").attr("to", (long) DataType.INT32.code()), 26,
                "x", Tensor.ofFloats(shape(2), 1f, -2f));
        assertArrayEquals(new int[] {0x3f800000, 0xc0000000}, y.ints());
        assertThrows(KernelException.class, () -> Run.one(
                Node.of("BitCast").inputs("x").outputs("y").attr("to", (long) DataType.INT64.code()), 26,
                "x", Tensor.ofFloats(shape(1), 1f)));
    }

    @Test
    void quantizePerTensorRoundsHalfToEvenAndSaturates() {
        Node n = Node.of("QuantizeLinear").inputs("x", "s", "z").outputs("y");
        Tensor y = Run.one(n, 13, "x", Tensor.ofFloats(shape(6), 0, 2, 3, 5, 1000, -254),
                "s", Tensor.ofFloats(shape(), 2), "z", Tensor.of(DataType.UINT8, shape(), new byte[] {(byte) 128}));
        // 3/2 = 1.5 -> 2; 5/2 = 2.5 -> 2.
        assertArrayEquals(new long[] {128, 129, 130, 130, 255, 1}, y.toLongArray());
    }

    @Test
    void quantizePerAxisAndBlocked() {
        Node n = Node.of("QuantizeLinear").inputs("x", "s", "z").outputs("y");
        Tensor y = Run.one(n, 13, "x", Tensor.ofFloats(shape(2, 2), 10, 10, 10, 10),
                "s", Tensor.ofFloats(shape(2), 1, 10), "z", Tensor.of(DataType.INT8, shape(2), new byte[] {0, 1}));
        assertArrayEquals(new long[] {10, 2, 10, 2}, y.toLongArray());
        Node blocked = Node.of("QuantizeLinear").inputs("x", "s").outputs("y").attr("axis", 1L).attr("block_size", 2L);
        Tensor b = Run.one(blocked, 21, "x", Tensor.ofFloats(shape(1, 3), 4, 4, 4), "s", Tensor.ofFloats(shape(1, 2), 2, 4));
        assertArrayEquals(new long[] {2, 2, 1}, b.toLongArray());
        assertEquals(DataType.UINT8, b.type());
    }

    @Test
    void quantizeRejectsBadAxis() {
        Node n = Node.of("QuantizeLinear").name("q1").inputs("x", "s").outputs("y").attr("axis", 5L);
        KernelException e = assertThrows(KernelException.class, () -> Run.one(n, 13,
                "x", Tensor.ofFloats(shape(2, 2), 1, 2, 3, 4), "s", Tensor.ofFloats(shape(2), 1, 1)));
        assertTrue(e.getMessage().contains("q1") && e.getMessage().contains("axis 5"), e.getMessage());
    }

    @Test
    void blockedScaleMustFitTheBlockSize() {
        Node n = Node.of("QuantizeLinear").name("q2").inputs("x", "s").outputs("y").attr("axis", 1L).attr("block_size", 2L);
        KernelException e = assertThrows(KernelException.class, () -> Run.one(n, 21,
                "x", Tensor.ofFloats(shape(1, 6), 1, 2, 3, 4, 5, 6), "s", Tensor.ofFloats(shape(1, 2), 1, 1)));
        assertTrue(e.getMessage().contains("q2") && e.getMessage().contains("block_size 2"), e.getMessage());
    }

    @Test
    void quantizeToInt4AndFloat8() {
        Node n = Node.of("QuantizeLinear").inputs("x", "s", "z").outputs("y");
        Tensor i4 = Run.one(n, 21, "x", Tensor.ofFloats(shape(3), 20, -20, 3),
                "s", Tensor.ofFloats(shape(), 1), "z", Tensor.of(DataType.INT4, shape(), new byte[] {1}));
        assertArrayEquals(new long[] {7, -8, 4}, i4.toLongArray());
        Tensor f8 = Run.one(n, 21, "x", Tensor.ofFloats(shape(2), 1000, 1),
                "s", Tensor.ofFloats(shape(), 2), "z", Tensor.of(DataType.FLOAT8E4M3FN, shape(), new byte[] {0}));
        assertArrayEquals(new double[] {448, 0.5}, f8.toDoubleArray());
    }

    @Test
    void dequantize() {
        Node n = Node.of("DequantizeLinear").inputs("x", "s", "z").outputs("y");
        Tensor y = Run.one(n, 13, "x", Tensor.of(DataType.UINT8, shape(4), new byte[] {0, 3, (byte) 128, (byte) 255}),
                "s", Tensor.ofFloats(shape(), 2), "z", Tensor.of(DataType.UINT8, shape(), new byte[] {(byte) 128}));
        assertArrayEquals(new float[] {-256, -250, 0, 254}, y.floats());
        Node half = Node.of("DequantizeLinear").inputs("x", "s").outputs("y");
        Tensor h = Run.one(half, 21, "x", Tensor.ofInts(shape(2), 3, -4),
                "s", Tensor.of(DataType.FLOAT16, shape(), new short[] {dev.modelx.graph.FloatFormats.floatToHalf(0.5f)}));
        assertEquals(DataType.FLOAT16, h.type());
        assertArrayEquals(new double[] {1.5, -2}, h.toDoubleArray());
    }

    @Test
    void dynamicQuantizeLinear() {
        Node n = Node.of("DynamicQuantizeLinear").inputs("x").outputs("y", "s", "z");
        List<Tensor> out = Run.node(n, 11, "x", Tensor.ofFloats(shape(6), 0, 2, -3, -2.5f, 1.34f, 0.5f));
        // scale = (2 - -3) / 255; zero point = round(3 / scale) = round(153) = 153.
        assertEquals(5f / 255f, out.get(1).floats()[0]);
        assertArrayEquals(new long[] {153}, out.get(2).toLongArray());
        assertArrayEquals(new long[] {153, 255, 0, 26, 221, 179}, out.get(0).toLongArray());
    }
}
