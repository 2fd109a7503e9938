package dev.modelx.runtime.kernels.nn;

import dev.modelx.runtime.OpContext;

/**
 * LSTM (op sets 1, 7, 14 with layout, 22). Gates i, o, f, c in that order in W, R and B; peepholes P are
 * i, o, f. input_forget couples the forget gate to 1 - i.
 */
public final class Lstm {

    private static final String[] DEFAULTS = {"Sigmoid", "Tanh", "Tanh"};

    private Lstm() {
    }

    public static void v1(OpContext c) {
        run(new Recurrent(c, 4, DEFAULTS, false));
    }

    public static void v14(OpContext c) {
        run(new Recurrent(c, 4, DEFAULTS, true));
    }

    private static void run(Recurrent m) {
        int hid = m.hid;
        double[] h0 = m.state(5, "initial_h");
        double[] c0 = m.state(6, "initial_c");
        double[] p = m.peepholes(7);
        boolean coupled = m.c.attrLong("input_forget", 0) != 0;
        double[] y = new double[m.seq * m.dirs * m.batch * hid];
        double[] yh = new double[m.dirs * m.batch * hid];
        double[] yc = new double[m.dirs * m.batch * hid];
        double[] wx = new double[4 * hid];
        double[] rh = new double[4 * hid];
        double[] h = new double[hid];
        double[] cell = new double[hid];
        for (int d = 0; d < m.dirs; d++) {
            Activation f = m.acts[3 * d];
            Activation g = m.acts[3 * d + 1];
            Activation ha = m.acts[3 * d + 2];
            int pBase = d * 3 * hid;
            for (int b = 0; b < m.batch; b++) {
                int sOff = (d * m.batch + b) * hid;
                System.arraycopy(h0, sOff, h, 0, hid);
                System.arraycopy(c0, sOff, cell, 0, hid);
                int len = m.lens[b];
                for (int s = 0; s < len; s++) {
                    int t = m.reverse[d] ? len - 1 - s : s;
                    m.project(d, t, b, h, 0, wx, rh);
                    for (int j = 0; j < hid; j++) {
                        double pi = p == null ? 0 : p[pBase + j];
                        double po = p == null ? 0 : p[pBase + hid + j];
                        double pf = p == null ? 0 : p[pBase + 2 * hid + j];
                        double it = f.apply(m.clip(wx[j] + rh[j] + pi * cell[j]));
                        double ft = coupled ? 1 - it : f.apply(m.clip(wx[2 * hid + j] + rh[2 * hid + j] + pf * cell[j]));
                        double ct = g.apply(m.clip(wx[3 * hid + j] + rh[3 * hid + j]));
                        cell[j] = ft * cell[j] + it * ct;
                        double ot = f.apply(m.clip(wx[hid + j] + rh[hid + j] + po * cell[j]));
                        h[j] = ot * ha.apply(cell[j]);
                    }
                    System.arraycopy(h, 0, y, ((t * m.dirs + d) * m.batch + b) * hid, hid);
                }
                System.arraycopy(h, 0, yh, sOff, hid);
                System.arraycopy(cell, 0, yc, sOff, hid);
            }
        }
        m.emit(y, yh, yc);
    }
}
