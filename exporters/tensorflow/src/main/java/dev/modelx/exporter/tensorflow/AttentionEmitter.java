package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.Arrays;

/**
 * Attention (op sets 23, 24) as batched matrix products: 3-D inputs are split into heads, past key/value
 * are prepended (and returned as present), grouped-query K/V heads are repeated, then scale, softcap,
 * attn_mask (boolean or additive; a short last dim counts as masked), causal and nonpad_kv_seqlen masking,
 * softmax (a fully masked row gives zeros, not NaN) and the product with V. 16-bit inputs are computed in
 * float32 and rounded once. The optional qk_matmul_output follows the reference runtime's stages.
 */
final class AttentionEmitter {

    private AttentionEmitter() {
    }

    static void emit(EmitContext c) {
        Val q = c.require(0, "Q");
        Val k = c.require(1, "K");
        Val v = c.require(2, "V");
        int rank = c.rank(q, "Q");
        if (rank != 3 && rank != 4 || k.rank() != rank || v.rank() != rank || !q.hasStaticShape() || !k.hasStaticShape()
                || !v.hasStaticShape()) {
            throw c.error("Attention needs Q, K and V of one rank (3 or 4) with static shapes, got " + q + ", " + k + ", " + v);
        }
        DataType t = q.type();
        DataType w = t == DataType.FLOAT16 || t == DataType.BFLOAT16 ? DataType.FLOAT : t;
        long qHeads = rank == 4 ? q.dim(1) : c.node.attrLong("q_num_heads", 0);
        long kvHeads = rank == 4 ? k.dim(1) : c.node.attrLong("kv_num_heads", 0);
        if (qHeads <= 0 || kvHeads <= 0 || qHeads % kvHeads != 0) {
            throw c.error("q_num_heads " + qHeads + " must be a positive multiple of kv_num_heads " + kvHeads);
        }
        String q4 = heads(c, q, qHeads, w);
        String k4 = heads(c, k, kvHeads, w);
        String v4 = heads(c, v, kvHeads, w);
        long batch = q.dim(0);
        long sq = rank == 4 ? q.dim(2) : q.dim(1);
        long headSize = rank == 4 ? q.dim(3) : q.dim(2) / qHeads;
        long kvSeq = rank == 4 ? k.dim(2) : k.dim(1);
        long dv = rank == 4 ? v.dim(3) : v.dim(2) / kvHeads;
        Val pastK = c.in(4);
        Val pastV = c.in(5);
        long past = 0;
        if (pastK != null && pastV != null) {
            past = pastK.dim(2);
            if (past < 0) {
                throw c.error("past_key needs a static sequence length, got " + pastK);
            }
            k4 = Ops.concat(c, w, 2, Ops.cast(c, c.t(pastK), pastK.type(), w), k4);
            v4 = Ops.concat(c, w, 2, Ops.cast(c, c.t(pastV), pastV.type(), w), v4);
        }
        long total = past + kvSeq;
        if (c.node.outputs().size() > 1 && c.wantsOutput(1)) {
            c.out(1, c.val(Ops.cast(c, k4, w, k.type()), k.type(), new long[]{batch, kvHeads, total, headSize}));
        }
        if (c.node.outputs().size() > 2 && c.wantsOutput(2)) {
            c.out(2, c.val(Ops.cast(c, v4, w, v.type()), v.type(), new long[]{batch, kvHeads, total, dv}));
        }
        long group = qHeads / kvHeads;
        if (group > 1) {
            k4 = repeatHeads(c, k4, w, batch, kvHeads, group, total, headSize);
            v4 = repeatHeads(c, v4, w, batch, kvHeads, group, total, dv);
        }
        long mode = c.node.attrLong("qk_matmul_output_mode", 0);
        boolean wantQk = c.node.outputs().size() > 3 && c.wantsOutput(3);
        String[] qk = new String[1];
        double scale = c.node.hasAttribute("scale") ? c.node.attrFloat("scale", 0f) : 1.0 / Math.sqrt(headSize);
        String s = c.op("BatchMatMulV2", "qk").in(q4).in(k4).type("T", w).b("adj_y", true).out();
        s = Ops.bin(c, "Mul", s, c.scalar(w, scale), w);
        stage(wantQk, mode, 0, s, qk);
        float softcap = c.node.attrFloat("softcap", 0f);
        if (softcap > 0) {
            s = Ops.bin(c, "Mul", Ops.un(c, "Tanh", Ops.bin(c, "RealDiv", s, c.scalar(w, softcap), w), w), c.scalar(w, softcap), w);
        }
        stage(wantQk, mode, 1, s, qk);
        String negInf = c.scalar(w, Double.NEGATIVE_INFINITY);
        Val mask = c.in(3);
        if (mask != null) {
            s = Ops.bin(c, "AddV2", s, maskBias(c, mask, w, total), w);
        }
        Val nonpad = c.in(6);
        String np = nonpad == null ? null
                : Ops.reshape(c, Ops.cast(c, c.t(nonpad), nonpad.type(), DataType.INT64), DataType.INT64, c.longs(-1, 1, 1, 1));
        String keys = c.op("Range", "keys").in(c.constant(Tensor.scalar(0L))).in(c.constant(Tensor.scalar(total)))
                .in(c.constant(Tensor.scalar(1L))).type("Tidx", DataType.INT64).out();
        if (c.node.attrLong("is_causal", 0) != 0) {
            String queries = c.op("Range", "queries").in(c.constant(Tensor.scalar(0L))).in(c.constant(Tensor.scalar(sq)))
                    .in(c.constant(Tensor.scalar(1L))).type("Tidx", DataType.INT64).out();
            // key j is hidden from query i when j > i + offset: offset = past, or nonpad_kv_seqlen - q_seq without a past
            String last = Ops.reshape(c, queries, DataType.INT64, c.longs(-1, 1));
            if (past > 0 || np == null) {
                last = Ops.bin(c, "AddV2", last, c.constant(Tensor.scalar(past)), DataType.INT64);
            } else {
                last = Ops.bin(c, "AddV2", last, Ops.bin(c, "Sub", np, c.constant(Tensor.scalar(sq)), DataType.INT64), DataType.INT64);
            }
            String hidden = Ops.bin(c, "Greater", Ops.reshape(c, keys, DataType.INT64, c.longs(1, -1)), last, DataType.INT64);
            s = Ops.select(c, hidden, negInf, s, w);
        }
        if (np != null) {
            String padded = Ops.bin(c, "GreaterEqual", Ops.reshape(c, keys, DataType.INT64, c.longs(1, 1, 1, -1)), np, DataType.INT64);
            s = Ops.select(c, padded, negInf, s, w);
        }
        stage(wantQk, mode, 2, s, qk);
        String p = c.op("Softmax", "softmax").in(s).type("T", w).out();
        String rowMax = c.op("Max", "row_max").in(s).in(c.longs(-1)).type("T", w).type("Tidx", DataType.INT64).b("keep_dims", true).out();
        String dead = Ops.bin(c, "Equal", rowMax, negInf, w);
        p = Ops.select(c, dead, c.scalar(w, 0), p, w);
        stage(wantQk, mode, 3, p, qk);
        String y = c.op("BatchMatMulV2", "pv").in(p).in(v4).type("T", w).out();
        long[] yShape;
        if (rank == 3) {
            y = Ops.reshape(c, c.transposed(y, w, new int[]{0, 2, 1, 3}), w, c.longs(batch, sq, qHeads * dv));
            yShape = new long[]{batch, sq, qHeads * dv};
        } else {
            yShape = new long[]{batch, qHeads, sq, dv};
        }
        c.out(0, c.val(Ops.cast(c, y, w, t), t, yShape));
        if (wantQk) {
            if (qk[0] == null) {
                throw c.error("qk_matmul_output_mode " + mode + " is not 0, 1, 2 or 3");
            }
            c.out(3, c.val(Ops.cast(c, qk[0], w, t), t, new long[]{batch, qHeads, sq, total}));
        }
    }

    private static void stage(boolean want, long mode, long at, String value, String[] qk) {
        if (want && mode == at) {
            qk[0] = value;
        }
    }

    /** A 4-D (B, heads, seq, size) view in the working type: 3-D (B, seq, heads * size) inputs are split and transposed. */
    private static String heads(EmitContext c, Val x, long n, DataType w) {
        String in = Ops.cast(c, c.t(x), x.type(), w);
        if (x.rank() == 4) {
            return in;
        }
        if (x.dim(2) % n != 0) {
            throw c.error("hidden size " + x.dim(2) + " is not a multiple of " + n + " heads");
        }
        String r = Ops.reshape(c, in, w, c.longs(x.dim(0), x.dim(1), n, x.dim(2) / n));
        return c.transposed(r, w, new int[]{0, 2, 1, 3});
    }

    /** Each of the kv heads repeated {@code group} times in place: query head h reads kv head h / group. */
    private static String repeatHeads(EmitContext c, String x, DataType w, long batch, long kvHeads, long group, long seq, long size) {
        String e = Ops.expandDims(c, x, w, 2);
        String tiled = c.op("Tile", "repeat_heads").in(e).in(c.longs(1, 1, group, 1, 1)).type("T", w).type("Tmultiples", DataType.INT64)
                .out();
        return Ops.reshape(c, tiled, w, c.longs(batch, kvHeads * group, seq, size));
    }

    /** attn_mask as an additive bias: true keeps (0), false hides (-inf); a last dim shorter than total_seq is padded with -inf. */
    private static String maskBias(EmitContext c, Val mask, DataType w, long total) {
        String m;
        if (mask.type() == DataType.BOOL) {
            m = Ops.select(c, c.t(mask), c.scalar(w, 0), c.scalar(w, Double.NEGATIVE_INFINITY), w);
        } else {
            m = Ops.cast(c, c.t(mask), mask.type(), w);
        }
        long last = mask.dim(-1);
        if (last < 0) {
            throw c.error("attn_mask needs a static last dimension, got " + mask);
        }
        if (last < total) {
            int r = mask.rank();
            long[] pads = new long[2 * r];
            pads[2 * r - 1] = total - last;
            m = c.op("PadV2", "pad_mask").in(m).in(c.constant(Tensor.ofLongs(new long[]{r, 2}, pads)))
                    .in(c.scalar(w, Double.NEGATIVE_INFINITY)).type("T", w).type("Tpaddings", DataType.INT64).out();
        } else if (last > total) {
            throw c.error("attn_mask last dimension " + last + " exceeds the total sequence length " + total + " " + Arrays.toString(mask.shape()));
        }
        return m;
    }
}
