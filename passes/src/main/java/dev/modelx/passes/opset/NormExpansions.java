package dev.modelx.passes.opset;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;

import static dev.modelx.passes.opset.Build.attrs;
import static dev.modelx.passes.opset.Build.ints;

/**
 * Expansions of LayerNormalization, RMSNormalization and GroupNormalization ({@link Expansions} has the rest):
 * their ONNX function bodies, for targets whose op set predates them.
 */
final class NormExpansions {

    private NormExpansions() {
    }

    static void register() {
        Adapters.expand("LayerNormalization", NormExpansions::layerNorm);
        Adapters.expand("GroupNormalization", NormExpansions::groupNorm);
        Adapters.expand("RMSNormalization", NormExpansions::rmsNorm);
    }

    /** Axes [axis, ..., last] as negative indices when the rank is unknown; null when that cannot be said. */
    private static long[] trailingAxes(long axis, int rank) {
        if (axis < 0) {
            long[] a = new long[(int) -axis];
            for (int k = 0; k < a.length; k++) {
                a[k] = axis + k;
            }
            return a;
        }
        if (rank < 0) {
            return null;
        }
        long[] a = new long[(int) (rank - axis)];
        for (int k = 0; k < a.length; k++) {
            a[k] = axis + k;
        }
        return a;
    }

    private static void layerNorm(Step s) {
        Node n = s.node;
        DataType t = s.type(s.in(0));
        long axis = n.attrLong("axis", -1);
        long[] axes = trailingAxes(axis, s.rank(s.in(0)));
        if (t == null || axes == null) {
            s.block("LayerNormalization needs op set 17 (rewriting it needs the input's element type and, for axis >= 0, "
                    + "its rank)");
            return;
        }
        DataType u = DataType.fromCode((int) n.attrLong("stash_type", 1));
        float eps = n.attrFloat("epsilon", 1e-5f);
        Build b = new Build(s, 17, u);
        String x = t == u ? s.in(0) : b.cast(s.in(0), u);
        String mean = b.op("ReduceMean", attrs(ints("axes", axes)), x);
        String d = b.op("Sub", x, mean);
        String var = b.op("ReduceMean", attrs(ints("axes", axes)), b.op("Mul", d, d));
        String inv = b.op("Reciprocal", b.op("Sqrt", b.op("Add", var, b.c(eps))));
        String norm = b.op("Mul", d, inv);
        String normT = t == u ? norm : b.cast(norm, t);
        if (s.has(2)) {
            b.to(s.out(0), "Add", b.op("Mul", normT, s.in(1)), s.in(2));
        } else {
            b.to(s.out(0), "Mul", normT, s.in(1));
        }
        if (!n.output(1).isEmpty()) {
            b.to(n.output(1), "Identity", mean);
        }
        if (!n.output(2).isEmpty()) {
            b.to(n.output(2), "Identity", inv);
        }
        s.remove();
    }

    private static void rmsNorm(Step s) {
        Node n = s.node;
        DataType t = s.type(s.in(0));
        long axis = n.attrLong("axis", -1);
        long[] axes = trailingAxes(axis, s.rank(s.in(0)));
        if (t == null || axes == null) {
            s.block("RMSNormalization needs op set 23 (rewriting it needs the input's element type and, for axis >= 0, "
                    + "its rank)");
            return;
        }
        DataType u = DataType.fromCode((int) n.attrLong("stash_type", 1));
        float eps = n.attrFloat("epsilon", 1e-5f);
        Build b = new Build(s, 17, u);
        String x = t == u ? s.in(0) : b.cast(s.in(0), u);
        String ms = b.op("ReduceMean", attrs(ints("axes", axes)), b.op("Mul", x, x));
        String inv = b.op("Reciprocal", b.op("Sqrt", b.op("Add", ms, b.c(eps))));
        String norm = b.op("Mul", x, inv);
        String normT = t == u ? norm : b.cast(norm, t);
        b.to(s.out(0), "Mul", normT, s.in(1));
        s.remove();
    }

    private static void groupNorm(Step s) {
        Node n = s.node;
        boolean perGroup = s.fromSchema.since() < 21;
        DataType t = s.type(s.in(0));
        int rank = s.rank(s.in(0));
        long groups = n.attrLong("num_groups", -1);
        if (t == null || groups <= 0 || !perGroup && rank < 0) {
            s.block("GroupNormalization needs op set " + (perGroup ? 18 : 21) + " (rewriting it needs the input's element "
                    + "type and rank)");
            return;
        }
        DataType u = perGroup ? t : DataType.fromCode((int) n.attrLong("stash_type", 1));
        float eps = n.attrFloat("epsilon", 1e-5f);
        Build b = new Build(s, 17, u);
        String x = t == u ? s.in(0) : b.cast(s.in(0), u);
        String xr = b.op("Reshape", x, b.longs(0, groups, -1));
        String mean = b.op("ReduceMean", attrs(ints("axes", 2)), xr);
        String d = b.op("Sub", xr, mean);
        String var = b.op("ReduceMean", attrs(ints("axes", 2)), b.op("Mul", d, d));
        String norm = b.op("Div", d, b.op("Sqrt", b.op("Add", var, b.c(eps))));
        String normT = t == u ? norm : b.cast(norm, t);
        String shape = b.op("Shape", s.in(0));
        if (perGroup) {
            String sc = b.op("Reshape", s.in(1), b.longs(-1, 1));
            String bi = b.op("Reshape", s.in(2), b.longs(-1, 1));
            String y = b.op("Add", b.op("Mul", normT, sc), bi);
            b.to(s.out(0), "Reshape", y, shape);
        } else {
            long[] target = new long[rank - 1];
            target[0] = -1;
            java.util.Arrays.fill(target, 1, target.length, 1);
            String y0 = b.op("Reshape", normT, shape);
            String sc = b.op("Reshape", s.in(1), b.longs(target));
            String bi = b.op("Reshape", s.in(2), b.longs(target));
            b.to(s.out(0), "Add", b.op("Mul", y0, sc), bi);
        }
        s.remove();
    }
}
