package dev.modelx.runtime.kernels.nn;

import dev.modelx.runtime.OpContext;

/** RNN (op sets 1, 7, 14 with layout, 22): H = f(W x + R H + Wb + Rb), f defaulting to Tanh. */
public final class Rnn {

    private Rnn() {
    }

    public static void v1(OpContext c) {
        run(new Recurrent(c, 1, new String[] {"Tanh"}, false));
    }

    public static void v14(OpContext c) {
        run(new Recurrent(c, 1, new String[] {"Tanh"}, true));
    }

    private static void run(Recurrent m) {
        int hid = m.hid;
        double[] h0 = m.state(5, "initial_h");
        double[] y = new double[m.seq * m.dirs * m.batch * hid];
        double[] yh = new double[m.dirs * m.batch * hid];
        double[] wx = new double[hid];
        double[] rh = new double[hid];
        double[] h = new double[hid];
        for (int d = 0; d < m.dirs; d++) {
            Activation f = m.acts[d];
            for (int b = 0; b < m.batch; b++) {
                System.arraycopy(h0, (d * m.batch + b) * hid, h, 0, hid);
                int len = m.lens[b];
                for (int s = 0; s < len; s++) {
                    int t = m.reverse[d] ? len - 1 - s : s;
                    m.project(d, t, b, h, 0, wx, rh);
                    for (int j = 0; j < hid; j++) {
                        h[j] = f.apply(m.clip(wx[j] + rh[j]));
                    }
                    System.arraycopy(h, 0, y, ((t * m.dirs + d) * m.batch + b) * hid, hid);
                }
                System.arraycopy(h, 0, yh, (d * m.batch + b) * hid, hid);
            }
        }
        m.emit(y, yh);
    }
}
