package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;

import java.util.Arrays;

/** Compress (keep slices where a bool condition holds) and NonZero (coordinates of non-zero elements). */
final class Select {

    private Select() {
    }

    static void compress(OpContext c) {
        Tensor x = c.input(0);
        Tensor cond = c.input(1);
        if (cond.rank() != 1) {
            throw c.error("condition must be 1-D, got shape " + Arrays.toString(cond.shape()));
        }
        long[] s = x.shape();
        Tensor src = x;
        int a;
        if (c.hasAttr("axis")) {
            a = Shapes.axis(c, c.attrLong("axis", 0), s.length);
        } else {
            src = x.reshape(x.size());
            s = src.shape();
            a = 0;
        }
        long dim = s[a];
        long[] keep = new long[(int) Math.min(dim, cond.size())];
        int kept = 0;
        for (int i = 0; i < cond.size(); i++) {
            if (cond.getDouble(i) != 0) {
                if (i >= dim) {
                    throw c.error("condition selects index " + i + " beyond axis " + a + " of size " + dim);
                }
                keep[kept++] = i;
            }
        }
        long[] out = s.clone();
        out[a] = kept;
        int n = Data.count(c, out, x.type());
        long inner = 1;
        for (int d = a + 1; d < s.length; d++) {
            inner *= s[d];
        }
        int[] idx = new int[n];
        int p = 0;
        long outer = kept * inner == 0 ? 0 : n / (kept * inner);
        for (long o = 0; o < outer; o++) {
            for (int j = 0; j < kept; j++) {
                long base = (o * dim + keep[j]) * inner;
                for (long i = 0; i < inner; i++) {
                    idx[p++] = (int) (base + i);
                }
            }
        }
        c.output(0, Data.take(src, out, idx));
    }

    static void nonZero(OpContext c) {
        Tensor x = c.input(0);
        long[] s = x.rank() == 0 ? new long[] {1} : x.shape();
        int n = (int) x.size();
        boolean[] nz = new boolean[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            nz[i] = x.type() == DataType.STRING ? !x.strings()[i].isEmpty() : x.getDouble(i) != 0;
            if (nz[i]) {
                count++;
            }
        }
        int rank = s.length;
        long[] out = new long[rank * count];
        long[] ix = new long[rank];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (nz[i]) {
                Data.unravel(i, s, ix);
                for (int d = 0; d < rank; d++) {
                    out[d * count + k] = ix[d];
                }
                k++;
            }
        }
        c.output(0, Tensor.ofLongs(new long[] {rank, count}, out));
    }
}
