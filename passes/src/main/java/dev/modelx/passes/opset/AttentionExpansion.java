package dev.modelx.passes.opset;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.util.ArrayList;
import java.util.List;

import static dev.modelx.passes.opset.Build.attrs;
import static dev.modelx.passes.opset.Build.i;
import static dev.modelx.passes.opset.Build.ints;

/**
 * Attention (op sets 23 and 24) as MatMul, Softmax and masking ops, for targets before 23 and for
 * Attention-24's nonpad_kv_seqlen at 23. Follows the op's function body: heads split from 3-D inputs, the past
 * cache concatenated (and returned as present), key/value heads repeated for grouped queries, Q and K each
 * scaled by sqrt(scale), optional softcap, an additive bias from attn_mask (bool or float, a short last
 * dimension padded with -inf), causal (offset-aware) and padding masks, softmax over keys with fully-masked
 * rows set to zero, and the qk_matmul_output of the requested mode. The shapes of Q, K, V (and of the cache
 * and mask) must be static; float16 and bfloat16 are computed in float.
 */
final class AttentionExpansion {

    private AttentionExpansion() {
    }

    static void register() {
        Adapters.expand("Attention", AttentionExpansion::expand);
        Adapters.down("Attention", 24, s -> {
            if (s.has(6)) {
                expand(s);
            }
        });
    }

    static void expand(Step s) {
        Node n = s.node;
        long[] q = s.staticShape(s.in(0));
        long[] k = s.staticShape(s.in(1));
        long[] v = s.staticShape(s.in(2));
        DataType t = s.type(s.in(0));
        if (q == null || k == null || v == null || t == null || (q.length != 3 && q.length != 4)) {
            s.block("Attention needs op set 23 (rewriting it needs static shapes and the element type of Q, K and V)");
            return;
        }
        boolean threeD = q.length == 3;
        long batch = q[0];
        long hq;
        long hkv;
        long sq;
        long skv;
        long d;
        long dv;
        if (threeD) {
            hq = n.attrLong("q_num_heads", 0);
            hkv = n.attrLong("kv_num_heads", 0);
            if (hq <= 0 || hkv <= 0) {
                s.block("Attention with 3-D inputs needs q_num_heads and kv_num_heads");
                return;
            }
            sq = q[1];
            skv = k[1];
            d = q[2] / hq;
            dv = v[2] / hkv;
        } else {
            hq = q[1];
            hkv = k[1];
            sq = q[2];
            skv = k[2];
            d = q[3];
            dv = v[3];
        }
        long past = 0;
        if (s.has(4)) {
            long[] pk = s.staticShape(s.in(4));
            if (pk == null || pk.length != 4) {
                s.block("Attention needs op set 23 (the past cache's shape is unknown)");
                return;
            }
            past = pk[2];
        }
        long total = past + skv;
        boolean nonpad = s.has(6);
        long[] maskShape = s.has(3) ? s.staticShape(s.in(3)) : null;
        if (s.has(3) && maskShape == null) {
            s.block("Attention needs op set 23 (the attn_mask's shape is unknown)");
            return;
        }
        boolean anyBias = s.has(3) || n.attrLong("is_causal", 0) != 0 || nonpad;
        if (anyBias && s.target() < 9) {
            s.block("Attention with a mask needs op set 9 or later to be rewritten (Where)");
            return;
        }
        DataType w = t == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
        Build b = new Build(s, 17, w);

        // Heads: [B, H, S, D] in the working type.
        String q4 = heads(b, s.in(0), threeD, batch, sq, hq, d, t, w);
        String k4 = heads(b, s.in(1), threeD, batch, skv, hkv, d, t, w);
        String v4 = heads(b, s.in(2), threeD, batch, skv, hkv, dv, t, w);
        if (s.has(4)) {
            k4 = b.op("Concat", attrs(i("axis", 2)), t == w ? s.in(4) : b.cast(s.in(4), w), k4);
            v4 = b.op("Concat", attrs(i("axis", 2)), t == w ? s.in(5) : b.cast(s.in(5), w), v4);
        }
        for (int j = 1; j <= 2; j++) {
            if (!n.output(j).isEmpty()) {
                String src = j == 1 ? k4 : v4;
                DataType ot = s.type(s.in(j));
                if (ot == null) {
                    ot = t;
                }
                b.to(n.output(j), ot == w ? "Identity" : "Cast", ot == w ? List.of() : attrs(i("to", ot.code())), src);
            }
        }
        if (hq != hkv) {
            long g = hq / hkv;
            k4 = repeat(b, k4, batch, hkv, g, total, d);
            v4 = repeat(b, v4, batch, hkv, g, total, dv);
        }
        double scale = n.hasAttribute("scale") ? n.attrFloat("scale", 1f) : 1.0 / Math.sqrt(d);
        String root = b.c(Math.sqrt(scale));
        String qs = b.op("Mul", q4, root);
        String ks = b.op("Mul", b.op("Transpose", attrs(ints("perm", 0, 1, 3, 2)), k4), root);
        String qk = b.op("MatMul", qs, ks);
        long mode = n.attrLong("qk_matmul_output_mode", 0);
        String qkOut = n.output(3);
        if (!qkOut.isEmpty() && mode == 0) {
            out(b, qkOut, qk, t, w);
        }
        float softcap = n.attrFloat("softcap", 0f);
        if (softcap > 0) {
            qk = b.op("Mul", b.c(softcap), b.op("Tanh", b.op("Div", qk, b.c(softcap))));
        }
        if (!qkOut.isEmpty() && mode == 1) {
            out(b, qkOut, qk, t, w);
        }
        // The additive bias.
        List<String> biases = new ArrayList<>();
        if (s.has(3)) {
            biases.add(maskBias(b, s.in(3), maskShape, total, w));
        }
        if (n.attrLong("is_causal", 0) != 0) {
            if (nonpad && past == 0) {
                // Query i attends key j iff j <= i + nonpad[b] - Sq, i.e. j - i + Sq <= nonpad[b].
                long[] diff = new long[(int) (sq * total)];
                for (int r = 0; r < sq; r++) {
                    for (int c = 0; c < total; c++) {
                        diff[(int) (r * total + c)] = c - r + sq;
                    }
                }
                String dd = s.constant(Tensor.ofLongs(new long[]{1, 1, sq, total}, diff), s.out(0) + "_causal_diff");
                String np = b.op("Reshape", s.in(6), b.longs(batch, 1, 1, 1));
                biases.add(b.op("Where", b.op("Greater", dd, np), b.c(Double.NEGATIVE_INFINITY), b.c(0)));
            } else {
                double[] m = new double[(int) (sq * total)];
                for (int r = 0; r < sq; r++) {
                    for (int c = 0; c < total; c++) {
                        m[(int) (r * total + c)] = c > r + past ? Double.NEGATIVE_INFINITY : 0;
                    }
                }
                biases.add(s.constant(Consts.of(w, new long[]{sq, total}, m), s.out(0) + "_causal"));
            }
        }
        if (nonpad) {
            long[] cols = new long[(int) total];
            for (int c = 0; c < total; c++) {
                cols[c] = c;
            }
            String jj = s.constant(Tensor.ofLongs(new long[]{1, 1, 1, total}, cols), s.out(0) + "_cols");
            String np = b.op("Reshape", s.in(6), b.longs(batch, 1, 1, 1));
            biases.add(b.op("Where", b.op("Less", jj, np), b.c(0), b.c(Double.NEGATIVE_INFINITY)));
        }
        String bias = null;
        for (String x : biases) {
            bias = bias == null ? x : b.op("Add", bias, x);
        }
        String scores = bias == null ? qk : b.op("Add", qk, bias);
        if (!qkOut.isEmpty() && mode == 2) {
            out(b, qkOut, scores, t, w);
        }
        DataType sp = n.hasAttribute("softmax_precision") ? DataType.fromCode((int) n.attrLong("softmax_precision", 1)) : t;
        String probs;
        if (sp != w && (sp == DataType.FLOAT16 || sp == DataType.BFLOAT16)) {
            probs = b.cast(b.op("Softmax", attrs(i("axis", -1)), b.cast(scores, sp)), w);
        } else {
            probs = b.op("Softmax", attrs(i("axis", -1)), scores);
        }
        if (bias != null) {
            // A row whose bias is -inf everywhere gives zeros, not NaN.
            String rowMax = b.op("ReduceMax", attrs(ints("axes", -1), i("keepdims", 1)), bias);
            String masked = b.op("Less", rowMax, b.c(-maxFinite(w)));
            probs = b.op("Where", masked, b.c(0), probs);
        }
        if (!qkOut.isEmpty() && mode == 3) {
            out(b, qkOut, probs, t, w);
        }
        String y = b.op("MatMul", probs, v4);
        if (threeD) {
            String yt = b.op("Transpose", attrs(ints("perm", 0, 2, 1, 3)), y);
            y = b.op("Reshape", yt, b.longs(batch, sq, hq * dv));
        }
        out(b, n.output(0), y, t, w);
        s.remove();
    }

    private static double maxFinite(DataType w) {
        return w == DataType.DOUBLE ? Double.MAX_VALUE : Float.MAX_VALUE;
    }

    private static void out(Build b, String name, String value, DataType t, DataType w) {
        if (t == w) {
            b.to(name, "Identity", value);
        } else {
            b.to(name, "Cast", attrs(i("to", t.code())), value);
        }
    }

    private static String heads(Build b, String x, boolean threeD, long batch, long seq, long heads, long size, DataType t,
                                DataType w) {
        String v = t == w ? x : b.cast(x, w);
        if (!threeD) {
            return v;
        }
        String r = b.op("Reshape", v, b.longs(batch, seq, heads, size));
        return b.op("Transpose", attrs(ints("perm", 0, 2, 1, 3)), r);
    }

    private static String repeat(Build b, String x, long batch, long kvHeads, long group, long seq, long size) {
        String u = b.op("Reshape", x, b.longs(batch, kvHeads, 1, seq, size));
        String e = b.op("Expand", u, b.longs(batch, kvHeads, group, seq, size));
        return b.op("Reshape", e, b.longs(batch, kvHeads * group, seq, size));
    }

    /** attn_mask as an additive bias in the working type, its last dimension padded to the total length with -inf. */
    private static String maskBias(Build b, String mask, long[] shape, long total, DataType w) {
        DataType mt = b.s.type(mask);
        String bias;
        if (mt == DataType.BOOL) {
            bias = b.op("Where", mask, b.c(0), b.c(Double.NEGATIVE_INFINITY));
        } else {
            bias = mt == w ? mask : b.cast(mask, w);
        }
        long width = shape[shape.length - 1];
        if (width < total) {
            long[] padShape = shape.clone();
            padShape[padShape.length - 1] = total - width;
            String pad = b.s.constant(Consts.filled(w, padShape, Double.NEGATIVE_INFINITY), b.s.out(0) + "_mask_pad");
            bias = b.op("Concat", attrs(i("axis", -1)), bias, pad);
        }
        return bias;
    }
}
