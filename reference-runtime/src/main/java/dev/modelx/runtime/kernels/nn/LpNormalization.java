package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;
import dev.modelx.runtime.Tensors;

/** LpNormalization (op sets 1, 22): X divided by its L1 or L2 norm along one axis (a zero norm gives zeros). */
public final class LpNormalization {

    private LpNormalization() {
    }

    public static void run(OpContext c) {
        Tensor x = c.input(0);
        Nn.requireFloat(c, x, "input");
        long[] s = x.shape();
        int axis = Shapes.axis(c, c.attrLong("axis", -1), s.length);
        long p = c.attrLong("p", 2);
        if (p != 1 && p != 2) {
            throw c.error("p must be 1 or 2, got " + p);
        }
        int outer = Nn.prod(s, 0, axis);
        int len = s.length == 0 ? 1 : (int) s[axis];
        int inner = Nn.prod(s, axis + 1, s.length);
        double[] v = Nn.doubles(x);
        double[] y = new double[v.length];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * len * inner + in;
                double norm = 0;
                for (int k = 0; k < len; k++) {
                    double e = v[base + k * inner];
                    norm += p == 1 ? Math.abs(e) : e * e;
                }
                if (p == 2) {
                    norm = Math.sqrt(norm);
                }
                for (int k = 0; k < len; k++) {
                    int i = base + k * inner;
                    y[i] = norm == 0 ? 0 : v[i] / norm;
                }
            }
        }
        c.output(0, Tensors.fromDoubles(x.type(), s, y));
    }
}
