package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.List;

/**
 * LinearAttention (linear, gated, delta, gated_delta) as its token-by-token recurrence, unrolled over the
 * static sequence length in double precision: per step the (B, H_kv, d_k, d_v) state decays by exp(decay),
 * takes the outer product k v^T (delta rules: beta k (v - S^T k)^T), and each query head group reads
 * q S * scale. Outputs the packed (B, T, H_q * d_v) attention and the final state.
 */
final class LinearAttentionEmitter {

    private static final long MAX_STEPS = 1024;
    private static final DataType D = DataType.DOUBLE;

    private LinearAttentionEmitter() {
    }

    static void register(Emitters r) {
        r.register(LinearAttentionEmitter::emit, "LinearAttention");
    }

    private static void emit(EmitContext c) {
        Val q = c.require(0, "query");
        Val k = c.require(1, "key");
        Val v = c.require(2, "value");
        Val past = c.in(3);
        Val decay = c.in(4);
        Val beta = c.in(5);
        String rule = c.node.attrString("update_rule", "gated_delta");
        boolean gated = rule.equals("gated") || rule.equals("gated_delta");
        boolean delta = rule.equals("delta") || rule.equals("gated_delta");
        if (!gated && !delta && !rule.equals("linear")) {
            throw c.error("LinearAttention update_rule '" + rule + "' is not supported");
        }
        if (gated && decay == null || delta && beta == null) {
            throw c.error("LinearAttention update_rule '" + rule + "' needs its " + (gated && decay == null ? "decay" : "beta") + " input");
        }
        long hq = c.node.attrLong("q_num_heads", 0);
        long hkv = c.node.attrLong("kv_num_heads", 0);
        long steps = q.dim(1);
        if (hq <= 0 || hkv <= 0 || hq % hkv != 0 || q.rank() != 3 || k.rank() != 3 || v.rank() != 3 || steps < 1 || steps > MAX_STEPS
                || q.dim(2) < 0 || v.dim(2) < 0 || q.dim(2) % hq != 0 || v.dim(2) % hkv != 0) {
            throw c.error("LinearAttention needs 3-D inputs with a static length in [1, " + MAX_STEPS + "] and static widths divisible by"
                    + " the head counts (" + hq + ", " + hkv + ") to be unrolled for TensorFlow, got " + q + ", " + k + ", " + v);
        }
        long dk = q.dim(2) / hq;
        long dv = v.dim(2) / hkv;
        long group = hq / hkv;
        boolean perKeyDecay = decay != null && decay.dim(2) == hkv * dk;
        if (decay != null && !perKeyDecay && decay.dim(2) != hkv) {
            throw c.error("LinearAttention decay's last dim must be H_kv*d_k or H_kv, got " + decay);
        }
        if (beta != null && beta.dim(2) != hkv && beta.dim(2) != 1) {
            throw c.error("LinearAttention beta's last dim must be H_kv or 1, got " + beta);
        }
        double scale = c.node.attrFloat("scale", 0f);
        if (scale == 0) {
            scale = 1 / Math.sqrt(dk);
        }
        DataType t = q.type();
        TfOp qs = steps(c, q, new long[]{0, hkv, group, dk}, steps);
        TfOp ks = steps(c, k, new long[]{0, hkv, dk, 1}, steps);
        TfOp vs = steps(c, v, new long[]{0, hkv, 1, dv}, steps);
        TfOp gs = decay == null ? null : steps(c, decay, perKeyDecay ? new long[]{0, hkv, dk, 1} : new long[]{0, hkv, 1, 1}, steps);
        TfOp bs = beta == null ? null : steps(c, beta, new long[]{0, beta.dim(2), 1, 1}, steps);
        String s;
        if (past != null) {
            s = Ops.cast(c, c.t(past), past.type(), D);
        } else {
            String batch = Ops.slice1d(c, Ops.shape(c, c.t(q), t), DataType.INT64, 0, 1);
            s = c.op("Fill", "state0").in(Ops.concat(c, DataType.INT64, 0, batch, c.longs(hkv, dk, dv))).in(c.scalar(D, 0)).type("T", D)
                    .type("index_type", DataType.INT64).out();
        }
        TfOp y = c.op("Pack", "outputs").type("T", D).i("N", steps).i("axis", 1);
        String outShape = Ops.concat(c, DataType.INT64, 0, Ops.slice1d(c, Ops.shape(c, c.t(q), t), DataType.INT64, 0, 1), c.longs(hq * dv));
        for (int i = 0; i < steps; i++) {
            String kt = ks.out(i);
            String vt = vs.out(i);
            if (gated) {
                s = Ops.bin(c, "Mul", s, Ops.un(c, "Exp", gs.out(i), D), D);
            }
            String kvt = vt;
            if (delta) {
                String retrieved = matmul(c, kt, s, true, false);
                kt = Ops.bin(c, "Mul", kt, bs.out(i), D);
                kvt = Ops.bin(c, "Sub", vt, retrieved, D);
            }
            s = Ops.bin(c, "AddV2", s, matmul(c, kt, kvt, false, false), D);
            String o = matmul(c, Ops.bin(c, "Mul", qs.out(i), c.scalar(D, scale), D), s, false, false);
            y.in(Ops.reshape(c, o, D, outShape));
        }
        c.out(0, c.val(Ops.cast(c, y.out(), D, t), t, new long[]{q.dim(0), steps, hq * dv}));
        if (c.wantsOutput(1)) {
            DataType st = past != null ? past.type() : t;
            c.out(1, c.val(Ops.cast(c, s, D, st), st, new long[]{q.dim(0), hkv, dk, dv}));
        }
    }

    /** {@code x} (B, T, ...) in double, per step reshaped to (B, rest...): Unpack outputs 0..steps-1. */
    private static TfOp steps(EmitContext c, Val x, long[] stepShape, long steps) {
        String d = Ops.cast(c, c.t(x), x.type(), D);
        String b = Ops.slice1d(c, Ops.shape(c, d, D), DataType.INT64, 0, 2);
        long[] rest = java.util.Arrays.copyOfRange(stepShape, 1, stepShape.length);
        String shaped = Ops.reshape(c, d, D, Ops.concat(c, DataType.INT64, 0, b, c.longs(rest)));
        return c.op("Unpack", "steps").in(shaped).type("T", D).i("num", steps).i("axis", 1);
    }

    private static String matmul(EmitContext c, String a, String b, boolean adjA, boolean adjB) {
        return c.op("BatchMatMulV2", "matmul").in(a).in(b).type("T", D).b("adj_x", adjA).b("adj_y", adjB).out();
    }
}
