package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.util.Arrays;

/** Squeeze and Unsqueeze: axes as attribute before op set 13, as an input from 13. */
final class Squeeze {

    private Squeeze() {
    }

    static void squeezeV1(OpContext c) {
        squeeze(c, c.attrLongs("axes", null));
    }

    static void squeezeV13(OpContext c) {
        Tensor axes = c.optionalInput(1);
        squeeze(c, axes == null ? null : Data.ints(c, axes, "axes"));
    }

    static void unsqueezeV1(OpContext c) {
        long[] axes = c.attrLongs("axes", null);
        if (axes == null) {
            throw c.error("attribute 'axes' is required");
        }
        unsqueeze(c, axes);
    }

    static void unsqueezeV13(OpContext c) {
        unsqueeze(c, Data.ints(c, c.input(1), "axes"));
    }

    private static void squeeze(OpContext c, long[] axes) {
        Tensor x = c.input(0);
        long[] s = x.shape();
        boolean[] drop = new boolean[s.length];
        if (axes == null || axes.length == 0) {
            for (int i = 0; i < s.length; i++) {
                drop[i] = s[i] == 1;
            }
        } else {
            for (int a : Data.axes(c, axes, s.length)) {
                if (s[a] != 1) {
                    throw c.error("cannot squeeze axis " + a + " of size " + s[a] + " in shape " + Arrays.toString(s));
                }
                drop[a] = true;
            }
        }
        long[] out = new long[s.length];
        int k = 0;
        for (int i = 0; i < s.length; i++) {
            if (!drop[i]) {
                out[k++] = s[i];
            }
        }
        c.output(0, x.reshape(Arrays.copyOf(out, k)));
    }

    private static void unsqueeze(OpContext c, long[] axes) {
        Tensor x = c.input(0);
        long[] s = x.shape();
        int rank = s.length + axes.length;
        boolean[] added = new boolean[rank];
        for (int a : Data.axes(c, axes, rank)) {
            added[a] = true;
        }
        long[] out = new long[rank];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            out[i] = added[i] ? 1 : s[k++];
        }
        c.output(0, x.reshape(out));
    }
}
