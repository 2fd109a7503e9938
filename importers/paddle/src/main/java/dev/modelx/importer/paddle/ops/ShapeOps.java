package dev.modelx.importer.paddle.ops;

import dev.modelx.graph.DataType;
import dev.modelx.importer.paddle.ConvertContext;
import dev.modelx.importer.paddle.OpRegistry;
import dev.modelx.importer.paddle.SourceOp;

import java.util.ArrayList;
import java.util.List;

/** Reshaping, slicing, joining and index ops. */
public final class ShapeOps {

    private ShapeOps() {
    }

    public static void register(OpRegistry r) {
        r.add("reshape2", ShapeOps::reshape);
        r.add("reshape", ShapeOps::reshape);
        r.add("transpose2", (c, op) -> c.emit("Transpose", c.out(op, "Out"), c.in(op, "X")).ints("perm", op.ints("axis")));
        r.add("transpose", (c, op) -> c.emit("Transpose", c.out(op, "Out"), c.in(op, "X")).ints("perm", op.ints("axis")));
        r.add("concat", (c, op) -> {
            long axis = axisAttr(c, op, "AxisTensor", op.i("axis", 0));
            c.emit("Concat", c.ins(op, "X"), List.of(c.out(op, "Out"))).attr("axis", axis);
        });
        r.add("split", ShapeOps::split);
        r.add("slice", (c, op) -> slice(c, op, "Input", false));
        r.add("strided_slice", (c, op) -> slice(c, op, "Input", true));
        r.add("squeeze2", ShapeOps::squeeze);
        r.add("squeeze", ShapeOps::squeeze);
        r.add("unsqueeze2", ShapeOps::unsqueeze);
        r.add("unsqueeze", ShapeOps::unsqueeze);
        r.add("flatten", (c, op) -> c.emit("Flatten", c.out(op, "Out"), c.in(op, "X")).attr("axis", op.i("axis", 1)));
        r.add("flatten2", (c, op) -> c.emit("Flatten", c.out(op, "Out"), c.in(op, "X")).attr("axis", op.i("axis", 1)));
        r.add("flatten_contiguous_range", ShapeOps::flattenRange);
        r.add("shape", (c, op) -> {
            // legacy shape returns int32; PIR files declare int64
            DataType t = c.info(op.output("Out")).dtype() == null ? DataType.INT32 : c.info(op.output("Out")).dtype();
            c.emit("Cast", c.out(op, "Out"), c.op1("Shape", c.in(op, "Input"))).attr("to", (long) t.code());
        });
        r.add("size", (c, op) -> c.emit("Size", c.out(op, "Out"), c.in(op, "Input")));
        r.add("gather", (c, op) -> {
            long axis = axisAttr(c, op, "Axis", op.i("axis", 0));
            String idx = c.in(op, "Index");
            if (c.info(op.input("Index")).rank() == 2 && c.info(op.input("Index")).dims()[1] == 1) {
                idx = c.op1("Squeeze", idx, c.constI64(1));
            }
            c.emit("Gather", c.out(op, "Out"), c.in(op, "X"), idx).attr("axis", axis);
        });
        r.add("gather_nd", (c, op) -> c.emit("GatherND", c.out(op, "Out"), c.in(op, "X"), c.cast(c.in(op, "Index"), DataType.INT64)));
        r.add("index_select", (c, op) -> c.emit("Gather", c.out(op, "Out"), c.in(op, "X"), c.in(op, "Index")).attr("axis", op.i("dim", 0)));
        r.add("scatter", ShapeOps::scatter);
        r.add("scatter_nd_add", (c, op) -> c.emit("ScatterND", c.out(op, "Out"), c.in(op, "X"),
                c.cast(c.in(op, "Index"), DataType.INT64), c.in(op, "Updates")).attr("reduction", "add"));
        r.add("stack", (c, op) -> {
            long axis = op.i("axis", 0);
            List<String> parts = new ArrayList<>();
            for (String x : c.ins(op, "X")) {
                parts.add(c.op1("Unsqueeze", x, c.constI64(axis)));
            }
            c.emit("Concat", parts, List.of(c.out(op, "Y"))).attr("axis", axis);
        });
        r.add("unstack", (c, op) -> {
            long axis = op.i("axis", 0);
            List<String> outs = op.outputs("Y");
            List<String> pieces = new ArrayList<>();
            for (int i = 0; i < outs.size(); i++) {
                pieces.add(c.fresh(outs.get(i) + "_piece"));
            }
            c.emit("Split", List.of(c.in(op, "X")), pieces).attr("axis", axis);
            for (int i = 0; i < outs.size(); i++) {
                c.emit("Squeeze", c.define(outs.get(i)), pieces.get(i), c.constI64(axis));
            }
        });
        r.add("expand_v2", ShapeOps::expandV2);
        r.add("expand", (c, op) -> {
            String times = c.optIn(op, "ExpandTimes").map(v -> c.cast(v, DataType.INT64)).orElseGet(() -> c.constI64(op.ints("expand_times")));
            c.emit("Tile", c.out(op, "Out"), c.in(op, "X"), times);
        });
        r.add("expand_as_v2", (c, op) -> {
            String shape = op.hasInput("Y") ? c.op1("Shape", c.in(op, "Y")) : c.constI64(op.ints("target_shape"));
            c.emit("Expand", c.out(op, "Out"), c.in(op, "X"), shape);
        });
        r.add("tile", (c, op) -> {
            String times = c.optIn(op, "RepeatTimes").map(v -> c.cast(v, DataType.INT64))
                    .orElseGet(() -> c.constI64(op.ints("repeat_times")));
            String x = c.in(op, "X");
            int rx = c.info(op.input("X")).rank();
            long[] rt = op.ints("repeat_times");
            if (!op.hasInput("RepeatTimes") && rx >= 0 && rt.length > rx) {
                long[] axes = new long[rt.length - rx];
                for (int i = 0; i < axes.length; i++) {
                    axes[i] = i;
                }
                x = c.op1("Unsqueeze", x, c.constI64(axes));
            } else if (!op.hasInput("RepeatTimes") && rx > rt.length) {
                long[] full = new long[rx];
                java.util.Arrays.fill(full, 1);
                System.arraycopy(rt, 0, full, rx - rt.length, rt.length);
                times = c.constI64(full);
            }
            c.emit("Tile", c.out(op, "Out"), x, times);
        });
        r.add("flip", (c, op) -> {
            long[] axes = op.has("axis") ? op.ints("axis") : op.ints("dims");
            long[] starts = new long[axes.length], ends = new long[axes.length], steps = new long[axes.length];
            java.util.Arrays.fill(starts, -1);
            java.util.Arrays.fill(ends, Long.MIN_VALUE);
            java.util.Arrays.fill(steps, -1);
            c.emit("Slice", c.out(op, "Out"), c.in(op, "X"), c.constI64(starts), c.constI64(ends), c.constI64(axes), c.constI64(steps));
        });
        r.add("roll", ShapeOps::roll);
        r.add("where_index", (c, op) -> c.emit("Transpose", c.out(op, "Out"), c.op1("NonZero", c.in(op, "Condition"))).ints("perm", 1, 0));
        r.add("tril_triu", (c, op) -> c.emit("Trilu", c.out(op, "Out"), c.in(op, "X"), c.scalarI64(op.i("diagonal", 0)))
                .attr("upper", op.b("lower", true) ? 0L : 1L));
        // PIR writes tril_triu as pd_op.tril / pd_op.triu; the table maps tril onto tril_triu (lower by default)
        r.add("triu", (c, op) -> c.emit("Trilu", c.out(op, "Out"), c.in(op, "X"), c.scalarI64(op.i("diagonal", 0))).attr("upper", 1L));
        r.add("pixel_shuffle", (c, op) -> c.emit("DepthToSpace", c.out(op, "Out"), c.in(op, "X"))
                .attr("blocksize", op.i("upscale_factor", 1)).attr("mode", "CRD"));
        r.add("space_to_depth", (c, op) -> c.emit("SpaceToDepth", c.out(op, "Out"), c.in(op, "X")).attr("blocksize", op.i("blocksize", 1)));
    }

    /** An axis from an optional 1-element tensor input (must be a constant we can see) or the attribute. */
    static long axisAttr(ConvertContext c, SourceOp op, String slot, long dflt) {
        if (op.hasInput(slot)) {
            throw new IllegalArgumentException("a runtime '" + slot + "' input is not supported; the axis must be an attribute");
        }
        return dflt;
    }

    private static void reshape(ConvertContext c, SourceOp op) {
        String shape;
        if (op.hasInput("ShapeTensor")) {
            List<String> parts = new ArrayList<>();
            for (String s : c.ins(op, "ShapeTensor")) {
                parts.add(c.op1("Reshape", c.cast(s, DataType.INT64), c.constI64(1)));
            }
            shape = c.op("Concat", parts.toArray(String[]::new)).attr("axis", 0L).output(0);
        } else if (op.hasInput("Shape")) {
            shape = c.cast(c.in(op, "Shape"), DataType.INT64);
        } else {
            shape = c.constI64(op.ints("shape"));
        }
        c.emit("Reshape", c.out(op, "Out"), c.in(op, "X"), shape);
    }

    private static void split(ConvertContext c, SourceOp op) {
        long axis = axisAttr(c, op, "AxisTensor", op.i("axis", 0));
        String x = c.in(op, "X");
        List<String> outs = new ArrayList<>();
        for (String o : op.outputs("Out")) {
            outs.add(c.define(o));
        }
        Object sectionsAttr = op.attrs().get("sections");
        if (op.hasInput("SectionsTensorList") || sectionsAttr instanceof String || sectionsAttr instanceof List<?>) {
            List<String> parts = new ArrayList<>();
            if (op.hasInput("SectionsTensorList")) {
                parts.addAll(c.ins(op, "SectionsTensorList"));
            } else {
                // PIR: the IntArray sections operand computed at run time (one tensor, or a combine of them)
                for (Object v : sectionsAttr instanceof List<?> l ? l : List.of(sectionsAttr)) {
                    parts.add(c.value(v.toString()));
                }
            }
            c.emit("Split", List.of(x, runtimeSections(c, x, axis, parts)), outs).attr("axis", axis);
            return;
        }
        long[] sections = op.ints("sections");
        if (sections.length == 0) {
            c.emit("Split", List.of(x), outs).attr("axis", axis);
            return;
        }
        int unknown = -1;
        long known = 0;
        for (int i = 0; i < sections.length; i++) {
            if (sections[i] < 0) {
                unknown = i;
            } else {
                known += sections[i];
            }
        }
        if (unknown >= 0) {
            long[] d = c.dims(op.input("X"));
            int a = (int) (axis < 0 ? axis + d.length : axis);
            if (d[a] < 0) {
                throw new IllegalArgumentException("split with a -1 section needs the static size of axis " + axis);
            }
            sections = sections.clone();
            sections[unknown] = d[a] - known;
        }
        c.emit("Split", List.of(x, c.constI64(sections)), outs).attr("axis", axis);
    }

    /** Sections read at run time, concatenated into one int64 vector; a -1 takes what the others leave of the axis. */
    private static String runtimeSections(ConvertContext c, String x, long axis, List<String> parts) {
        List<String> flat = new ArrayList<>();
        for (String p : parts) {
            flat.add(c.op1("Reshape", c.cast(p, DataType.INT64), c.constI64(-1)));
        }
        String s = flat.size() == 1 ? flat.get(0) : c.op("Concat", flat.toArray(new String[0])).attr("axis", 0L).output(0);
        String negative = c.op1("Less", s, c.scalarI64(0));
        String zero = c.scalarI64(0);
        String known = c.op("ReduceSum", c.op1("Where", negative, zero, s), c.constI64(0)).attr("keepdims", 0L).output(0);
        String size = c.op("Gather", c.op1("Shape", x), c.scalarI64(axis)).attr("axis", 0L).output(0);
        return c.op1("Where", negative, c.op1("Sub", size, known), s);
    }

    private static void slice(ConvertContext c, SourceOp op, String slot, boolean strided) {
        String x = c.in(op, slot);
        long[] axes = op.ints("axes");
        String starts = listOrAttr(c, op, "StartsTensor", "StartsTensorList", op.ints("starts"));
        String ends = listOrAttr(c, op, "EndsTensor", "EndsTensorList", op.ints("ends"));
        List<String> ins = new ArrayList<>(List.of(x, starts, ends, c.constI64(axes)));
        if (strided) {
            ins.add(listOrAttr(c, op, "StridesTensor", "StridesTensorList", op.ints("strides")));
        }
        long[] decrease = op.ints("decrease_axis");
        String out = c.out(op, "Out");
        if (decrease.length == 0) {
            c.emit("Slice", ins, List.of(out));
            return;
        }
        String sliced = c.fresh(out + "_sliced");
        c.emit("Slice", ins, List.of(sliced));
        int rank = c.info(op.input(slot)).rank();
        if (rank >= 0 && decrease.length == rank) {
            // Paddle 2.x keeps a [1] result when every axis is decreased (0-D since 2.5; the VarDesc says which)
            long[] od = c.info(op.output("Out")).dims();
            c.emit("Reshape", out, sliced, od != null && od.length == 0 ? c.constant(dev.modelx.graph.Tensor.ofLongs(new long[] {0})) : c.constI64(1));
            return;
        }
        c.emit("Squeeze", out, sliced, c.constI64(decrease));
    }

    private static String listOrAttr(ConvertContext c, SourceOp op, String tensorSlot, String listSlot, long[] attr) {
        if (op.hasInput(tensorSlot)) {
            return c.cast(c.in(op, tensorSlot), DataType.INT64);
        }
        if (op.hasInput(listSlot)) {
            List<String> parts = new ArrayList<>();
            for (String s : c.ins(op, listSlot)) {
                parts.add(c.op1("Reshape", c.cast(s, DataType.INT64), c.constI64(1)));
            }
            return c.op("Concat", parts.toArray(String[]::new)).attr("axis", 0L).output(0);
        }
        return c.constI64(attr);
    }

    private static void squeeze(ConvertContext c, SourceOp op) {
        long[] axes = op.ints("axes");
        String x = c.in(op, "X");
        if (axes.length == 0) {
            c.emit("Squeeze", c.out(op, "Out"), x);
            return;
        }
        // Paddle ignores listed axes whose size is not 1; keep only those the declaration shows as 1
        long[] d = c.info(op.input("X")).dims();
        if (d != null) {
            long[] kept = java.util.Arrays.stream(axes).filter(a -> {
                int i = (int) (a < 0 ? a + d.length : a);
                return i >= 0 && i < d.length && d[i] == 1;
            }).toArray();
            if (kept.length == 0) {
                c.emit("Identity", c.out(op, "Out"), x);
                return;
            }
            axes = kept;
        }
        c.emit("Squeeze", c.out(op, "Out"), x, c.constI64(axes));
    }

    private static void unsqueeze(ConvertContext c, SourceOp op) {
        // PIR: a computed axes operand arrives as the variable's name
        String axes = op.attrs().get("axes") instanceof String v ? c.value(v) : listOrAttr(c, op, "AxesTensor", "AxesTensorList", op.ints("axes"));
        c.emit("Unsqueeze", c.out(op, "Out"), c.in(op, "X"), axes);
    }

    private static void flattenRange(ConvertContext c, SourceOp op) {
        String x = c.in(op, "X");
        int rank = c.rank(op.input("X"));
        long start = op.i("start_axis", 1), stop = op.i("stop_axis", 1);
        if (start < 0) {
            start += rank;
        }
        if (stop < 0) {
            stop += rank;
        }
        String shape = c.op1("Shape", x);
        List<String> parts = new ArrayList<>();
        if (start > 0) {
            parts.add(c.op1("Slice", shape, c.constI64(0), c.constI64(start)));
        }
        parts.add(c.constI64(-1));
        if (stop + 1 < rank) {
            parts.add(c.op1("Slice", shape, c.constI64(stop + 1), c.constI64(rank)));
        }
        String target = parts.size() == 1 ? parts.get(0) : c.op("Concat", parts.toArray(String[]::new)).attr("axis", 0L).output(0);
        if (rank == 0) {
            target = c.constI64(1);
        }
        c.emit("Reshape", c.out(op, "Out"), x, target);
    }

    /** overwrite: rows at Ids are replaced by Updates; otherwise zeroed then accumulated. */
    private static void scatter(ConvertContext c, SourceOp op) {
        String x = c.in(op, "X");
        String ids = c.op1("Unsqueeze", c.op1("Reshape", c.cast(c.in(op, "Ids"), DataType.INT64), c.constI64(-1)), c.constI64(1));
        String upd = c.in(op, "Updates");
        if (op.b("overwrite", true)) {
            c.emit("ScatterND", c.out(op, "Out"), x, ids, upd);
            return;
        }
        String zeros = c.op1("Mul", upd, c.scalar(c.dtype(op.input("X")), 0));
        String cleared = c.op1("ScatterND", x, ids, zeros);
        c.emit("ScatterND", c.out(op, "Out"), cleared, ids, upd).attr("reduction", "add");
    }

    /** Target shape entries of -1 keep the input's size (aligned to the right). */
    private static void expandV2(ConvertContext c, SourceOp op) {
        String x = c.in(op, "X");
        String shape;
        if (op.hasInput("Shape")) {
            shape = c.cast(c.in(op, "Shape"), DataType.INT64);
        } else if (op.hasInput("expand_shapes_tensor")) {
            List<String> parts = new ArrayList<>();
            for (String s : c.ins(op, "expand_shapes_tensor")) {
                parts.add(c.op1("Reshape", c.cast(s, DataType.INT64), c.constI64(1)));
            }
            shape = c.op("Concat", parts.toArray(String[]::new)).attr("axis", 0L).output(0);
        } else {
            long[] s = op.ints("shape");
            boolean hasMinus = java.util.Arrays.stream(s).anyMatch(v -> v == -1);
            if (!hasMinus) {
                c.emit("Expand", c.out(op, "Out"), x, c.constI64(s));
                return;
            }
            // -1 entries become 1, which Expand's broadcasting reads as "keep the input's size"
            long[] ones = s.clone();
            for (int i = 0; i < ones.length; i++) {
                if (ones[i] == -1) {
                    ones[i] = 1;
                }
            }
            shape = c.constI64(ones);
            c.emit("Expand", c.out(op, "Out"), x, shape);
            return;
        }
        String one = c.constI64(1);
        String fixed = c.op1("Where", c.op1("Equal", shape, c.constI64(-1)), one, shape);
        c.emit("Expand", c.out(op, "Out"), x, fixed);
    }

    private static void roll(ConvertContext c, SourceOp op) {
        if (op.hasInput("ShiftsTensor")) {
            throw new IllegalArgumentException("a runtime ShiftsTensor is not supported");
        }
        long[] shifts = op.ints("shifts");
        // op version 0 named the attribute dims; version 1 renamed it axis (same meaning)
        long[] axes = op.has("axis") ? op.ints("axis") : op.ints("dims");
        String x = c.in(op, "X");
        if (axes.length == 0) {
            String flat = c.op1("Reshape", x, c.constI64(-1));
            String rolled = rollAxis(c, flat, shifts[0], 0);
            c.emit("Reshape", c.out(op, "Out"), rolled, c.op1("Shape", x));
            return;
        }
        for (int i = 0; i < axes.length; i++) {
            x = rollAxis(c, x, shifts[i], axes[i]);
        }
        c.emit("Identity", c.out(op, "Out"), x);
    }

    /** roll by s along axis: concat(x[-s:], x[:-s]) with s taken modulo the axis size at run time. */
    private static String rollAxis(ConvertContext c, String x, long shift, long axis) {
        String n = c.op("Gather", c.op1("Shape", x), c.constI64(axis)).attr("axis", 0L).output(0);
        String s = c.op("Mod", c.constI64(shift), n).attr("fmod", 0L).output(0);
        String split = c.op1("Sub", n, s);
        String tail = c.op1("Slice", x, split, c.constI64(Long.MAX_VALUE), c.constI64(axis));
        String head = c.op1("Slice", x, c.constI64(0), split, c.constI64(axis));
        return c.op("Concat", tail, head).attr("axis", axis).output(0);
    }
}
