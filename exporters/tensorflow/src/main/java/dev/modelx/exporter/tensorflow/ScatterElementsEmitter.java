package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.Arrays;

/**
 * ScatterElements as a TF tensor scatter: each update's full coordinates are its own position in the
 * indices tensor with the scatter axis replaced by the (wrapped) index, packed as [..., rank] tuples.
 * TensorScatter (a KV-cache write) is the same with the axis coordinate being write_indices[batch] plus
 * the update's own position (modulo the cache length in circular mode).
 */
final class ScatterElementsEmitter {

    private ScatterElementsEmitter() {
    }

    static void register(Emitters r) {
        r.register(ScatterElementsEmitter::emit, "ScatterElements", "Scatter");
        r.register(ScatterElementsEmitter::tensorScatter, "TensorScatter");
    }

    private static void emit(EmitContext c) {
        Val data = c.require(0, "data");
        Val idx = c.require(1, "indices");
        Val upd = c.require(2, "updates");
        int rank = c.rank(data, "the data");
        int axis = Shapes.axis(c.node.attrLong("axis", 0), rank);
        String op = SliceGatherEmitters.tensorScatterOp(c, "ScatterElements");
        DataType t = data.type();
        String d = c.t(data);
        String ind = Ops.cast(c, c.t(idx), idx.type(), DataType.INT64);
        String dims = Ops.shape(c, ind, DataType.INT64);
        String axisSize = c.op("GatherV2", "dim").in(Ops.shape(c, d, t)).in(c.constant(Tensor.scalar((long) axis)))
                .in(c.constant(Tensor.scalar(0L))).type("Tparams", DataType.INT64).type("Tindices", DataType.INT64)
                .type("Taxis", DataType.INT64).out();
        ind = Ops.bin(c, "FloorMod", ind, axisSize, DataType.INT64);
        String coords = coordinates(c, ind, dims, rank, axis);
        String y = op == null ? SliceGatherEmitters.scatterNdMul(c, d, t, coords, rank, c.t(upd))
                : c.op(op).in(d).in(coords).in(c.t(upd)).type("T", t).type("Tindices", DataType.INT64).out();
        c.out(0, c.val(y, t, data.shape()));
    }

    /** [..., rank] coordinates over the int64 shape {@code dims}: each position's own, with {@code along} at {@code axis}. */
    private static String coordinates(EmitContext c, String along, String dims, int rank, int axis) {
        TfOp pack = c.op("Pack", "coords").type("T", DataType.INT64).i("N", rank).i("axis", -1);
        for (int a = 0; a < rank; a++) {
            if (a == axis) {
                pack.in(along);
                continue;
            }
            pack.in(grid(c, dims, rank, a));
        }
        return pack.out();
    }

    /** Each position's coordinate along axis {@code a}, over the int64 shape {@code dims}. */
    private static String grid(EmitContext c, String dims, int rank, int a) {
        String n = c.op("GatherV2", "dim" + a).in(dims).in(c.constant(Tensor.scalar((long) a))).in(c.constant(Tensor.scalar(0L)))
                .type("Tparams", DataType.INT64).type("Tindices", DataType.INT64).type("Taxis", DataType.INT64).out();
        String range = c.op("Range", "range" + a).in(c.constant(Tensor.scalar(0L))).in(n).in(c.constant(Tensor.scalar(1L)))
                .type("Tidx", DataType.INT64).out();
        long[] shape = new long[rank];
        Arrays.fill(shape, 1);
        shape[a] = -1;
        return c.op("BroadcastTo", "grid" + a).in(Ops.reshape(c, range, DataType.INT64, c.longs(shape))).in(dims)
                .type("T", DataType.INT64).type("Tidx", DataType.INT64).out();
    }

    private static void tensorScatter(EmitContext c) {
        Val past = c.require(0, "past_cache");
        Val upd = c.require(1, "update");
        Val wi = c.in(2);
        int rank = c.rank(past, "past_cache");
        int axis = Shapes.axis(c.node.attrLong("axis", -2), rank);
        String mode = c.node.attrString("mode", "linear");
        if (rank < 2 || axis == 0 || !mode.equals("linear") && !mode.equals("circular")) {
            throw c.error("TensorScatter needs rank >= 2, a non-batch axis and mode linear or circular, got rank " + rank + ", axis "
                    + axis + ", mode '" + mode + "'");
        }
        DataType t = past.type();
        String d = c.t(past);
        String u = c.t(upd);
        String dims = Ops.shape(c, u, t);
        String pos = grid(c, dims, rank, axis);
        if (wi != null) {
            long[] shape = new long[rank];
            Arrays.fill(shape, 1);
            shape[0] = -1;
            pos = Ops.bin(c, "AddV2", pos, Ops.reshape(c, Ops.cast(c, c.t(wi), wi.type(), DataType.INT64), DataType.INT64, c.longs(shape)),
                    DataType.INT64);
        }
        if (mode.equals("circular")) {
            String len = c.op("GatherV2", "cache_len").in(Ops.shape(c, d, t)).in(c.constant(Tensor.scalar((long) axis)))
                    .in(c.constant(Tensor.scalar(0L))).type("Tparams", DataType.INT64).type("Tindices", DataType.INT64)
                    .type("Taxis", DataType.INT64).out();
            pos = Ops.bin(c, "FloorMod", pos, len, DataType.INT64);
        }
        String y = c.op("TensorScatterUpdate").in(d).in(coordinates(c, pos, dims, rank, axis)).in(u).type("T", t)
                .type("Tindices", DataType.INT64).out();
        c.out(0, c.val(y, t, past.shape()));
    }
}
