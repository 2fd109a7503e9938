package dev.modelx.runtime.kernels.attention;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

/**
 * Attention (op sets 23 and 24): scaled dot-product attention over 3-D or 4-D Q/K/V with grouped-query
 * heads, boolean or additive attn_mask, offset-aware causal masking, softcap, a past/present KV cache, the
 * optional qk_matmul_output in modes 0-3 and, from op set 24, nonpad_kv_seqlen. Fully-masked query rows
 * give zero rows (not NaN) in Y and in the mode-3 output. Computed in double.
 */
public final class Attention {

    private Attention() {
    }

    public static void v23(OpContext ctx) {
        if (ctx.hasInput(6)) {
            throw ctx.error("nonpad_kv_seqlen (input 6) needs op set 24 or later");
        }
        run(ctx);
    }

    public static void v24(OpContext ctx) {
        run(ctx);
    }

    private static void run(OpContext ctx) {
        Tensor q = ctx.input(0);
        Tensor k = ctx.input(1);
        Tensor v = ctx.input(2);
        AttentionMath.requireFloat(ctx, q, "Q");
        AttentionMath.requireFloat(ctx, k, "K");
        AttentionMath.requireFloat(ctx, v, "V");
        AttentionMath.requireRank(ctx, q, "Q", 3, 4);
        if (k.rank() != q.rank() || v.rank() != q.rank()) {
            throw ctx.error("Q " + OpContext.shape(q.shape()) + ", K " + OpContext.shape(k.shape()) + " and V "
                    + OpContext.shape(v.shape()) + " must all be 3-D or all 4-D");
        }
        boolean threeD = q.rank() == 3;
        long qHeadsAttr = ctx.attrLong("q_num_heads", 0);
        long kvHeadsAttr = ctx.attrLong("kv_num_heads", 0);
        Heads qh = Heads.of(ctx, q, "Q", qHeadsAttr);
        Heads kh = Heads.of(ctx, k, "K", kvHeadsAttr);
        Heads vh = Heads.of(ctx, v, "V", kvHeadsAttr);
        if (kh.batch() != qh.batch() || vh.batch() != qh.batch()) {
            throw ctx.error("Q, K and V batch sizes differ: " + qh.batch() + ", " + kh.batch() + ", " + vh.batch());
        }
        if (kh.size() != qh.size()) {
            throw ctx.error("K head size " + kh.size() + " differs from Q head size " + qh.size());
        }
        if (vh.heads() != kh.heads() || vh.seq() != kh.seq()) {
            throw ctx.error("V " + OpContext.shape(v.shape()) + " must have the heads and sequence length of K "
                    + OpContext.shape(k.shape()));
        }
        if (kh.heads() == 0 || qh.heads() % kh.heads() != 0) {
            throw ctx.error("q_num_heads " + qh.heads() + " must be a multiple of kv_num_heads " + kh.heads());
        }

        Tensor pastK = ctx.optionalInput(4);
        Tensor pastV = ctx.optionalInput(5);
        if ((pastK == null) != (pastV == null)) {
            throw ctx.error("past_key and past_value must be given together");
        }
        int past = 0;
        if (pastK != null) {
            Heads pk = past(ctx, pastK, "past_key", kh);
            Heads pv = past(ctx, pastV, "past_value", vh);
            if (pv.seq() != pk.seq()) {
                throw ctx.error("past_key and past_value sequence lengths differ: " + pk.seq() + " vs " + pv.seq());
            }
            past = pk.seq();
            AttentionMath.checkedCount(ctx, DataType.DOUBLE, kh.batch(), kh.heads(), (long) past + kh.seq(),
                    Math.max(kh.size(), vh.size()));
            kh = kh.prepend(pk);
            vh = vh.prepend(pv);
        }

        int batch = qh.batch();
        int hq = qh.heads();
        int sq = qh.seq();
        int total = kh.seq();
        int dv = vh.size();
        int group = hq / kh.heads();

        long[] nonpad = null;
        Tensor np = ctx.optionalInput(6);
        if (np != null) {
            if (np.type().isFloatingPoint() || !np.type().isInteger() || np.size() != batch || np.rank() != 1) {
                throw ctx.error("nonpad_kv_seqlen must be an int64 vector of length batch_size " + batch + ", got "
                        + np.type().displayName() + OpContext.shape(np.shape()));
            }
            nonpad = np.toLongArray();
        }
        Tensor maskT = ctx.optionalInput(3);
        AttentionMask mask = maskT == null ? null : AttentionMask.of(ctx, maskT, batch, hq, sq, total);

        boolean causal = ctx.attrLong("is_causal", 0) != 0;
        double scale = ctx.hasAttr("scale") ? ctx.attrFloat("scale", 0f) : 1.0 / Math.sqrt(qh.size());
        double softcap = ctx.attrFloat("softcap", 0f);
        long mode = ctx.attrLong("qk_matmul_output_mode", 0);
        if (mode < 0 || mode > 3) {
            throw ctx.error("qk_matmul_output_mode " + mode + " must be 0, 1, 2 or 3");
        }
        if (ctx.hasAttr("softmax_precision")) {
            AttentionMath.floatType(ctx, "softmax_precision", ctx.attrLong("softmax_precision", 1));
        }
        boolean wantQk = ctx.wantsOutput(3);

        AttentionMath.checkedCount(ctx, DataType.DOUBLE, batch, hq, sq, Math.max(dv, 1));
        double[] y = new double[batch * hq * sq * dv];
        double[] qk = wantQk ? new double[(int) AttentionMath.checkedCount(ctx, DataType.DOUBLE, batch, hq, sq, total)]
                : null;
        double[] row = new double[total];
        double[] qd = qh.data();
        double[] kd = kh.data();
        double[] vd = vh.data();
        int d = qh.size();
        for (int b = 0; b < batch; b++) {
            long offset = past > 0 || nonpad == null ? past : nonpad[b] - sq;
            for (int h = 0; h < hq; h++) {
                int kvh = h / group;
                for (int i = 0; i < sq; i++) {
                    int qo = qh.at(b, h, i);
                    int rowBase = ((b * hq + h) * sq + i) * total;
                    for (int j = 0; j < total; j++) {
                        int ko = kh.at(b, kvh, j);
                        double dot = 0;
                        for (int e = 0; e < d; e++) {
                            dot += qd[qo + e] * kd[ko + e];
                        }
                        double s = dot * scale;
                        if (wantQk && mode == 0) {
                            qk[rowBase + j] = s;
                        }
                        if (softcap > 0) {
                            s = softcap * Math.tanh(s / softcap);
                        }
                        if (wantQk && mode == 1) {
                            qk[rowBase + j] = s;
                        }
                        if (mask != null) {
                            s += mask.bias(b, h, i, j);
                        }
                        if (causal && j > i + offset) {
                            s = Double.NEGATIVE_INFINITY;
                        }
                        if (nonpad != null && j >= nonpad[b]) {
                            s = Double.NEGATIVE_INFINITY;
                        }
                        if (wantQk && mode == 2) {
                            qk[rowBase + j] = s;
                        }
                        row[j] = s;
                    }
                    AttentionMath.softmax(row, 0, total);
                    if (wantQk && mode == 3) {
                        System.arraycopy(row, 0, qk, rowBase, total);
                    }
                    int yo = ((b * hq + h) * sq + i) * dv;
                    for (int j = 0; j < total; j++) {
                        double p = row[j];
                        if (p == 0) {
                            continue;
                        }
                        int vo = vh.at(b, kvh, j);
                        for (int e = 0; e < dv; e++) {
                            y[yo + e] += p * vd[vo + e];
                        }
                    }
                }
            }
        }

        Heads yh = new Heads(y, batch, hq, sq, dv);
        ctx.output(0, threeD ? yh.toTensor3(q.type()) : yh.toTensor4(q.type()));
        if (ctx.wantsOutput(1)) {
            ctx.output(1, kh.toTensor4(k.type()));
        }
        if (ctx.wantsOutput(2)) {
            ctx.output(2, vh.toTensor4(v.type()));
        }
        if (wantQk) {
            ctx.output(3, Tensors.fromDoubles(q.type(), new long[] {batch, hq, sq, total}, qk));
        }
    }

    private static Heads past(OpContext ctx, Tensor t, String name, Heads current) {
        if (t.rank() != 4 || t.dim(0) != current.batch() || t.dim(1) != current.heads() || t.dim(3) != current.size()) {
            throw ctx.error(name + " has shape " + OpContext.shape(t.shape()) + " but must be (" + current.batch()
                    + ", " + current.heads() + ", past_sequence_length, " + current.size() + ")");
        }
        AttentionMath.requireFloat(ctx, t, name);
        return Heads.of(ctx, t, name, 0);
    }
}
