package dev.modelx.runtime.kernels.attention;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

/**
 * The additive bias an Attention attn_mask contributes at (batch, q_head, query, key): a boolean mask gives
 * 0 where true and -inf where false, any other type is added as is. The mask broadcasts to
 * (batch, q_heads, q_seq, total_seq); a last dimension shorter than total_seq is padded with -inf (false).
 */
final class AttentionMask {

    private final double[] values;
    private final boolean bool;
    private final int width;
    private final long sb;
    private final long sh;
    private final long sq;

    private AttentionMask(double[] values, boolean bool, int width, long sb, long sh, long sq) {
        this.values = values;
        this.bool = bool;
        this.width = width;
        this.sb = sb;
        this.sh = sh;
        this.sq = sq;
    }

    static AttentionMask of(OpContext ctx, Tensor m, int batch, int qHeads, int qSeq, int total) {
        if (m.type() == DataType.STRING || m.type().isComplex()) {
            throw ctx.error("attn_mask must be bool or numeric, got " + m.type().displayName());
        }
        if (m.rank() < 1 || m.rank() > 4) {
            throw ctx.error("attn_mask has shape " + OpContext.shape(m.shape()) + "; its rank must be 1 to 4");
        }
        long[] full = new long[4];
        java.util.Arrays.fill(full, 1);
        long[] ms = m.shape();
        System.arraycopy(ms, 0, full, 4 - ms.length, ms.length);
        long[] target = {batch, qHeads, qSeq, total};
        if (full[3] > total) {
            throw ctx.error("attn_mask last dimension " + full[3] + " exceeds total_sequence_length " + total);
        }
        for (int i = 0; i < 3; i++) {
            if (full[i] != 1 && full[i] != target[i]) {
                throw ctx.error("attn_mask shape " + OpContext.shape(ms) + " does not broadcast to "
                        + OpContext.shape(target));
            }
        }
        long w = full[3];
        long strideQ = w;
        long strideH = strideQ * full[2];
        long strideB = strideH * full[1];
        boolean bool = m.type() == DataType.BOOL;
        double[] v = m.toDoubleArray();
        return new AttentionMask(v, bool, (int) w,
                full[0] == 1 ? 0 : strideB, full[1] == 1 ? 0 : strideH, full[2] == 1 ? 0 : strideQ);
    }

    double bias(int b, int h, int q, int k) {
        if (k >= width) {
            return Double.NEGATIVE_INFINITY;
        }
        double v = values[(int) (b * sb + h * sh + q * sq + k)];
        if (bool) {
            return v != 0 ? 0.0 : Double.NEGATIVE_INFINITY;
        }
        return v;
    }
}
