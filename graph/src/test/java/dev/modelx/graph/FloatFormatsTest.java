package dev.modelx.graph;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class FloatFormatsTest {

    @Test
    void halfKnownValues() {
        assertEquals(1.0f, FloatFormats.halfToFloat((short) 0x3c00));
        assertEquals(-2.0f, FloatFormats.halfToFloat((short) 0xc000));
        assertEquals(65504f, FloatFormats.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, FloatFormats.halfToFloat((short) 0x0001));
        assertTrue(Float.isInfinite(FloatFormats.halfToFloat((short) 0x7c00)));
        assertTrue(Float.isNaN(FloatFormats.halfToFloat((short) 0x7e00)));
    }

    @Test
    void floatToHalfRoundsToNearestEven() {
        assertEquals((short) 0x3c00, FloatFormats.floatToHalf(1.0f));
        // 1 + 2^-11 is exactly between 1 and the next half (1 + 2^-10): ties go to the even mantissa (1.0).
        assertEquals((short) 0x3c00, FloatFormats.floatToHalf(1f + 0x1p-11f));
        assertEquals((short) 0x3c02, FloatFormats.floatToHalf(1f + 3 * 0x1p-11f));
        assertEquals((short) 0x7c00, FloatFormats.floatToHalf(1e6f));
        assertEquals((short) 0x0001, FloatFormats.floatToHalf(0x1p-24f));
        assertEquals((short) 0x0000, FloatFormats.floatToHalf(0x1p-26f));
    }

    @Test
    void halfRoundTripsEveryFiniteValue() {
        for (int bits = 0; bits < 0x10000; bits++) {
            short h = (short) bits;
            float f = FloatFormats.halfToFloat(h);
            if (!Float.isNaN(f)) {
                assertEquals(h, FloatFormats.floatToHalf(f), "bits " + Integer.toHexString(bits));
            }
        }
    }

    @Test
    void bfloat16() {
        assertEquals(1.0f, FloatFormats.bfloat16ToFloat((short) 0x3f80));
        assertEquals((short) 0x3f80, FloatFormats.floatToBfloat16(1.0f));
        assertEquals((short) 0x4049, FloatFormats.floatToBfloat16(3.14159f));
    }

    @Test
    void float8KnownValues() {
        assertEquals(448f, FloatFormats.smallToFloat(DataType.FLOAT8E4M3FN, 0x7e));
        assertTrue(Float.isNaN(FloatFormats.smallToFloat(DataType.FLOAT8E4M3FN, 0x7f)));
        assertEquals(240f, FloatFormats.smallToFloat(DataType.FLOAT8E4M3FNUZ, 0x7f));
        assertEquals(57344f, FloatFormats.smallToFloat(DataType.FLOAT8E5M2, 0x7b));
        assertEquals(1f, FloatFormats.smallToFloat(DataType.FLOAT8E8M0, 127));
        assertEquals(6f, FloatFormats.smallToFloat(DataType.FLOAT4E2M1, 0x7));
        assertEquals(-0.5f, FloatFormats.smallToFloat(DataType.FLOAT4E2M1, 0x9));
    }

    @Test
    void float8EncodeSaturatesAndRoundTrips() {
        assertEquals(0x7e, FloatFormats.floatToSmall(DataType.FLOAT8E4M3FN, 1e6f, true));
        assertEquals(0x7f, FloatFormats.floatToSmall(DataType.FLOAT8E4M3FN, 1e6f, false));
        for (int c = 0; c < 256; c++) {
            float f = FloatFormats.smallToFloat(DataType.FLOAT8E4M3FN, c);
            if (!Float.isNaN(f) && f != 0) {
                assertEquals(c, FloatFormats.floatToSmall(DataType.FLOAT8E4M3FN, f, true), "code " + c);
            }
        }
    }
}
