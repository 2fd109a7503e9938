package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reshape, Flatten, Squeeze/Unsqueeze, Transpose, Expand, Tile, Concat, Split and Pad. */
final class ReshapeEmitters {

    private ReshapeEmitters() {
    }

    static void register(Emitters r) {
        r.register(ReshapeEmitters::reshape, "Reshape");
        r.register(ReshapeEmitters::flatten, "Flatten");
        r.register(ReshapeEmitters::squeeze, "Squeeze");
        r.register(ReshapeEmitters::unsqueeze, "Unsqueeze");
        r.register(ReshapeEmitters::transpose, "Transpose");
        r.register(ReshapeEmitters::expand, "Expand");
        r.register(ReshapeEmitters::tile, "Tile");
        r.register(ReshapeEmitters::concat, "Concat");
        r.register(ReshapeEmitters::split, "Split");
        r.register(ReshapeEmitters::pad, "Pad");
    }

    /** Axis values from the opset-13+ input or the older attribute. */
    static long[] axesOf(EmitContext c, int inputIndex, String what) {
        if (c.node.hasAttribute("axes")) {
            return c.node.attrLongs("axes", null);
        }
        Val a = c.in(inputIndex);
        return a == null ? null : c.constLongs(a, what);
    }

    /** ONNX's 0 = "copy this dim" (unless allowzero) is resolved here or in-graph; -1 stays TF's -1. */
    private static void reshape(EmitContext c) {
        Val x = c.require(0, "data");
        Val s = c.node.hasAttribute("shape") ? Val.constant(Tensor.ofLongs(new long[]{c.node.attrLongs("shape", null).length},
                c.node.attrLongs("shape", null))) : c.require(1, "shape");
        boolean allowZero = c.node.attrLong("allowzero", 0) != 0;
        String in = c.t(x);
        long[] target = ConstTensors.longValues(s);
        if (target != null) {
            long[] resolved = target.clone();
            int lastDynamicZero = -1;
            for (int i = 0; i < resolved.length; i++) {
                if (resolved[i] == 0 && !allowZero) {
                    long d = x.dim(i);
                    if (d >= 0) {
                        resolved[i] = d;
                    } else {
                        lastDynamicZero = i;
                    }
                }
            }
            String shape;
            if (lastDynamicZero < 0) {
                shape = c.longs(resolved);
            } else {
                int k = lastDynamicZero + 1;
                long[] head = Arrays.copyOf(resolved, k);
                long[] mask = new long[k];
                for (int i = 0; i < k; i++) {
                    if (head[i] == 0) {
                        mask[i] = 1;
                    }
                }
                String dims = Ops.slice1d(c, Ops.shape(c, in, x.type()), DataType.INT64, 0, k);
                shape = Ops.bin(c, "AddV2", c.longs(head), Ops.bin(c, "Mul", c.longs(mask), dims, DataType.INT64), DataType.INT64);
                if (k < resolved.length) {
                    shape = Ops.concat(c, DataType.INT64, 0, shape, c.longs(Arrays.copyOfRange(resolved, k, resolved.length)));
                }
            }
            long[] known = resolved.clone();
            for (int i = 0; i < known.length; i++) {
                if (known[i] == 0 && !allowZero) {
                    known[i] = -1;
                }
            }
            c.out(0, c.val(Ops.reshape(c, in, x.type(), shape), x.type(), outShape(x.shape(), known)));
            return;
        }
        String st = c.t(s);
        if (!allowZero) {
            // positions of 0 take the input's dim; the concat keeps the slice long enough when the target is longer
            String dims = Ops.concat(c, DataType.INT64, 0, Ops.shape(c, in, x.type()), st);
            String head = c.op("StridedSlice", "head").in(dims).in(c.longs(0)).in(Ops.shape(c, st, DataType.INT64)).in(c.longs(1))
                    .type("T", DataType.INT64).type("Index", DataType.INT64).out();
            String isZero = c.op("Equal", "is_zero").in(st).in(c.constant(Tensor.scalar(0L))).type("T", DataType.INT64).out();
            st = Ops.select(c, isZero, head, st, DataType.INT64);
        }
        long n = s.dim(0);
        c.out(0, c.val(Ops.reshape(c, in, x.type(), st), x.type(), n < 0 ? null : Shapes.unknown((int) n)));
    }

    private static long[] outShape(long[] in, long[] target) {
        long[] out = target.clone();
        int minus = -1;
        for (int i = 0; i < out.length; i++) {
            if (target[i] == -1 && minus < 0) {
                minus = i;
            }
        }
        if (minus >= 0) {
            long total = in == null ? -1 : Shapes.product(in, 0, in.length);
            long rest = Shapes.product(out, 0, minus) * Shapes.product(out, minus + 1, out.length);
            boolean restKnown = Shapes.product(out, 0, minus) >= 0 && Shapes.product(out, minus + 1, out.length) >= 0;
            out[minus] = total >= 0 && restKnown && rest > 0 ? total / rest : -1;
        }
        return out;
    }

    private static void flatten(EmitContext c) {
        Val x = c.require(0, "input");
        int rank = c.rank(x, "the input");
        int axis = Shapes.axis(c.node.attrLong("axis", 1), rank);
        long first = Shapes.product(x.shape(), 0, axis);
        long rest = Shapes.product(x.shape(), axis, rank);
        String in = c.t(x);
        String shape;
        if (first >= 0 || rest >= 0) {
            shape = c.longs(first >= 0 ? first : -1, first >= 0 && rest < 0 ? -1 : rest);
        } else {
            String dims = Ops.shape(c, in, x.type());
            String a = c.op("Prod", "outer").in(Ops.slice1d(c, dims, DataType.INT64, 0, axis)).in(c.longs(0))
                    .type("T", DataType.INT64).type("Tidx", DataType.INT64).b("keep_dims", true).out();
            shape = Ops.concat(c, DataType.INT64, 0, a, c.longs(-1));
        }
        c.out(0, c.val(Ops.reshape(c, in, x.type(), shape), x.type(), new long[]{first, rest}));
    }

    /** The axes input when it is computed at run time (opset 13+), else null. */
    private static Val computedAxes(EmitContext c, int inputIndex) {
        if (c.node.hasAttribute("axes")) {
            return null;
        }
        Val a = c.in(inputIndex);
        return a == null || a.isConstant() ? null : a;
    }

    private static void squeeze(EmitContext c) {
        Val x = c.require(0, "data");
        Val computed = computedAxes(c, 1);
        if (computed != null) {
            squeezeComputed(c, x, computed);
            return;
        }
        long[] axes = axesOf(c, 1, "axes");
        String in = c.t(x);
        long[] shape = null;
        if (axes == null) {
            if (x.hasStaticShape()) {
                shape = Arrays.stream(x.shape()).filter(d -> d != 1).toArray();
            }
            c.out(0, c.val(Ops.squeeze(c, in, x.type()), x.type(), shape));
            return;
        }
        if (x.shape() != null) {
            int r = x.rank();
            boolean[] drop = new boolean[r];
            for (long a : axes) {
                drop[Shapes.axis(a, r)] = true;
            }
            List<Long> keep = new ArrayList<>();
            for (int i = 0; i < r; i++) {
                if (!drop[i]) {
                    keep.add(x.shape()[i]);
                }
            }
            shape = keep.stream().mapToLong(Long::longValue).toArray();
        }
        c.out(0, c.val(Ops.squeeze(c, in, x.type(), axes), x.type(), shape));
    }

    /** TF's Squeeze takes its axes as an attribute: a Reshape to the dims whose positions are not listed. */
    private static void squeezeComputed(EmitContext c, Val x, Val axesV) {
        String in = c.t(x);
        String rank = DynAxes.rank(c, x, in);
        String axes = DynAxes.normalize(c, DynAxes.int64Vector(c, axesV), rank);
        String dropped = DynAxes.isListed(c, DynAxes.range(c, rank), axes);
        String kept = c.op("Where", "kept").in(c.op("LogicalNot", "not_listed").in(dropped).out()).type("T", DataType.BOOL).out();
        String dims = c.op("GatherNd", "kept_dims").in(Ops.shape(c, in, x.type())).in(kept).type("Tparams", DataType.INT64)
                .type("Tindices", DataType.INT64).out();
        long n = axesV.dim(0);
        long[] shape = x.rank() >= 0 && n >= 0 && n <= x.rank() ? Shapes.unknown(x.rank() - (int) n) : null;
        c.out(0, c.val(Ops.reshape(c, in, x.type(), dims), x.type(), shape));
    }

    /**
     * Unsqueeze with run-time axes: output position j is a new 1 when listed, else the next input dim
     * (an exclusive running count of unlisted positions indexes the input's shape).
     */
    private static void unsqueezeComputed(EmitContext c, Val x, Val axesV) {
        String in = c.t(x);
        String rank = DynAxes.rank(c, x, in);
        String raw = DynAxes.int64Vector(c, axesV);
        String count = c.op("Size", "axes_count").in(raw).type("T", DataType.INT64).type("out_type", DataType.INT64).out();
        String outRank = Ops.bin(c, "AddV2", rank, count, DataType.INT64);
        String axes = DynAxes.normalize(c, raw, outRank);
        String isNew = DynAxes.isListed(c, DynAxes.range(c, outRank), axes);
        String old = Ops.cast(c, c.op("LogicalNot", "not_new").in(isNew).out(), DataType.BOOL, DataType.INT64);
        String src = c.op("Cumsum", "source_dim").in(old).in(DynAxes.scalar(c, 0)).type("T", DataType.INT64).type("Tidx", DataType.INT64)
                .b("exclusive", true).b("reverse", false).out();
        String pick = Ops.select(c, isNew, rank, src, DataType.INT64);
        String dims = Ops.concat(c, DataType.INT64, 0, Ops.shape(c, in, x.type()), c.longs(1));
        String target = DynAxes.at(c, dims, DataType.INT64, pick);
        long n = axesV.dim(0);
        long[] shape = x.rank() >= 0 && n >= 0 ? Shapes.unknown(x.rank() + (int) n) : null;
        c.out(0, c.val(Ops.reshape(c, in, x.type(), target), x.type(), shape));
    }

    private static void unsqueeze(EmitContext c) {
        Val x = c.require(0, "data");
        Val computed = computedAxes(c, 1);
        if (computed != null) {
            unsqueezeComputed(c, x, computed);
            return;
        }
        long[] axes = axesOf(c, 1, "axes");
        if (axes == null) {
            throw c.error("Unsqueeze has no axes");
        }
        int outRank = x.rank() < 0 ? -1 : x.rank() + axes.length;
        if (outRank < 0 && Arrays.stream(axes).anyMatch(a -> a < 0)) {
            // negative axes count from the end of a rank known only at run time
            unsqueezeComputed(c, x, Val.constant(Tensor.ofLongs(new long[]{axes.length}, axes)));
            return;
        }
        long[] norm = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] < 0 && outRank < 0) {
                throw c.error("negative axes need the input's rank");
            }
            norm[i] = axes[i] < 0 ? axes[i] + outRank : axes[i];
        }
        Arrays.sort(norm);
        String y = c.t(x);
        for (long a : norm) {
            y = Ops.expandDims(c, y, x.type(), a);
        }
        long[] shape = null;
        if (x.shape() != null) {
            shape = new long[outRank];
            int k = 0;
            for (int i = 0; i < outRank; i++) {
                shape[i] = Arrays.binarySearch(norm, i) >= 0 ? 1 : x.shape()[k++];
            }
        }
        c.out(0, c.val(y, x.type(), shape));
    }

    /** No TF node: the result is the same tensor seen through another permutation (pairs cancel for free). */
    private static void transpose(EmitContext c) {
        Val x = c.require(0, "data");
        long[] permAttr = c.node.attrLongs("perm", null);
        int rank = x.rank() < 0 && permAttr != null ? permAttr.length : c.rank(x, "the input");
        int[] q = new int[rank];
        for (int i = 0; i < rank; i++) {
            q[i] = permAttr == null ? rank - 1 - i : (int) permAttr[i];
        }
        if (permAttr != null && (permAttr.length != rank || !Perms.isPermutation(permAttr))) {
            throw c.error("perm " + Arrays.toString(permAttr) + " is not a permutation of rank " + rank);
        }
        long[] shape = Perms.apply(q, x.shape());
        if (x.isConstant()) {
            c.out(0, Val.constant(ConstTensors.transpose(x.constant(), q)));
            return;
        }
        int[] p = x.perm() == null ? Perms.identity(rank) : x.perm();
        int[] r = Perms.compose(Perms.inverse(q), p);
        c.out(0, new Val(x.tensor(), x.type(), shape, Perms.isIdentity(r) ? null : r, null, c.frame));
    }

    /** ONNX Expand broadcasts both ways: the target is broadcast(shape(x), shape). */
    private static void expand(EmitContext c) {
        Val x = c.require(0, "input");
        Val s = c.require(1, "shape");
        long[] target = ConstTensors.longValues(s);
        String in = c.t(x);
        if (target != null && x.hasStaticShape()) {
            long[] out = Shapes.broadcast(x.shape(), target);
            if (out == null) {
                throw c.error("shape " + Arrays.toString(target) + " does not broadcast with " + Arrays.toString(x.shape()));
            }
            c.out(0, c.val(c.op("BroadcastTo").in(in).in(c.longs(out)).type("T", x.type()).type("Tidx", DataType.INT64).out(),
                    x.type(), out));
            return;
        }
        String st = c.t(s);
        String full = c.op("BroadcastArgs", "target").in(Ops.shape(c, in, x.type())).in(st).type("T", DataType.INT64).out();
        long[] shape = target == null ? null : Shapes.broadcast(x.shape(), target);
        c.out(0, c.val(c.op("BroadcastTo").in(in).in(full).type("T", x.type()).type("Tidx", DataType.INT64).out(), x.type(), shape));
    }

    private static void tile(EmitContext c) {
        Val x = c.require(0, "input");
        Val reps = c.require(1, "repeats");
        long[] r = ConstTensors.longValues(reps);
        long[] shape = null;
        if (r != null && x.shape() != null) {
            shape = x.shape().clone();
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shape[i] < 0 ? -1 : shape[i] * r[i];
            }
        }
        String y = c.op("Tile").in(c.t(x)).in(c.t(reps)).type("T", x.type()).type("Tmultiples", reps.type()).out();
        c.out(0, c.val(y, x.type(), shape));
    }

    /** In a common permuted layout when the inputs share one; the axis is then the physical one. */
    private static void concat(EmitContext c) {
        int n = c.inputCount();
        Val[] ins = new Val[n];
        for (int i = 0; i < n; i++) {
            ins[i] = c.require(i, "inputs");
        }
        Val first = ins[0];
        int rank = -1;
        for (Val v : ins) {
            rank = Math.max(rank, v.rank());
        }
        long rawAxis = c.node.attrLong("axis", 0);
        // with the rank unknown the axis stays as written: ConcatV2 counts negative axes from the end too
        int axis = rank >= 0 ? Shapes.axis(rawAxis, rank) : (int) rawAxis;
        int[] p = rank < 0 ? null : ElementwiseEmitters.commonPerm(ins);
        for (Val v : ins) {
            if (p != null && v.rank() != rank) {
                p = null;
            }
        }
        String[] parts = new String[n];
        for (int i = 0; i < n; i++) {
            parts[i] = p == null ? c.t(ins[i]) : ElementwiseEmitters.physical(c, ins[i], p);
        }
        int physAxis = axis;
        if (p != null) {
            for (int i = 0; i < rank; i++) {
                if (p[i] == axis) {
                    physAxis = i;
                }
            }
        }
        Val known = first;
        for (Val v : ins) {
            known = known.shape() == null ? v : known;
        }
        long[] shape = known.shape() == null ? null : known.shape().clone();
        if (shape != null) {
            long sum = 0;
            for (Val v : ins) {
                long d = v.dim(axis);
                sum = sum < 0 || d < 0 ? -1 : sum + d;
            }
            shape[axis] = sum;
        }
        String y = n == 1 ? Ops.identity(c, parts[0], first.type()) : Ops.concat(c, first.type(), physAxis, parts);
        c.out(0, new Val(y, first.type(), shape, p, null, c.frame));
    }

    /** Split sizes from the input (13+), the attribute, num_outputs (18+) or an even split. */
    private static void split(EmitContext c) {
        Val x = c.require(0, "input");
        int outputs = c.node.outputs().size();
        int rank = x.rank();
        long rawAxis = c.node.attrLong("axis", 0);
        // with the rank unknown the axis stays as written: TF's split_dim counts negative axes from the end too
        int axis = rank >= 0 ? Shapes.axis(rawAxis, rank) : (int) rawAxis;
        long[] sizes = c.node.attrLongs("split", null);
        String computedSizes = null;
        if (sizes == null && c.in(1) != null) {
            sizes = ConstTensors.longValues(c.in(1));
            if (sizes == null) {
                computedSizes = DynAxes.int64Vector(c, c.in(1));
            }
        }
        long dim = x.dim(axis);
        if (sizes == null && computedSizes == null && dim >= 0 && dim % outputs != 0) {
            long chunk = (dim + outputs - 1) / outputs;
            sizes = new long[outputs];
            for (int i = 0; i < outputs; i++) {
                sizes[i] = Math.min(chunk, Math.max(0, dim - i * chunk));
            }
        }
        int[] p = x.isConstant() ? null : x.perm();
        String in = p == null ? c.t(x) : x.tensor();
        int physAxis = axis;
        if (p != null) {
            for (int i = 0; i < rank; i++) {
                if (p[i] == axis) {
                    physAxis = i;
                }
            }
        }
        String node;
        if (computedSizes != null) {
            node = c.op("SplitV").in(in).in(computedSizes).in(c.constant(Tensor.ofInts(new long[0], physAxis))).type("T", x.type())
                    .type("Tlen", DataType.INT64).i("num_split", outputs).name();
        } else if (sizes == null) {
            node = c.op("Split").in(c.constant(Tensor.ofInts(new long[0], physAxis))).in(in).type("T", x.type()).i("num_split", outputs).name();
        } else {
            node = c.op("SplitV").in(in).in(c.longs(sizes)).in(c.constant(Tensor.ofInts(new long[0], physAxis))).type("T", x.type())
                    .type("Tlen", DataType.INT64).i("num_split", outputs).name();
        }
        for (int i = 0; i < outputs; i++) {
            long[] shape = x.shape() == null ? null : x.shape().clone();
            if (shape != null) {
                shape[axis] = sizes != null ? sizes[i] : dim < 0 || computedSizes != null ? -1 : dim / outputs;
            }
            c.out(i, new Val(i == 0 ? node : node + ":" + i, x.type(), shape, p, null, c.frame));
        }
    }

    /**
     * constant -> PadV2, reflect -> MirrorPad, negative pads cropping afterwards; edge and wrap (no TF op)
     * gather each padded axis with clamped or wrapped indices. Pads or axes computed at run time are
     * spread to a [rank, 2] paddings tensor in-graph.
     */
    private static void pad(EmitContext c) {
        Val x = c.require(0, "data");
        int rank = c.rank(x, "the input");
        String mode = c.node.attrString("mode", "constant");
        if (!mode.equals("constant") && !mode.equals("reflect") && !mode.equals("edge") && !mode.equals("wrap")) {
            throw c.error("Pad mode '" + mode + "' is not supported (constant, reflect, edge and wrap are)");
        }
        long[] pads;
        Val value;
        if (c.node.hasAttribute("pads")) {
            pads = c.node.attrLongs("pads", null);
            value = Val.constant(ConstTensors.scalar(x.type(), c.node.attrFloat("value", 0f)));
        } else {
            Val pv = c.require(1, "pads");
            pads = ConstTensors.longValues(pv);
            value = c.in(2);
            Val av = c.in(3);
            long[] axes = av == null ? null : ConstTensors.longValues(av);
            if (pads == null || av != null && axes == null) {
                padComputed(c, x, rank, mode, pv, av, value);
                return;
            }
            if (axes != null) {
                if (pads.length != 2 * axes.length) {
                    throw c.error("pads has " + pads.length + " values for " + axes.length + " axes");
                }
                long[] full = new long[2 * rank];
                for (int i = 0; i < axes.length; i++) {
                    int a = Shapes.axis(axes[i], rank);
                    full[a] = pads[i];
                    full[a + rank] = pads[i + axes.length];
                }
                pads = full;
            }
        }
        if (pads.length != 2 * rank) {
            throw c.error("pads has " + pads.length + " values for rank " + rank);
        }
        long[] shape = x.shape() == null ? null : x.shape().clone();
        if (shape != null) {
            for (int i = 0; i < rank; i++) {
                shape[i] = shape[i] < 0 ? -1 : shape[i] + pads[i] + pads[i + rank];
            }
        }
        if (mode.equals("edge") || mode.equals("wrap")) {
            c.out(0, c.val(padByGather(c, c.t(x), x.type(), rank, mode, pads, null), x.type(), shape));
            return;
        }
        int[] p = x.isConstant() || x.perm() == null ? Perms.identity(rank) : x.perm();
        String in = x.isConstant() || x.perm() == null ? c.t(x) : x.tensor();
        long[] paddings = new long[2 * rank];
        long[] cropBegin = new long[rank];
        long[] cropEnd = new long[rank];
        boolean crop = false;
        for (int i = 0; i < rank; i++) {
            long b = pads[p[i]];
            long e = pads[p[i] + rank];
            paddings[2 * i] = Math.max(b, 0);
            paddings[2 * i + 1] = Math.max(e, 0);
            cropBegin[i] = Math.max(-b, 0);
            cropEnd[i] = Math.max(-e, 0);
            crop |= b < 0 || e < 0;
        }
        String y = padOp(c, mode, in, x.type(), c.constant(Tensor.ofLongs(new long[]{rank, 2}, paddings)), value);
        if (crop) {
            long[] ends = new long[rank];
            long endMask = 0;
            for (int i = 0; i < rank; i++) {
                ends[i] = -cropEnd[i];
                if (cropEnd[i] == 0) {
                    endMask |= 1L << i;
                }
            }
            y = c.op("StridedSlice", "crop").in(y).in(c.longs(cropBegin)).in(c.longs(ends)).in(c.longs(Window.ones(rank)))
                    .type("T", x.type()).type("Index", DataType.INT64).i("end_mask", endMask).out();
        }
        c.out(0, new Val(y, x.type(), shape, Perms.isIdentity(p) ? null : p, null, c.frame));
    }

    /** Pads (and axes) known only at run time: a [rank, 2] paddings tensor built in-graph. */
    private static void padComputed(EmitContext c, Val x, int rank, String mode, Val pv, Val av, Val value) {
        String byRows = Ops.reshape(c, DynAxes.int64Vector(c, pv), DataType.INT64, c.longs(2, -1));
        String listed = c.transposed(byRows, DataType.INT64, new int[]{1, 0});
        String full = listed;
        if (av != null) {
            String axes = DynAxes.normalize(c, DynAxes.int64Vector(c, av), DynAxes.scalar(c, rank));
            full = c.op("TensorScatterUpdate", "paddings").in(c.constant(Tensor.ofLongs(new long[]{rank, 2}, new long[2 * rank])))
                    .in(Ops.expandDims(c, axes, DataType.INT64, 1)).in(listed).type("T", DataType.INT64).type("Tindices", DataType.INT64)
                    .out();
        }
        String in = c.t(x);
        String y;
        if (mode.equals("edge") || mode.equals("wrap")) {
            y = padByGather(c, in, x.type(), rank, mode, null, Ops.reshape(c, full, DataType.INT64, c.longs(-1)));
        } else {
            String zero = DynAxes.scalar(c, 0);
            y = padOp(c, mode, in, x.type(), Ops.bin(c, "Maximum", full, zero, DataType.INT64), value);
            // negative pads crop: Slice from the begin crops, for the padded size less both crops
            String cut = Ops.bin(c, "Maximum", Ops.un(c, "Neg", full, DataType.INT64), zero, DataType.INT64);
            String cutBegin = column(c, cut, 0);
            String size = Ops.bin(c, "Sub", Ops.bin(c, "Sub", Ops.shape(c, y, x.type()), cutBegin, DataType.INT64), column(c, cut, 1),
                    DataType.INT64);
            y = c.op("Slice", "crop").in(y).in(cutBegin).in(size).type("T", x.type()).type("Index", DataType.INT64).out();
        }
        c.out(0, c.val(y, x.type(), Shapes.unknown(rank)));
    }

    private static String column(EmitContext c, String matrix, long j) {
        return c.op("GatherV2", "column").in(matrix).in(DynAxes.scalar(c, j)).in(DynAxes.scalar(c, 1)).type("Tparams", DataType.INT64)
                .type("Tindices", DataType.INT64).type("Taxis", DataType.INT64).out();
    }

    /**
     * Edge and wrap padding: each padded axis gathers positions -begin .. len+end-1, clamped to the axis
     * (edge) or taken modulo its length (wrap); negative pads simply shorten the range. {@code pads} is
     * ONNX's [begins, ends] when constant, else {@code pairs} is a flat int64 [b0, e0, b1, e1, ...] tensor.
     */
    private static String padByGather(EmitContext c, String in, DataType t, int rank, String mode, long[] pads, String pairs) {
        String shape = Ops.shape(c, in, t);
        String y = in;
        for (int a = 0; a < rank; a++) {
            if (pads != null && pads[a] == 0 && pads[a + rank] == 0) {
                continue;
            }
            String b = pads != null ? DynAxes.scalar(c, pads[a]) : DynAxes.at(c, pairs, DataType.INT64, DynAxes.scalar(c, 2L * a));
            String e = pads != null ? DynAxes.scalar(c, pads[a + rank])
                    : DynAxes.at(c, pairs, DataType.INT64, DynAxes.scalar(c, 2L * a + 1));
            String len = DynAxes.at(c, shape, DataType.INT64, DynAxes.scalar(c, a));
            String idx = c.op("Range", "pad_positions").in(Ops.un(c, "Neg", b, DataType.INT64))
                    .in(Ops.bin(c, "AddV2", len, e, DataType.INT64)).in(DynAxes.scalar(c, 1)).type("Tidx", DataType.INT64).out();
            if (mode.equals("edge")) {
                String last = Ops.bin(c, "Sub", len, DynAxes.scalar(c, 1), DataType.INT64);
                idx = Ops.bin(c, "Maximum", Ops.bin(c, "Minimum", idx, last, DataType.INT64), DynAxes.scalar(c, 0), DataType.INT64);
            } else {
                idx = Ops.bin(c, "FloorMod", idx, len, DataType.INT64);
            }
            y = c.op("GatherV2", "pad_gather").in(y).in(idx).in(DynAxes.scalar(c, a)).type("Tparams", t).type("Tindices", DataType.INT64)
                    .type("Taxis", DataType.INT64).out();
        }
        return y;
    }

    private static String padOp(EmitContext c, String mode, String in, DataType t, String paddings, Val value) {
        switch (mode) {
            case "constant" -> {
                String v = value == null ? c.scalar(t, 0) : value.rank() == 0 ? c.t(value) : Ops.reshape(c, c.t(value), t, c.longs());
                return c.op("PadV2", "pad").in(in).in(paddings).in(v).type("T", t).type("Tpaddings", DataType.INT64).out();
            }
            case "reflect" -> {
                return c.op("MirrorPad", "pad").in(in).in(paddings).type("T", t).type("Tpaddings", DataType.INT64).s("mode", "REFLECT").out();
            }
            default -> throw c.error("Pad mode '" + mode + "' is not supported (constant, reflect, edge and wrap are)");
        }
    }
}
