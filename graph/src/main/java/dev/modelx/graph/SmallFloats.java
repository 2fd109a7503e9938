package dev.modelx.graph;

/**
 * Exact encoders from double to the float8 / float4 formats, rounding to nearest even directly from
 * the double (no intermediate float32 rounding), with the saturate / no-saturate rules of ONNX Cast.
 * Special values follow the codes numpy's ml_dtypes produces (which the ONNX tests were made with):
 * NaN is 0x7f (E4M3FN), 0x7e (E5M2), 0x80 (the FNUZ types) and 0x8 for float4, which has no NaN.
 */
public final class SmallFloats {

    private SmallFloats() {
    }

    private record Format(int mbits, int minNormalExp, int maxCode, int signBit, boolean negZero, boolean hasInf, int nan) {
    }

    private static final Format E4M3FN = new Format(3, -6, 0x7e, 0x80, true, false, 0x7f);
    private static final Format E4M3FNUZ = new Format(3, -7, 0x7f, 0x80, false, false, 0x80);
    private static final Format E5M2 = new Format(2, -14, 0x7b, 0x80, true, true, 0x7e);
    private static final Format E5M2FNUZ = new Format(2, -15, 0x7f, 0x80, false, false, 0x80);
    private static final Format E2M1 = new Format(1, 0, 0x7, 0x8, true, false, 0x8);
    private static final Format HALF = new Format(10, -14, 0x7bff, 0x8000, true, true, 0x7e00);
    private static final Format BF16 = new Format(7, -126, 0x7f7f, 0x8000, true, true, 0x7fc0);

    /** double to float16 bits, correctly rounded (no double rounding through float32), overflow to infinity. */
    public static short toHalf(double x) {
        return (short) encode(HALF, DataType.FLOAT16, x, false);
    }

    /** double to bfloat16 bits, correctly rounded, overflow to infinity. */
    public static short toBfloat16(double x) {
        return (short) encode(BF16, DataType.BFLOAT16, x, false);
    }

    /** True for the types this class encodes (float8 variants, e8m0, float4). */
    public static boolean isSmall(DataType t) {
        return switch (t) {
            case FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT8E8M0, FLOAT4E2M1 -> true;
            default -> false;
        };
    }

    /** Encodes {@code x} as {@code type}; e8m0 rounds up (ONNX's default round_mode). */
    public static int encode(DataType type, double x, boolean saturate) {
        return type == DataType.FLOAT8E8M0 ? encodeE8m0((float) x, saturate, "up") : encode(format(type), type, x, saturate);
    }

    private static Format format(DataType type) {
        return switch (type) {
            case FLOAT8E4M3FN -> E4M3FN;
            case FLOAT8E4M3FNUZ -> E4M3FNUZ;
            case FLOAT8E5M2 -> E5M2;
            case FLOAT8E5M2FNUZ -> E5M2FNUZ;
            case FLOAT4E2M1 -> E2M1;
            default -> throw new IllegalArgumentException("Not a small float type: " + type);
        };
    }

    private static int encode(Format f, DataType type, double x, boolean saturate) {
        boolean float4 = type == DataType.FLOAT4E2M1;
        int signBit = f.signBit;
        boolean neg = x < 0 || (x == 0 && 1 / x < 0) || Double.isNaN(x) && Double.doubleToRawLongBits(x) < 0;
        int sign = neg ? signBit : 0;
        if (Double.isNaN(x)) {
            return f.negZero && !float4 ? f.nan | sign : f.nan;
        }
        // float4 has neither infinity nor NaN: it always saturates.
        boolean sat = saturate || float4;
        if (Double.isInfinite(x)) {
            return overflow(f, sign, sat);
        }
        double a = Math.abs(x);
        int code;
        int e = Math.getExponent(a);
        if (a == 0) {
            code = 0;
        } else if (e < f.minNormalExp) {
            code = (int) Math.rint(Math.scalb(a, f.mbits - f.minNormalExp));
        } else {
            long m = (long) Math.rint(Math.scalb(a, f.mbits - e));
            code = (int) (((long) (e - f.minNormalExp + 1) << f.mbits) + m - (1L << f.mbits));
        }
        if (code > f.maxCode) {
            return overflow(f, sign, sat);
        }
        if (code == 0 && !f.negZero) {
            return 0;
        }
        return code | sign;
    }

    private static int overflow(Format f, int sign, boolean saturate) {
        if (saturate) {
            return f.maxCode | sign;
        }
        if (f.hasInf) {
            return (f.maxCode + 1) | sign;
        }
        return f.negZero ? f.nan | sign : f.nan;
    }

    /**
     * float32 to float8 e8m0 (a bare biased power-of-two exponent). {@code roundMode} is "up" (away from
     * zero), "down" (toward zero) or "nearest" (ties up); the sign is ignored.
     */
    public static int encodeE8m0(float x, boolean saturate, String roundMode) {
        if (Float.isNaN(x)) {
            return 0xff;
        }
        if (Float.isInfinite(x)) {
            return saturate ? 0xfe : 0xff;
        }
        int bits = Float.floatToRawIntBits(x);
        int exp = (bits >>> 23) & 0xff;
        int man = bits & 0x7fffff;
        if (exp == 0 && man == 0 && !saturate) {
            return 0xff;
        }
        if (exp == 0) {
            // float32 subnormals lie below 2^-126; code 0 is 2^-127 (the man == 0x400000 point).
            return switch (roundMode) {
                case "up" -> man > 0x400000 ? 1 : 0;
                case "down" -> 0;
                case "nearest" -> man >= 0x600000 ? 1 : 0;
                default -> throw new IllegalArgumentException("round_mode must be up, down or nearest, got '" + roundMode + "'");
            };
        }
        int code = exp;
        switch (roundMode) {
            case "up" -> {
                if (man != 0) {
                    code++;
                }
            }
            case "nearest" -> {
                if (man >= 0x400000) {
                    code++;
                }
            }
            case "down" -> {
            }
            default -> throw new IllegalArgumentException("round_mode must be up, down or nearest, got '" + roundMode + "'");
        }
        if (code > 0xfe) {
            return saturate ? 0xfe : 0xff;
        }
        return code;
    }
}
