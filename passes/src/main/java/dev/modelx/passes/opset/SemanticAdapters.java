package dev.modelx.passes.opset;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.util.List;

/**
 * Changes of meaning across versions: Softmax/LogSoftmax/Hardmax axis semantics (13), negative axes (11),
 * Dropout's mask type (10), BatchNormalization's outputs (14) and types (15), Constant's value forms (9, 11,
 * 12), Reshape allowzero (14), Shape start/end (15), scatter reductions (16, 18), GridSample mode names (20),
 * RoiAlign coordinates (16), recurrent layouts (14), quantization axes and blocks (13, 19, 21), DepthToSpace
 * CRD (11), TopK largest/sorted (11), ArgMax/ArgMin select_last_index (12), Gemm's optional C (11) and
 * GroupNormalization's per-channel scale (21).
 */
final class SemanticAdapters {

    /** Ops whose axis attribute (or axes) may be negative only from op set 11. */
    private static final List<String> NEGATIVE_AXIS_11 = List.of("ArgMax", "ArgMin", "Compress", "Concat", "Flatten", "Gather",
            "Hardmax", "LogSoftmax", "Softmax", "Split");
    private static final List<String> NEGATIVE_AXES_11 = List.of("ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp",
            "ReduceMax", "ReduceMean", "ReduceMin", "ReduceProd", "ReduceSum", "ReduceSumSquare", "Squeeze", "Unsqueeze");

    private SemanticAdapters() {
    }

    static void register() {
        for (String op : List.of("Softmax", "LogSoftmax", "Hardmax")) {
            Adapters.up(op, 13, SemanticAdapters::softmaxUp);
            Adapters.down(op, 13, SemanticAdapters::softmaxDown);
        }
        for (String op : NEGATIVE_AXIS_11) {
            Adapters.down(op, 11, s -> {
                Attribute a = s.node.attribute("axis");
                if (a != null && a.asLong() < 0) {
                    int r = s.rank(s.in(0));
                    if (r < 0) {
                        s.block(op + " axis " + a.asLong() + " is negative, which needs op set 11, and the input's rank is unknown");
                        return;
                    }
                    s.node.attr("axis", a.asLong() + r);
                }
            });
        }
        for (String op : NEGATIVE_AXES_11) {
            Adapters.down(op, 11, s -> {
                long[] axes = s.node.attrLongs("axes", null);
                if (axes == null) {
                    return;
                }
                int r = s.rank(s.in(0));
                if (r >= 0 && op.equals("Unsqueeze")) {
                    r += axes.length;
                }
                long[] norm = InputAttributeAdapters.normalize(axes, r);
                if (norm == null) {
                    s.block(op + " axes " + java.util.Arrays.toString(axes) + " are negative, which needs op set 11, and the "
                            + "input's rank is unknown");
                    return;
                }
                s.node.attr(Attribute.ints("axes", norm));
            });
        }
        Adapters.down("Gather", 11, s -> {
            // Negative indices count from the end only from op set 11: rewrite constant ones.
            Tensor idx = s.constant(s.in(1));
            if (idx == null) {
                s.note("Gather indices are computed; before op set 11 they must not be negative");
                return;
            }
            long[] v = idx.toLongArray();
            boolean negative = false;
            for (long x : v) {
                negative |= x < 0;
            }
            if (!negative) {
                return;
            }
            long[] shape = s.staticShape(s.in(0));
            long axis = s.node.attrLong("axis", 0);
            if (shape == null) {
                s.block("Gather with negative indices needs op set 11 (the data's shape is unknown)");
                return;
            }
            long dim = shape[(int) (axis < 0 ? axis + shape.length : axis)];
            for (int k = 0; k < v.length; k++) {
                if (v[k] < 0) {
                    v[k] += dim;
                }
            }
            Tensor fixed = Consts.of(idx.type(), idx.shape(), java.util.Arrays.stream(v).asDoubleStream().toArray());
            s.node.inputs().set(1, s.constant(fixed, s.out(0) + "_indices"));
        });
        Adapters.down("Scan", 11, s -> {
            for (String a : List.of("scan_input_axes", "scan_output_axes")) {
                for (long x : s.node.attrLongs(a, new long[0])) {
                    if (x < 0) {
                        s.block("Scan " + a + " are negative, which needs op set 11");
                        return;
                    }
                }
            }
        });
        Adapters.down("Slice", 11, s -> {
            if (!s.has(3)) {
                return;
            }
            long[] axes = s.constantLongs(s.in(3));
            if (axes == null) {
                s.block("Slice axes come from a computed value and may be negative, which needs op set 11");
                return;
            }
            long[] norm = InputAttributeAdapters.normalize(axes, s.rank(s.in(0)));
            if (norm == null) {
                s.block("Slice axes " + java.util.Arrays.toString(axes) + " are negative, which needs op set 11, and the input's "
                        + "rank is unknown");
                return;
            }
            if (!java.util.Arrays.equals(norm, axes)) {
                s.node.inputs().set(3, s.constLongs(s.out(0) + "_axes", norm));
            }
        });

        Adapters.up("Dropout", 10, s -> {
            if (s.node.outputs().size() > 1 && s.used(s.out(1))) {
                DataType t = s.type(s.in(0));
                if (t == null) {
                    s.block("Dropout's mask becomes bool at op set 10 and the data's type is unknown");
                    return;
                }
                String mask = s.out(1);
                String m = s.redirectOutput(1, "mask_bool");
                s.setType(m, DataType.BOOL);
                s.after(TypeFit.cast(s.engine, m, mask, t), s.to);
            }
        });
        Adapters.down("Dropout", 10, s -> {
            if (s.node.outputs().size() > 1 && s.used(s.out(1))) {
                DataType t = s.type(s.in(0));
                String mask = s.out(1);
                String m = s.redirectOutput(1, "mask_t");
                s.setType(m, t);
                s.after(TypeFit.cast(s.engine, m, mask, DataType.BOOL), s.to);
            }
        });

        Adapters.up("BatchNormalization", 14, s -> {
            for (int j = 1; j < s.node.outputs().size(); j++) {
                if (s.used(s.out(j))) {
                    s.block("BatchNormalization-9's training outputs are used; from op set 14 they are running statistics");
                    return;
                }
            }
            s.node.outputs().subList(1, s.node.outputs().size()).clear();
        });
        Adapters.down("BatchNormalization", 14, s -> {
            if (s.node.attrLong("training_mode", 0) != 0) {
                s.block("BatchNormalization training_mode=1 needs op set 14");
                return;
            }
            s.node.attributes().remove("training_mode");
            for (int j = 1; j < s.node.outputs().size(); j++) {
                if (s.used(s.out(j))) {
                    s.block("BatchNormalization's running statistics outputs need op set 14");
                    return;
                }
            }
            s.node.outputs().subList(1, s.node.outputs().size()).clear();
        });
        Adapters.down("BatchNormalization", 15, s -> {
            DataType x = s.type(s.in(0));
            if (x == null) {
                return;
            }
            for (int i = 1; i < s.node.inputs().size(); i++) {
                DataType t = s.type(s.in(i));
                if (t != null && t != x) {
                    String c = s.emit(s.to, "Cast", "as_" + x.displayName(), List.of(Attribute.of("to", (long) x.code())), s.in(i));
                    s.node.inputs().set(i, c);
                }
            }
        });

        Adapters.down("Constant", 12, s -> {
            Node n = s.node;
            for (String a : List.of("value_float", "value_floats", "value_int", "value_ints", "value_string", "value_strings")) {
                if (n.hasAttribute(a)) {
                    Tensor t = Engine.constantValue(n);
                    n.attributes().clear();
                    n.attr("value", t);
                    return;
                }
            }
        });
        Adapters.down("Constant", 11, s -> {
            Node n = s.node;
            if (n.hasAttribute("sparse_value")) {
                Tensor t = Engine.constantValue(n);
                n.attributes().clear();
                n.attr("value", t);
            }
        });
        Adapters.down("Constant", 9, s -> {
            Tensor t = Engine.constantValue(s.node);
            if (t == null || t.type().isFloatingPoint() && t.type() != DataType.BFLOAT16 && t.type().bits() >= 16) {
                return;
            }
            if (s.scope.function) {
                s.block("a " + t.type().displayName() + " Constant needs op set 9 (Constant-1 holds only float types)");
                return;
            }
            s.engine.addConstant(s.scope, s.out(0), t, s);
            s.note("Constant " + t.type().displayName() + " became an initializer (Constant-1 holds only float types)");
            s.remove();
        });

        Adapters.down("Reshape", 14, s -> {
            if (s.node.attrLong("allowzero", 0) == 0) {
                return;
            }
            long[] shape = s.constantLongs(s.in(1));
            boolean zero = shape == null;
            if (shape != null) {
                for (long d : shape) {
                    zero |= d == 0;
                }
            }
            if (zero) {
                s.block("Reshape allowzero=1 with a shape that " + (shape == null ? "is computed" : "holds 0") + " needs op set 14");
                return;
            }
            s.node.attributes().remove("allowzero");
        });

        Adapters.down("Shape", 15, s -> {
            Node n = s.node;
            Attribute start = n.attribute("start");
            Attribute end = n.attribute("end");
            n.attributes().remove("start");
            n.attributes().remove("end");
            if ((start == null || start.asLong() == 0) && end == null) {
                return;
            }
            String full = s.emit(13, "Shape", "full", n.input(0));
            String starts = s.constLongs(n.output(0) + "_start", start == null ? 0 : start.asLong());
            String ends = s.constLongs(n.output(0) + "_end", end == null ? Long.MAX_VALUE : end.asLong());
            s.before(s.make("Slice", List.of(full, starts, ends), List.of(n.output(0))), 13);
            s.remove();
        });

        for (String op : List.of("ScatterElements", "ScatterND")) {
            Adapters.down(op, 16, s -> {
                String r = s.node.attrString("reduction", "none");
                if (!r.equals("none")) {
                    s.block(op + " reduction '" + r + "' needs op set 16");
                }
            });
            Adapters.down(op, 18, s -> {
                String r = s.node.attrString("reduction", "none");
                if (r.equals("max") || r.equals("min")) {
                    s.block(op + " reduction '" + r + "' needs op set 18");
                }
            });
        }

        Adapters.up("GridSample", 20, s -> {
            String m = s.node.attrString("mode", "bilinear");
            s.node.attr("mode", m.equals("bilinear") ? "linear" : m.equals("bicubic") ? "cubic" : m);
        });
        Adapters.down("GridSample", 20, s -> {
            String m = s.node.attrString("mode", "linear");
            s.node.attr("mode", m.equals("linear") ? "bilinear" : m.equals("cubic") ? "bicubic" : m);
            int r = s.rank(s.in(0));
            if (r != 4) {
                s.block(r < 0 ? "GridSample before op set 20 needs a 4-D input, and the input's rank is unknown"
                        : "GridSample on a " + r + "-D input needs op set 20");
            }
        });

        Adapters.up("RoiAlign", 16, s -> s.node.attr("coordinate_transformation_mode", "output_half_pixel"));
        Adapters.down("RoiAlign", 16, s -> {
            Node n = s.node;
            String mode = n.attrString("coordinate_transformation_mode", "half_pixel");
            n.attributes().remove("coordinate_transformation_mode");
            if (mode.equals("output_half_pixel")) {
                return;
            }
            DataType t = s.type(s.in(1));
            if (t == null) {
                s.block("RoiAlign half_pixel needs the rois' element type to shift them, which is unknown");
                return;
            }
            float scale = n.attrFloat("spatial_scale", 1f);
            String shift = s.constScalar(s.out(0) + "_half_pixel", t, 0.5 / scale);
            n.inputs().set(1, s.emit(s.to, "Sub", "rois_shifted", s.in(1), shift));
        });

        for (String op : List.of("RNN", "GRU", "LSTM")) {
            Adapters.down(op, 14, s -> recurrentLayoutDown(s, op));
        }

        for (String op : List.of("QuantizeLinear", "DequantizeLinear")) {
            Adapters.down(op, 13, s -> {
                Attribute axis = s.node.attribute("axis");
                s.node.attributes().remove("axis");
                Tensor scale = s.constant(s.in(1));
                long[] shape = s.staticShape(s.in(1));
                if (shape == null && scale != null) {
                    shape = scale.shape();
                }
                if (shape == null || dev.modelx.graph.Tensor.elementCount(shape) != 1) {
                    s.block(op + " per-axis quantization" + (axis == null ? "" : " (axis " + axis.asLong() + ")")
                            + " needs op set 13");
                }
            });
        }

        Adapters.down("DepthToSpace", 11, s -> {
            Node n = s.node;
            String mode = n.attrString("mode", "DCR");
            n.attributes().remove("mode");
            if (mode.equals("DCR")) {
                return;
            }
            long[] x = s.staticShape(s.in(0));
            if (x == null || x.length != 4) {
                s.block("DepthToSpace mode CRD needs op set 11 (or an input of known 4-D shape to rewrite it)");
                return;
            }
            long b = n.attrLong("blocksize", 1);
            long c = x[1] / (b * b);
            String r1 = s.emit(s.to, "Reshape", "crd", s.in(0), s.constLongs(s.out(0) + "_s1", x[0], c, b, b, x[2], x[3]));
            String t = s.emit(s.to, "Transpose", "crd_t", List.of(Attribute.ints("perm", 0, 1, 4, 2, 5, 3)), r1);
            s.before(s.make("Reshape", List.of(t, s.constLongs(s.out(0) + "_s2", x[0], c, x[2] * b, x[3] * b)), List.of(s.out(0))));
            s.remove();
        });

        Adapters.down("TopK", 11, s -> {
            Node n = s.node;
            long largest = n.attrLong("largest", 1);
            n.attributes().remove("largest");
            n.attributes().remove("sorted");
            if (largest != 0) {
                return;
            }
            DataType t = s.type(s.in(0));
            if (t == null || t.isUnsigned() || t == DataType.BOOL) {
                s.block("TopK largest=0 needs op set 11 (negating the input needs a signed element type)");
                return;
            }
            String neg = s.emit(s.to, "Neg", "neg", s.in(0));
            n.inputs().set(0, neg);
            if (!s.out(0).isEmpty()) {
                String v = s.out(0);
                String vn = s.redirectOutput(0, "neg_values");
                s.after(s.make("Neg", vn, v));
            }
        });

        for (String op : List.of("ArgMax", "ArgMin")) {
            Adapters.down(op, 12, s -> {
                Node n = s.node;
                long last = n.attrLong("select_last_index", 0);
                n.attributes().remove("select_last_index");
                if (last == 0) {
                    return;
                }
                if (s.target() < 10) {
                    s.block(op + " select_last_index=1 needs op set 12 (or 10 to reverse the input)");
                    return;
                }
                long axis = n.attrLong("axis", 0);
                String rev = s.emit(s.to, "Slice", "reversed", s.in(0), s.constLongs(s.out(0) + "_rs", -1),
                        s.constLongs(s.out(0) + "_re", Long.MIN_VALUE), s.constLongs(s.out(0) + "_ra", axis),
                        s.constLongs(s.out(0) + "_rst", -1));
                n.inputs().set(0, rev);
                String shape = s.emit(s.to, "Shape", "shape", s.in(0));
                String dim = s.emit(s.to, "Gather", "dim", List.of(Attribute.of("axis", 0L)), shape,
                        s.constant(Tensor.scalar(axis < 0 ? axis : axis), s.out(0) + "_axis"));
                String dimMinus1 = s.emit(s.to, "Sub", "last", dim, s.constant(Tensor.scalar(1L), s.out(0) + "_one"));
                String idx = s.out(0);
                String r = s.redirectOutput(0, "reversed_index");
                s.after(s.make("Sub", List.of(dimMinus1, r), List.of(idx)));
            });
        }

        Adapters.down("Gemm", 11, s -> {
            if (s.has(2)) {
                return;
            }
            DataType t = s.type(s.in(0));
            if (t == null || !Consts.supported(t)) {
                s.block("Gemm without C needs op set 11 (a zero C needs A's element type, which is unknown)");
                return;
            }
            InputAttributeAdapters.setInput(s.node, 2, s.constScalar(s.out(0) + "_c", t, 0));
        });

        Adapters.up("GroupNormalization", 21, SemanticAdapters::groupNormUp);

        Adapters.down("OneHot", 11, s -> {
            // Negative indices count from the end only from op set 11.
            if (s.target() < 9) {
                return;
            }
            Tensor idx = s.constant(s.in(0));
            if (idx != null) {
                boolean negative = false;
                for (int i = 0; i < idx.size(); i++) {
                    negative |= idx.getDouble(i) < 0;
                }
                if (!negative) {
                    return;
                }
            }
            DataType it = s.type(s.in(0));
            if (it == null || it.isUnsigned()) {
                return;
            }
            String depth = s.in(1);
            if (s.type(depth) != it) {
                depth = s.emit(s.to, "Cast", "depth", List.of(Attribute.of("to", (long) it.code())), depth);
            }
            String negative = s.emit(s.to, "Less", "negative", s.in(0), s.constScalar(s.out(0) + "_zero", it, 0));
            String shifted = s.emit(s.to, "Add", "shifted", s.in(0), depth);
            s.node.inputs().set(0, s.emit(s.to, "Where", "indices", negative, shifted, s.in(0)));
        });

        Adapters.down("OptionalGetElement", 18, s -> {
            dev.modelx.graph.Type k = s.kind(s.in(0));
            if (k != null && !(k instanceof dev.modelx.graph.Type.OptionalType)) {
                s.before(s.make("Identity", s.in(0), s.out(0)), 16);
                s.remove();
            }
        });
        Adapters.down("OptionalHasElement", 18, s -> {
            dev.modelx.graph.Type k = s.has(0) ? s.kind(s.in(0)) : null;
            if (!s.has(0) || k != null && !(k instanceof dev.modelx.graph.Type.OptionalType)) {
                boolean present = s.has(0);
                if (s.scope.function) {
                    s.block("OptionalHasElement on a non-optional input needs op set 18");
                    return;
                }
                s.engine.addConstant(s.scope, s.out(0), Tensor.ofBooleans(new long[0], present), s);
                s.remove();
            }
        });

        Adapters.up("Scan", 9, SemanticAdapters::scanUp9);
        Adapters.down("Scan", 9, SemanticAdapters::scanDown9);
    }

    // ---- Softmax family ----

    private static void softmaxUp(Step s) {
        Node n = s.node;
        long axis = n.attrLong("axis", 1);
        int r = s.rank(s.in(0));
        if (axis == -1 || r >= 0 && (axis == r - 1 || axis < 0 && axis + r == r - 1)) {
            n.attr("axis", axis);
            return;
        }
        // Coerce to 2-D at axis, normalize the rows, restore the shape.
        String flat = s.emit(13, "Flatten", "2d", List.of(Attribute.of("axis", axis)), s.in(0));
        String norm = s.tmp("2d_out");
        Node m = s.make(n.opType(), flat, norm).attr("axis", -1L);
        s.before(m, 13);
        String shape = s.emit(13, "Shape", "shape", s.in(0));
        s.before(s.make("Reshape", List.of(norm, shape), List.of(s.out(0))), 13);
        s.remove();
    }

    private static void softmaxDown(Step s) {
        Node n = s.node;
        long axis = n.attrLong("axis", -1);
        int r = s.rank(s.in(0));
        if (axis == -1 || r >= 0 && (axis == r - 1)) {
            n.attr("axis", axis);
            return;
        }
        if (r < 0) {
            s.block(n.opType() + " axis " + axis + " on an input of unknown rank: before op set 13 the op normalizes "
                    + "everything after the axis, and rewriting that needs the rank");
            return;
        }
        int a = (int) (axis < 0 ? axis + r : axis);
        long[] perm = new long[r];
        long[] inv = new long[r];
        int k = 0;
        for (int i = 0; i < r; i++) {
            if (i != a) {
                perm[k++] = i;
            }
        }
        perm[r - 1] = a;
        for (int i = 0; i < r; i++) {
            inv[(int) perm[i]] = i;
        }
        String t = s.emit(s.to, "Transpose", "axis_last", List.of(Attribute.ints("perm", perm)), s.in(0));
        String y = s.tmp("axis_last_out");
        s.before(s.make(n.opType(), t, y).attr("axis", (long) (r - 1)));
        s.before(s.make("Transpose", y, s.out(0)).attr(Attribute.ints("perm", inv)));
        s.remove();
    }

    // ---- recurrent layout ----

    private static void recurrentLayoutDown(Step s, String op) {
        Node n = s.node;
        long layout = n.attrLong("layout", 0);
        n.attributes().remove("layout");
        if (layout == 0) {
            return;
        }
        // X [batch, seq, in] -> [seq, batch, in]; initial states [batch, dirs, h] -> [dirs, batch, h].
        n.inputs().set(0, s.emit(s.to, "Transpose", "x_seq_major", List.of(Attribute.ints("perm", 1, 0, 2)), s.in(0)));
        int[] states = op.equals("LSTM") ? new int[]{5, 6} : new int[]{5};
        for (int i : states) {
            if (s.has(i)) {
                n.inputs().set(i, s.emit(s.to, "Transpose", "state_" + i, List.of(Attribute.ints("perm", 1, 0, 2)), s.in(i)));
            }
        }
        // Y [seq, dirs, batch, h] -> [batch, seq, dirs, h]; Y_h/Y_c [dirs, batch, h] -> [batch, dirs, h].
        for (int j = 0; j < n.outputs().size(); j++) {
            if (s.out(j).isEmpty()) {
                continue;
            }
            String orig = s.out(j);
            String t = s.redirectOutput(j, "seq_major");
            long[] perm = j == 0 ? new long[]{2, 0, 1, 3} : new long[]{1, 0, 2};
            s.after(s.make("Transpose", t, orig).attr(Attribute.ints("perm", perm)));
        }
    }

    // ---- GroupNormalization 18 -> 21 ----

    private static void groupNormUp(Step s) {
        Node n = s.node;
        long groups = n.attrLong("num_groups", -1);
        long[] x = s.staticShape(s.in(0));
        if (groups <= 0 || x == null || x.length < 2) {
            s.block("GroupNormalization-18 scales per group; from op set 21 per channel, and converting needs the "
                    + "input's channel count, which is unknown");
            return;
        }
        long c = x[1];
        long per = c / groups;
        for (int i = 1; i <= 2; i++) {
            String g = s.in(i);
            String u = s.emit(21, "Unsqueeze", "g" + i, g, s.constLongs(s.out(0) + "_ax", 1));
            String e = s.emit(21, "Expand", "e" + i, u, s.constLongs(s.out(0) + "_es", groups, per));
            String r = s.emit(21, "Reshape", "c" + i, e, s.constLongs(s.out(0) + "_cs", c));
            n.inputs().set(i, r);
        }
    }

    // ---- Scan 8 <-> 9 (batch axis) ----

    /** Scan-8 runs its body per batch entry; Scan-9 has no batch axis: one Scan-9 per entry, results stacked. */
    private static void scanUp9(Step s) {
        Node n = s.node;
        if (s.has(0)) {
            s.block("Scan-8 with sequence_lens has no equivalent from op set 9");
            return;
        }
        int m = (int) n.attrLong("num_scan_inputs", 0);
        int states = n.inputs().size() - 1 - m;
        long batch = -1;
        for (int i = 1; i < n.inputs().size(); i++) {
            long[] sh = s.staticShape(s.in(i));
            if (sh != null && sh.length > 0) {
                batch = sh[0];
                break;
            }
        }
        if (batch < 1 || batch > 64) {
            s.block("Scan-8 with a batch of unknown size: from op set 9 Scan has no batch axis");
            return;
        }
        long[] directions = n.attrLongs("directions", null);
        dev.modelx.graph.Graph body = n.attribute("body").asGraph();
        List<List<String>> perOutput = new java.util.ArrayList<>();
        for (int j = 0; j < n.outputs().size(); j++) {
            perOutput.add(new java.util.ArrayList<>());
        }
        for (long b = 0; b < batch; b++) {
            String index = s.constant(Tensor.scalar(b), s.out(0) + "_b" + b);
            List<String> ins = new java.util.ArrayList<>();
            for (int i = 1; i < n.inputs().size(); i++) {
                ins.add(s.emit(9, "Gather", "b" + b + "_in" + i, List.of(Attribute.of("axis", 0L)), s.in(i), index));
            }
            List<String> outs = new java.util.ArrayList<>();
            for (int j = 0; j < n.outputs().size(); j++) {
                outs.add(s.tmp("b" + b + "_out" + j));
            }
            dev.modelx.graph.Graph g = b == 0 ? body : body.copy();
            s.registerSubgraph(g, s.from);
            Node scan = s.make("Scan", ins, outs).attr("body", g).attr("num_scan_inputs", (long) m);
            if (directions != null) {
                scan.attr(Attribute.ints("scan_input_directions", directions));
            }
            s.before(scan, 9);
            for (int j = 0; j < outs.size(); j++) {
                perOutput.get(j).add(s.emit(9, "Unsqueeze", "b" + b + "_o" + j, List.of(Attribute.ints("axes", 0)), outs.get(j)));
            }
        }
        for (int j = 0; j < n.outputs().size(); j++) {
            if (n.output(j).isEmpty()) {
                continue;
            }
            List<String> parts = perOutput.get(j);
            if (parts.size() == 1) {
                s.before(s.make("Identity", parts.get(0), n.output(j)), 9);
            } else {
                s.before(s.make("Concat", parts, List.of(n.output(j))).attr("axis", 0L), 9);
            }
        }
        s.remove();
    }

    /** Scan-9 as a Scan-8 over a batch of one. */
    private static void scanDown9(Step s) {
        Node n = s.node;
        int m = (int) n.attrLong("num_scan_inputs", 0);
        for (String a : List.of("scan_input_axes", "scan_output_axes", "scan_output_directions")) {
            long[] v = n.attrLongs(a, null);
            if (v != null) {
                for (long x : v) {
                    if (x != 0) {
                        s.block("Scan " + a + " " + java.util.Arrays.toString(v) + " needs op set 9");
                        return;
                    }
                }
            }
        }
        List<String> ins = new java.util.ArrayList<>();
        ins.add("");
        for (int i = 0; i < n.inputs().size(); i++) {
            ins.add(s.emit(s.to, "Unsqueeze", "batched" + i, List.of(Attribute.ints("axes", 0)), s.in(i)));
        }
        List<String> outs = new java.util.ArrayList<>();
        for (int j = 0; j < n.outputs().size(); j++) {
            outs.add(s.tmp("batched_out" + j));
        }
        Node scan = s.make("Scan", ins, outs).attr("body", n.attribute("body").asGraph()).attr("num_scan_inputs", (long) m);
        long[] dirs = n.attrLongs("scan_input_directions", null);
        if (dirs != null) {
            scan.attr(Attribute.ints("directions", dirs));
        }
        s.before(scan);
        for (int j = 0; j < outs.size(); j++) {
            if (!n.output(j).isEmpty()) {
                s.before(s.make("Squeeze", outs.get(j), n.output(j)).attr(Attribute.ints("axes", 0)));
            }
        }
        s.remove();
    }
}
