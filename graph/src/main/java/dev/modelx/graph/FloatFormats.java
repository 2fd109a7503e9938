package dev.modelx.graph;

/**
 * Conversions between float32 and the narrow floating-point formats modelx stores as raw bits:
 * float16, bfloat16, the four float8 variants, float8 e8m0 and float4 e2m1. Encoding is done exactly by
 * {@link SmallFloats}; {@code saturate} clamps out-of-range finite values to the largest finite value (ONNX
 * Cast's default for float8) instead of producing infinity or NaN.
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

    /** float32 to float16 bits, round to nearest even, overflow to infinity. */
    public static short floatToHalf(float f) {
        return SmallFloats.toHalf(f);
    }

    public static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    public static short floatToBfloat16(float f) {
        return SmallFloats.toBfloat16(f);
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

    /** Encodes {@code f} as {@code type} (a float8, e8m0 or float4 type), rounding to nearest even. */
    public static int floatToSmall(DataType type, float f, boolean saturate) {
        return SmallFloats.encode(type, f, saturate);
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
