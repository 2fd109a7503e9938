package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.util.Arrays;

/** Slice: starts/ends/axes as attributes in op set 1, as inputs with steps from 10; numpy clamping. */
final class Slice {

    private Slice() {
    }

    static void v1(OpContext c) {
        Tensor x = c.input(0);
        long[] starts = c.attrLongs("starts", null);
        long[] ends = c.attrLongs("ends", null);
        if (starts == null || ends == null) {
            throw c.error("attributes 'starts' and 'ends' are required");
        }
        c.output(0, slice(c, x, starts, ends, c.attrLongs("axes", null), null));
    }

    static void v10(OpContext c) {
        Tensor x = c.input(0);
        long[] starts = Data.ints(c, c.input(1), "starts");
        long[] ends = Data.ints(c, c.input(2), "ends");
        Tensor axes = c.optionalInput(3);
        Tensor steps = c.optionalInput(4);
        c.output(0, slice(c, x, starts, ends, axes == null ? null : Data.ints(c, axes, "axes"),
                steps == null ? null : Data.ints(c, steps, "steps")));
    }

    static Tensor slice(OpContext c, Tensor x, long[] starts, long[] ends, long[] axesIn, long[] steps) {
        long[] s = x.shape();
        int rank = s.length;
        if (starts.length != ends.length) {
            throw c.error("starts " + Arrays.toString(starts) + " and ends " + Arrays.toString(ends) + " differ in length");
        }
        long[] axesL = axesIn;
        if (axesL == null) {
            axesL = new long[starts.length];
            for (int i = 0; i < axesL.length; i++) {
                axesL[i] = i;
            }
        }
        if (axesL.length != starts.length || steps != null && steps.length != starts.length) {
            throw c.error("starts, ends, axes and steps must have the same length");
        }
        int[] axes = Data.axes(c, axesL, rank);
        long[] first = new long[rank];
        long[] step = new long[rank];
        long[] out = s.clone();
        Arrays.fill(step, 1);
        for (int i = 0; i < axes.length; i++) {
            int a = axes[i];
            long d = s[a];
            long st = steps == null ? 1 : steps[i];
            if (st == 0) {
                throw c.error("step 0 on axis " + a);
            }
            long b = starts[i];
            long e = ends[i];
            b = b < 0 ? b + d : b;
            e = e < 0 ? e + d : e;
            if (st > 0) {
                b = clamp(b, 0, d);
                e = clamp(e, 0, d);
            } else {
                b = clamp(b, 0, d - 1);
                e = clamp(e, -1, d - 1);
            }
            long count = st > 0 ? (e - b + st - 1) / st : (b - e + (-st) - 1) / (-st);
            first[a] = b;
            step[a] = st;
            out[a] = d == 0 ? 0 : Math.max(0, count);
        }
        int n = Data.count(c, out, x.type());
        long[] inStrides = Data.strides(s);
        int[] idx = new int[n];
        long[] ix = new long[rank];
        for (int i = 0; i < n; i++) {
            Data.unravel(i, out, ix);
            long pos = 0;
            for (int d = 0; d < rank; d++) {
                pos += (first[d] + ix[d] * step[d]) * inStrides[d];
            }
            idx[i] = (int) pos;
        }
        return Data.take(x, out, idx);
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
