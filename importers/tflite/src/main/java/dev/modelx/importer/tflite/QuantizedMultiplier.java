package dev.modelx.importer.tflite;

/**
 * A real multiplier as TFLite's integer kernels hold it: a Q0.31 mantissa in [2^30, 2^31) and a power-of-two
 * exponent (QuantizeMultiplier in quantization_util.cc), and its application to an int32 the way the kernels do
 * it (MultiplyByQuantizedMultiplier, double rounding): a saturating rounding doubling high multiply, which
 * rounds half up, then a rounding right shift, which rounds half away from zero.
 */
record QuantizedMultiplier(int multiplier, int shift) {

    private static final long TWO_31 = 1L << 31;

    /** QuantizeMultiplier: frexp, mantissa rounded half away from zero; below 2^-31 (shift &lt; -31) it flushes to zero. */
    static QuantizedMultiplier of(double real) {
        if (!(real >= 0) || Double.isInfinite(real)) {
            throw new IllegalArgumentException("multiplier " + real + " is not a finite non-negative number");
        }
        if (real < Double.MIN_NORMAL) {
            return new QuantizedMultiplier(0, 0);
        }
        int exponent = Math.getExponent(real) + 1;
        long q = Math.round(Math.scalb(real, -exponent) * TWO_31);
        if (q == TWO_31) {
            q /= 2;
            exponent++;
        }
        if (exponent < -31) {
            return new QuantizedMultiplier(0, 0);
        }
        if (exponent > 30) {
            throw new IllegalArgumentException("multiplier " + real + " needs a left shift of " + exponent + ", above 30");
        }
        return new QuantizedMultiplier((int) q, exponent);
    }

    int leftShift() {
        return Math.max(shift, 0);
    }

    int rightShift() {
        return Math.max(-shift, 0);
    }

    /** MultiplyByQuantizedMultiplier(int32 x, multiplier, shift). */
    int apply(int x) {
        return roundingDivideByPot(saturatingRoundingDoublingHighMul(x * (1 << leftShift()), multiplier), rightShift());
    }

    /** gemmlowp SaturatingRoundingDoublingHighMul for int32: round(a * b / 2^31), halves up; MIN * MIN saturates. */
    static int saturatingRoundingDoublingHighMul(int a, int b) {
        if (a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {
            return Integer.MAX_VALUE;
        }
        long ab = (long) a * b;
        long nudge = ab >= 0 ? 1L << 30 : 1 - (1L << 30);
        return (int) ((ab + nudge) / TWO_31);
    }

    /** gemmlowp RoundingDivideByPOT: x / 2^exponent rounded to nearest, halves away from zero. */
    static int roundingDivideByPot(int x, int exponent) {
        if (exponent < 0 || exponent > 31) {
            throw new IllegalArgumentException("rounding shift " + exponent + " outside 0..31");
        }
        long mask = (1L << exponent) - 1;
        long remainder = x & mask;
        long threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (int) ((x >> exponent) + (remainder > threshold ? 1 : 0));
    }
}
