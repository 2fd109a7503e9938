package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.util.Arrays;

/** Reshape: target shape as attribute (op set 1) or input (5+); 0 copies a dim unless allowzero (14+); one -1 is inferred. */
final class Reshape {

    private Reshape() {
    }

    static void v1(OpContext c) {
        Tensor x = c.input(0);
        long[] shape = c.attrLongs("shape", null);
        if (shape == null) {
            throw c.error("attribute 'shape' is required");
        }
        c.output(0, x.reshape(target(c, x.shape(), shape, false)));
    }

    static void v5(OpContext c) {
        Tensor x = c.input(0);
        long[] shape = Data.ints(c, c.input(1), "shape");
        boolean allowZero = c.attrLong("allowzero", 0) != 0;
        c.output(0, x.reshape(target(c, x.shape(), shape, allowZero)));
    }

    static long[] target(OpContext c, long[] in, long[] requested, boolean allowZero) {
        long[] out = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0 && !allowZero) {
                if (i >= in.length) {
                    throw c.error("shape " + Arrays.toString(requested) + " copies dimension " + i + " that input shape "
                            + Arrays.toString(in) + " does not have");
                }
                out[i] = in[i];
            }
            if (out[i] == -1) {
                if (infer >= 0) {
                    throw c.error("shape " + Arrays.toString(requested) + " has more than one -1");
                }
                if (allowZero && Arrays.stream(requested).anyMatch(d -> d == 0)) {
                    throw c.error("shape " + Arrays.toString(requested) + " has both -1 and 0 with allowzero=1");
                }
                infer = i;
            } else if (out[i] < 0) {
                throw c.error("shape " + Arrays.toString(requested) + " has invalid dimension " + out[i]);
            } else {
                known = Math.multiplyExact(known, out[i]);
            }
        }
        long total = Tensor.elementCount(in);
        if (infer >= 0) {
            if (known == 0 || total % known != 0) {
                throw c.error("cannot reshape " + Arrays.toString(in) + " to " + Arrays.toString(requested));
            }
            out[infer] = total / known;
        } else if (known != total) {
            throw c.error("cannot reshape " + Arrays.toString(in) + " (" + total + " elements) to " + Arrays.toString(requested));
        }
        return out;
    }
}
