package dev.modelx.passes.precision;

import dev.modelx.graph.DataType;
import dev.modelx.graph.FloatFormats;
import dev.modelx.graph.SmallFloats;
import dev.modelx.graph.Tensor;

/**
 * float32 tensors to float16 / bfloat16, correctly rounded (round to nearest even), counting the elements
 * beyond the target's range (clamped to its largest finite value, or infinite when clamping is off) and the
 * non-zero ones too small for it (flushed to zero). Inf and NaN stay Inf and NaN.
 */
final class Narrowing {

    long converted;
    long clamped;
    long flushed;
    private final DataType target;
    private final boolean clamp;

    Narrowing(DataType target, boolean clamp) {
        this.target = target;
        this.clamp = clamp;
    }

    Tensor narrow(Tensor t) {
        if (t.type() != DataType.FLOAT) {
            throw new IllegalArgumentException("Only float32 tensors are narrowed, got " + t.type().displayName());
        }
        float[] f = t.floats();
        short[] out = new short[f.length];
        boolean half = target == DataType.FLOAT16;
        short maxBits = half ? (short) 0x7bff : (short) 0x7f7f;
        for (int i = 0; i < f.length; i++) {
            float x = f[i];
            short h = half ? SmallFloats.toHalf(x) : SmallFloats.toBfloat16(x);
            float back = half ? FloatFormats.halfToFloat(h) : FloatFormats.bfloat16ToFloat(h);
            if (Float.isInfinite(back) && !Float.isInfinite(x)) {
                clamped++;
                if (clamp) {
                    h = (short) (x < 0 ? maxBits | 0x8000 : maxBits);
                }
            } else if (back == 0 && x != 0) {
                flushed++;
            }
            out[i] = h;
        }
        converted += f.length;
        return Tensor.of(target, t.shape(), out);
    }

    /** Widens a float16/bfloat16 tensor to float32 exactly. */
    static Tensor widen(Tensor t) {
        short[] s = t.shorts();
        float[] f = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            f[i] = t.type() == DataType.FLOAT16 ? FloatFormats.halfToFloat(s[i]) : FloatFormats.bfloat16ToFloat(s[i]);
        }
        return Tensor.ofFloats(t.shape(), f);
    }
}
