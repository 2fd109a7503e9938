package dev.modelx.runtime.kernels.attention;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

/**
 * LinearAttention (op set 27): the recurrent form, token by token, of linear, gated, delta and gated-delta
 * attention over packed (B, T, H*D) inputs, with grouped KV heads and a (B, H_kv, d_k, d_v) state.
 * The spec's chunk_size is only a tuning hint for chunk-parallel implementations; the sequential
 * recurrence computed here is the definition.
 */
public final class LinearAttention {

    private LinearAttention() {
    }

    public static void v27(OpContext ctx) {
        Tensor q = ctx.input(0), k = ctx.input(1), v = ctx.input(2);
        Tensor past = ctx.optionalInput(3), decay = ctx.optionalInput(4), beta = ctx.optionalInput(5);
        String rule = ctx.attrString("update_rule", "gated_delta");
        int hq = ctx.attrInt("q_num_heads", 0), hkv = ctx.attrInt("kv_num_heads", 0);
        if (hq <= 0 || hkv <= 0 || hq % hkv != 0) {
            throw ctx.error("q_num_heads (" + hq + ") must be a positive multiple of kv_num_heads (" + hkv + ")");
        }
        for (Tensor t : new Tensor[]{q, k, v}) {
            if (t.rank() != 3) {
                throw ctx.error("query, key and value must be 3-D (B, T, H*D), got shape " + OpContext.shape(t.shape()));
            }
        }
        boolean gated = rule.equals("gated") || rule.equals("gated_delta");
        boolean delta = rule.equals("delta") || rule.equals("gated_delta");
        if (!gated && !delta && !rule.equals("linear")) {
            throw ctx.error("update_rule '" + rule + "' is not one of linear, gated, delta, gated_delta");
        }
        if (gated && decay == null) {
            throw ctx.error("update_rule '" + rule + "' needs the decay input");
        }
        if (delta && beta == null) {
            throw ctx.error("update_rule '" + rule + "' needs the beta input");
        }
        int b = (int) q.dim(0), steps = (int) q.dim(1);
        if (q.dim(2) % hq != 0 || k.dim(2) % hkv != 0 || v.dim(2) % hkv != 0) {
            throw ctx.error("packed widths " + q.dim(2) + ", " + k.dim(2) + ", " + v.dim(2) + " are not divisible by the head counts");
        }
        int dk = (int) (q.dim(2) / hq), dv = (int) (v.dim(2) / hkv);
        if (k.dim(2) / hkv != dk || k.dim(0) != b || v.dim(0) != b || k.dim(1) != steps || v.dim(1) != steps) {
            throw ctx.error("key shape " + OpContext.shape(k.shape()) + " / value shape " + OpContext.shape(v.shape())
                    + " do not match query shape " + OpContext.shape(q.shape()));
        }
        boolean perKeyDecay = decay != null && decay.dim(2) == (long) hkv * dk;
        if (decay != null && !perKeyDecay && decay.dim(2) != hkv) {
            throw ctx.error("decay last dimension must be H_kv*d_k (" + hkv * dk + ") or H_kv (" + hkv + "), got " + decay.dim(2));
        }
        boolean betaPerHead = beta != null && beta.dim(2) == hkv;
        if (beta != null && !betaPerHead && beta.dim(2) != 1) {
            throw ctx.error("beta last dimension must be H_kv (" + hkv + ") or 1, got " + beta.dim(2));
        }
        long[] stateShape = {b, hkv, dk, dv};
        if (past != null && !java.util.Arrays.equals(past.shape(), stateShape)) {
            throw ctx.error("past_state shape " + OpContext.shape(past.shape()) + " must be " + OpContext.shape(stateShape));
        }
        double[] qd = q.toDoubleArray(), kd = k.toDoubleArray(), vd = v.toDoubleArray();
        double[] gd = decay == null ? null : decay.toDoubleArray(), bd = beta == null ? null : beta.toDoubleArray();
        double[] state = past == null ? new double[b * hkv * dk * dv] : past.toDoubleArray();
        double scale = ctx.attrFloat("scale", 0f);
        if (scale == 0) {
            scale = 1 / Math.sqrt(dk);
        }
        int group = hq / hkv;
        double[] out = new double[b * steps * hq * dv];
        double[] retrieved = new double[dv];
        for (int n = 0; n < b; n++) {
            for (int t = 0; t < steps; t++) {
                for (int h = 0; h < hkv; h++) {
                    int s0 = ((n * hkv) + h) * dk * dv;
                    int kBase = (n * steps + t) * hkv * dk + h * dk;
                    int vBase = (n * steps + t) * hkv * dv + h * dv;
                    if (gated) {
                        for (int i = 0; i < dk; i++) {
                            double g = perKeyDecay ? gd[kBase + i] : gd[(n * steps + t) * hkv + h];
                            double e = Math.exp(g);
                            for (int j = 0; j < dv; j++) {
                                state[s0 + i * dv + j] *= e;
                            }
                        }
                    }
                    if (delta) {
                        double bt = betaPerHead ? bd[(n * steps + t) * hkv + h] : bd[n * steps + t];
                        java.util.Arrays.fill(retrieved, 0);
                        for (int i = 0; i < dk; i++) {
                            double ki = kd[kBase + i];
                            for (int j = 0; j < dv; j++) {
                                retrieved[j] += state[s0 + i * dv + j] * ki;
                            }
                        }
                        for (int i = 0; i < dk; i++) {
                            double ki = kd[kBase + i] * bt;
                            for (int j = 0; j < dv; j++) {
                                state[s0 + i * dv + j] += ki * (vd[vBase + j] - retrieved[j]);
                            }
                        }
                    } else {
                        for (int i = 0; i < dk; i++) {
                            double ki = kd[kBase + i];
                            for (int j = 0; j < dv; j++) {
                                state[s0 + i * dv + j] += ki * vd[vBase + j];
                            }
                        }
                    }
                    for (int g = 0; g < group; g++) {
                        int qh = h * group + g;
                        int qBase = (n * steps + t) * hq * dk + qh * dk;
                        int oBase = (n * steps + t) * hq * dv + qh * dv;
                        for (int i = 0; i < dk; i++) {
                            double qi = qd[qBase + i] * scale;
                            for (int j = 0; j < dv; j++) {
                                out[oBase + j] += qi * state[s0 + i * dv + j];
                            }
                        }
                    }
                }
            }
        }
        ctx.output(0, Tensors.fromDoubles(q.type(), new long[]{b, steps, (long) hq * dv}, out));
        if (ctx.wantsOutput(1)) {
            DataType stateType = past != null ? past.type() : q.type();
            ctx.output(1, Tensors.fromDoubles(stateType, stateShape, state));
        }
    }
}
