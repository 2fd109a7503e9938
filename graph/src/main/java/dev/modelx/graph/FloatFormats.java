package dev.modelx.graph;

/**
 * Conversions between float32 and the narrow floating-point formats modelx stores as raw bits:
 * float16, bfloat16, the four float8 variants, float8 e8m0 and float4 e2m1. Encoders round to nearest
 * even; {@code saturate} clamps out-of-range finite values to the largest finite value (ONNX Cast's
 * default for float8) instead of producing infinity or NaN.
 */
public final class FloatFormats {

    private FloatFormats() {
    }

    public static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h >>> 15) << 31;
        int exp = (h >>> 10) & 0x1f;
        int man = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (man << 13));
        }
        if (exp == 0) {
            float v = man * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (man << 13));
    }

    /** float32 to float16 bits, round to nearest even, overflow to infinity, NaN kept quiet. */
    public static short floatToHalf(float f) {
        int x = Float.floatToRawIntBits(f);
        int sign = (x >>> 16) & 0x8000;
        int exp = (x >>> 23) & 0xff;
        int man = x & 0x7fffff;
        if (exp == 0xff) {
            return (short) (sign | 0x7c00 | (man != 0 ? 0x200 | (man >>> 13) : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            man |= 0x800000;
            int shift = 14 - e;
            int half = man >>> shift;
            int rem = man & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) == 1)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (man >>> 13);
        int rem = man & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        return (short) (sign | half);
    }

    public static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    public static short floatToBfloat16(float f) {
        int x = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((x >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((x >>> 16) & 1);
        return (short) ((x + rounding) >>> 16);
    }

    /** Decodes one element of {@code type} (a float8, e8m0 or float4 type) held in the low bits of {@code b}. */
    public static float smallToFloat(DataType type, int b) {
        b &= 0xff;
        switch (type) {
            case FLOAT8E4M3FN: {
                int sign = b >>> 7, exp = (b >>> 3) & 0xf, man = b & 7;
                if (exp == 0xf && man == 7) {
                    return Float.NaN;
                }
                return signed(sign, exp == 0 ? man / 8f * pow2(-6) : (1 + man / 8f) * pow2(exp - 7));
            }
            case FLOAT8E4M3FNUZ: {
                if (b == 0x80) {
                    return Float.NaN;
                }
                int sign = b >>> 7, exp = (b >>> 3) & 0xf, man = b & 7;
                return signed(sign, exp == 0 ? man / 8f * pow2(-7) : (1 + man / 8f) * pow2(exp - 8));
            }
            case FLOAT8E5M2: {
                return halfToFloat((short) (b << 8));
            }
            case FLOAT8E5M2FNUZ: {
                if (b == 0x80) {
                    return Float.NaN;
                }
                int sign = b >>> 7, exp = (b >>> 2) & 0x1f, man = b & 3;
                return signed(sign, exp == 0 ? man / 4f * pow2(-15) : (1 + man / 4f) * pow2(exp - 16));
            }
            case FLOAT8E8M0: {
                if (b == 0xff) {
                    return Float.NaN;
                }
                return pow2(b - 127);
            }
            case FLOAT4E2M1: {
                int sign = (b >>> 3) & 1, exp = (b >>> 1) & 3, man = b & 1;
                return signed(sign, exp == 0 ? man * 0.5f : (1 + man / 2f) * pow2(exp - 1));
            }
            default:
                throw new IllegalArgumentException("Not a small float type: " + type);
        }
    }

    /**
     * Encodes {@code f} as {@code type}, rounding to nearest even. Exhaustive search over the code table is
     * exact and cheap for 8-bit and 4-bit formats (at most 256 candidates), and keeps one rule for all of them.
     */
    public static int floatToSmall(DataType type, float f, boolean saturate) {
        if (type == DataType.FLOAT8E5M2 && !saturate) {
            return floatToE5m2Ieee(f);
        }
        int codes = type == DataType.FLOAT4E2M1 ? 16 : 256;
        if (Float.isNaN(f)) {
            return nanCode(type);
        }
        float max = maxFinite(type);
        if (Float.isInfinite(f) || Math.abs(f) > max) {
            boolean neg = f < 0;
            if (!saturate && type != DataType.FLOAT4E2M1 && type != DataType.FLOAT8E8M0) {
                return type == DataType.FLOAT8E5M2 ? (neg ? 0xfc : 0x7c) : nanCode(type);
            }
            if (Float.isInfinite(f) && !saturate && type == DataType.FLOAT8E8M0) {
                return 0xff;
            }
            f = neg ? -max : max;
        }
        int best = -1;
        double bestErr = Double.POSITIVE_INFINITY;
        for (int c = 0; c < codes; c++) {
            float v = smallToFloat(type, c);
            if (Float.isNaN(v) || Float.isInfinite(v)) {
                continue;
            }
            if (type != DataType.FLOAT8E8M0 && (v < 0) != (f < 0 || (f == 0 && 1 / f < 0)) && v != 0) {
                continue;
            }
            double err = Math.abs((double) v - f);
            if (err < bestErr || (err == bestErr && best >= 0 && isEvenCode(type, c) && !isEvenCode(type, best))) {
                bestErr = err;
                best = c;
            }
        }
        if (f == 0 && type != DataType.FLOAT8E8M0) {
            boolean negZero = 1 / f < 0;
            boolean hasNegZero = type != DataType.FLOAT8E4M3FNUZ && type != DataType.FLOAT8E5M2FNUZ;
            int signBit = type == DataType.FLOAT4E2M1 ? 0x8 : 0x80;
            return negZero && hasNegZero ? signBit : 0;
        }
        return best;
    }

    private static int floatToE5m2Ieee(float f) {
        short h = floatToHalf(f);
        int bits = h & 0xffff;
        if ((bits & 0x7c00) == 0x7c00 && (bits & 0x3ff) != 0) {
            return ((bits >>> 8) & 0xff) | 0x02;
        }
        int rounded = bits + 0x7f + ((bits >>> 8) & 1);
        return (rounded >>> 8) & 0xff;
    }

    private static boolean isEvenCode(DataType type, int c) {
        return (c & 1) == 0;
    }

    private static int nanCode(DataType type) {
        return switch (type) {
            case FLOAT8E4M3FN -> 0x7f;
            case FLOAT8E4M3FNUZ, FLOAT8E5M2FNUZ -> 0x80;
            case FLOAT8E5M2 -> 0x7f;
            case FLOAT8E8M0 -> 0xff;
            case FLOAT4E2M1 -> 0x7;
            default -> throw new IllegalArgumentException("Not a small float type: " + type);
        };
    }

    public static float maxFinite(DataType type) {
        return switch (type) {
            case FLOAT8E4M3FN -> 448f;
            case FLOAT8E4M3FNUZ -> 240f;
            case FLOAT8E5M2 -> 57344f;
            case FLOAT8E5M2FNUZ -> 57344f;
            case FLOAT8E8M0 -> pow2(127);
            case FLOAT4E2M1 -> 6f;
            case FLOAT16 -> 65504f;
            case BFLOAT16 -> Float.intBitsToFloat(0x7f7f0000);
            default -> Float.MAX_VALUE;
        };
    }

    private static float signed(int sign, float v) {
        return sign == 1 ? -v : v;
    }

    private static float pow2(int e) {
        return (float) Math.scalb(1.0, e);
    }
}
