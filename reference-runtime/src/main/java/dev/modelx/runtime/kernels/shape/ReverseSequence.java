package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;

import java.util.Arrays;

/** ReverseSequence: reverses the first sequence_lens[b] steps along time_axis for each batch entry b. */
final class ReverseSequence {

    private ReverseSequence() {
    }

    static void v10(OpContext c) {
        Tensor x = c.input(0);
        long[] lens = Data.ints(c, c.input(1), "sequence_lens");
        long[] s = x.shape();
        if (s.length < 2) {
            throw c.error("input must have rank >= 2, got shape " + Arrays.toString(s));
        }
        int ba = Shapes.axis(c, c.attrLong("batch_axis", 1), s.length);
        int ta = Shapes.axis(c, c.attrLong("time_axis", 0), s.length);
        if (ba > 1 || ta > 1 || ba == ta) {
            throw c.error("batch_axis and time_axis must be 0 and 1 in some order, got " + ba + " and " + ta);
        }
        if (lens.length != s[ba]) {
            throw c.error("sequence_lens has " + lens.length + " entries for batch size " + s[ba]);
        }
        for (long l : lens) {
            if (l < 0 || l > s[ta]) {
                throw c.error("sequence length " + l + " is outside [0, " + s[ta] + "]");
            }
        }
        int n = (int) x.size();
        long[] strides = Data.strides(s);
        int[] idx = new int[n];
        long[] ix = new long[s.length];
        for (int i = 0; i < n; i++) {
            Data.unravel(i, s, ix);
            long t = ix[ta];
            long len = lens[(int) ix[ba]];
            long src = t < len ? len - 1 - t : t;
            idx[i] = (int) (i + (src - t) * strides[ta]);
        }
        c.output(0, Data.take(x, s, idx));
    }
}
