package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

/** Reshaping, joining, splitting, gathering, padding, index and sorting ops. */
final class ArrayOps {

    private ArrayOps() {
    }

    static void register(OpRegistry r) {
        r.register(ArrayOps::reshape, "Reshape");
        r.register(ArrayOps::transpose, "Transpose");
        r.register((n, s) -> concat(n, s, n.inputCount() - 1, 0), "ConcatV2");
        r.register((n, s) -> concat(n, s, 0, 1), "Concat");
        r.register(ArrayOps::pack, "Pack");
        r.register(ArrayOps::unpack, "Unpack");
        r.register(ArrayOps::split, "Split");
        r.register(ArrayOps::splitV, "SplitV");
        r.register(ArrayOps::squeeze, "Squeeze");
        r.register((n, s) -> s.out(n, 0, s.op("Unsqueeze", s.in(n, 0), s.cast(reshapeTo1d(s, s.in(n, 1)), DataType.INT64))), "ExpandDims");
        r.register((n, s) -> s.out(n, 0, s.op("Tile", s.in(n, 0), s.cast(s.in(n, 1), DataType.INT64))), "Tile");
        r.register((n, s) -> s.out(n, 0, s.op("Expand", s.in(n, 0), s.cast(s.in(n, 1), DataType.INT64))), "BroadcastTo");
        r.register(ArrayOps::gather, "Gather", "GatherV2", "ResourceGather");
        r.register((n, s) -> s.out(n, 0, s.op("GatherND", s.in(n, 0), s.cast(s.in(n, 1), DataType.INT64))), "GatherNd");
        r.register((n, s) -> pad(n, s, "constant"), "Pad", "PadV2");
        r.register((n, s) -> pad(n, s, n.s("mode", "REFLECT").equals("REFLECT") ? "reflect" : "symmetric"), "MirrorPad");
        r.register(ArrayOps::where, "Where");
        r.register((n, s) -> argMinMax(n, s, "ArgMax"), "ArgMax");
        r.register((n, s) -> argMinMax(n, s, "ArgMin"), "ArgMin");
        r.register(ArrayOps::topK, "TopKV2");
        r.register(ArrayOps::oneHot, "OneHot");
        r.register(ArrayOps::reverse, "ReverseV2");
        r.register(ArrayOps::cumsum, "Cumsum");
        r.register(ArrayOps::nms, "NonMaxSuppressionV3", "NonMaxSuppressionV4", "NonMaxSuppressionV5");
        r.register((n, s) -> spaceDepth(n, s, "DepthToSpace"), "DepthToSpace");
        r.register((n, s) -> spaceDepth(n, s, "SpaceToDepth"), "SpaceToDepth");
        r.register(ArrayOps::scatterNd, "ScatterNd");
    }

    /**
     * TF shape entries are literal: 0 is an empty dim, never ONNX's "copy the input's dim". allowzero=1 says so
     * where a 0 can occur (a constant shape holding 0, or an input known to be empty); elsewhere it is left
     * out, as a non-empty input cannot be reshaped to a shape with a 0 and other formats' exporters refuse
     * allowzero=1 with a computed shape.
     */
    private static void reshape(TfNode n, Scope s) {
        String x = s.in(n, 0);
        String shape = s.cast(s.in(n, 1), DataType.INT64);
        var node = s.node("Reshape", x, shape);
        var constant = s.constantValue(shape);
        boolean zero = constant.isPresent() ? java.util.Arrays.stream(constant.get().toLongArray()).anyMatch(d -> d == 0)
                : s.shape(x).map(sh -> sh.dims().stream().anyMatch(d -> d.isStatic() && d.value() == 0)).orElse(false);
        if (zero) {
            node.attr("allowzero", 1L);
        }
        String y = s.add(node).output(0);
        if (constant.isPresent() && !s.session.shapes.containsKey(y)) {
            // a constant target is the output's shape (with a -1 resolved from a static input): later converters read it
            long[] dims = constant.get().toLongArray();
            long known = 1;
            int free = -1;
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] < 0) {
                    free = free < 0 ? i : -2;
                } else {
                    known *= dims[i];
                }
            }
            var in = s.shape(x).filter(dev.modelx.graph.Shape::isStatic);
            if (free == -1) {
                s.session.shapes.put(y, dev.modelx.graph.Shape.of(dims));
            } else if (free >= 0 && in.isPresent() && known > 0) {
                long total = 1;
                for (long d : in.get().toArray()) {
                    total *= d;
                }
                dims[free] = total / known;
                s.session.shapes.put(y, dev.modelx.graph.Shape.of(dims));
            }
        }
        s.out(n, 0, y);
    }

    static String reshapeTo1d(Scope s, String v) {
        return s.op("Reshape", v, s.constLongs("flat", -1));
    }

    private static void transpose(TfNode n, Scope s) {
        long[] perm = s.requireConstant(n, 1, "permutation").toLongArray();
        s.out(n, 0, Layout.transpose(s, s.in(n, 0), perm));
    }

    private static void concat(TfNode n, Scope s, int axisInput, int first) {
        long axis = s.requireConstant(n, axisInput, "axis").getLong(0);
        int count = n.inputCount() - 1;
        String[] ins = new String[count];
        for (int i = 0; i < count; i++) {
            ins[i] = s.in(n, first + i);
        }
        if (count == 1) {
            s.out(n, 0, ins[0]);
            return;
        }
        s.out(n, 0, s.add(s.node("Concat", ins).attr("axis", axis)).output(0));
    }

    private static void pack(TfNode n, Scope s) {
        long axis = n.i("axis", 0);
        String ax = s.constLongs("axis", axis);
        String[] ins = new String[n.inputCount()];
        for (int i = 0; i < ins.length; i++) {
            ins[i] = s.op("Unsqueeze", s.in(n, i), ax);
        }
        s.out(n, 0, ins.length == 1 ? ins[0] : s.add(s.node("Concat", ins).attr("axis", axis)).output(0));
    }

    private static void unpack(TfNode n, Scope s) {
        long num = n.i("num", 1);
        long axis = n.i("axis", 0);
        String ax = s.constLongs("axis", axis);
        if (num == 1) {
            s.out(n, 0, s.op("Squeeze", s.in(n, 0), ax));
            return;
        }
        String[] outs = splitNode(s, s.in(n, 0), axis, num, null);
        for (int i = 0; i < num; i++) {
            s.out(n, i, s.op("Squeeze", outs[i], ax));
        }
    }

    private static String[] splitNode(Scope s, String x, long axis, long num, String sizes) {
        String[] outs = new String[(int) num];
        for (int i = 0; i < num; i++) {
            outs[i] = s.freshName("split_" + i);
        }
        Node split = Node.of("Split").inputs(sizes == null ? new String[]{x} : new String[]{x, sizes}).outputs(outs).attr("axis", axis);
        if (sizes == null) {
            split.attr("num_outputs", num);
        }
        s.add(split);
        return outs;
    }

    private static void split(TfNode n, Scope s) {
        long axis = s.requireConstant(n, 0, "split axis").getLong(0);
        long num = n.i("num_split", 1);
        if (num == 1) {
            s.out(n, 0, s.in(n, 1));
            return;
        }
        String[] outs = splitNode(s, s.in(n, 1), axis, num, null);
        for (int i = 0; i < num; i++) {
            s.out(n, i, outs[i]);
        }
    }

    private static void splitV(TfNode n, Scope s) {
        long axis = s.requireConstant(n, 2, "split axis").getLong(0);
        if (s.constantValue(s.in(n, 1)).isEmpty()) {
            splitVComputed(n, s, axis);
            return;
        }
        long[] sizes = s.requireConstant(n, 1, "size_splits").toLongArray();
        long num = n.i("num_split", sizes.length);
        String x = s.in(n, 0);
        int unknown = -1;
        long known = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 0) {
                unknown = i;
            } else {
                known += sizes[i];
            }
        }
        if (unknown >= 0) {
            var shape = s.shape(x).orElse(null);
            int ax = shape == null ? -1 : (int) (axis < 0 ? axis + shape.rank() : axis);
            if (shape == null || !shape.dim(ax).isStatic()) {
                throw new TfImportException(n.describe() + ": a -1 split size needs the static size of axis " + axis);
            }
            sizes[unknown] = shape.dim(ax).value() - known;
        }
        if (num == 1) {
            s.out(n, 0, x);
            return;
        }
        String[] outs = splitNode(s, x, axis, num, s.constLongs("splits", sizes));
        for (int i = 0; i < num; i++) {
            s.out(n, i, outs[i]);
        }
    }

    /** size_splits computed at run time: a -1 entry becomes the rest of the axis, also at run time. */
    private static void splitVComputed(TfNode n, Scope s, long axis) {
        long num = n.i("num_split", 0);
        if (num < 1) {
            throw new TfImportException(n.describe() + ": num_split must be positive with a computed size_splits, got " + num);
        }
        String x = s.in(n, 0);
        if (num == 1) {
            s.out(n, 0, x);
            return;
        }
        String sizes = s.cast(reshapeTo1d(s, s.in(n, 1)), DataType.INT64);
        s.setType(sizes, DataType.INT64);
        String zero = s.constant(Consts.scalar(DataType.INT64, 0), "zero");
        String missing = s.op("Less", sizes, zero);
        String known = s.op("ReduceSum", s.op("Where", missing, zero, sizes), s.constLongs("axes", 0));
        String dim = s.add(s.node("Gather", s.op("Shape", x), s.scalarLong("axis", axis)).attr("axis", 0L)).output(0);
        String resolved = s.op("Where", missing, s.op("Sub", dim, known), sizes);
        String[] outs = splitNode(s, x, axis, num, resolved);
        for (int i = 0; i < num; i++) {
            s.out(n, i, outs[i]);
        }
    }

    private static void squeeze(TfNode n, Scope s) {
        long[] dims = n.ints("squeeze_dims", n.ints("axis", new long[0]));
        s.out(n, 0, dims.length == 0 ? s.op("Squeeze", s.in(n, 0)) : s.op("Squeeze", s.in(n, 0), s.constLongs("axes", dims)));
    }

    private static void gather(TfNode n, Scope s) {
        long axis = n.op().equals("GatherV2") ? s.requireConstant(n, 2, "axis").getLong(0) : 0;
        long batchDims = n.i("batch_dims", 0);
        String params = s.in(n, 0);
        String indices = s.cast(s.in(n, 1), DataType.INT64);
        if (batchDims == 0) {
            s.out(n, 0, s.add(s.node("Gather", params, indices).attr("axis", axis)).output(0));
            return;
        }
        int pr = s.rank(params).orElseThrow(() -> new TfImportException(n.describe() + ": batch_dims needs the rank of the params"));
        int ir = s.rank(s.in(n, 1)).orElseThrow(() -> new TfImportException(n.describe() + ": batch_dims needs the rank of the indices"));
        s.out(n, 0, batchedGather(s, params, indices, (int) (axis < 0 ? axis + pr : axis), (int) (batchDims < 0 ? batchDims + ir : batchDims), pr, ir));
    }

    /**
     * Gather with leading batch dimensions B: params [B, A, K, R] (K at {@code axis}) is transposed to [B, K, A, R],
     * GatherND(batch_dims = |B|) with indices [B, I, 1] gives [B, I, A, R], transposed to TF's [B, A, I, R].
     */
    private static String batchedGather(Scope s, String params, String indices, int axis, int b, int pr, int ir) {
        int a = axis - b;
        int i = ir - b;
        int r = pr - axis - 1;
        long[] toFront = new long[pr];
        int k = 0;
        for (int d = 0; d < b; d++) {
            toFront[k++] = d;
        }
        toFront[k++] = axis;
        for (int d = b; d < axis; d++) {
            toFront[k++] = d;
        }
        for (int d = axis + 1; d < pr; d++) {
            toFront[k++] = d;
        }
        String p = a == 0 ? params : Layout.transpose(s, params, toFront);
        String idx = s.op("Unsqueeze", indices, s.constLongs("axes", -1));
        String y = s.add(s.node("GatherND", p, idx).attr("batch_dims", (long) b)).output(0);
        if (a == 0) {
            return y;
        }
        long[] back = new long[b + i + a + r];
        k = 0;
        for (int d = 0; d < b; d++) {
            back[k++] = d;
        }
        for (int d = 0; d < a; d++) {
            back[k++] = b + i + d;
        }
        for (int d = 0; d < i; d++) {
            back[k++] = b + d;
        }
        for (int d = 0; d < r; d++) {
            back[k++] = b + i + a + d;
        }
        return Layout.transpose(s, y, back);
    }

    /** TF paddings [rank, 2] -> ONNX pads [begin..., end...]. */
    private static void pad(TfNode n, Scope s, String mode) {
        if (mode.equals("symmetric")) {
            symmetricPad(n, s);
            return;
        }
        String p = s.cast(s.in(n, 1), DataType.INT64);
        String pads = s.op("Reshape", Layout.transpose(s, p, new long[]{1, 0}), s.constLongs("flat", -1));
        Node pad = s.node("Pad", n.inputCount() > 2 ? new String[]{s.in(n, 0), pads, s.in(n, 2)} : new String[]{s.in(n, 0), pads})
                .attr("mode", mode);
        s.out(n, 0, s.add(pad).output(0));
    }

    /** SYMMETRIC mirrors including the edge, which ONNX Pad has no mode for: concat reversed edge slices per axis. */
    private static void symmetricPad(TfNode n, Scope s) {
        long[] p = s.requireConstant(n, 1, "paddings").toLongArray();
        String x = s.in(n, 0);
        for (int axis = 0; axis < p.length / 2; axis++) {
            long before = p[2 * axis];
            long after = p[2 * axis + 1];
            if (before == 0 && after == 0) {
                continue;
            }
            String ax = s.constLongs("axis", axis);
            String step = s.constLongs("step", -1);
            java.util.List<String> parts = new java.util.ArrayList<>();
            if (before > 0) {
                parts.add(s.op("Slice", x, s.constLongs("start", before - 1), s.constLongs("end", Long.MIN_VALUE), ax, step));
            }
            parts.add(x);
            if (after > 0) {
                parts.add(s.op("Slice", x, s.constLongs("start", -1), s.constLongs("end", -1 - after), ax, step));
            }
            x = s.add(s.node("Concat", parts.toArray(String[]::new)).attr("axis", (long) axis)).output(0);
        }
        s.out(n, 0, x);
    }

    /** Where(cond) lists the coordinates of true elements: [count, rank] int64 = NonZero transposed. */
    private static void where(TfNode n, Scope s) {
        if (n.inputCount() == 3) {
            s.out(n, 0, s.op("Where", s.in(n, 0), s.in(n, 1), s.in(n, 2)));
            return;
        }
        s.out(n, 0, Layout.transpose(s, s.op("NonZero", s.in(n, 0)), new long[]{1, 0}));
    }

    private static void argMinMax(TfNode n, Scope s, String op) {
        long axis = s.requireConstant(n, 1, "dimension").getLong(0);
        String v = s.add(s.node(op, s.in(n, 0)).attr("axis", axis).attr("keepdims", 0L)).output(0);
        s.setType(v, DataType.INT64);
        s.out(n, 0, s.cast(v, n.type("output_type").orElse(DataType.INT64)));
    }

    private static void topK(TfNode n, Scope s) {
        String k = s.op("Reshape", s.cast(s.in(n, 1), DataType.INT64), s.constLongs("shape", 1));
        String values = s.freshName("values");
        String indices = s.freshName("indices");
        s.add(Node.of("TopK").inputs(s.in(n, 0), k).outputs(values, indices).attr("axis", -1L).attr("largest", 1L)
                .attr("sorted", 1L));
        s.setType(indices, DataType.INT64);
        s.out(n, 0, values);
        s.out(n, 1, s.cast(indices, n.type("index_type").orElse(DataType.INT32)));
    }

    private static void oneHot(TfNode n, Scope s) {
        String values = s.add(s.node("Concat", s.op("Reshape", s.in(n, 3), s.constLongs("shape", 1)),
                s.op("Reshape", s.in(n, 2), s.constLongs("shape", 1))).attr("axis", 0L)).output(0);
        // TF: a negative index selects nothing; ONNX counts it from the end, so it is moved past the depth
        String indices = s.in(n, 0);
        DataType ti = n.type("TI").orElse(DataType.INT64);
        if (!ti.isUnsigned()) {
            String depth = s.cast(s.op("Reshape", s.in(n, 1), s.constLongs("scalar", new long[0])), ti);
            indices = s.op("Where", s.op("Less", indices, s.constant(Consts.scalar(ti, 0), "zero")), depth, indices);
        }
        s.out(n, 0, s.add(s.node("OneHot", indices, s.in(n, 1), values).attr("axis", n.i("axis", -1))).output(0));
    }

    private static void reverse(TfNode n, Scope s) {
        long[] axes = s.requireConstant(n, 1, "axis").toLongArray();
        String x = s.in(n, 0);
        for (long a : axes) {
            // Slice with step -1 from the end to the beginning of axis a
            x = s.op("Slice", x, s.constLongs("starts", -1), s.constLongs("ends", Long.MIN_VALUE), s.constLongs("axes", a),
                    s.constLongs("steps", -1));
        }
        s.out(n, 0, x);
    }

    private static void cumsum(TfNode n, Scope s) {
        Node c = s.node("CumSum", s.in(n, 0), s.cast(s.in(n, 1), DataType.INT64))
                .attr("exclusive", n.b("exclusive", false) ? 1L : 0L).attr("reverse", n.b("reverse", false) ? 1L : 0L);
        s.out(n, 0, s.add(c).output(0));
    }

    /**
     * boxes [N,4] -> [1,N,4], scores [N] -> [1,1,N]; ONNX returns [K,3] (batch, class, box), the box index
     * is column 2. With pad_to_max_output_size the indices (and V5's scores) are padded with zeros to max_output_size.
     */
    private static void nms(TfNode n, Scope s) {
        String boxes = s.op("Unsqueeze", s.in(n, 0), s.constLongs("axes", 0));
        String scores = s.op("Unsqueeze", s.in(n, 1), s.constLongs("axes", 0, 1));
        String max = s.op("Reshape", s.cast(s.in(n, 2), DataType.INT64), s.constLongs("shape", 1));
        String iou = s.op("Reshape", s.cast(s.in(n, 3), DataType.FLOAT), s.constLongs("shape", 1));
        String score = n.inputCount() > 4 ? s.op("Reshape", s.cast(s.in(n, 4), DataType.FLOAT), s.constLongs("shape", 1))
                : s.constant(Tensor.ofFloats(new long[]{1}, Float.NEGATIVE_INFINITY), "score_threshold");
        if (n.op().equals("NonMaxSuppressionV5") && n.inputCount() > 5) {
            var sigma = s.constantValue(s.in(n, 5));
            if (sigma.isEmpty() || sigma.get().getDouble(0) != 0) {
                throw new TfImportException(n.describe() + ": soft-NMS (soft_nms_sigma != 0) has no ONNX equivalent");
            }
        }
        String sel = s.op("NonMaxSuppression", boxes, scores, max, iou, score);
        String idx = s.op("Squeeze", s.add(s.node("Gather", sel, s.constLongs("col", 2)).attr("axis", 1L)).output(0),
                s.constLongs("axes", 1));
        s.setType(idx, DataType.INT64);
        String indices = s.cast(idx, DataType.INT32);
        String count = s.cast(s.op("Size", indices), DataType.INT32);
        if (n.b("pad_to_max_output_size", false)) {
            // zeros after the selected indices, up to max_output_size
            String missing = s.op("Sub", max, s.cast(s.op("Size", indices), DataType.INT64));
            indices = s.op("Pad", indices, s.add(s.node("Concat", s.constLongs("zero", 0), missing).attr("axis", 0L)).output(0));
        }
        s.out(n, 0, indices);
        if (n.op().equals("NonMaxSuppressionV4")) {
            s.out(n, 1, count);
        } else if (n.op().equals("NonMaxSuppressionV5")) {
            String selected = s.add(s.node("Gather", s.in(n, 1), idx).attr("axis", 0L)).output(0);
            if (n.b("pad_to_max_output_size", false)) {
                String missing = s.op("Sub", max, s.op("Size", idx));
                selected = s.op("Pad", selected, s.add(s.node("Concat", s.constLongs("zero", 0), missing).attr("axis", 0L)).output(0));
            }
            s.out(n, 1, selected);
            s.out(n, 2, count);
        }
    }

    private static void spaceDepth(TfNode n, Scope s, String op) {
        boolean cf = Layout.channelsFirst(n);
        String x = cf ? s.in(n, 0) : Layout.transpose(s, s.in(n, 0), Layout.toChannelsFirst(4));
        Node node = s.node(op, x).attr("blocksize", n.i("block_size", 2));
        if (op.equals("DepthToSpace")) {
            node.attr("mode", "DCR");
        }
        String y = s.add(node).output(0);
        s.out(n, 0, cf ? y : Layout.transpose(s, y, Layout.toChannelsLast(4)));
    }

    /** ScatterNd(indices, updates, shape) scatters into zeros; duplicate indices add up in TF. */
    private static void scatterNd(TfNode n, Scope s) {
        DataType t = n.requireType("T");
        String zeros = s.op("Expand", s.constant(Consts.scalar(t, 0), "zero"), s.cast(s.in(n, 2), DataType.INT64));
        s.out(n, 0, s.add(s.node("ScatterND", zeros, s.cast(s.in(n, 0), DataType.INT64), s.in(n, 1)).attr("reduction", "add")).output(0));
    }
}
