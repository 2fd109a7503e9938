package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

/** Flatten: to 2-D at {@code axis} (negative axes from op set 11). */
final class Flatten {

    private Flatten() {
    }

    static void v1(OpContext c) {
        Tensor x = c.input(0);
        long[] s = x.shape();
        long axis = c.attrLong("axis", 1);
        long a = axis < 0 ? axis + s.length : axis;
        if (a < 0 || a > s.length) {
            throw c.error("axis " + axis + " is out of range for rank " + s.length);
        }
        long outer = 1;
        long inner = 1;
        for (int i = 0; i < s.length; i++) {
            if (i < a) {
                outer *= s[i];
            } else {
                inner *= s[i];
            }
        }
        c.output(0, x.reshape(outer, inner));
    }
}
