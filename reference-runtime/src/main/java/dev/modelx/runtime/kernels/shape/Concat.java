package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Concat: joins tensors along {@code axis} (required from op set 4, negative from 11). */
final class Concat {

    private Concat() {
    }

    static void v1(OpContext c) {
        List<Tensor> xs = new ArrayList<>();
        for (int i = 0; i < c.inputCount(); i++) {
            if (c.hasInput(i)) {
                xs.add(c.input(i));
            }
        }
        if (xs.isEmpty()) {
            throw c.error("needs at least one input");
        }
        if (!c.hasAttr("axis") && c.opset() >= 4) {
            throw c.error("attribute 'axis' is required");
        }
        c.output(0, concat(c, xs, c.attrLong("axis", 1)));
    }

    static Tensor concat(OpContext c, List<Tensor> xs, long axis) {
        Tensor first = xs.get(0);
        long[] s0 = first.shape();
        int rank = s0.length;
        if (rank == 0) {
            throw c.error("cannot concatenate scalars");
        }
        int a = dev.modelx.runtime.Shapes.axis(c, axis, rank);
        long total = 0;
        for (Tensor t : xs) {
            long[] s = t.shape();
            if (t.type() != first.type()) {
                throw c.error("inputs have different types " + first.type().displayName() + " and " + t.type().displayName());
            }
            if (s.length != rank) {
                throw c.error("inputs have different ranks: " + Arrays.toString(s0) + " and " + Arrays.toString(s));
            }
            for (int d = 0; d < rank; d++) {
                if (d != a && s[d] != s0[d]) {
                    throw c.error("shapes " + Arrays.toString(s0) + " and " + Arrays.toString(s) + " differ outside axis " + a);
                }
            }
            total += s[a];
        }
        long[] out = s0.clone();
        out[a] = total;
        int n = Data.count(c, out, first.type());
        long outer = 1;
        for (int d = 0; d < a; d++) {
            outer *= s0[d];
        }
        int w = Data.width(first.type());
        Object dst = Data.alloc(first.type(), n);
        int pos = 0;
        for (long o = 0; o < outer; o++) {
            for (Tensor t : xs) {
                int block = (int) (t.size() / Math.max(outer, 1));
                if (block > 0) {
                    System.arraycopy(t.array(), (int) (o * block) * w, dst, pos * w, block * w);
                }
                pos += block;
            }
        }
        return Tensor.of(first.type(), out, dst);
    }
}
