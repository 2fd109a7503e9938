package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;

/** ArgMax and ArgMin: int64 index of the first (or with select_last_index, op set 12, the last) extreme. */
final class ArgMinMax {

    private ArgMinMax() {
    }

    static void argMax(OpContext c) {
        run(c, true);
    }

    static void argMin(OpContext c) {
        run(c, false);
    }

    private static void run(OpContext c, boolean max) {
        Tensor x = c.input(0);
        long[] s = x.shape();
        if (s.length == 0) {
            throw c.error("input must have rank >= 1");
        }
        int a = Shapes.axis(c, c.attrLong("axis", 0), s.length);
        boolean keep = c.attrLong("keepdims", 1) != 0;
        boolean last = c.attrLong("select_last_index", 0) != 0;
        long dim = s[a];
        if (dim == 0) {
            throw c.error("cannot take the arg" + (max ? "max" : "min") + " of the empty axis " + a);
        }
        long inner = 1;
        for (int d = a + 1; d < s.length; d++) {
            inner *= s[d];
        }
        long outer = x.size() / (dim * inner == 0 ? 1 : dim * inner);
        Data.ElementOrder order = Data.order(c, x);
        boolean[] nan = null;
        if (x.type().isFloatingPoint()) {
            nan = new boolean[(int) x.size()];
            for (int i = 0; i < nan.length; i++) {
                nan[i] = Double.isNaN(x.getDouble(i));
            }
        }
        long[] res = new long[(int) (outer * inner)];
        for (long o = 0; o < outer; o++) {
            for (long i = 0; i < inner; i++) {
                long base = o * dim * inner + i;
                int best = 0;
                for (int j = 1; j < dim; j++) {
                    int pj = (int) (base + j * inner);
                    int pb = (int) (base + best * inner);
                    int r;
                    if (nan != null && (nan[pj] || nan[pb])) {
                        // numpy's argmax and argmin both stop at the first NaN
                        r = nan[pb] ? (nan[pj] ? 0 : -1) : 1;
                    } else {
                        r = max ? order.compare(pj, pb) : order.compare(pb, pj);
                    }
                    if (r > 0 || r == 0 && last) {
                        best = j;
                    }
                }
                res[(int) (o * inner + i)] = best;
            }
        }
        long[] out;
        if (keep) {
            out = s.clone();
            out[a] = 1;
        } else {
            out = new long[s.length - 1];
            for (int d = 0, k = 0; d < s.length; d++) {
                if (d != a) {
                    out[k++] = s[d];
                }
            }
        }
        c.output(0, Tensor.ofLongs(out, res));
    }
}
