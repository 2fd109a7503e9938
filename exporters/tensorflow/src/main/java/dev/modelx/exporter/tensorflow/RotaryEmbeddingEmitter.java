package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/**
 * RotaryEmbedding (op set 23): the first rotary_embedding_dim features of each head are rotated by the
 * position's cos/sin (the two halves paired, or adjacent features when interleaved); the rest pass
 * through. Computed in X's type, each product and sum rounded as the spec's formula does. Static shapes.
 */
final class RotaryEmbeddingEmitter {

    private RotaryEmbeddingEmitter() {
    }

    static void emit(EmitContext c) {
        Val x = c.require(0, "X");
        Val cos = c.require(1, "cos_cache");
        Val sin = c.require(2, "sin_cache");
        Val pos = c.in(3);
        int rank = c.rank(x, "X");
        if (rank != 3 && rank != 4 || !x.hasStaticShape()) {
            throw c.error("RotaryEmbedding needs a 3-D or 4-D X with a static shape, got " + x);
        }
        DataType t = x.type();
        long batch = x.dim(0);
        long heads;
        long seq;
        long head;
        String in = c.t(x);
        if (rank == 4) {
            heads = x.dim(1);
            seq = x.dim(2);
            head = x.dim(3);
        } else {
            heads = c.node.attrLong("num_heads", 0);
            if (heads <= 0 || x.dim(2) % heads != 0) {
                throw c.error("num_heads " + heads + " must be positive and divide the hidden size " + x.dim(2));
            }
            seq = x.dim(1);
            head = x.dim(2) / heads;
            in = Ops.reshape(c, in, t, c.longs(batch, seq, heads, head));
        }
        long rd = c.node.attrLong("rotary_embedding_dim", 0);
        long dim = rd == 0 ? head : rd;
        if (dim > head || dim % 2 != 0) {
            throw c.error("rotary_embedding_dim " + dim + " must be even and at most the head size " + head);
        }
        long half = dim / 2;
        String co = cache(c, cos, pos, t);
        String si = cache(c, sin, pos, t);
        // caches are (batch, seq, half): broadcast over heads, which sit before seq in 4-D and after it in 3-D
        long[] view = rank == 4 ? new long[]{-1, 1, seq, half} : new long[]{-1, seq, 1, half};
        co = Ops.reshape(c, co, t, c.longs(view));
        si = Ops.reshape(c, si, t, c.longs(view));
        boolean interleaved = c.node.attrLong("interleaved", 0) != 0;
        String rot = dim == head ? in : last(c, in, t, 0, dim);
        String x1;
        String x2;
        if (interleaved) {
            String pairs = Ops.reshape(c, rot, t, c.longs(batch, rank == 4 ? heads : seq, rank == 4 ? seq : heads, half, 2));
            x1 = Ops.squeeze(c, last(c, pairs, t, 0, 1), t, -1);
            x2 = Ops.squeeze(c, last(c, pairs, t, 1, 2), t, -1);
        } else {
            x1 = last(c, rot, t, 0, half);
            x2 = last(c, rot, t, half, dim);
        }
        String y1 = Ops.bin(c, "Sub", Ops.bin(c, "Mul", co, x1, t), Ops.bin(c, "Mul", si, x2, t), t);
        String y2 = Ops.bin(c, "AddV2", Ops.bin(c, "Mul", si, x1, t), Ops.bin(c, "Mul", co, x2, t), t);
        String y;
        if (interleaved) {
            String stacked = c.op("Pack", "interleave").in(y1).in(y2).type("T", t).i("N", 2).i("axis", -1).out();
            y = Ops.reshape(c, stacked, t, c.longs(batch, rank == 4 ? heads : seq, rank == 4 ? seq : heads, dim));
        } else {
            y = Ops.concat(c, t, -1, y1, y2);
        }
        if (dim < head) {
            y = Ops.concat(c, t, -1, y, last(c, in, t, dim, head));
        }
        if (rank == 3) {
            y = Ops.reshape(c, y, t, c.longs(batch, seq, heads * head));
        }
        c.out(0, c.val(y, t, x.shape()));
    }

    /** The cos or sin rows for each (batch, position): gathered by position_ids, or the (batch, seq, half) cache itself. */
    private static String cache(EmitContext c, Val cache, Val pos, DataType t) {
        String v = Ops.cast(c, c.t(cache), cache.type(), t);
        if (pos == null) {
            return v;
        }
        return c.op("GatherV2", "positions").in(v).in(Ops.cast(c, c.t(pos), pos.type(), DataType.INT64))
                .in(c.constant(Tensor.scalar(0L))).type("Tparams", t).type("Tindices", DataType.INT64).type("Taxis", DataType.INT64).out();
    }

    /** Elements [from, to) of the last axis. */
    private static String last(EmitContext c, String x, DataType t, long from, long to) {
        return c.op("StridedSlice", "features").in(x).in(c.longs(0, from)).in(c.longs(0, to)).in(c.longs(1, 1))
                .type("T", t).type("Index", DataType.INT64).i("ellipsis_mask", 1).out();
    }
}
