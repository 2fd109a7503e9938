package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.util.Arrays;

/** CenterCropPad: crops or zero-pads each listed axis around its centre to the requested size. */
final class CenterCropPad {

    private CenterCropPad() {
    }

    static void v18(OpContext c) {
        Tensor x = c.input(0);
        long[] target = Data.ints(c, c.input(1), "shape");
        long[] s = x.shape();
        long[] axesL = c.attrLongs("axes", null);
        if (axesL == null) {
            axesL = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                axesL[i] = i;
            }
        }
        int[] axes = Data.axes(c, axesL, s.length);
        if (target.length != axes.length) {
            throw c.error("shape " + Arrays.toString(target) + " must have one entry per axis in " + Arrays.toString(axesL));
        }
        long[] out = s.clone();
        long[] offset = new long[s.length];
        for (int i = 0; i < axes.length; i++) {
            int a = axes[i];
            if (target[i] < 0) {
                throw c.error("negative size " + target[i] + " in shape " + Arrays.toString(target));
            }
            out[a] = target[i];
            offset[a] = target[i] <= s[a] ? (s[a] - target[i]) / 2 : -((target[i] - s[a]) / 2);
        }
        int n = Data.count(c, out, x.type());
        long[] strides = Data.strides(s);
        int[] idx = new int[n];
        long[] ix = new long[s.length];
        for (int i = 0; i < n; i++) {
            Data.unravel(i, out, ix);
            long pos = 0;
            for (int d = 0; d < s.length; d++) {
                long v = ix[d] + offset[d];
                if (v < 0 || v >= s[d]) {
                    pos = -1;
                    break;
                }
                pos += v * strides[d];
            }
            idx[i] = (int) pos;
        }
        c.output(0, Data.take(x, out, idx));
    }
}
