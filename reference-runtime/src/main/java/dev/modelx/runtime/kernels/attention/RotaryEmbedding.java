package dev.modelx.runtime.kernels.attention;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

/**
 * RotaryEmbedding (op set 23): rotates the first rotary_embedding_dim features of every head by the
 * position's angle, pairing the two halves of that span or, when interleaved, adjacent features.
 * cos/sin caches are (max_position, dim/2) indexed by position_ids, or (batch, seq, dim/2) without them.
 */
public final class RotaryEmbedding {

    private RotaryEmbedding() {
    }

    public static void v23(OpContext ctx) {
        Tensor x = ctx.input(0);
        Tensor cos = ctx.input(1);
        Tensor sin = ctx.input(2);
        Tensor pos = ctx.optionalInput(3);
        AttentionMath.requireFloat(ctx, x, "X");
        AttentionMath.requireFloat(ctx, cos, "cos_cache");
        AttentionMath.requireFloat(ctx, sin, "sin_cache");
        AttentionMath.requireRank(ctx, x, "X", 3, 4);
        long[] xs = x.shape();
        boolean fourD = x.rank() == 4;
        int batch = (int) xs[0];
        int heads;
        int seq;
        int head;
        if (fourD) {
            heads = (int) xs[1];
            seq = (int) xs[2];
            head = (int) xs[3];
        } else {
            long n = ctx.attrLong("num_heads", 0);
            if (n <= 0) {
                throw ctx.error("X is 3-D " + OpContext.shape(xs) + ", so the num_heads attribute (> 0) is required");
            }
            if (xs[2] % n != 0) {
                throw ctx.error("hidden size " + xs[2] + " is not a multiple of num_heads " + n);
            }
            heads = (int) n;
            seq = (int) xs[1];
            head = (int) (xs[2] / n);
        }
        long rd = ctx.attrLong("rotary_embedding_dim", 0);
        int dim = rd == 0 ? head : (int) Math.min(rd, Integer.MAX_VALUE);
        if (rd < 0 || dim > head || dim % 2 != 0) {
            throw ctx.error("rotary_embedding_dim " + dim + " must be even and at most the head size " + head);
        }
        int half = dim / 2;
        if (!java.util.Arrays.equals(cos.shape(), sin.shape())) {
            throw ctx.error("cos_cache " + OpContext.shape(cos.shape()) + " and sin_cache "
                    + OpContext.shape(sin.shape()) + " shapes differ");
        }
        long[] cs = cos.shape();
        if (cs.length == 0 || cs[cs.length - 1] != half) {
            throw ctx.error("cos_cache/sin_cache last dimension must be rotary_embedding_dim/2 = " + half
                    + ", got shape " + OpContext.shape(cs));
        }
        long[] posIds = null;
        if (pos != null) {
            if (pos.type().isFloatingPoint() || !pos.type().isInteger()) {
                throw ctx.error("position_ids must be int64, got " + pos.type().displayName());
            }
            if (pos.rank() != 2 || pos.dim(0) != batch || pos.dim(1) != seq) {
                throw ctx.error("position_ids has shape " + OpContext.shape(pos.shape()) + " but must be (" + batch
                        + ", " + seq + ")");
            }
            if (cs.length != 2) {
                throw ctx.error("with position_ids, cos_cache/sin_cache must be 2-D, got " + OpContext.shape(cs));
            }
            posIds = pos.toLongArray();
            for (long p : posIds) {
                if (p < 0 || p >= cs[0]) {
                    throw ctx.error("position id " + p + " is out of range for a cache of " + cs[0] + " positions");
                }
            }
        } else if (cs.length != 3 || (cs[0] != batch && cs[0] != 1) || cs[1] != seq) {
            throw ctx.error("without position_ids, cos_cache/sin_cache must be (" + batch + ", " + seq + ", " + half
                    + "), got " + OpContext.shape(cs));
        }

        double[] in = Tensors.doubles(x);
        double[] c = cos.toDoubleArray();
        double[] s = sin.toDoubleArray();
        double[] out = in.clone();
        boolean interleaved = ctx.attrLong("interleaved", 0) != 0;
        // Each product and sum is rounded to X's type, as the spec's elementwise formula computes in T: near-zero
        // results then match an implementation working in T instead of differing by its cancellation error.
        DataType et = x.type();
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < seq; t++) {
                int cacheRow = posIds != null ? (int) posIds[b * seq + t] * half
                        : ((cs[0] == 1 ? 0 : b) * seq + t) * half;
                for (int h = 0; h < heads; h++) {
                    int base = fourD ? ((b * heads + h) * seq + t) * head : ((b * seq + t) * heads + h) * head;
                    for (int i = 0; i < half; i++) {
                        int i1 = interleaved ? base + 2 * i : base + i;
                        int i2 = interleaved ? i1 + 1 : base + half + i;
                        double x1 = in[i1];
                        double x2 = in[i2];
                        double co = c[cacheRow + i];
                        double si = s[cacheRow + i];
                        out[i1] = combine(co, x1, -si, x2, et);
                        out[i2] = combine(si, x1, co, x2, et);
                    }
                }
            }
        }
        ctx.output(0, Tensors.fromDoubles(x.type(), xs, out));
    }

    /** a*b + c*d with each product and the sum rounded to {@code t}. */
    private static double combine(double a, double b, double c, double d, DataType t) {
        return AttentionMath.round(AttentionMath.round(a * b, t) + AttentionMath.round(c * d, t), t);
    }
}
