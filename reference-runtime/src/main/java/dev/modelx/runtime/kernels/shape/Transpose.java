package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.util.Arrays;

/** Transpose: permutes axes by {@code perm} (default: reversed). */
final class Transpose {

    private Transpose() {
    }

    static void v1(OpContext c) {
        Tensor x = c.input(0);
        int rank = x.rank();
        long[] perm = c.attrLongs("perm", null);
        if (perm == null) {
            perm = new long[rank];
            for (int i = 0; i < rank; i++) {
                perm[i] = rank - 1 - i;
            }
        }
        if (perm.length != rank) {
            throw c.error("perm " + Arrays.toString(perm) + " does not match rank " + rank);
        }
        int[] p = Data.axes(c, perm, rank);
        c.output(0, permute(x, p));
    }

    /** Output axis i is input axis p[i]. */
    static Tensor permute(Tensor x, int[] p) {
        long[] s = x.shape();
        int rank = s.length;
        long[] out = new long[rank];
        long[] inStrides = Data.strides(s);
        long[] st = new long[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = s[p[i]];
            st[i] = inStrides[p[i]];
        }
        int n = (int) x.size();
        int[] idx = new int[n];
        int[] counter = new int[rank];
        long pos = 0;
        for (int i = 0; i < n; i++) {
            idx[i] = (int) pos;
            for (int d = rank - 1; d >= 0; d--) {
                counter[d]++;
                pos += st[d];
                if (counter[d] < out[d]) {
                    break;
                }
                pos -= st[d] * counter[d];
                counter[d] = 0;
            }
        }
        return Data.take(x, out, idx);
    }
}
