package dev.modelx.runtime.kernels.nn;

import dev.modelx.runtime.OpContext;

/**
 * GRU (op sets 1, 3, 7, 14 with layout, 22). Gates z, r, h in that order in W, R and B;
 * linear_before_reset applies r after the recurrent product of the candidate (absent before op set 3,
 * where it is 0).
 */
public final class Gru {

    private static final String[] DEFAULTS = {"Sigmoid", "Tanh"};

    private Gru() {
    }

    public static void v1(OpContext c) {
        run(new Recurrent(c, 3, DEFAULTS, false), false);
    }

    public static void v3(OpContext c) {
        run(new Recurrent(c, 3, DEFAULTS, false), c.attrLong("linear_before_reset", 0) != 0);
    }

    public static void v14(OpContext c) {
        run(new Recurrent(c, 3, DEFAULTS, true), c.attrLong("linear_before_reset", 0) != 0);
    }

    private static void run(Recurrent m, boolean linearBeforeReset) {
        int hid = m.hid;
        double[] h0 = m.state(5, "initial_h");
        double[] y = new double[m.seq * m.dirs * m.batch * hid];
        double[] yh = new double[m.dirs * m.batch * hid];
        double[] wx = new double[3 * hid];
        double[] rh = new double[3 * hid];
        double[] h = new double[hid];
        double[] rGate = new double[hid];
        double[] zGate = new double[hid];
        double[] rTimesH = new double[hid];
        int g = 3 * hid;
        for (int d = 0; d < m.dirs; d++) {
            Activation f = m.acts[2 * d];
            Activation act = m.acts[2 * d + 1];
            int rBase = d * g * hid;
            int rbBase = d * 2 * g + g;
            for (int b = 0; b < m.batch; b++) {
                System.arraycopy(h0, (d * m.batch + b) * hid, h, 0, hid);
                int len = m.lens[b];
                for (int s = 0; s < len; s++) {
                    int t = m.reverse[d] ? len - 1 - s : s;
                    m.project(d, t, b, h, 0, wx, rh);
                    for (int j = 0; j < hid; j++) {
                        zGate[j] = f.apply(m.clip(wx[j] + rh[j]));
                        rGate[j] = f.apply(m.clip(wx[hid + j] + rh[hid + j]));
                    }
                    if (!linearBeforeReset) {
                        // the candidate's recurrent term is Rh (r * H) + Rbh, not r * (Rh H + Rbh)
                        for (int j = 0; j < hid; j++) {
                            rTimesH[j] = rGate[j] * h[j];
                        }
                    }
                    for (int j = 0; j < hid; j++) {
                        double cand;
                        if (linearBeforeReset) {
                            cand = wx[2 * hid + j] + rGate[j] * rh[2 * hid + j];
                        } else {
                            double q = m.bias[rbBase + 2 * hid + j];
                            int row = rBase + (2 * hid + j) * hid;
                            for (int k = 0; k < hid; k++) {
                                q += m.r[row + k] * rTimesH[k];
                            }
                            cand = wx[2 * hid + j] + q;
                        }
                        rh[2 * hid + j] = act.apply(m.clip(cand));
                    }
                    for (int j = 0; j < hid; j++) {
                        h[j] = (1 - zGate[j]) * rh[2 * hid + j] + zGate[j] * h[j];
                    }
                    System.arraycopy(h, 0, y, ((t * m.dirs + d) * m.batch + b) * hid, hid);
                }
                System.arraycopy(h, 0, yh, (d * m.batch + b) * hid, hid);
            }
        }
        m.emit(y, yh);
    }
}
