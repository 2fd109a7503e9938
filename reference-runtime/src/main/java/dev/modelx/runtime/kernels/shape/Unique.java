package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Unique: distinct elements (or slices along 'axis'), sorted ascending or in order of first occurrence,
 * with first-occurrence indices, inverse indices and counts.
 */
final class Unique {

    private Unique() {
    }

    static void v11(OpContext c) {
        Tensor x = c.input(0);
        boolean sorted = c.attrLong("sorted", 1) != 0;
        Tensor src = x;
        int a;
        if (c.hasAttr("axis")) {
            a = Shapes.axis(c, c.attrLong("axis", 0), x.rank());
        } else {
            src = x.reshape(x.size());
            a = 0;
        }
        long[] s = src.shape();
        int dim = (int) s[a];
        long inner = 1;
        for (int d = a + 1; d < s.length; d++) {
            inner *= s[d];
        }
        long outer = dim * inner == 0 ? 0 : src.size() / (dim * inner);
        long innerF = inner;
        Data.ElementOrder order = Data.order(c, src);
        Integer[] units = new Integer[dim];
        for (int u = 0; u < dim; u++) {
            units[u] = u;
        }
        java.util.Comparator<Integer> byValue = (p, q) -> {
            for (long o = 0; o < outer; o++) {
                for (long i = 0; i < innerF; i++) {
                    int r = order.compare((int) ((o * dim + p) * innerF + i), (int) ((o * dim + q) * innerF + i));
                    if (r != 0) {
                        return r;
                    }
                }
            }
            return 0;
        };
        Integer[] byVal = units.clone();
        Arrays.sort(byVal, byValue.thenComparing(u -> u));
        // groups in value order; each group's first member is its first occurrence
        List<int[]> groups = new ArrayList<>();
        int[] groupOf = new int[dim];
        int start = 0;
        for (int j = 1; j <= dim; j++) {
            if (j == dim || byValue.compare(byVal[j], byVal[start]) != 0) {
                groups.add(new int[] {byVal[start], j - start, start});
                start = j;
            }
        }
        if (!sorted) {
            groups.sort((g, h) -> Integer.compare(g[0], h[0]));
        }
        int m = groups.size();
        long[] first = new long[m];
        long[] counts = new long[m];
        for (int gi = 0; gi < m; gi++) {
            int[] g = groups.get(gi);
            first[gi] = g[0];
            counts[gi] = g[1];
            for (int j = g[2]; j < g[2] + g[1]; j++) {
                groupOf[byVal[j]] = gi;
            }
        }
        long[] inverse = new long[dim];
        for (int u = 0; u < dim; u++) {
            inverse[u] = groupOf[u];
        }
        long[] out = s.clone();
        out[a] = m;
        int n = Data.count(c, out, x.type());
        int[] idx = new int[n];
        int p = 0;
        for (long o = 0; o < outer; o++) {
            for (int gi = 0; gi < m; gi++) {
                for (long i = 0; i < inner; i++) {
                    idx[p++] = (int) ((o * dim + first[gi]) * inner + i);
                }
            }
        }
        c.output(0, Data.take(src, out, idx));
        c.output(1, Tensor.ofLongs(new long[] {m}, first));
        c.output(2, Tensor.ofLongs(new long[] {dim}, inverse));
        c.output(3, Tensor.ofLongs(new long[] {m}, counts));
    }
}
