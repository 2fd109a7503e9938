package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/**
 * StringConcat (both sides broadcast to their common shape, then StringJoin) and StringSplit (StringSplitV2
 * on the flattened strings, Python str.split semantics as ONNX's, densified with "" padding; the counts
 * are the number of pieces per string) and RegexFullMatch (TF's op of that name: RE2, as ONNX specifies).
 */
final class StringOpsEmitters {

    private static final DataType S = DataType.STRING;

    private StringOpsEmitters() {
    }

    static void register(Emitters r) {
        r.register(StringOpsEmitters::concat, "StringConcat");
        r.register(StringOpsEmitters::split, "StringSplit");
        r.register(StringOpsEmitters::regexFullMatch, "RegexFullMatch");
    }

    private static void concat(EmitContext c) {
        Val a = c.require(0, "X");
        Val b = c.require(1, "Y");
        String sa = c.t(a);
        String sb = c.t(b);
        String shape = c.op("BroadcastArgs", "shape").in(Ops.shape(c, sa, S)).in(Ops.shape(c, sb, S)).type("T", DataType.INT64).out();
        String y = c.op("StringJoin", "join").in(broadcast(c, sa, shape)).in(broadcast(c, sb, shape)).i("N", 2).s("separator", "").out();
        long[] s = a.shape() == null || b.shape() == null ? null : Shapes.broadcast(a.shape(), b.shape());
        c.out(0, c.val(y, S, s));
    }

    private static String broadcast(EmitContext c, String x, String shape) {
        return c.op("BroadcastTo", "broadcast").in(x).in(shape).type("T", S).type("Tidx", DataType.INT64).out();
    }

    private static void split(EmitContext c) {
        Val x = c.require(0, "X");
        int rank = c.rank(x, "X");
        String delimiter = c.node.attrString("delimiter", "");
        long maxsplit = c.node.hasAttribute("maxsplit") ? c.node.attrLong("maxsplit", -1) : -1;
        if (delimiter.isEmpty() && maxsplit >= 0) {
            throw c.error("StringSplit on whitespace with maxsplit " + maxsplit
                    + " is not written for TensorFlow: StringSplitV2 splits a trailing remainder differently");
        }
        String in = c.t(x);
        String flat = Ops.reshape(c, in, S, c.longs(-1));
        TfOp sp = c.op("StringSplitV2", "split").in(flat).in(c.constant(Tensor.ofStrings(new long[0], delimiter))).i("maxsplit", maxsplit);
        String indices = sp.out(0);
        String values = sp.out(1);
        String dense = sp.out(2);
        String y = c.op("SparseToDense", "dense").in(indices).in(dense).in(values).in(c.constant(Tensor.ofStrings(new long[0], "")))
                .type("T", S).type("Tindices", DataType.INT64).b("validate_indices", true).out();
        String xShape = Ops.shape(c, in, S);
        String yShape = Ops.concat(c, DataType.INT64, 0, xShape, Ops.slice1d(c, dense, DataType.INT64, 1, 2));
        y = Ops.reshape(c, y, S, yShape);
        String rows = Ops.reshape(c, Ops.slice1d(c, c.transposed(indices, DataType.INT64, new int[]{1, 0}), DataType.INT64, 0, 1),
                DataType.INT64, c.longs(-1));
        String ones = c.op("OnesLike", "ones").in(rows).type("T", DataType.INT64).out();
        String n = Ops.slice1d(c, dense, DataType.INT64, 0, 1);
        String counts = c.op("UnsortedSegmentSum", "counts").in(ones).in(rows).in(Ops.reshape(c, n, DataType.INT64, c.longs()))
                .type("T", DataType.INT64).type("Tindices", DataType.INT64).type("Tnumsegments", DataType.INT64).out();
        long[] ys = x.shape().clone();
        long[] out = new long[rank + 1];
        System.arraycopy(ys, 0, out, 0, rank);
        out[rank] = -1;
        c.out(0, c.val(y, S, out));
        c.out(1, c.val(Ops.reshape(c, counts, DataType.INT64, xShape), DataType.INT64, ys));
    }

    private static void regexFullMatch(EmitContext c) {
        Val x = c.require(0, "X");
        String pattern = c.node.attrString("pattern", "");
        String y = c.op("RegexFullMatch", "match").in(c.t(x)).in(c.constant(Tensor.ofStrings(new long[0], pattern))).out();
        c.out(0, c.val(y, DataType.BOOL, x.shape()));
    }
}
