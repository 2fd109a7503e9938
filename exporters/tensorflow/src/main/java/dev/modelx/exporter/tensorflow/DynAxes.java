package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/**
 * In-graph arithmetic on axis lists that are only known when the model runs (fed or computed ONNX axes):
 * normalising negative axes, "all axes" for an empty list, and mapping through a layout permutation.
 * Everything is int64 and free of control flow.
 */
final class DynAxes {

    private DynAxes() {
    }

    /** {@code v} as a 1-D int64 tensor. */
    static String int64Vector(EmitContext c, Val v) {
        String t = Ops.cast(c, c.t(v), v.type(), DataType.INT64);
        return v.rank() == 1 ? t : Ops.reshape(c, t, DataType.INT64, c.longs(-1));
    }

    /** The rank of {@code x} as an int64 scalar: a constant when known, else computed. */
    static String rank(EmitContext c, Val x, String tensor) {
        if (x.rank() >= 0) {
            return scalar(c, x.rank());
        }
        return c.op("Size", "rank").in(Ops.shape(c, tensor, x.type())).type("T", DataType.INT64).type("out_type", DataType.INT64).out();
    }

    static String scalar(EmitContext c, long v) {
        return c.constant(Tensor.scalar(v));
    }

    /** Axes in [0, rank): ONNX's negative axes count from the end. */
    static String normalize(EmitContext c, String axes, String rank) {
        return Ops.bin(c, "FloorMod", axes, rank, DataType.INT64);
    }

    /** {@code axes}, or 0..rank-1 when it is empty: the range is sliced to length rank * (size == 0). */
    static String orAll(EmitContext c, String axes, String rank) {
        String size = c.op("Size", "axes_count").in(axes).type("T", DataType.INT64).type("out_type", DataType.INT64).out();
        String empty = c.op("Equal", "no_axes").in(size).in(scalar(c, 0)).type("T", DataType.INT64).out();
        String n = Ops.bin(c, "Mul", rank, Ops.cast(c, empty, DataType.BOOL, DataType.INT64), DataType.INT64);
        String all = c.op("Range", "all_axes").in(scalar(c, 0)).in(n).in(scalar(c, 1)).type("Tidx", DataType.INT64).out();
        return Ops.concat(c, DataType.INT64, 0, axes, all);
    }

    /** Element {@code i} of a 1-D int64 vector, as a scalar. */
    static String at(EmitContext c, String vector, DataType t, String index) {
        return c.op("GatherV2", "at").in(vector).in(index).in(scalar(c, 0)).type("Tparams", t).type("Tindices", DataType.INT64)
                .type("Taxis", DataType.INT64).out();
    }

    /** Normalised logical axes to the physical axes of a value held as transpose(logical, perm). */
    static String toPhysical(EmitContext c, String axes, int[] perm) {
        return at(c, c.longs(Perms.toLongs(Perms.inverse(perm))), DataType.INT64, axes);
    }

    /**
     * A bool vector over {@code positions} (1-D int64): whether each equals any of {@code axes}.
     */
    static String isListed(EmitContext c, String positions, String axes) {
        String col = Ops.expandDims(c, positions, DataType.INT64, 1);
        String eq = c.op("Equal", "listed").in(col).in(axes).type("T", DataType.INT64).out();
        return c.op("Any", "any_listed").in(eq).in(c.longs(1)).type("Tidx", DataType.INT64).b("keep_dims", false).out();
    }

    static String range(EmitContext c, String n) {
        return c.op("Range", "positions").in(scalar(c, 0)).in(n).in(scalar(c, 1)).type("Tidx", DataType.INT64).out();
    }
}
