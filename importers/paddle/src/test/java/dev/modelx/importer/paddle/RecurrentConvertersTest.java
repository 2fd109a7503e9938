package dev.modelx.importer.paddle;

import dev.modelx.format.paddle.proto.PaddleProtos.VarType;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fluid lstm / gru over LoD rows against a scalar step-by-step implementation of the formulas in Paddle's LSTMOp and
 * GRUOp documentation (gate order, peepholes, origin_mode, is_reverse, H0/C0 indexed by sequence).
 */
class RecurrentConvertersTest {

    static final long[] LOD = {0, 3, 3, 5}; // three sequences: 3 rows, empty, 2 rows

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextFloat() * 2 - 1;
        }
        return a;
    }

    static double sig(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Rows of sequence b in processing order. */
    static List<Integer> order(int b, boolean reverse) {
        List<Integer> rows = new ArrayList<>();
        for (long r = LOD[b]; r < LOD[b + 1]; r++) {
            rows.add((int) r);
        }
        if (reverse) {
            java.util.Collections.reverse(rows);
        }
        return rows;
    }

    /** Paddle lstm: gates (c, i, f, o); peepholes W_ic, W_fc on c_{t-1}, W_oc on c_t. */
    static float[] lstmReference(float[] x, float[] w, float[] bias, float[] h0, float[] c0, int d, boolean reverse) {
        int n = x.length / (4 * d);
        float[] out = new float[n * d];
        for (int b = 0; b + 1 < LOD.length; b++) {
            double[] h = new double[d], c = new double[d];
            for (int j = 0; j < d; j++) {
                h[j] = h0 == null ? 0 : h0[b * d + j];
                c[j] = c0 == null ? 0 : c0[b * d + j];
            }
            for (int row : order(b, reverse)) {
                double[] g = new double[4 * d];
                for (int k = 0; k < 4 * d; k++) {
                    g[k] = x[row * 4 * d + k] + bias[k];
                    for (int j = 0; j < d; j++) {
                        g[k] += h[j] * w[j * 4 * d + k];
                    }
                }
                double[] hn = new double[d];
                for (int j = 0; j < d; j++) {
                    double i = sig(g[d + j] + bias[4 * d + j] * c[j]);
                    double f = sig(g[2 * d + j] + bias[5 * d + j] * c[j]);
                    double cand = Math.tanh(g[j]);
                    c[j] = f * c[j] + i * cand;
                    double o = sig(g[3 * d + j] + bias[6 * d + j] * c[j]);
                    hn[j] = o * Math.tanh(c[j]);
                }
                h = hn;
                for (int j = 0; j < d; j++) {
                    out[row * d + j] = (float) h[j];
                }
            }
        }
        return out;
    }

    static float[] runLstm(float[] x, float[] w, float[] bias, float[] h0, float[] c0, int d, boolean reverse) {
        int n = x.length / (4 * d);
        TestProgram p = new TestProgram().var(0, "x", VarType.Type.FP32, 1, -1, 4 * d).f32("w", d, 4 * d).f32("b", 1, 7 * d)
                .var(0, "h", VarType.Type.FP32, 1, -1, d).var(0, "cell", VarType.Type.FP32, 1, -1, d).f32("h0", 3, d).f32("c0", 3, d);
        p.feed("x").feed("w").feed("b");
        if (h0 != null) {
            p.feed("h0").feed("c0");
        }
        p.fetch("h");
        TestProgram.OpBuilder op = p.op("lstm").in("Input", "x").in("Weight", "w").in("Bias", "b").out("Hidden", "h").out("Cell", "cell")
                .b("use_peepholes", true).b("is_reverse", reverse).s("gate_activation", "sigmoid").s("cell_activation", "tanh")
                .s("candidate_activation", "tanh");
        if (h0 != null) {
            op.in("H0", "h0").in("C0", "c0");
        }
        op.add();
        List<Tensor> feeds = new ArrayList<>(List.of(Tensor.ofFloats(new long[] {n, 4 * d}, x), Tensor.ofLongs(new long[] {LOD.length}, LOD),
                Tensor.ofFloats(new long[] {d, 4 * d}, w), Tensor.ofFloats(new long[] {1, 7 * d}, bias)));
        if (h0 != null) {
            feeds.add(Tensor.ofFloats(new long[] {3, d}, h0));
            feeds.add(Tensor.ofFloats(new long[] {3, d}, c0));
        }
        Tensor h = p.run(feeds.toArray(Tensor[]::new)).get(0);
        assertArrayEquals(new long[] {n, d}, h.shape());
        return h.toFloatArray();
    }

    @Test
    void lstmWithPeepholesForwardReverseAndInitialState() {
        int d = 2, n = 5;
        float[] x = random(n * 4 * d, 1), w = random(d * 4 * d, 2), b = random(7 * d, 3), h0 = random(3 * d, 4), c0 = random(3 * d, 5);
        assertArrayEquals(lstmReference(x, w, b, null, null, d, false), runLstm(x, w, b, null, null, d, false), 1e-5f);
        assertArrayEquals(lstmReference(x, w, b, null, null, d, true), runLstm(x, w, b, null, null, d, true), 1e-5f);
        assertArrayEquals(lstmReference(x, w, b, h0, c0, d, false), runLstm(x, w, b, h0, c0, d, false), 1e-5f);
    }

    /** Paddle gru: gates (u, r, c); Weight's buffer holds [D, 2D] (u, r) then [D, D] (c). */
    static float[] gruReference(float[] x, float[] w, float[] bias, float[] h0, int d, boolean reverse, boolean origin) {
        int n = x.length / (3 * d);
        float[] out = new float[n * d];
        for (int b = 0; b + 1 < LOD.length; b++) {
            double[] h = new double[d];
            for (int j = 0; j < d; j++) {
                h[j] = h0 == null ? 0 : h0[b * d + j];
            }
            for (int row : order(b, reverse)) {
                double[] u = new double[d], r = new double[d], rh = new double[d], hn = new double[d];
                for (int k = 0; k < d; k++) {
                    double gu = x[row * 3 * d + k] + bias[k], gr = x[row * 3 * d + d + k] + bias[d + k];
                    for (int j = 0; j < d; j++) {
                        gu += h[j] * w[j * 2 * d + k];
                        gr += h[j] * w[j * 2 * d + d + k];
                    }
                    u[k] = sig(gu);
                    r[k] = sig(gr);
                }
                for (int j = 0; j < d; j++) {
                    rh[j] = r[j] * h[j];
                }
                for (int k = 0; k < d; k++) {
                    double gc = x[row * 3 * d + 2 * d + k] + bias[2 * d + k];
                    for (int j = 0; j < d; j++) {
                        gc += rh[j] * w[2 * d * d + j * d + k];
                    }
                    double cand = Math.tanh(gc);
                    hn[k] = origin ? u[k] * h[k] + (1 - u[k]) * cand : (1 - u[k]) * h[k] + u[k] * cand;
                }
                h = hn;
                for (int j = 0; j < d; j++) {
                    out[row * d + j] = (float) h[j];
                }
            }
        }
        return out;
    }

    static float[] runGru(float[] x, float[] w, float[] bias, float[] h0, int d, boolean reverse, boolean origin) {
        int n = x.length / (3 * d);
        TestProgram p = new TestProgram().var(0, "x", VarType.Type.FP32, 1, -1, 3 * d).f32("w", d, 3 * d).f32("b", 1, 3 * d)
                .var(0, "h", VarType.Type.FP32, 1, -1, d).f32("h0", 3, d);
        p.feed("x").feed("w").feed("b");
        if (h0 != null) {
            p.feed("h0");
        }
        p.fetch("h");
        TestProgram.OpBuilder op = p.op("gru").in("Input", "x").in("Weight", "w").in("Bias", "b").out("Hidden", "h")
                .b("is_reverse", reverse).b("origin_mode", origin).s("gate_activation", "sigmoid").s("activation", "tanh");
        if (h0 != null) {
            op.in("H0", "h0");
        }
        op.add();
        List<Tensor> feeds = new ArrayList<>(List.of(Tensor.ofFloats(new long[] {n, 3 * d}, x), Tensor.ofLongs(new long[] {LOD.length}, LOD),
                Tensor.ofFloats(new long[] {d, 3 * d}, w), Tensor.ofFloats(new long[] {1, 3 * d}, bias)));
        if (h0 != null) {
            feeds.add(Tensor.ofFloats(new long[] {3, d}, h0));
        }
        return p.run(feeds.toArray(Tensor[]::new)).get(0).toFloatArray();
    }

    @Test
    void gruBothModesReverseAndInitialState() {
        int d = 2, n = 5;
        float[] x = random(n * 3 * d, 11), w = random(d * 3 * d, 12), b = random(3 * d, 13), h0 = random(3 * d, 14);
        assertArrayEquals(gruReference(x, w, b, null, d, false, false), runGru(x, w, b, null, d, false, false), 1e-5f);
        assertArrayEquals(gruReference(x, w, b, null, d, false, true), runGru(x, w, b, null, d, false, true), 1e-5f);
        assertArrayEquals(gruReference(x, w, b, h0, d, true, false), runGru(x, w, b, h0, d, true, false), 1e-5f);
    }

    @Test
    void bitwiseOpsOnIntegersAndBools() {
        int[] a = {12, -7, 0, Integer.MIN_VALUE, 5}, b = {10, 3, -1, -1, Integer.MAX_VALUE};
        String[] ops = {"bitwise_and", "bitwise_or", "bitwise_xor"};
        for (String o : ops) {
            TestProgram p = new TestProgram().var("x", VarType.Type.INT32, 5).var("y", VarType.Type.INT32, 5).var("z", VarType.Type.INT32, 5)
                    .feed("x").feed("y").fetch("z");
            p.op(o).in("X", "x").in("Y", "y").out("Out", "z").add();
            long[] got = p.run(Tensor.ofInts(new long[] {5}, a), Tensor.ofInts(new long[] {5}, b)).get(0).toLongArray();
            for (int i = 0; i < 5; i++) {
                long want = switch (o) {
                    case "bitwise_and" -> a[i] & b[i];
                    case "bitwise_or" -> a[i] | b[i];
                    default -> a[i] ^ b[i];
                };
                assertEquals(want, got[i], o + "(" + a[i] + ", " + b[i] + ")");
            }
        }
        long[] la = {Long.MIN_VALUE, -123456789012L, 987654321098L}, lb = {-1L, 0xFFFF0000FFFFL, -2L};
        TestProgram l = new TestProgram().var("x", VarType.Type.INT64, 3).var("y", VarType.Type.INT64, 3).var("z", VarType.Type.INT64, 3)
                .feed("x").feed("y").fetch("z");
        l.op("bitwise_xor").in("X", "x").in("Y", "y").out("Out", "z").add();
        assertArrayEquals(new long[] {la[0] ^ lb[0], la[1] ^ lb[1], la[2] ^ lb[2]},
                l.run(Tensor.ofLongs(new long[] {3}, la), Tensor.ofLongs(new long[] {3}, lb)).get(0).toLongArray());
        TestProgram n = new TestProgram().var("x", VarType.Type.INT32, 5).var("z", VarType.Type.INT32, 5).feed("x").fetch("z");
        n.op("bitwise_not").in("X", "x").out("Out", "z").add();
        long[] got = n.run(Tensor.ofInts(new long[] {5}, a)).get(0).toLongArray();
        for (int i = 0; i < 5; i++) {
            assertEquals(~a[i], got[i]);
        }
        TestProgram bl = new TestProgram().var("x", VarType.Type.BOOL, 4).var("y", VarType.Type.BOOL, 4).var("z", VarType.Type.BOOL, 4)
                .var("nz", VarType.Type.BOOL, 4).feed("x").feed("y").fetch("z").fetch("nz");
        bl.op("bitwise_xor").in("X", "x").in("Y", "y").out("Out", "z").add();
        bl.op("bitwise_not").in("X", "z").out("Out", "nz").add();
        List<Tensor> r = bl.run(Tensor.ofBooleans(new long[] {4}, true, true, false, false), Tensor.ofBooleans(new long[] {4}, true, false, true, false));
        assertArrayEquals(new long[] {0, 1, 1, 0}, r.get(0).toLongArray());
        assertArrayEquals(new long[] {1, 0, 0, 1}, r.get(1).toLongArray());
    }

    @Test
    void selectOutputFeedsTheBranchThatRuns() {
        // select_output routes x to the branch picked by mask; conditional blocks transform it; select_input joins
        TestProgram p = new TestProgram().f32("x", 1).var("c", VarType.Type.BOOL, 1).var("nc", VarType.Type.BOOL, 1)
                .var("mask", VarType.Type.INT32, 1).f32("x0", 1).f32("x1", 1).f32("a", 1).f32("b", 1).f32("y", 1);
        int first = p.subBlock(), second = p.subBlock();
        p.feed("x").feed("c");
        p.op("cast").in("X", "c").out("Out", "mask").i("in_dtype", 0).i("out_dtype", 2).add();
        p.op("logical_not").in("X", "c").out("Out", "nc").add();
        p.op("select_output").in("X", "x").in("Mask", "mask").out("Out", "x0", "x1").add();
        p.op(first, "scale").in("X", "x0").out("Out", "a").f("scale", 10).add();
        p.op(second, "scale").in("X", "x1").out("Out", "b").f("scale", -1).add();
        p.op("conditional_block").in("Cond", "nc").in("Input", "x0").out("Out", "a").out("Scope", "s1").b("is_scalar_condition", true)
                .block("sub_block", first).add();
        p.op("conditional_block").in("Cond", "c").in("Input", "x1").out("Out", "b").out("Scope", "s2").b("is_scalar_condition", true)
                .block("sub_block", second).add();
        p.op("select_input").in("X", "a", "b").in("Mask", "mask").out("Out", "y").add();
        p.fetch("y");
        assertEquals(30, p.run(Tensor.ofFloats(new long[] {1}, 3), Tensor.ofBooleans(new long[] {1}, false)).get(0).getDouble(0), 0);
        assertEquals(-3, p.run(Tensor.ofFloats(new long[] {1}, 3), Tensor.ofBooleans(new long[] {1}, true)).get(0).getDouble(0), 0);
    }
}
