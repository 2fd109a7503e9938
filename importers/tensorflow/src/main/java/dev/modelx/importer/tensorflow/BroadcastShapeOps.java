package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;

/**
 * Shape arithmetic of broadcasting: BroadcastArgs (the broadcast shape of two shapes) and
 * BroadcastGradientArgs (for each shape, the axes of the broadcast shape its gradient sums over).
 * Both shapes are left-padded with ones to a common length at run time; everything folds to
 * constants when the shapes are known at import.
 */
final class BroadcastShapeOps {

    private BroadcastShapeOps() {
    }

    static void register(OpRegistry r) {
        r.register(BroadcastShapeOps::broadcastArgs, "BroadcastArgs");
        r.register(BroadcastShapeOps::broadcastGradientArgs, "BroadcastGradientArgs");
    }

    private static void broadcastArgs(TfNode n, Scope s) {
        String[] p = padded(n, s);
        String one = s.constLongs("one", 1);
        // where a dim of the first shape is 1 the second decides; otherwise the first does (equal, or the second is 1)
        String out = s.op("Where", s.op("Equal", p[0], one), p[1], p[0]);
        s.setType(out, DataType.INT64);
        s.out(n, 0, s.cast(out, n.type("T").orElse(DataType.INT32)));
    }

    /** r_i: the axes (of the broadcast shape) where padded shape i is 1, TF's reduction indices for each operand. */
    private static void broadcastGradientArgs(TfNode n, Scope s) {
        String[] p = padded(n, s);
        String one = s.constLongs("one", 1);
        DataType t = n.type("T").orElse(DataType.INT32);
        for (int k = 0; k < 2; k++) {
            String idx = s.op("Reshape", s.op("NonZero", s.op("Equal", p[k], one)), s.constLongs("flat", -1));
            s.setType(idx, DataType.INT64);
            s.out(n, k, s.cast(idx, t));
        }
    }

    /** Both shape vectors as int64, left-padded with ones to the longer one's length. */
    private static String[] padded(TfNode n, Scope s) {
        String a = int64(s, s.in(n, 0));
        String b = int64(s, s.in(n, 1));
        String la = s.op("Shape", a);
        String lb = s.op("Shape", b);
        String len = s.op("Max", la, lb);
        String one = s.constLongs("one", 1);
        String[] out = new String[2];
        String[] v = {a, b};
        String[] l = {la, lb};
        for (int k = 0; k < 2; k++) {
            String ones = s.op("Expand", one, s.op("Sub", len, l[k]));
            out[k] = s.add(s.node("Concat", ones, v[k]).attr("axis", 0L)).output(0);
            s.setType(out[k], DataType.INT64);
        }
        return out;
    }

    private static String int64(Scope s, String v) {
        String out = s.cast(v, DataType.INT64);
        s.setType(out, DataType.INT64);
        return out;
    }
}
