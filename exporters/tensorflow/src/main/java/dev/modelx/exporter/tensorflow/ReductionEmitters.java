package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;

import java.util.Arrays;

/** The Reduce* family: Sum/Mean/Max/Min/Prod directly, L1/L2/LogSum/LogSumExp/SumSquare composed. */
final class ReductionEmitters {

    private ReductionEmitters() {
    }

    static void register(Emitters r) {
        r.register(c -> reduce(c, null, "Sum", null), "ReduceSum");
        r.register(c -> reduce(c, null, "Mean", null), "ReduceMean");
        r.register(c -> reduce(c, null, "Max", null), "ReduceMax");
        r.register(c -> reduce(c, null, "Min", null), "ReduceMin");
        r.register(c -> reduce(c, null, "Prod", null), "ReduceProd");
        r.register(c -> reduce(c, "Abs", "Sum", null), "ReduceL1");
        r.register(c -> reduce(c, "Square", "Sum", "Sqrt"), "ReduceL2");
        r.register(c -> reduce(c, null, "Sum", "Log"), "ReduceLogSum");
        r.register(c -> reduce(c, "Exp", "Sum", "Log"), "ReduceLogSumExp");
        r.register(c -> reduce(c, "Square", "Sum", null), "ReduceSumSquare");
    }

    /**
     * {@code post(reduce(pre(x)))} over the axes (attribute before opset 18 — 13 for ReduceSum — input
     * after). With keepdims the reduction runs in the input's physical layout, which the result keeps.
     */
    private static void reduce(EmitContext c, String pre, String op, String post) {
        Val x = c.require(0, "data");
        int rank = c.rank(x, "the input");
        boolean keep = c.node.attrLong("keepdims", 1) != 0;
        long[] axes = c.node.hasAttribute("axes") ? c.node.attrLongs("axes", null)
                : c.in(1) == null ? null : c.constLongs(c.in(1), "axes");
        if (axes == null || axes.length == 0) {
            if (c.node.attrLong("noop_with_empty_axes", 0) != 0) {
                c.out(0, ElementwiseEmitters.unary(c, "Identity", x, null));
                return;
            }
            axes = new long[rank];
            for (int i = 0; i < rank; i++) {
                axes[i] = i;
            }
        }
        boolean[] reduced = new boolean[rank];
        for (long a : axes) {
            reduced[Shapes.axis(a, rank)] = true;
        }
        int[] p = keep && !x.isConstant() && x.perm() != null ? x.perm() : null;
        String in = p == null ? c.t(x) : x.tensor();
        long[] phys = new long[axes.length];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            if (reduced[p == null ? i : p[i]]) {
                phys[k++] = i;
            }
        }
        DataType t = x.type();
        if (pre != null) {
            in = Ops.un(c, pre, in, t);
        }
        String y = c.op(op).in(in).in(c.longs(Arrays.copyOf(phys, k))).type("T", t).type("Tidx", DataType.INT64).b("keep_dims", keep)
                .out();
        if (post != null) {
            y = Ops.un(c, post, y, t);
        }
        long[] shape = null;
        if (x.shape() != null) {
            long[] s = x.shape();
            shape = keep ? s.clone() : new long[rank - k];
            for (int i = 0, j = 0; i < rank; i++) {
                if (keep) {
                    shape[i] = reduced[i] ? 1 : s[i];
                } else if (!reduced[i]) {
                    shape[j++] = s[i];
                }
            }
        }
        c.out(0, new Val(y, t, shape, p, null, c.frame));
    }
}
