package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.util.Arrays;

/** OneHot: inserts a depth axis at 'axis'; negative indices count from depth (op set 11), out-of-range rows stay off. */
final class OneHot {

    private OneHot() {
    }

    static void v9(OpContext c) {
        Tensor indices = c.input(0);
        Tensor depthT = c.input(1);
        Tensor values = c.input(2);
        if (values.size() != 2) {
            throw c.error("values must hold [off_value, on_value], got shape " + Arrays.toString(values.shape()));
        }
        if (depthT.size() != 1) {
            throw c.error("depth must be a scalar or one-element tensor, got shape " + Arrays.toString(depthT.shape()));
        }
        long depth = (long) depthT.getDouble(0);
        if (depth < 1) {
            throw c.error("depth must be positive, got " + depth);
        }
        long[] is = indices.shape();
        int rank = is.length + 1;
        long axis = c.attrLong("axis", -1);
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw c.error("axis " + axis + " is out of range for output rank " + rank);
        }
        long[] out = new long[rank];
        System.arraycopy(is, 0, out, 0, (int) a);
        out[(int) a] = depth;
        System.arraycopy(is, (int) a, out, (int) a + 1, is.length - (int) a);
        int n = Data.count(c, out, values.type());
        double[] ind = indices.toDoubleArray();
        long inner = 1;
        for (int d = (int) a; d < is.length; d++) {
            inner *= is[d];
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            long o = i / (depth * inner);
            long k = (i / inner) % depth;
            long r = i % inner;
            long v = (long) ind[(int) (o * inner + r)];
            if (v < 0 && c.opset() >= 11) {
                v += depth;
            }
            idx[i] = v == k ? 1 : 0;
        }
        c.output(0, Data.take(values.reshape(2), out, idx));
    }
}
