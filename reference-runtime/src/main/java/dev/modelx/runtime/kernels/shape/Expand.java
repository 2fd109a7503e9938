package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;

import java.util.Arrays;

/** Expand (bidirectional broadcast to a shape) and Tile (repeats per axis; as input from op set 6). */
final class Expand {

    private Expand() {
    }

    static void expand(OpContext c) {
        Tensor x = c.input(0);
        long[] shape = Data.ints(c, c.input(1), "shape");
        for (long d : shape) {
            if (d < 0) {
                throw c.error("negative dimension " + d + " in shape " + Arrays.toString(shape));
            }
        }
        long[] out = Shapes.broadcast(c, x.shape(), shape);
        Data.count(c, out, x.type());
        c.output(0, Data.take(x, out, Shapes.broadcastIndex(x.shape(), out)));
    }

    static void tileV1(OpContext c) {
        Tensor x = c.input(0);
        long tiles = Data.scalarLong(c, c.input(1), "tiles");
        int axis = Shapes.axis(c, Data.scalarLong(c, c.input(2), "axis"), x.rank());
        long[] reps = new long[x.rank()];
        Arrays.fill(reps, 1);
        reps[axis] = tiles;
        c.output(0, tile(c, x, reps));
    }

    static void tileV6(OpContext c) {
        c.output(0, tile(c, c.input(0), Data.ints(c, c.input(1), "repeats")));
    }

    private static Tensor tile(OpContext c, Tensor x, long[] reps) {
        long[] s = x.shape();
        if (reps.length != s.length) {
            throw c.error("repeats " + Arrays.toString(reps) + " must have one entry per axis of " + Arrays.toString(s));
        }
        long[] out = new long[s.length];
        for (int d = 0; d < s.length; d++) {
            if (reps[d] < 0) {
                throw c.error("negative repeat " + reps[d] + " in " + Arrays.toString(reps));
            }
            out[d] = s[d] * reps[d];
        }
        int n = Data.count(c, out, x.type());
        long[] strides = Data.strides(s);
        int[] idx = new int[n];
        long[] ix = new long[s.length];
        for (int i = 0; i < n; i++) {
            Data.unravel(i, out, ix);
            long pos = 0;
            for (int d = 0; d < s.length; d++) {
                pos += (ix[d] % s[d]) * strides[d];
            }
            idx[i] = (int) pos;
        }
        return Data.take(x, out, idx);
    }
}
