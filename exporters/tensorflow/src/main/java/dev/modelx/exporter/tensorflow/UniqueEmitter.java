package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/**
 * Unique: TF's UniqueWithCounts lists values in order of first occurrence (ONNX sorted=0); first-occurrence
 * indices are the per-value minimum position (UnsortedSegmentMin). sorted=1 on single values orders them with
 * TopKV2 (the values are distinct, so its descending order reversed is ascending) and remaps counts, first
 * indices and (through InvertPermutation) the inverse indices. Unique slices (an axis on a tensor of rank
 * > 1) are ordered lexicographically by stable sorts of their flattened columns, last column first (TopKV2
 * of the negated column keeps equal keys in order); that needs the slice size to be static. Non-numeric
 * and unsigned values are not sorted.
 */
final class UniqueEmitter {

    private UniqueEmitter() {
    }

    static void register(Emitters r) {
        r.register(UniqueEmitter::emit, "Unique");
    }

    private static void emit(EmitContext c) {
        Val x = c.require(0, "X");
        DataType t = x.type();
        boolean sorted = c.node.attrLong("sorted", 1) != 0;
        boolean byAxis = c.node.hasAttribute("axis") && x.rank() != 1;
        int axis = byAxis ? Shapes.axis(c.node.attrLong("axis", 0), c.rank(x, "X")) : 0;
        if (sorted && (t == DataType.BOOL || t == DataType.STRING || byAxis && !signed(t))) {
            throw c.error("sorted Unique of " + t.displayName() + " values is not written for TensorFlow");
        }
        long columns = byAxis ? sliceSize(x, axis) : 1;
        if (sorted && byAxis && (columns < 0 || columns > MAX_COLUMNS)) {
            throw c.error("sorted Unique along an axis needs a static slice size of at most " + MAX_COLUMNS + " for TensorFlow, got " + x);
        }
        String in = byAxis ? c.t(x) : Ops.reshape(c, c.t(x), t, c.longs(-1));
        TfOp u = c.op("UniqueWithCountsV2", "unique").in(in).in(c.longs(axis)).type("T", t).type("Taxis", DataType.INT64)
                .type("out_idx", DataType.INT64);
        String y = u.out(0);
        String inverse = u.out(1);
        String counts = u.out(2);
        String n = c.op("Size", "count").in(counts).type("T", DataType.INT64).type("out_type", DataType.INT64).out();
        String len = c.op("Size", "length").in(inverse).type("T", DataType.INT64).type("out_type", DataType.INT64).out();
        String positions = c.op("Range", "positions").in(c.constant(Tensor.scalar(0L))).in(len).in(c.constant(Tensor.scalar(1L)))
                .type("Tidx", DataType.INT64).out();
        String first = c.op("UnsortedSegmentMin", "first").in(positions).in(inverse).in(n).type("T", DataType.INT64)
                .type("Tindices", DataType.INT64).type("Tnumsegments", DataType.INT64).out();
        if (sorted) {
            String k = Ops.cast(c, n, DataType.INT64, DataType.INT32);
            String perm = byAxis ? lexicographic(c, y, t, axis, x.rank(), columns, k) : ascending(c, y, t, k);
            y = byAxis ? c.op("GatherV2", "gather").in(y).in(perm).in(c.constant(Tensor.scalar((long) axis))).type("Tparams", t)
                    .type("Tindices", DataType.INT64).type("Taxis", DataType.INT64).out() : gather(c, y, perm, t);
            counts = gather(c, counts, perm, DataType.INT64);
            first = gather(c, first, perm, DataType.INT64);
            String rank = c.op("InvertPermutation", "rank").in(perm).type("T", DataType.INT64).out();
            inverse = gather(c, rank, inverse, DataType.INT64);
        }
        long[] yShape = x.shape() == null ? null : byAxis ? x.shape().clone() : new long[]{-1};
        if (yShape != null) {
            yShape[axis] = -1;
        }
        c.out(0, c.val(y, t, yShape));
        c.out(1, c.val(first, DataType.INT64, new long[]{-1}));
        c.out(2, c.val(inverse, DataType.INT64, new long[]{byAxis ? x.dim(axis) : -1}));
        c.out(3, c.val(counts, DataType.INT64, new long[]{-1}));
    }

    private static final long MAX_COLUMNS = 256;

    private static boolean signed(DataType t) {
        return t.isFloatingPoint() || t == DataType.INT8 || t == DataType.INT16 || t == DataType.INT32 || t == DataType.INT64;
    }

    /** The element count of one slice across {@code axis}, or -1 when not static. */
    private static long sliceSize(Val x, int axis) {
        if (x.shape() == null) {
            return -1;
        }
        long p = 1;
        for (int i = 0; i < x.rank(); i++) {
            if (i != axis) {
                if (x.dim(i) < 0) {
                    return -1;
                }
                p *= x.dim(i);
            }
        }
        return p;
    }

    /** The int64 perm sorting distinct values ascending: TopKV2's descending order reversed. */
    private static String ascending(EmitContext c, String y, DataType t, String k) {
        String desc = c.op("TopKV2", "order").in(y).in(k).type("T", t).b("sorted", true).out(1);
        return Ops.cast(c, c.op("ReverseV2", "ascending").in(desc).in(c.longs(0)).type("T", DataType.INT32)
                .type("Tidx", DataType.INT64).out(), DataType.INT32, DataType.INT64);
    }

    /** The int64 perm sorting the slices of {@code y} along {@code axis} lexicographically (row-major within a slice). */
    private static String lexicographic(EmitContext c, String y, DataType t, int axis, int rank, long columns, String k) {
        int[] front = new int[rank];
        front[0] = axis;
        for (int i = 0, j = 1; i < rank; i++) {
            if (i != axis) {
                front[j++] = i;
            }
        }
        String rows = Ops.reshape(c, c.transposed(y, t, front), t, c.longs(-1, columns));
        String perm = null;
        for (long j = columns - 1; j >= 0; j--) {
            String col = c.op("GatherV2", "column").in(rows).in(c.constant(Tensor.scalar(j))).in(c.constant(Tensor.scalar(1L)))
                    .type("Tparams", t).type("Tindices", DataType.INT64).type("Taxis", DataType.INT64).out();
            if (perm != null) {
                col = gather(c, col, perm, t);
            }
            String step = Ops.cast(c, c.op("TopKV2", "order").in(Ops.un(c, "Neg", col, t)).in(k).type("T", t).b("sorted", true).out(1),
                    DataType.INT32, DataType.INT64);
            perm = perm == null ? step : gather(c, perm, step, DataType.INT64);
        }
        return perm;
    }

    private static String gather(EmitContext c, String x, String idx, DataType t) {
        return c.op("GatherV2", "gather").in(x).in(idx).in(c.constant(Tensor.scalar(0L))).type("Tparams", t)
                .type("Tindices", DataType.INT64).type("Taxis", DataType.INT64).out();
    }
}
