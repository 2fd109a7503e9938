package dev.modelx.exporter.paddle.emit;

import dev.modelx.exporter.paddle.ConstantOps;
import dev.modelx.exporter.paddle.EmitterTable;
import dev.modelx.exporter.paddle.ExportContext;
import dev.modelx.exporter.paddle.PaddleOp;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.util.ArrayList;
import java.util.List;

/** Shape manipulation, indexing and constants. */
public final class ShapeEmitters {

    private ShapeEmitters() {
    }

    public static void register(EmitterTable t) {
        IndexEmitters.register(t);
        t.add("Constant", (c, n) -> {
            // written when a reader needs it as a tensor (ExportContext.var); attribute readers use the value directly
        });
        t.add("Reshape", ShapeEmitters::reshape);
        t.add("Transpose", (c, n) -> {
            int rank = c.rank(n.input(0));
            long[] perm = n.attrLongs("perm", null);
            if (perm == null) {
                perm = new long[rank];
                for (int i = 0; i < rank; i++) {
                    perm[i] = rank - 1 - i;
                }
            }
            Emit.unary(c, n, "transpose2").ints("axis", perm);
        });
        t.add("Flatten", ShapeEmitters::flatten);
        t.add("Squeeze", (c, n) -> {
            long[] axes = axes(c, n);
            if (axes == null && Emit.hasInput(n, 1)) {
                throw new IllegalArgumentException("Squeeze with computed axes has no Paddle equivalent (squeeze2 takes attribute axes)");
            }
            Emit.unary(c, n, "squeeze2").ints("axes", axes == null ? new long[0] : axes);
        });
        t.add("Unsqueeze", (c, n) -> {
            long[] axes = axes(c, n);
            if (axes == null) {
                unsqueezeAtRunTime(c, n);
                return;
            }
            Emit.unary(c, n, "unsqueeze2").ints("axes", axes).out("XShape", c.xshape("unsqueeze2", n.input(0)));
        });
        t.add("Concat", (c, n) -> {
            List<String> xs = new ArrayList<>();
            n.inputs().forEach(v -> xs.add(c.var(v)));
            c.op("concat").in("X", xs).out("Out", c.out(n.output(0))).i("axis", n.attrLong("axis", 0));
        });
        t.add("Gather", ShapeEmitters::gather);
        t.add("Shape", ShapeEmitters::shape);
        t.add("Slice", ShapeEmitters::slice);
        t.add("Split", ShapeEmitters::split);
        t.add("Expand", (c, n) -> {
            long[] s = c.constLongs(n.input(1));
            PaddleOp op = Emit.unary(c, n, "expand_v2");
            long[] od = c.dims(n.output(0));
            if (s != null && od != null && od.length == s.length) {
                long[] shape = s.clone();
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = s[i] == 1 ? -1 : s[i]; // ONNX broadcasting keeps the input size where the target says 1
                }
                op.ints("shape", shape);
            } else {
                op.in("Shape", c.var(n.input(1)));
            }
        });
        t.add("Tile", (c, n) -> {
            long[] r = c.constLongs(n.input(1));
            PaddleOp op = Emit.unary(c, n, "tile");
            if (r != null) {
                op.ints("repeat_times", r);
            } else {
                op.in("RepeatTimes", c.var(n.input(1)));
            }
        });
        t.add("ConstantOfShape", ShapeEmitters::constantOfShape);
        t.add("Range", (c, n) -> c.op("range").in("Start", c.var(n.input(0))).in("End", c.var(n.input(1)))
                .in("Step", c.var(n.input(2))).out("Out", c.out(n.output(0))));
    }

    private static long[] axes(ExportContext c, Node n) {
        if (n.hasAttribute("axes")) {
            return n.attrLongs("axes", null);
        }
        return Emit.hasInput(n, 1) ? c.constLongs(n.input(1)) : null;
    }

    private static void reshape(ExportContext c, Node n) {
        if (n.attrLong("allowzero", 0) != 0) {
            long[] s = c.constLongs(n.input(1));
            if (s == null || java.util.Arrays.stream(s).anyMatch(v -> v == 0)) {
                throw new IllegalArgumentException("Reshape with allowzero=1 and a 0 in the shape has no Paddle equivalent");
            }
        }
        long[] s = c.constLongs(n.input(1));
        if (s == null && flattenRange(c, n)) {
            return;
        }
        List<String> parts = s == null ? shapeParts(c, n.input(1)) : null;
        PaddleOp op = Emit.unary(c, n, "reshape2").out("XShape", c.xshape("reshape2", n.input(0)));
        if (s != null) {
            op.ints("shape", s);
        } else if (parts != null) {
            op.in("ShapeTensor", parts.stream().map(c::var).toList());
        } else {
            op.in("Shape", c.var(n.input(1)));
        }
    }

    /**
     * A shape computed as Concat of one-element integer tensors (reshape2's ShapeTensor list, as the importer
     * reads it: each element cast to int64 and reshaped to [1]) is written back as that list of the elements;
     * null when the shape is computed otherwise.
     */
    private static List<String> shapeParts(ExportContext c, String shape) {
        Node concat = c.producer(shape);
        if (concat == null || !concat.opType().equals("Concat") || c.isGraphOutput(shape) || c.consumers(shape).size() != 1) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String part : concat.inputs()) {
            String element = part;
            Node reshape = c.producer(part);
            long[] target = reshape != null && reshape.opType().equals("Reshape") ? c.constLongs(reshape.input(1)) : null;
            if (target != null && target.length == 1 && target[0] == 1) {
                Node cast = c.producer(reshape.input(0));
                element = cast != null && cast.opType().equals("Cast") ? cast.input(0) : reshape.input(0);
            }
            long[] d = c.dims(element);
            DataType t = c.dtype(element);
            if (d == null || d.length > 1 || d.length == 1 && d[0] != 1 || t != DataType.INT32 && t != DataType.INT64
                    || c.constant(element).isPresent() && !(c.producer(element) != null && c.producer(element).opType().equals("Identity"))) {
                return null;
            }
            out.add(element);
        }
        return out;
    }

    /**
     * Reshape(x, Concat(Slice(Shape(x), 0, start), [-1] [, Slice(Shape(x), stop + 1, rank)])): the importer's
     * reading of flatten_contiguous_range(start, stop), written back as that op.
     */
    private static boolean flattenRange(ExportContext c, Node n) {
        String x = n.input(0);
        Node concat = c.producer(n.input(1));
        int rank = c.types().rank(x);
        if (concat == null || !concat.opType().equals("Concat") || rank < 1 || concat.inputs().isEmpty()) {
            return false;
        }
        List<String> parts = concat.inputs();
        int k = 0;
        long start = 0, stop = rank - 1;
        long[] head = shapeSlice(c, parts.get(0), x);
        if (head != null) {
            if (head[0] != 0) {
                return false;
            }
            start = head[1];
            k++;
        }
        long[] minusOne = k < parts.size() ? c.constLongs(parts.get(k)) : null;
        if (minusOne == null || minusOne.length != 1 || minusOne[0] != -1) {
            return false;
        }
        k++;
        if (k < parts.size()) {
            long[] tail = shapeSlice(c, parts.get(k), x);
            if (tail == null || tail[1] != rank) {
                return false;
            }
            stop = tail[0] - 1;
            k++;
        }
        if (k != parts.size() || start > stop) {
            return false;
        }
        c.op("flatten_contiguous_range").in("X", c.var(x)).out("Out", c.out(n.output(0))).i("start_axis", start)
                .i("stop_axis", stop); // paddle.flatten writes both axes non-negative
        return true;
    }

    /** {start, end} when {@code v} is Slice(Shape(x), [start], [end]) with constant bounds, else null. */
    private static long[] shapeSlice(ExportContext c, String v, String x) {
        Node slice = c.producer(v);
        if (slice == null || !slice.opType().equals("Slice") || slice.inputs().size() > 4 && !slice.input(4).isEmpty()) {
            return null;
        }
        Node shape = c.producer(slice.input(0));
        long[] st = c.constLongs(slice.input(1)), en = c.constLongs(slice.input(2));
        if (shape == null || !shape.opType().equals("Shape") || !shape.input(0).equals(x) || shape.hasAttribute("start")
                || shape.hasAttribute("end") || st == null || en == null || st.length != 1 || en.length != 1) {
            return null;
        }
        return new long[] {st[0], en[0]};
    }

    private static void flatten(ExportContext c, Node n) {
        int rank = c.rank(n.input(0));
        long axis = n.attrLong("axis", 1);
        if (axis < 0) {
            axis += rank;
        }
        if (axis == 0 || rank <= 1) {
            Emit.unary(c, n, "reshape2").ints("shape", 1, -1).out("XShape", c.xshape("reshape2", n.input(0)));
            return;
        }
        if (axis == rank) {
            throw new IllegalArgumentException("Flatten at axis = rank is not written");
        }
        if (axis == 1 && rank == 2) {
            Emit.unary(c, n, "assign");
            return;
        }
        // Flatten(x, k) = flatten of dims [0, k) and of dims [k, rank): two flatten_contiguous_range when k > 1
        if (axis > 1) {
            long[] xd = c.dims(n.input(0));
            long[] ld = new long[rank - (int) axis + 1];
            ld[0] = 1;
            for (int i = 0; i < rank; i++) {
                long d = xd == null ? -1 : xd[i];
                if (i < axis) {
                    ld[0] = ld[0] < 0 || d < 0 ? -1 : ld[0] * d;
                } else {
                    ld[i - (int) axis + 1] = d;
                }
            }
            String lead = c.tempLike(n.output(0) + ".lead", c.dtype(n.input(0)), ld);
            c.op("flatten_contiguous_range").in("X", c.var(n.input(0))).out("Out", lead).i("start_axis", 0).i("stop_axis", (int) axis - 1);
            c.op("flatten_contiguous_range").in("X", lead).out("Out", c.out(n.output(0))).i("start_axis", 1).i("stop_axis", -1);
            return;
        }
        Emit.unary(c, n, "flatten_contiguous_range").i("start_axis", 1).i("stop_axis", -1);
    }

    /** Gather on axis 0 of a 2-D parameter by integer ids is an embedding lookup (lookup_table_v2). */
    private static void gather(ExportContext c, Node n) {
        long axis = n.attrLong("axis", 0);
        String data = n.input(0), idx = n.input(1);
        if (axis == 0 && c.graph().initializers().containsKey(data) && c.types().rank(data) == 2 && c.types().rank(idx) >= 1
                && c.dtype(idx) == DataType.INT64) {
            c.op("lookup_table_v2").in("W", c.var(data)).in("Ids", c.var(idx)).out("Out", c.out(n.output(0))).l("padding_idx", -1);
            return;
        }
        c.op("gather").in("X", c.var(data)).in("Index", c.var(idx)).out("Out", c.out(n.output(0))).i("axis", axis);
    }

    /** Paddle's shape op writes int32; an int64 result (ONNX's) takes a cast, which a following Cast to int32 removes. */
    private static void shape(ExportContext c, Node n) {
        String out = n.output(0);
        if (n.hasAttribute("start") || n.hasAttribute("end")) {
            int rank = c.rank(n.input(0));
            long start = bound(n.attrLong("start", 0), rank), end = bound(n.attrLong("end", rank), rank);
            if (start != 0 || end != rank) {
                shapeRange(c, n, rank, start, end);
                return;
            }
        }
        var users = c.consumers(out);
        if (users.size() == 1 && !c.isGraphOutput(out) && users.get(0).opType().equals("Cast")
                && users.get(0).attrLong("to", 0) == DataType.INT32.code()) {
            c.absorb(users.get(0));
            c.op("shape").in("Input", c.var(n.input(0))).out("Out", c.out(users.get(0).output(0)));
            return;
        }
        long[] od = c.dims(out);
        String s32 = c.tempLike(out + ".int32", DataType.INT32, od);
        c.op("shape").in("Input", c.var(n.input(0))).out("Out", s32);
        c.op("cast").in("X", s32).out("Out", c.out(out)).i("in_dtype", ConstantOps.dtypeCode(DataType.INT32))
                .i("out_dtype", ConstantOps.dtypeCode(DataType.INT64));
    }

    /** A Shape start/end as ONNX reads it: negative counts from the end, then clamped to [0, rank]. */
    private static long bound(long v, int rank) {
        return Math.max(0, Math.min(rank, v < 0 ? v + rank : v));
    }

    /** Shape with start/end: shape, a slice of dims [start, end), then the cast to int64. */
    private static void shapeRange(ExportContext c, Node n, int rank, long start, long end) {
        if (end <= start) {
            throw new IllegalArgumentException("Shape with an empty start/end range (" + start + ", " + end + ") is not written");
        }
        String out = n.output(0);
        String s32 = c.tempLike(out + ".int32", DataType.INT32, new long[] {rank});
        c.op("shape").in("Input", c.var(n.input(0))).out("Out", s32);
        String part = c.tempLike(out + ".slice", DataType.INT32, new long[] {end - start});
        c.op("slice").in("Input", s32).out("Out", part).ints("axes", 0).ints("starts", start).ints("ends", end)
                .ints("infer_flags", 1).ints("decrease_axis");
        c.op("cast").in("X", part).out("Out", c.out(out)).i("in_dtype", ConstantOps.dtypeCode(DataType.INT32))
                .i("out_dtype", ConstantOps.dtypeCode(DataType.INT64));
    }

    private static int clampInt(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    private static void slice(ExportContext c, Node n) {
        long[] starts = c.constLongs(n.input(1)), ends = c.constLongs(n.input(2));
        int rank = c.rank(n.input(0));
        long[] axes = Emit.hasInput(n, 3) ? c.constLongs(n.input(3)) : Emit.range(0, starts == null ? rank : starts.length);
        long[] steps = Emit.hasInput(n, 4) ? c.constLongs(n.input(4)) : null;
        if (axes == null || Emit.hasInput(n, 4) && steps == null) {
            throw new IllegalArgumentException("Slice with computed axes or steps is not written");
        }
        if (steps != null && java.util.Arrays.stream(steps).anyMatch(s -> s != 1)) {
            stridedSlice(c, n, starts, ends, axes, steps, rank);
            return;
        }
        PaddleOp op = Emit.unary(c, n, "slice");
        op.inputs().put("Input", op.inputs().remove("X"));
        long[] ax = axes.clone();
        for (int i = 0; i < ax.length; i++) {
            ax[i] = ax[i] < 0 ? ax[i] + rank : ax[i];
        }
        long[] flags = new long[ax.length];
        java.util.Arrays.fill(flags, 1);
        op.ints("axes", ax).ints("decrease_axis", decreasedAxes(c, n, ax, rank, op));
        if (starts != null) {
            op.ints("starts", java.util.Arrays.stream(starts).map(ShapeEmitters::clampInt).toArray());
        } else {
            op.in("StartsTensor", c.var(n.input(1)));
            op.ints("starts", new long[ax.length]);
            java.util.Arrays.fill(flags, -1);
        }
        if (ends != null) {
            op.ints("ends", java.util.Arrays.stream(ends).map(ShapeEmitters::clampInt).toArray());
        } else {
            op.in("EndsTensor", c.var(n.input(2)));
            op.ints("ends", new long[ax.length]);
            java.util.Arrays.fill(flags, -1);
        }
        op.ints("infer_flags", flags);
    }

    /**
     * A Squeeze that is the Slice's only reader and removes only sliced axes is slice's decrease_axis (the
     * importer's reading of it): the Squeeze is absorbed and the op writes its result. Returns the axes.
     */
    private static long[] decreasedAxes(ExportContext c, Node n, long[] sliced, int rank, PaddleOp op) {
        String out = n.output(0);
        List<Node> users = c.consumers(out);
        if (users.size() != 1 || c.isGraphOutput(out)) {
            return new long[0];
        }
        Node sq = users.get(0);
        if (sq.opType().equals("Reshape") && sliced.length == rank && rank > 0) {
            // every axis decreased: the importer reshapes to [1] (or 0-D) instead of squeezing
            long[] target = c.constLongs(sq.input(1));
            if (target == null || !(target.length == 0 || target.length == 1 && target[0] == 1)) {
                return new long[0];
            }
            long[] all = sliced.clone();
            java.util.Arrays.sort(all);
            c.absorb(sq);
            op.out("Out", c.out(sq.output(0)));
            return all;
        }
        if (!sq.opType().equals("Squeeze")) {
            return new long[0];
        }
        long[] axes = axes(c, sq);
        if (axes == null || axes.length == 0) {
            return new long[0];
        }
        long[] norm = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            norm[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
            final long a = norm[i];
            if (java.util.Arrays.stream(sliced).noneMatch(v -> v == a)) {
                return new long[0];
            }
        }
        java.util.Arrays.sort(norm);
        c.absorb(sq);
        op.out("Out", c.out(sq.output(0)));
        return norm;
    }

    /** Slice with steps: strided_slice over constant starts, ends and strides (int32, clamped as Paddle reads them). */
    private static void stridedSlice(ExportContext c, Node n, long[] starts, long[] ends, long[] axes, long[] steps, int rank) {
        if (starts == null || ends == null) {
            throw new IllegalArgumentException("Slice with steps and computed starts/ends is not written");
        }
        long[] ax = axes.clone();
        for (int i = 0; i < ax.length; i++) {
            ax[i] = ax[i] < 0 ? ax[i] + rank : ax[i];
        }
        long[] flags = new long[ax.length];
        java.util.Arrays.fill(flags, 1);
        c.op("strided_slice").in("Input", c.var(n.input(0))).out("Out", c.out(n.output(0))).ints("axes", ax)
                .ints("starts", java.util.Arrays.stream(starts).map(ShapeEmitters::clampInt).toArray())
                .ints("ends", java.util.Arrays.stream(ends).map(ShapeEmitters::clampInt).toArray())
                .ints("strides", steps).ints("infer_flags", flags).ints("decrease_axis");
    }

    /**
     * Unsqueeze by axes computed at run time: unsqueeze2 reads them from AxesTensor. Paddle inserts the axes one
     * after the other (a later axis shifts an earlier one), ONNX names output positions, so the axes are first
     * made non-negative ((a + r) mod r, r the output rank) and sorted ascending (top_k_v2, smallest first), where
     * both agree.
     */
    private static void unsqueezeAtRunTime(ExportContext c, Node n) {
        String axes = n.input(1), out = n.output(0);
        long[] ad = c.dims(axes);
        if (ad == null || ad.length != 1 || ad[0] < 0) {
            throw new IllegalArgumentException("Unsqueeze with computed axes needs their count (axes shape " + java.util.Arrays.toString(ad) + ")");
        }
        long k = ad[0], outRank = c.rank(n.input(0)) + k;
        DataType at = c.dtype(axes);
        String r = c.tempLike(out + ".out_rank", at, new long[] {1});
        c.add(dev.modelx.exporter.paddle.ConstantOps.fillConstant(c, r, at, new long[] {1}, outRank));
        String shifted = c.tempLike(out + ".axes_shifted", at, ad);
        c.op("elementwise_add").in("X", c.var(axes)).in("Y", r).out("Out", shifted).i("axis", -1);
        String positive = c.tempLike(out + ".axes_positive", at, ad);
        c.op("elementwise_mod").in("X", shifted).in("Y", r).out("Out", positive).i("axis", -1);
        String sorted = c.tempLike(out + ".axes_sorted", at, ad);
        c.op("top_k_v2").in("X", positive).out("Out", sorted).out("Indices", c.tempLike(out + ".axes_order", DataType.INT64, ad))
                .i("k", k).i("axis", -1).b("largest", false).b("sorted", true);
        c.op("unsqueeze2").in("X", c.var(n.input(0))).in("AxesTensor", sorted).out("Out", c.out(out))
                .out("XShape", c.xshape("unsqueeze2", n.input(0)));
    }

    /**
     * Split by sizes computed at run time, as paddle.split writes a list of tensors: one 1-element slice of the
     * sizes per output in SectionsTensorList, and -1 for each in the sections attribute.
     */
    private static void splitAtRunTime(ExportContext c, Node n, long axis) {
        String sizes = n.input(1);
        int k = n.outputs().size();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            String p = c.tempLike(sizes + ".section" + i, c.dtype(sizes), new long[] {1});
            c.op("slice").in("Input", c.var(sizes)).out("Out", p).ints("axes", 0).ints("starts", i).ints("ends", i + 1)
                    .ints("infer_flags", 1).ints("decrease_axis");
            parts.add(p);
        }
        List<String> outs = new ArrayList<>();
        n.outputs().forEach(o -> outs.add(c.out(o)));
        long[] unknown = new long[k];
        java.util.Arrays.fill(unknown, -1);
        c.op("split").in("X", c.var(n.input(0))).in("SectionsTensorList", parts).out("Out", outs).i("axis", axis)
                .ints("sections", unknown).i("num", 0);
    }

    private static void split(ExportContext c, Node n) {
        long axis = n.attrLong("axis", 0);
        long[] sections = Emit.hasInput(n, 1) ? c.constLongs(n.input(1)) : n.attrLongs("split", null);
        if (sections == null && Emit.hasInput(n, 1)) {
            splitAtRunTime(c, n, axis);
            return;
        }
        long[] xd = c.dims(n.input(0));
        int rank = c.rank(n.input(0));
        long ax = axis < 0 ? axis + rank : axis;
        if (sections == null && xd != null && xd[(int) ax] >= 0 && xd[(int) ax] % n.outputs().size() != 0) {
            // op set 18's num_outputs: chunks of ceil(d / n), the last one smaller
            long d = xd[(int) ax], k = n.outputs().size(), chunk = (d + k - 1) / k;
            sections = new long[(int) k];
            for (int i = 0; i < k; i++) {
                sections[i] = Math.max(0, Math.min(chunk, d - i * chunk));
            }
        } else if (sections == null && (xd == null || xd[(int) ax] < 0) && n.hasAttribute("num_outputs")) {
            throw new IllegalArgumentException("Split into num_outputs parts of an axis of unknown size is not written");
        }
        List<String> outs = new ArrayList<>();
        n.outputs().forEach(o -> outs.add(c.out(o)));
        PaddleOp op = c.op("split").in("X", c.var(n.input(0))).out("Out", outs).i("axis", axis);
        if (sections != null) {
            op.ints("sections", sections).i("num", 0);
        } else {
            op.i("num", n.outputs().size());
        }
    }

    private static void constantOfShape(ExportContext c, Node n) {
        Tensor v = n.hasAttribute("value") ? n.attribute("value").asTensor() : Tensor.ofFloats(new long[] {1}, 0f);
        double x = v.toDoubleArray()[0];
        long[] shape = c.constLongs(n.input(0));
        if (shape != null) {
            c.add(ConstantOps.fillConstant(c, n.output(0), v.type(), shape, x));
            return;
        }
        PaddleOp op = ConstantOps.fillConstant(c, n.output(0), v.type(), new long[0], x);
        long[] od = c.dims(n.output(0));
        c.declare(n.output(0), v.type(), od);
        // ShapeTensor may be int32 or int64: a Cast between them is not needed
        String shapeIn = n.input(0);
        Node cast = Emit.producedBy(c, shapeIn, "Cast");
        if (cast != null && (c.dtype(cast.input(0)) == DataType.INT32 || c.dtype(cast.input(0)) == DataType.INT64)) {
            shapeIn = cast.input(0);
        }
        c.add(op.in("ShapeTensor", c.var(shapeIn)));
    }
}
