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
        boolean keep = c.node.attrLong("keepdims", 1) != 0;
        if (!c.node.hasAttribute("axes") && c.in(1) != null && !c.in(1).isConstant()) {
            reduceComputedAxes(c, x, c.in(1), keep, pre, op, post);
            return;
        }
        int rank = c.rank(x, "the input");
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
        String y = apply(c, x.type(), in, c.longs(Arrays.copyOf(phys, k)), keep, pre, op, post);
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
        c.out(0, new Val(y, x.type(), shape, p, null, c.frame));
    }

    /** {@code post(op(pre(in), axes))}; bool Max/Min are TF's Any/All, which take no type attribute. */
    private static String apply(EmitContext c, DataType t, String in, String axes, boolean keep, String pre, String op, String post) {
        if (pre != null) {
            in = Ops.un(c, pre, in, t);
        }
        TfOp o;
        if (t == DataType.BOOL && (op.equals("Max") || op.equals("Min"))) {
            o = c.op(op.equals("Max") ? "Any" : "All").in(in).in(axes);
        } else {
            o = c.op(op).in(in).in(axes).type("T", t);
        }
        String y = o.type("Tidx", DataType.INT64).b("keep_dims", keep).out();
        return post == null ? y : Ops.un(c, post, y, t);
    }

    /**
     * Axes fed or computed at run time: normalised with FloorMod by the rank, "all axes" when the list is
     * empty (unless noop_with_empty_axes, where TF's empty reduction list is already the identity), and
     * mapped through the layout permutation when the input is held transposed and keepdims keeps it so.
     */
    private static void reduceComputedAxes(EmitContext c, Val x, Val axesV, boolean keep, String pre, String op, String post) {
        boolean noop = c.node.attrLong("noop_with_empty_axes", 0) != 0;
        int[] p = keep && !x.isConstant() && x.perm() != null ? x.perm() : null;
        String in = p == null ? c.t(x) : x.tensor();
        String rank = DynAxes.rank(c, x, in);
        String axes = DynAxes.normalize(c, DynAxes.int64Vector(c, axesV), rank);
        if (!noop) {
            axes = DynAxes.orAll(c, axes, rank);
        }
        if (p != null) {
            axes = DynAxes.toPhysical(c, axes, p);
        }
        String y = apply(c, x.type(), in, axes, keep, pre, op, post);
        long[] shape = null;
        long count = axesV.dim(0);
        if (x.shape() != null && keep) {
            shape = x.shape().clone();
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shape[i] == 1 ? 1 : -1;
            }
        } else if (x.shape() != null && count >= 0) {
            int r = x.rank();
            shape = count == 0 ? (noop ? x.shape().clone() : new long[0]) : count <= r ? Shapes.unknown(r - (int) count) : null;
        }
        c.out(0, new Val(y, x.type(), shape, p, null, c.frame));
    }
}
