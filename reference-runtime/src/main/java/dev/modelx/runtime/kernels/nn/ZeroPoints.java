package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.util.Arrays;

/**
 * Per-tensor, per-row (A side) or per-column (B side) quantisation parameters of the integer matmuls. A
 * 1-D parameter of length M on the A side means one value per row, so it is viewed as [M, 1].
 */
final class ZeroPoints {

    private ZeroPoints() {
    }

    /** The shape a parameter broadcasts with: a per-row vector of the A side becomes a column. */
    static long[] paramShape(OpContext c, Tensor param, long[] operand, boolean aSide, String what) {
        long[] s = param.shape();
        if (param.size() == 1) {
            return new long[0];
        }
        if (aSide && s.length == 1 && operand.length >= 2) {
            s = new long[] {s[0], 1};
        }
        return s;
    }

    /** Index map of the parameter onto {@code target}; an error naming both shapes when they don't fit. */
    static int[] index(OpContext c, Tensor param, long[] operand, boolean aSide, long[] target, String what) {
        long[] s = paramShape(c, param, operand, aSide, what);
        if (s.length > target.length) {
            throw c.error(what + " of shape " + Arrays.toString(param.shape()) + " does not fit " + Arrays.toString(target));
        }
        for (int i = 0; i < s.length; i++) {
            long d = s[s.length - 1 - i];
            long t = target[target.length - 1 - i];
            if (d != 1 && d != t) {
                throw c.error(what + " of shape " + Arrays.toString(param.shape()) + " does not fit " + Arrays.toString(target));
            }
        }
        return dev.modelx.runtime.Shapes.broadcastIndex(s, target);
    }

    /**
     * The operand's values minus its zero point (none: the values themselves), as doubles: exact for the
     * 8-bit integer and float8 operands these ops take.
     */
    static double[] subtract(OpContext c, Tensor t, Tensor zp, boolean aSide, String what) {
        double[] v = t.toDoubleArray();
        if (zp == null) {
            return v;
        }
        if (zp.type() != t.type()) {
            throw c.error(what + " must have the operand's type " + t.type().displayName() + ", got " + zp.type().displayName());
        }
        long[] shape = t.shape();
        int[] idx = index(c, zp, shape, aSide, shape, what);
        for (int i = 0; i < v.length; i++) {
            v[i] -= zp.getDouble(idx[i]);
        }
        return v;
    }
}
