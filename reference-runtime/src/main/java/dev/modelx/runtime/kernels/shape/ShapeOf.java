package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.util.Arrays;

/** Shape (start/end slicing from op set 15) and Size, both int64. */
final class ShapeOf {

    private ShapeOf() {
    }

    static void shape(OpContext c) {
        long[] s = c.input(0).shape();
        int r = s.length;
        long start = c.attrLong("start", 0);
        long end = c.hasAttr("end") ? c.attrLong("end", r) : r;
        start = clamp(start < 0 ? start + r : start, r);
        end = clamp(end < 0 ? end + r : end, r);
        long[] out = start >= end ? new long[0] : Arrays.copyOfRange(s, (int) start, (int) end);
        c.output(0, Tensor.ofLongs(new long[] {out.length}, out));
    }

    static void size(OpContext c) {
        c.output(0, Tensor.scalar(c.input(0).size()));
    }

    private static long clamp(long v, int r) {
        return Math.max(0, Math.min(r, v));
    }
}
