package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/**
 * The inputs, attributes and outputs shared by RNN, GRU and LSTM. Inputs are held in layout 0 order
 * (X as [seq, batch, input], states as [dirs, batch, hidden]) whatever the 'layout' attribute says; outputs
 * are converted back on the way out.
 */
final class Recurrent {

    final OpContext c;
    final DataType type;
    final int gates;
    final int seq;
    final int batch;
    final int in;
    final int hid;
    final int dirs;
    final boolean batchFirst;
    final boolean[] reverse;
    final double[] x;
    final double[] w;
    final double[] r;
    final double[] bias;
    final int[] lens;
    final Activation[] acts;
    final double clip;

    Recurrent(OpContext c, int gates, String[] defaultActs, boolean hasLayout) {
        this.c = c;
        this.gates = gates;
        Tensor xt = c.input(0);
        Tensor wt = c.input(1);
        Tensor rt = c.input(2);
        Nn.requireFloat(c, xt, "X");
        type = xt.type();
        if (xt.rank() != 3 || wt.rank() != 3 || rt.rank() != 3) {
            throw c.error("X, W and R must be 3-D, got " + Arrays.toString(xt.shape()) + ", " + Arrays.toString(wt.shape())
                    + " and " + Arrays.toString(rt.shape()));
        }
        long layout = hasLayout ? c.attrLong("layout", 0) : 0;
        if (layout != 0 && layout != 1) {
            throw c.error("layout must be 0 or 1, got " + layout);
        }
        batchFirst = layout == 1;
        seq = (int) xt.dim(batchFirst ? 1 : 0);
        batch = (int) xt.dim(batchFirst ? 0 : 1);
        in = (int) xt.dim(2);
        hid = (int) c.attrLong("hidden_size", rt.dim(2));
        String direction = c.attrString("direction", "forward");
        dirs = switch (direction) {
            case "forward", "reverse" -> 1;
            case "bidirectional" -> 2;
            default -> throw c.error("direction must be forward, reverse or bidirectional, got '" + direction + "'");
        };
        reverse = dirs == 2 ? new boolean[] {false, true} : new boolean[] {direction.equals("reverse")};
        expect(wt, "W", dirs, (long) gates * hid, in);
        expect(rt, "R", dirs, (long) gates * hid, hid);
        w = Nn.doubles(wt);
        r = Nn.doubles(rt);
        Tensor bt = c.optionalInput(3);
        if (bt != null) {
            expect(bt, "B", dirs, 2L * gates * hid);
            bias = Nn.doubles(bt);
        } else {
            bias = new double[dirs * 2 * gates * hid];
        }
        Tensor lt = c.optionalInput(4);
        lens = new int[batch];
        if (lt != null) {
            expect(lt, "sequence_lens", batch);
            long[] l = lt.toLongArray();
            for (int b = 0; b < batch; b++) {
                if (l[b] < 0 || l[b] > seq) {
                    throw c.error("sequence_lens[" + b + "] = " + l[b] + " is outside [0, " + seq + "]");
                }
                lens[b] = (int) l[b];
            }
        } else {
            Arrays.fill(lens, seq);
        }
        double[] xv = Nn.doubles(xt);
        x = batchFirst ? swap01(xv, batch, seq, in) : xv;
        acts = Activation.of(c, defaultActs, dirs);
        clip = c.hasAttr("clip") ? c.attrFloat("clip", 0f) : Double.POSITIVE_INFINITY;
    }

    /** An initial state input as [dirs, batch, hidden], or zeros when it is omitted. */
    double[] state(int index, String name) {
        Tensor t = c.optionalInput(index);
        if (t == null) {
            return new double[dirs * batch * hid];
        }
        if (batchFirst) {
            expect(t, name, batch, dirs, hid);
            return swap01(Nn.doubles(t), batch, dirs, hid);
        }
        expect(t, name, dirs, batch, hid);
        return Nn.doubles(t);
    }

    /** Optional peephole weights [dirs, 3 * hidden]; null when omitted. */
    double[] peepholes(int index) {
        Tensor t = c.optionalInput(index);
        if (t == null) {
            return null;
        }
        expect(t, "P", dirs, 3L * hid);
        return Nn.doubles(t);
    }

    /**
     * Pre-activations of all gates at time t for batch row b in direction d: W x + Wb + Rb + R h, clipped
     * later by the caller. {@code rh} receives R h separately (GRU needs it apart for linear_before_reset).
     */
    void project(int d, int t, int b, double[] h, int hOff, double[] wx, double[] rh) {
        int g = gates * hid;
        int xOff = (t * batch + b) * in;
        int wBase = d * g * in;
        int rBase = d * g * hid;
        int bBase = d * 2 * g;
        for (int j = 0; j < g; j++) {
            double s = bias[bBase + j];
            int wr = wBase + j * in;
            for (int k = 0; k < in; k++) {
                s += w[wr + k] * x[xOff + k];
            }
            wx[j] = s;
            double q = bias[bBase + g + j];
            int rr = rBase + j * hid;
            for (int k = 0; k < hid; k++) {
                q += r[rr + k] * h[hOff + k];
            }
            rh[j] = q;
        }
    }

    double clip(double v) {
        return v > clip ? clip : v < -clip ? -clip : v;
    }

    /** Emits Y (output 0, [seq, dirs, batch, hidden]) and the final states as outputs 1, 2, ... */
    void emit(double[] y, double[]... finals) {
        if (c.wantsOutput(0)) {
            if (batchFirst) {
                // [seq, dirs, batch, hid] -> [batch, seq, dirs, hid]
                double[] o = new double[y.length];
                for (int t = 0; t < seq; t++) {
                    for (int d = 0; d < dirs; d++) {
                        for (int b = 0; b < batch; b++) {
                            System.arraycopy(y, ((t * dirs + d) * batch + b) * hid, o, ((b * seq + t) * dirs + d) * hid, hid);
                        }
                    }
                }
                c.output(0, Tensors.fromDoubles(type, new long[] {batch, seq, dirs, hid}, o));
            } else {
                c.output(0, Tensors.fromDoubles(type, new long[] {seq, dirs, batch, hid}, y));
            }
        }
        for (int i = 0; i < finals.length; i++) {
            if (c.wantsOutput(i + 1)) {
                double[] f = finals[i];
                c.output(i + 1, batchFirst
                        ? Tensors.fromDoubles(type, new long[] {batch, dirs, hid}, swap01(f, dirs, batch, hid))
                        : Tensors.fromDoubles(type, new long[] {dirs, batch, hid}, f));
            }
        }
    }

    /** Swaps the first two dims of an [a, b, n] array. */
    static double[] swap01(double[] v, int a, int b, int n) {
        double[] o = new double[v.length];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(v, (i * b + j) * n, o, (j * a + i) * n, n);
            }
        }
        return o;
    }

    private void expect(Tensor t, String name, long... shape) {
        if (!Arrays.equals(t.shape(), shape)) {
            throw c.error(name + " has shape " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape));
        }
    }
}
