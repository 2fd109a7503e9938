package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;

import java.util.Arrays;

/** TopK: k as attribute (op set 1) or input (10+); largest/sorted from 11. Equal values keep index order. */
final class TopK {

    private TopK() {
    }

    static void v1(OpContext c) {
        if (!c.hasAttr("k")) {
            throw c.error("attribute 'k' is required");
        }
        run(c, c.attrLong("k", 0), true);
    }

    static void v10(OpContext c) {
        Tensor k = c.input(1);
        if (k.size() != 1) {
            throw c.error("k must hold one value, got shape " + Arrays.toString(k.shape()));
        }
        run(c, Data.ints(c, k, "k")[0], c.opset() < 11 || c.attrLong("largest", 1) != 0);
    }

    private static void run(OpContext c, long k, boolean largest) {
        Tensor x = c.input(0);
        long[] s = x.shape();
        if (s.length == 0) {
            throw c.error("input must have rank >= 1");
        }
        int a = Shapes.axis(c, c.attrLong("axis", -1), s.length);
        long dim = s[a];
        if (k < 0 || k > dim) {
            throw c.error("k " + k + " is out of range for axis " + a + " of size " + dim);
        }
        long[] out = s.clone();
        out[a] = k;
        int n = Data.count(c, out, x.type());
        final long inner = Data.inner(s, a);
        long outer = dim * inner == 0 ? 0 : x.size() / (dim * inner);
        Data.ElementOrder order = Data.order(c, x);
        int[] idx = new int[n];
        long[] positions = new long[n];
        Integer[] col = new Integer[(int) dim];
        for (long o = 0; o < outer; o++) {
            for (long i = 0; i < inner; i++) {
                long base = o * dim * inner + i;
                for (int j = 0; j < dim; j++) {
                    col[j] = j;
                }
                Arrays.sort(col, (p, q) -> {
                    int r = order.compare((int) (base + p * inner), (int) (base + q * inner));
                    return largest ? -r : r;
                });
                for (int j = 0; j < k; j++) {
                    int dst = (int) ((o * k + j) * inner + i);
                    idx[dst] = (int) (base + col[j] * inner);
                    positions[dst] = col[j];
                }
            }
        }
        c.output(0, Data.take(x, out, idx));
        c.output(1, Tensor.ofLongs(out, positions));
    }
}
