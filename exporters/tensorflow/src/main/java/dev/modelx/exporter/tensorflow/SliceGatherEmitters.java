package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.Arrays;

/** Slice, Gather/GatherND/GatherElements, ScatterND, ArgMax/ArgMin, TopK and NonZero. */
final class SliceGatherEmitters {

    private SliceGatherEmitters() {
    }

    static void register(Emitters r) {
        r.register(SliceGatherEmitters::slice, "Slice");
        r.register(SliceGatherEmitters::gather, "Gather");
        r.register(SliceGatherEmitters::gatherNd, "GatherND");
        r.register(SliceGatherEmitters::gatherElements, "GatherElements");
        r.register(SliceGatherEmitters::scatterNd, "ScatterND");
        r.register(c -> argExtreme(c, "ArgMax"), "ArgMax");
        r.register(c -> argExtreme(c, "ArgMin"), "ArgMin");
        r.register(SliceGatherEmitters::topK, "TopK");
        r.register(SliceGatherEmitters::nonZero, "NonZero");
    }

    /** StridedSlice over every dim: unlisted dims take the whole range through begin/end masks. */
    private static void slice(EmitContext c) {
        Val x = c.require(0, "data");
        if (x.rank() < 0 && !c.node.hasAttribute("starts")) {
            sliceComputed(c, x, -1, c.require(1, "starts"), c.require(2, "ends"), c.in(3), c.in(4));
            return;
        }
        int rank = c.rank(x, "the input");
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps;
        Val sv = null;
        Val ev = null;
        if (c.node.hasAttribute("starts")) {
            starts = c.node.attrLongs("starts", null);
            ends = c.node.attrLongs("ends", null);
            axes = c.node.attrLongs("axes", null);
            steps = null;
        } else {
            sv = c.require(1, "starts");
            ev = c.require(2, "ends");
            starts = ConstTensors.longValues(sv);
            ends = ConstTensors.longValues(ev);
            Val av = c.in(3);
            Val tv = c.in(4);
            if (av != null && !av.isConstant() || tv != null && !tv.isConstant()) {
                sliceComputed(c, x, rank, sv, ev, av, tv);
                return;
            }
            axes = av == null ? null : c.constLongs(av, "axes");
            steps = tv == null ? null : c.constLongs(tv, "steps");
        }
        int n = starts != null ? starts.length : (int) sv.dim(0);
        if (n < 0) {
            throw c.error("the number of sliced axes must be known");
        }
        if (axes == null) {
            axes = new long[n];
            for (int i = 0; i < n; i++) {
                axes[i] = i;
            }
        }
        long[] strides = Window.ones(rank);
        int[] where = new int[rank];
        Arrays.fill(where, -1);
        for (int i = 0; i < n; i++) {
            int a = Shapes.axis(axes[i], rank);
            where[a] = i;
            if (steps != null) {
                strides[a] = steps[i];
            }
        }
        long mask = 0;
        for (int a = 0; a < rank; a++) {
            if (where[a] < 0) {
                mask |= 1L << a;
            }
        }
        String begin = fullVector(c, starts, sv, where, n);
        String end = fullVector(c, ends, ev, where, n);
        String y = c.op("StridedSlice").in(c.t(x)).in(begin).in(end).in(c.longs(strides)).type("T", x.type())
                .type("Index", DataType.INT64).i("begin_mask", mask).i("end_mask", mask).out();
        c.out(0, c.val(y, x.type(), sliceShape(x.shape(), starts, ends, strides, where)));
    }

    /**
     * Axes or steps known only at run time: rank-long begin/end/strides vectors are scattered in-graph from
     * defaults that take a whole dim (0, int64 max, 1). TF's StridedSlice adds the dim to negative indices
     * and clamps like ONNX (to [0, dim] forwards, [-1, dim-1] backwards), so INT_MIN/INT_MAX ends work.
     */
    private static void sliceComputed(EmitContext c, Val x, int rank, Val sv, Val ev, Val av, Val tv) {
        String in = c.t(x);
        String starts = DynAxes.int64Vector(c, sv);
        String where;
        if (av == null) {
            String n = c.op("Size", "count").in(starts).type("T", DataType.INT64).type("out_type", DataType.INT64).out();
            where = DynAxes.range(c, n);
        } else {
            where = DynAxes.normalize(c, DynAxes.int64Vector(c, av), DynAxes.rank(c, x, in));
        }
        String idx = Ops.expandDims(c, where, DataType.INT64, 1);
        String begin = scatter(c, whole(c, x, in, rank, 0), idx, starts);
        String end = scatter(c, whole(c, x, in, rank, Long.MAX_VALUE), idx, DynAxes.int64Vector(c, ev));
        String strides = tv == null ? whole(c, x, in, rank, 1) : scatter(c, whole(c, x, in, rank, 1), idx, DynAxes.int64Vector(c, tv));
        String y = c.op("StridedSlice").in(in).in(begin).in(end).in(strides).type("T", x.type()).type("Index", DataType.INT64).out();
        c.out(0, c.val(y, x.type(), rank < 0 ? null : Shapes.unknown(rank)));
    }

    /** A rank-long int64 vector of {@code v}: a constant when the rank is known, else Fill. */
    private static String whole(EmitContext c, Val x, String in, int rank, long v) {
        if (rank >= 0) {
            long[] a = new long[rank];
            Arrays.fill(a, v);
            return c.longs(a);
        }
        String dims = Ops.reshape(c, DynAxes.rank(c, x, in), DataType.INT64, c.longs(1));
        return c.op("Fill", "whole").in(dims).in(DynAxes.scalar(c, v)).type("T", DataType.INT64).type("index_type", DataType.INT64).out();
    }

    private static String scatter(EmitContext c, String defaults, String indices, String values) {
        return c.op("TensorScatterUpdate", "scatter").in(defaults).in(indices).in(values).type("T", DataType.INT64)
                .type("Tindices", DataType.INT64).out();
    }

    /** A rank-long begin/end vector: listed axes get their value, others 0 (masked). */
    private static String fullVector(EmitContext c, long[] values, Val dynamic, int[] where, int n) {
        int rank = where.length;
        if (values != null) {
            long[] v = new long[rank];
            for (int a = 0; a < rank; a++) {
                v[a] = where[a] < 0 ? 0 : values[where[a]];
            }
            return c.longs(v);
        }
        long[] idx = new long[rank];
        for (int a = 0; a < rank; a++) {
            idx[a] = where[a] < 0 ? n : where[a];
        }
        String padded = Ops.concat(c, DataType.INT64, 0, Ops.cast(c, c.t(dynamic), dynamic.type(), DataType.INT64), c.longs(0));
        return c.op("GatherV2", "gather").in(padded).in(c.longs(idx)).in(c.constant(Tensor.scalar(0L)))
                .type("Tparams", DataType.INT64).type("Tindices", DataType.INT64).type("Taxis", DataType.INT64).out();
    }

    private static long[] sliceShape(long[] in, long[] starts, long[] ends, long[] strides, int[] where) {
        if (in == null) {
            return null;
        }
        long[] out = in.clone();
        for (int a = 0; a < in.length; a++) {
            if (where[a] < 0) {
                continue;
            }
            long d = in[a];
            if (d < 0 || starts == null || ends == null) {
                out[a] = -1;
                continue;
            }
            long s = starts[where[a]];
            long e = ends[where[a]];
            long st = strides[a];
            s = s < 0 ? s + d : s;
            e = e < 0 ? Math.max(e + d, -1) : e;
            if (st > 0) {
                s = Math.max(0, Math.min(s, d));
                e = Math.max(0, Math.min(e, d));
                out[a] = Math.max(0, (e - s + st - 1) / st);
            } else {
                s = Math.max(-1, Math.min(s, d - 1));
                e = Math.max(-1, Math.min(e, d - 1));
                out[a] = Math.max(0, (s - e + (-st) - 1) / (-st));
            }
        }
        return out;
    }

    /** GatherV2; negative indices (allowed by ONNX, not by TF's CPU kernel) are wrapped with FloorMod. */
    private static void gather(EmitContext c) {
        Val data = c.require(0, "data");
        Val idx = c.require(1, "indices");
        int rank = c.rank(data, "the data");
        int axis = Shapes.axis(c.node.attrLong("axis", 0), rank);
        long dim = data.dim(axis);
        String indices;
        long[] iv = ConstTensors.longValues(idx);
        if (iv != null && (dim >= 0 || Arrays.stream(iv).allMatch(v -> v >= 0))) {
            long[] fixed = iv.clone();
            for (int i = 0; i < fixed.length; i++) {
                fixed[i] = fixed[i] < 0 ? fixed[i] + dim : fixed[i];
            }
            indices = c.constant(Tensor.ofLongs(idx.shape(), fixed));
        } else {
            String raw = Ops.cast(c, c.t(idx), idx.type(), DataType.INT64);
            String size = dim >= 0 ? c.constant(Tensor.scalar(dim))
                    : c.op("GatherV2", "dim").in(Ops.shape(c, c.t(data), data.type())).in(c.constant(Tensor.scalar((long) axis)))
                    .in(c.constant(Tensor.scalar(0L))).type("Tparams", DataType.INT64).type("Tindices", DataType.INT64)
                    .type("Taxis", DataType.INT64).out();
            indices = Ops.bin(c, "FloorMod", raw, size, DataType.INT64);
        }
        String y = c.op("GatherV2").in(c.t(data)).in(indices).in(c.constant(Tensor.scalar((long) axis)))
                .type("Tparams", data.type()).type("Tindices", DataType.INT64).type("Taxis", DataType.INT64).out();
        long[] shape = null;
        if (data.shape() != null && idx.shape() != null) {
            long[] d = data.shape();
            long[] i = idx.shape();
            shape = new long[d.length - 1 + i.length];
            System.arraycopy(d, 0, shape, 0, axis);
            System.arraycopy(i, 0, shape, axis, i.length);
            System.arraycopy(d, axis + 1, shape, axis + i.length, d.length - axis - 1);
        }
        c.out(0, c.val(y, data.type(), shape));
    }

    private static void gatherNd(EmitContext c) {
        Val data = c.require(0, "data");
        Val idx = c.require(1, "indices");
        long b = c.node.attrLong("batch_dims", 0);
        if (b != 0) {
            c.out(0, c.val(batchedGatherNd(c, data, idx, b), data.type(), null));
            return;
        }
        String y = c.op("GatherNd").in(c.t(data)).in(c.t(idx)).type("Tparams", data.type()).type("Tindices", idx.type()).out();
        c.out(0, c.val(y, data.type(), null));
    }

    /**
     * GatherND with batch_dims b (TF's GatherNd has none): the b batch dims of data and indices are
     * flattened into one, each index tuple gets its flat batch number prepended, and the result is
     * reshaped to the batch dims followed by what GatherNd gives per batch.
     */
    private static String batchedGatherNd(EmitContext c, Val data, Val idx, long b) {
        int ir = c.rank(idx, "the indices");
        if (b < 0 || b >= ir || data.rank() >= 0 && b >= data.rank()) {
            throw c.error("batch_dims " + b + " must be below the ranks of data and indices");
        }
        String d = c.t(data);
        String ind = Ops.cast(c, c.t(idx), idx.type(), DataType.INT64);
        String dShape = Ops.shape(c, d, data.type());
        String iShape = Ops.shape(c, ind, DataType.INT64);
        String d2 = Ops.reshape(c, d, data.type(), Ops.concat(c, DataType.INT64, 0, c.longs(-1),
                Ops.slice1d(c, dShape, DataType.INT64, b, -1)));
        String i2 = Ops.reshape(c, ind, DataType.INT64, Ops.concat(c, DataType.INT64, 0, c.longs(-1),
                Ops.slice1d(c, iShape, DataType.INT64, b, -1)));
        int r2 = (int) (ir - b + 1);
        String n = DynAxes.at(c, Ops.shape(c, i2, DataType.INT64), DataType.INT64, DynAxes.scalar(c, 0));
        long[] column = new long[r2];
        Arrays.fill(column, 1);
        column[0] = -1;
        String batch = Ops.reshape(c, DynAxes.range(c, n), DataType.INT64, c.longs(column));
        String tupleShape = Ops.concat(c, DataType.INT64, 0, Ops.slice1d(c, Ops.shape(c, i2, DataType.INT64), DataType.INT64, 0, r2 - 1),
                c.longs(1));
        batch = c.op("BroadcastTo", "batch").in(batch).in(tupleShape).type("T", DataType.INT64).type("Tidx", DataType.INT64).out();
        String i3 = Ops.concat(c, DataType.INT64, r2 - 1, batch, i2);
        String y = c.op("GatherNd").in(d2).in(i3).type("Tparams", data.type()).type("Tindices", DataType.INT64).out();
        String outShape = Ops.concat(c, DataType.INT64, 0, Ops.slice1d(c, iShape, DataType.INT64, 0, b),
                Ops.slice1d(c, Ops.shape(c, y, data.type()), DataType.INT64, 1, -1));
        return Ops.reshape(c, y, data.type(), outShape);
    }

    /**
     * GatherElements as GatherNd: every output position's coordinates are its own, with the gathered axis
     * replaced by the index (coordinates built from Range grids broadcast to the indices' shape).
     */
    private static void gatherElements(EmitContext c) {
        Val data = c.require(0, "data");
        Val idx = c.require(1, "indices");
        int rank = c.rank(data, "the data");
        int axis = Shapes.axis(c.node.attrLong("axis", 0), rank);
        String ind = Ops.cast(c, c.t(idx), idx.type(), DataType.INT64);
        String dims = Ops.shape(c, ind, DataType.INT64);
        long dim = data.dim(axis);
        String axisSize = dim >= 0 ? c.constant(Tensor.scalar(dim))
                : c.op("GatherV2", "dim").in(Ops.shape(c, c.t(data), data.type())).in(c.constant(Tensor.scalar((long) axis)))
                .in(c.constant(Tensor.scalar(0L))).type("Tparams", DataType.INT64).type("Tindices", DataType.INT64)
                .type("Taxis", DataType.INT64).out();
        ind = Ops.bin(c, "FloorMod", ind, axisSize, DataType.INT64);
        TfOp pack = c.op("Pack", "coords").type("T", DataType.INT64).i("N", rank).i("axis", -1);
        for (int a = 0; a < rank; a++) {
            if (a == axis) {
                pack.in(ind);
                continue;
            }
            String n = c.op("GatherV2", "dim" + a).in(dims).in(c.constant(Tensor.scalar((long) a))).in(c.constant(Tensor.scalar(0L)))
                    .type("Tparams", DataType.INT64).type("Tindices", DataType.INT64).type("Taxis", DataType.INT64).out();
            String range = c.op("Range", "range" + a).in(c.constant(Tensor.scalar(0L))).in(n).in(c.constant(Tensor.scalar(1L)))
                    .type("Tidx", DataType.INT64).out();
            long[] shape = new long[rank];
            Arrays.fill(shape, 1);
            shape[a] = -1;
            String grid = c.op("BroadcastTo", "grid" + a).in(Ops.reshape(c, range, DataType.INT64, c.longs(shape))).in(dims)
                    .type("T", DataType.INT64).type("Tidx", DataType.INT64).out();
            pack.in(grid);
        }
        String y = c.op("GatherNd").in(c.t(data)).in(pack.out()).type("Tparams", data.type()).type("Tindices", DataType.INT64).out();
        c.out(0, c.val(y, data.type(), idx.shape()));
    }

    private static void scatterNd(EmitContext c) {
        Val data = c.require(0, "data");
        Val idx = c.require(1, "indices");
        Val upd = c.require(2, "updates");
        String op = tensorScatterOp(c, "ScatterND");
        if (op == null) {
            c.out(0, c.val(scatterNdMul(c, data, idx, upd), data.type(), data.shape()));
            return;
        }
        String y = c.op(op).in(c.t(data)).in(c.t(idx)).in(c.t(upd)).type("T", data.type()).type("Tindices", idx.type()).out();
        c.out(0, c.val(y, data.type(), data.shape()));
    }

    /**
     * ScatterND reduction 'mul' (TF has no TensorScatterMul): the index tuples become flat slot numbers
     * (strides from data's leading dims), UnsortedSegmentProd multiplies the updates per slot (1 where
     * none land, repeated indices multiplying together), and data is multiplied by that.
     */
    /**
     * The TF op for the node's ONNX {@code reduction} (TensorScatterUpdate/Add/Max/Min), or null for "mul", which TF has
     * no tensor-scatter op for ({@link #scatterNdMul}).
     */
    static String tensorScatterOp(EmitContext c, String onnxOp) {
        String red = c.node.attrString("reduction", "none");
        return switch (red) {
            case "none" -> "TensorScatterUpdate";
            case "add" -> "TensorScatterAdd";
            case "max" -> "TensorScatterMax";
            case "min" -> "TensorScatterMin";
            case "mul" -> null;
            default -> throw c.error(onnxOp + " reduction '" + red + "' is not supported");
        };
    }

    private static String scatterNdMul(EmitContext c, Val data, Val idx, Val upd) {
        long k = idx.dim(-1);
        if (k < 0) {
            throw c.error("ScatterND 'mul' needs the last dim of the indices to be known");
        }
        return scatterNdMul(c, c.t(data), data.type(), Ops.cast(c, c.t(idx), idx.type(), DataType.INT64), k, c.t(upd));
    }

    /** {@link #scatterNdMul(EmitContext, Val, Val, Val)} on tensors: int64 indices whose last dim is {@code k}. */
    static String scatterNdMul(EmitContext c, String d, DataType t, String indices, long k, String updates) {
        String dShape = Ops.shape(c, d, t);
        String lead = Ops.slice1d(c, dShape, DataType.INT64, 0, k);
        String strides = c.op("Cumprod", "strides").in(lead).in(DynAxes.scalar(c, 0)).type("T", DataType.INT64).type("Tidx", DataType.INT64)
                .b("exclusive", true).b("reverse", true).out();
        String ind = Ops.bin(c, "FloorMod", indices, lead, DataType.INT64);
        String slots = c.op("Sum", "slots").in(Ops.bin(c, "Mul", ind, strides, DataType.INT64)).in(c.longs(-1)).type("T", DataType.INT64)
                .type("Tidx", DataType.INT64).b("keep_dims", false).out();
        String count = c.op("Prod", "slot_count").in(lead).in(c.longs(0)).type("T", DataType.INT64).type("Tidx", DataType.INT64)
                .b("keep_dims", false).out();
        String factors = c.op("UnsortedSegmentProd", "factors").in(updates).in(slots).in(count).type("T", t)
                .type("Tindices", DataType.INT64).type("Tnumsegments", DataType.INT64).out();
        String flat = Ops.reshape(c, d, t, Ops.concat(c, DataType.INT64, 0, c.longs(-1), Ops.slice1d(c, dShape, DataType.INT64, k, -1)));
        return Ops.reshape(c, Ops.bin(c, "Mul", flat, factors, t), t, dShape);
    }

    /** ArgMax/ArgMin along an axis; select_last_index searches the reversed axis. */
    private static void argExtreme(EmitContext c, String op) {
        Val x = c.require(0, "data");
        int rank = c.rank(x, "the input");
        int axis = Shapes.axis(c.node.attrLong("axis", 0), rank);
        boolean keep = c.node.attrLong("keepdims", 1) != 0;
        boolean last = c.node.attrLong("select_last_index", 0) != 0;
        String in = c.t(x);
        String ax = c.constant(Tensor.scalar((long) axis));
        if (last) {
            in = c.op("ReverseV2", "reverse").in(in).in(c.longs(axis)).type("T", x.type()).type("Tidx", DataType.INT64).out();
        }
        String y = c.op(op).in(in).in(ax).type("T", x.type()).type("Tidx", DataType.INT64).type("output_type", DataType.INT64).out();
        if (last) {
            String dim = c.op("GatherV2", "dim").in(Ops.shape(c, c.t(x), x.type())).in(ax).in(c.constant(Tensor.scalar(0L)))
                    .type("Tparams", DataType.INT64).type("Tindices", DataType.INT64).type("Taxis", DataType.INT64).out();
            y = Ops.bin(c, "Sub", Ops.bin(c, "Sub", dim, c.constant(Tensor.scalar(1L)), DataType.INT64), y, DataType.INT64);
        }
        long[] shape = null;
        if (x.shape() != null) {
            shape = x.shape().clone();
            if (keep) {
                shape[axis] = 1;
            } else {
                long[] s = new long[rank - 1];
                for (int i = 0, k = 0; i < rank; i++) {
                    if (i != axis) {
                        s[k++] = shape[i];
                    }
                }
                shape = s;
            }
        }
        if (keep) {
            y = Ops.expandDims(c, y, DataType.INT64, axis);
        }
        c.out(0, c.val(y, DataType.INT64, shape));
    }

    /** TopKV2 works on the last axis: another axis is swapped last and back; largest=0 negates. */
    private static void topK(EmitContext c) {
        Val x = c.require(0, "X");
        int rank = c.rank(x, "the input");
        int axis = Shapes.axis(c.node.attrLong("axis", -1), rank);
        boolean largest = c.node.attrLong("largest", 1) != 0;
        Val kv = c.node.hasAttribute("k") ? Val.constant(Tensor.ofLongs(new long[]{1}, c.node.attrLong("k", 1))) : c.require(1, "K");
        int[] p = Perms.identity(rank);
        p[axis] = rank - 1;
        p[rank - 1] = axis;
        DataType t = x.type();
        String in = c.phys(x, p);
        if (!largest) {
            in = Ops.un(c, "Neg", in, t);
        }
        long[] kc = ConstTensors.longValues(kv);
        String k = kc != null ? c.constant(Tensor.ofInts(new long[0], (int) kc[0]))
                : Ops.cast(c, Ops.reshape(c, c.t(kv), DataType.INT64, c.longs()), DataType.INT64, DataType.INT32);
        TfOp top = c.op("TopKV2").in(in).in(k).type("T", t).b("sorted", true);
        String values = top.out(0);
        if (!largest) {
            values = Ops.un(c, "Neg", values, t);
        }
        String indices = Ops.cast(c, top.out(1), DataType.INT32, DataType.INT64);
        long[] shape = x.shape() == null ? null : x.shape().clone();
        if (shape != null) {
            shape[axis] = kc == null ? -1 : kc[0];
        }
        c.out(0, new Val(values, t, shape, Perms.isIdentity(p) ? null : p, null, c.frame));
        c.out(1, new Val(indices, DataType.INT64, shape, Perms.isIdentity(p) ? null : p, null, c.frame));
    }

    /** TF's Where lists coordinates as [n, rank]; ONNX wants [rank, n]. */
    private static void nonZero(EmitContext c) {
        Val x = c.require(0, "X");
        String coords = c.op("Where").in(c.t(x)).type("T", x.type()).out();
        String y = c.transposed(coords, DataType.INT64, new int[]{1, 0});
        c.out(0, c.val(y, DataType.INT64, new long[]{x.rank(), -1}));
    }
}
