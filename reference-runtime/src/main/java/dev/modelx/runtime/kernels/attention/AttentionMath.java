package dev.modelx.runtime.kernels.attention;

import dev.modelx.graph.DataType;
import dev.modelx.graph.FloatFormats;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

/** Helpers shared by the attention-family kernels: type checks, rounding to a working precision, softmax rows. */
final class AttentionMath {

    private AttentionMath() {
    }

    static boolean isFloat(DataType t) {
        return t == DataType.FLOAT || t == DataType.DOUBLE || t == DataType.FLOAT16 || t == DataType.BFLOAT16;
    }

    static void requireFloat(OpContext ctx, Tensor t, String name) {
        if (!isFloat(t.type())) {
            throw ctx.error(name + " must be float, float16, bfloat16 or double, got " + t.type().displayName());
        }
    }

    static void requireRank(OpContext ctx, Tensor t, String name, int... ranks) {
        for (int r : ranks) {
            if (t.rank() == r) {
                return;
            }
        }
        throw ctx.error(name + " has shape " + OpContext.shape(t.shape()) + " but must have rank "
                + java.util.Arrays.toString(ranks));
    }

    /** The floating type named by an ONNX type code attribute such as softmax_precision. */
    static DataType floatType(OpContext ctx, String attr, long code) {
        DataType t;
        try {
            t = DataType.fromCode(Math.toIntExact(code));
        } catch (RuntimeException e) {
            throw ctx.error(attr + " " + code + " is not a tensor element type");
        }
        if (!isFloat(t)) {
            throw ctx.error(attr + " must name float, float16, bfloat16 or double, got " + t.displayName());
        }
        return t;
    }

    /** {@code v} rounded to the precision of {@code t} (a floating type), kept as a double. */
    static double round(double v, DataType t) {
        return switch (t) {
            case FLOAT -> (float) v;
            case FLOAT16 -> FloatFormats.halfToFloat(FloatFormats.floatToHalf((float) v));
            case BFLOAT16 -> FloatFormats.bfloat16ToFloat(FloatFormats.floatToBfloat16((float) v));
            default -> v;
        };
    }

    /**
     * Softmax over {@code n} values at {@code off}, in place. A row whose maximum is -inf (every key masked)
     * becomes all zeros rather than NaN; returns false for such a row.
     */
    static boolean softmax(double[] s, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, s[off + j]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            java.util.Arrays.fill(s, off, off + n, 0.0);
            return false;
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double e = Math.exp(s[off + j] - max);
            s[off + j] = e;
            sum += e;
        }
        for (int j = 0; j < n; j++) {
            s[off + j] /= sum;
        }
        return true;
    }

    static int toInt(OpContext ctx, long v, String what) {
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw ctx.error(what + " " + v + " is out of range");
        }
        return (int) v;
    }

    static long checkedCount(OpContext ctx, DataType type, long... dims) {
        long n = 1;
        for (long d : dims) {
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw ctx.error("tensor of shape " + OpContext.shape(dims) + " is too large");
            }
        }
        Tensor.checkAllocatable(n, type);
        return n;
    }
}
