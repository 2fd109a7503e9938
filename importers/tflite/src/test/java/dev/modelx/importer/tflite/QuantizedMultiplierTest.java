package dev.modelx.importer.tflite;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** QuantizeMultiplier and MultiplyByQuantizedMultiplier against values worked out by hand from their definitions. */
class QuantizedMultiplierTest {

    @Test
    void quantizeMultiplierSplitsMantissaAndExponent() {
        assertEquals(new QuantizedMultiplier(1 << 30, 0), QuantizedMultiplier.of(0.5));
        assertEquals(new QuantizedMultiplier(1 << 30, 1), QuantizedMultiplier.of(1.0));
        assertEquals(new QuantizedMultiplier(1 << 30, -1), QuantizedMultiplier.of(0.25));
        // 0.1 = 0.8 * 2^-3; 0.8 * 2^31 = 1717986918.4
        assertEquals(new QuantizedMultiplier(1717986918, -3), QuantizedMultiplier.of(0.1));
        // 0.75 * 2^31 exactly
        assertEquals(new QuantizedMultiplier(1610612736, 0), QuantizedMultiplier.of(0.75));
    }

    @Test
    void mantissaRoundingUpToOneMovesTheExponent() {
        // 1 - 2^-40 = (1 - 2^-40) * 2^0; its mantissa rounds to 2^31, which becomes 2^30 with exponent 1
        assertEquals(new QuantizedMultiplier(1 << 30, 1), QuantizedMultiplier.of(1 - Math.pow(2, -40)));
    }

    @Test
    void tinyMultipliersFlushToZero() {
        assertEquals(new QuantizedMultiplier(0, 0), QuantizedMultiplier.of(Math.pow(2, -33)));
        assertEquals(new QuantizedMultiplier(0, 0), QuantizedMultiplier.of(0));
        assertEquals(new QuantizedMultiplier(1 << 30, -31), QuantizedMultiplier.of(Math.pow(2, -32)));
    }

    @Test
    void badMultipliersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> QuantizedMultiplier.of(-0.5));
        assertThrows(IllegalArgumentException.class, () -> QuantizedMultiplier.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> QuantizedMultiplier.of(Math.pow(2, 40)));
    }

    @Test
    void doublingHighMulRoundsHalfUp() {
        // 3 * 0.5 = 1.5 -> 2, -3 * 0.5 = -1.5 -> -1
        assertEquals(2, QuantizedMultiplier.saturatingRoundingDoublingHighMul(3, 1 << 30));
        assertEquals(-1, QuantizedMultiplier.saturatingRoundingDoublingHighMul(-3, 1 << 30));
        assertEquals(-2, QuantizedMultiplier.saturatingRoundingDoublingHighMul(-5, 1 << 30));
        assertEquals(Integer.MAX_VALUE, QuantizedMultiplier.saturatingRoundingDoublingHighMul(Integer.MIN_VALUE, Integer.MIN_VALUE));
    }

    @Test
    void roundingDivideByPotRoundsHalfAwayFromZero() {
        assertEquals(2, QuantizedMultiplier.roundingDivideByPot(3, 1));
        assertEquals(-2, QuantizedMultiplier.roundingDivideByPot(-3, 1));
        assertEquals(1, QuantizedMultiplier.roundingDivideByPot(5, 2));
        assertEquals(-1, QuantizedMultiplier.roundingDivideByPot(-5, 2));
        assertEquals(2, QuantizedMultiplier.roundingDivideByPot(6, 2));
        assertEquals(-2, QuantizedMultiplier.roundingDivideByPot(-6, 2));
        assertEquals(2, QuantizedMultiplier.roundingDivideByPot(7, 2));
        assertEquals(7, QuantizedMultiplier.roundingDivideByPot(7, 0));
    }

    @Test
    void multiplyByQuantizedMultiplierRoundsTwice() {
        QuantizedMultiplier tenth = QuantizedMultiplier.of(0.1);
        assertEquals(100, tenth.apply(1000));
        // -35 * 0.8 (Q0.31) -> -28, then -28 / 8 = -3.5 -> -4 (half away from zero; half up would give -3)
        assertEquals(-4, tenth.apply(-35));
        assertEquals(4, tenth.apply(35));
        // shift > 0 multiplies first: 3 * 2 * 0.75 = 4.5 -> 5
        assertEquals(5, QuantizedMultiplier.of(1.5).apply(3));
    }
}
