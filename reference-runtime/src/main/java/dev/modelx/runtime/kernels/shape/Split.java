package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.util.Arrays;

/**
 * Split: part sizes from the 'split' attribute (op sets 1-12; op set 1 also takes a second input), the
 * 'split' input (13+), 'num_outputs' with a smaller last chunk (18+), or equal parts per output.
 */
final class Split {

    private Split() {
    }

    static void v1(OpContext c) {
        long[] split = c.attrLongs("split", null);
        if (split == null && c.hasInput(1)) {
            split = Data.ints(c, c.input(1), "split");
        }
        run(c, split, 0);
    }

    static void v2(OpContext c) {
        run(c, c.attrLongs("split", null), 0);
    }

    static void v13(OpContext c) {
        Tensor s = c.optionalInput(1);
        run(c, s == null ? null : Data.ints(c, s, "split"), 0);
    }

    static void v18(OpContext c) {
        Tensor s = c.optionalInput(1);
        long num = c.attrLong("num_outputs", 0);
        if (s != null && c.hasAttr("num_outputs")) {
            throw c.error("'split' input and 'num_outputs' attribute are both given");
        }
        if (s == null && !c.hasAttr("num_outputs")) {
            throw c.error("either the 'split' input or the 'num_outputs' attribute is required");
        }
        run(c, s == null ? null : Data.ints(c, s, "split"), num);
    }

    private static void run(OpContext c, long[] split, long numOutputs) {
        Tensor x = c.input(0);
        long[] s = x.shape();
        int a = dev.modelx.runtime.Shapes.axis(c, c.attrLong("axis", 0), s.length);
        long dim = s[a];
        int outs = c.outputCount();
        if (split == null) {
            long parts = numOutputs > 0 ? numOutputs : outs;
            if (parts != outs) {
                throw c.error("num_outputs " + numOutputs + " does not match the " + outs + " outputs");
            }
            split = new long[outs];
            if (numOutputs > 0) {
                long chunk = (dim + parts - 1) / parts;
                long left = dim;
                for (int i = 0; i < outs; i++) {
                    split[i] = Math.min(chunk, left);
                    left -= split[i];
                }
            } else {
                if (dim % outs != 0) {
                    throw c.error("dimension " + dim + " of axis " + a + " does not split into " + outs + " equal parts");
                }
                Arrays.fill(split, dim / outs);
            }
        }
        if (split.length != outs) {
            throw c.error("split " + Arrays.toString(split) + " has " + split.length + " parts for " + outs + " outputs");
        }
        long sum = 0;
        for (long p : split) {
            if (p < 0) {
                throw c.error("split " + Arrays.toString(split) + " has a negative part");
            }
            sum += p;
        }
        if (sum != dim) {
            throw c.error("split " + Arrays.toString(split) + " sums to " + sum + ", not dimension " + dim + " of axis " + a);
        }
        long start = 0;
        for (int i = 0; i < outs; i++) {
            if (c.wantsOutput(i)) {
                c.output(i, Slice.slice(c, x, new long[] {start}, new long[] {start + split[i]}, new long[] {a}, null));
            }
            start += split[i];
        }
    }
}
