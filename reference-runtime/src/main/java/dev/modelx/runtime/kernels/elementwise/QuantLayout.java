package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;

import java.util.Arrays;

/**
 * For QuantizeLinear / DequantizeLinear: which scale (and zero point) element applies to each input
 * element, for per-tensor, per-axis and blocked granularity.
 */
final class QuantLayout {

    private QuantLayout() {
    }

    /** Index into the scale for each element of a tensor of shape {@code x}; checks the scale and zero point shapes. */
    static int[] paramIndex(OpContext c, long[] x, Tensor scale, Tensor zeroPoint) {
        long[] s = scale.shape();
        if (zeroPoint != null && !Arrays.equals(s, zeroPoint.shape()) && !(scale.size() == 1 && zeroPoint.size() == 1)) {
            throw c.error("scale shape " + OpContext.shape(s) + " and zero point shape "
                    + OpContext.shape(zeroPoint.shape()) + " differ");
        }
        int n = (int) Shapes.size(x);
        int[] idx = new int[n];
        long blockSize = c.attrLong("block_size", 0);
        if (blockSize < 0) {
            throw c.error("block_size must not be negative, got " + blockSize);
        }
        if (scale.size() == 1 && blockSize == 0) {
            return idx;
        }
        if (x.length == 0) {
            throw c.error("a scalar input needs a scalar scale, got shape " + OpContext.shape(s));
        }
        int axis = Shapes.axis(c, c.attrLong("axis", 1), x.length);
        long inner = 1;
        for (int d = axis + 1; d < x.length; d++) {
            inner *= x[d];
        }
        if (blockSize == 0) {
            if (s.length != 1 || s[0] != x[axis]) {
                throw c.error("per-axis scale must be 1-D of length " + x[axis] + " (axis " + axis + " of "
                        + OpContext.shape(x) + "), got shape " + OpContext.shape(s));
            }
            for (int i = 0; i < n; i++) {
                idx[i] = (int) ((i / inner) % x[axis]);
            }
            return idx;
        }
        if (s.length != x.length) {
            throw c.error("blocked scale must have the input's rank " + x.length + ", got shape " + OpContext.shape(s));
        }
        for (int d = 0; d < x.length; d++) {
            if (d != axis && s[d] != x[d]) {
                throw c.error("blocked scale shape " + OpContext.shape(s) + " must match input " + OpContext.shape(x)
                        + " except on axis " + axis);
            }
        }
        if (s[axis] != (x[axis] + blockSize - 1) / blockSize) {
            throw c.error("scale dimension " + s[axis] + " on axis " + axis + " does not fit block_size " + blockSize
                    + " over input dimension " + x[axis]);
        }
        long[] xs = Shapes.strides(x);
        long[] ss = Shapes.strides(s);
        for (int i = 0; i < n; i++) {
            long rem = i;
            long j = 0;
            for (int d = 0; d < x.length; d++) {
                long coord = rem / xs[d];
                rem %= xs[d];
                j += (d == axis ? coord / blockSize : coord) * ss[d];
            }
            idx[i] = (int) j;
        }
        return idx;
    }
}
