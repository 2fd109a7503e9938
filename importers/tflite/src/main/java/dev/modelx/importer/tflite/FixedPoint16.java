package dev.modelx.importer.tflite;

/**
 * gemmlowp's 16-bit fixed-point logistic and tanh (fixedpoint.h), which TFLite's integer LSTM kernels apply to
 * their int16 gates (ApplySigmoid: Q3.12 in, Q0.15 out; ApplyTanh: Q&lt;bits&gt;.&lt;15-bits&gt; in, Q0.15 out).
 * Their polynomial and Newton-Raphson steps round at every 16-bit operation, so results differ from the exact
 * functions by several units in the last place; only a step-by-step emulation reproduces them. Every value is a
 * raw int16 held in an int; {@link #wrap} is C++'s conversion back to int16 after int arithmetic.
 */
final class FixedPoint16 {

    static final int MIN = Short.MIN_VALUE;
    static final int MAX = Short.MAX_VALUE;

    private FixedPoint16() {
    }

    /** Output of {@code function} for every int16 input, indexed by input + 32768. */
    static short[] table(java.util.function.IntUnaryOperator function) {
        short[] t = new short[1 << 16];
        for (int i = 0; i < t.length; i++) {
            t[i] = (short) function.applyAsInt(i + MIN);
        }
        return t;
    }

    /** logistic(x) of a Q&lt;integerBits&gt; raw value, as a Q0.15 raw value. */
    static int logistic(int a, int integerBits) {
        checkBits(integerBits, 6);
        if (a == 0) {
            return constant(1 << 30);
        }
        int abs = a > 0 ? a : wrap(-a);
        int positive = oneOverOnePlusX(expOnNegativeValues(wrap(-abs), integerBits));
        return a > 0 ? positive : wrap(one(0) - positive);
    }

    /** tanh(x) of a Q&lt;integerBits&gt; raw value, as a Q0.15 raw value. */
    static int tanh(int a, int integerBits) {
        checkBits(integerBits, 6);
        if (a == 0) {
            return 0;
        }
        int negative = a < 0 ? a : wrap(-a);
        // exp(-2|x|): the same raw value read with one more integer bit is 2x.
        int t = oneMinusXOverOnePlusX(expOnNegativeValues(negative, integerBits + 1));
        return a < 0 ? wrap(-t) : t;
    }

    private static void checkBits(int integerBits, int max) {
        if (integerBits < 0 || integerBits > max) {
            throw new IllegalArgumentException("fixed-point integer bits " + integerBits + " outside 0.." + max);
        }
    }

    static int wrap(int x) {
        return (short) x;
    }

    static int saturatingAdd(int a, int b) {
        return Math.max(MIN, Math.min(MAX, a + b));
    }

    /** SaturatingRoundingDoublingHighMul for int16: round(a * b / 2^15), halves up; MIN * MIN saturates. */
    static int mul(int a, int b) {
        if (a == MIN && b == MIN) {
            return MAX;
        }
        int ab = a * b;
        int nudge = ab >= 0 ? 1 << 14 : 1 - (1 << 14);
        return wrap((ab + nudge) / (1 << 15));
    }

    /** SaturatingRoundingMultiplyByPOT: saturating left shift for exponent &gt; 0, rounding right shift below. */
    static int multiplyByPot(int x, int exponent) {
        if (exponent == 0) {
            return x;
        }
        if (exponent < 0) {
            return wrap(QuantizedMultiplier.roundingDivideByPot(x, -exponent));
        }
        int threshold = (1 << (15 - exponent)) - 1;
        if (x > threshold) {
            return MAX;
        }
        if (x < -threshold) {
            return MIN;
        }
        return wrap(x << exponent);
    }

    /** A constant written as a Q0.31 raw int32, rounded to 16 bits (RescaleConstantInitializer). */
    private static int constant(int raw32) {
        return wrap(QuantizedMultiplier.roundingDivideByPot(raw32, 16));
    }

    private static int one(int integerBits) {
        return integerBits == 0 ? MAX : 1 << (15 - integerBits);
    }

    /** 2^exponent in Q&lt;integerBits&gt;. */
    private static int pot(int integerBits, int exponent) {
        return wrap(1 << (15 - integerBits + exponent));
    }

    /** exp(a) for a in [-1/4, 0), a in Q0.15: Taylor expansion around -1/8. */
    private static int expOnIntervalBetweenNegativeOneQuarterAnd0Excl(int a) {
        int constantTerm = constant(1895147668);
        int oneThird = constant(715827883);
        int x = wrap(a + pot(0, -3));
        int x2 = mul(x, x);
        int x3 = mul(x2, x);
        int x4 = mul(x2, x2);
        int x4Over4 = multiplyByPot(x4, -2);
        int sum = multiplyByPot(wrap(mul(wrap(x4Over4 + x3), oneThird) + x2), -1);
        return saturatingAdd(constantTerm, mul(constantTerm, wrap(x + sum)));
    }

    /** exp(a) for a &lt;= 0 in Q&lt;integerBits&gt;, as Q0.15: exp of a mod 1/4, times exp(-2^k) for each bit k of the rest. */
    private static int expOnNegativeValues(int a, int integerBits) {
        int fractionalBits = 15 - integerBits;
        int quarter = pot(integerBits, -2);
        int mask = wrap(quarter - 1);
        int aModQuarterMinusQuarter = wrap((a & mask) - quarter);
        int result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(multiplyByPot(aModQuarterMinusQuarter, integerBits));
        int remainder = wrap(aModQuarterMinusQuarter - a);
        int[][] barrel = {{-2, 1672461947}, {-1, 1302514674}, {0, 790015084}, {1, 290630308}, {2, 39332535}, {3, 720401}, {4, 242}};
        for (int[] step : barrel) {
            if (integerBits > step[0] && (remainder & (1 << (fractionalBits + step[0]))) != 0) {
                result = mul(result, constant(step[1]));
            }
        }
        if (integerBits > 5 && a < constant(-(1 << (36 - integerBits)))) {
            result = 0;
        }
        return a == 0 ? one(0) : result;
    }

    /** Newton-Raphson reciprocal of (1 + a) / 2 for a in (0, 1), in Q2.13. */
    private static int halfDenominatorReciprocal(int a) {
        int sum = a + one(0);
        int halfDenominator = wrap((sum + (sum >= 0 ? 1 : -1)) / 2);
        int x = wrap(constant(1515870810) + mul(halfDenominator, constant(-1010580540)));
        for (int i = 0; i < 3; i++) {
            int oneMinusHalfDenominatorTimesX = wrap(one(2) - mul(halfDenominator, x));
            x = wrap(x + multiplyByPot(mul(x, oneMinusHalfDenominatorTimesX), 2));
        }
        return x;
    }

    /** 1 / (1 + a) for a in (0, 1), Q0.15. */
    private static int oneOverOnePlusX(int a) {
        return multiplyByPot(halfDenominatorReciprocal(a), 1);
    }

    /** (1 - a) / (1 + a) for a in (0, 1), Q0.15. */
    private static int oneMinusXOverOnePlusX(int a) {
        return multiplyByPot(wrap(halfDenominatorReciprocal(a) - one(2)), 2);
    }
}
