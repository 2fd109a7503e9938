package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.IndexingOptions;
import dev.modelx.format.tflite.ShapeOptions;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Shape and data-movement ops: reshape, squeeze, transpose, concat/pack/split, gather, pad, tile, ... */
final class ShapeOps {

    /** MirrorPadMode SYMMETRIC: the border element is repeated (REFLECT, 0, leaves it out). */
    private static final int MIRROR_SYMMETRIC = 1;

    private ShapeOps() {
    }

    static void register(OpRegistry r) {
        r.register("RESHAPE", ShapeOps::reshape);
        r.register("SQUEEZE", ShapeOps::squeeze);
        r.register("EXPAND_DIMS", ctx -> ctx.emit("Unsqueeze", ctx.out(0), ctx.in(0), ctx.constLongs(ctx.constInts(1, "axis"))));
        r.register("TRANSPOSE", ctx -> ctx.emit("Transpose", ctx.out(0), ctx.in(0)).ints("perm", ctx.constInts(1, "perm")));
        r.register("CONCATENATION", ShapeOps::concat);
        r.register("PACK", ShapeOps::pack);
        r.register("UNPACK", ShapeOps::unpack);
        r.register("SPLIT", ctx -> split(ctx, 1, ctx.constInts(0, "axis")[0], null));
        r.register("SPLIT_V", ctx -> split(ctx, 0, ctx.constInts(2, "axis")[0], ctx.constInts(1, "size_splits")));
        r.register("TILE", ctx -> ctx.emit("Tile", ctx.out(0), ctx.in(0), ctx.asInt64(ctx.in(1), ctx.inType(1))));
        r.register("BROADCAST_TO", ctx -> ctx.emit("Expand", ctx.out(0), ctx.in(0), ctx.asInt64(ctx.in(1), ctx.inType(1))));
        r.register("FILL", ctx -> ctx.emit("Expand", ctx.out(0), ctx.in(1), ctx.asInt64(ctx.in(0), ctx.inType(0))));
        r.register("SHAPE", ctx -> ctx.emit("Cast", ctx.out(0), ctx.op1("Shape", ctx.in(0))).attr("to", ctx.outType(0).code()));
        r.register("RANK", ctx -> ctx.emit("Cast", ctx.out(0), ctx.op1("Size", ctx.op1("Shape", ctx.in(0))))
                .attr("to", ctx.outType(0).code()));
        r.register("ZEROS_LIKE", ctx -> ctx.emit("ConstantOfShape", ctx.out(0), ctx.op1("Shape", ctx.in(0)))
                .attr("value", Tensor.zeros(ctx.inType(0), 1)));
        r.register("RANGE", ctx -> ctx.emit("Range", ctx.out(0), ctx.in(0), ctx.in(1), ctx.in(2)));
        r.register("PAD", ctx -> pad(ctx, "constant"));
        r.register("PADV2", ctx -> pad(ctx, "constant"));
        r.register("MIRROR_PAD", ctx -> {
            if (IndexingOptions.MirrorPad.of(ctx.op()).mode() == MIRROR_SYMMETRIC) {
                symmetricPad(ctx);
            } else {
                pad(ctx, "reflect");
            }
        });
        r.register("SELECT", ShapeOps::select);
        r.register("SELECT_V2", ctx -> ctx.emit("Where", ctx.out(0), ctx.in(0), ctx.in(1), ctx.in(2)));
        r.register("WHERE", ctx -> {
            String nz = NhwcOps.transpose(ctx, ctx.op1("NonZero", ctx.in(0)), new long[] {1, 0});
            ctx.emit("Cast", ctx.out(0), nz).attr("to", ctx.outType(0).code());
        });
        r.register("TOPK_V2", ctx -> {
            String k = ctx.op1("Reshape", ctx.asInt64(ctx.in(1), ctx.inType(1)), ctx.constLongs(1));
            String idx = ctx.fresh("indices");
            ctx.add("TopK", List.of(ctx.in(0), k), List.of(ctx.out(0), idx)).attr("largest", 1L).attr("sorted", 1L);
            ctx.emit("Cast", ctx.out(1), idx).attr("to", ctx.outType(1).code());
        });
    }

    private static void reshape(OpContext ctx) {
        String shape;
        Tensor c = ctx.constant(1);
        long[] dims = null;
        if (c != null) {
            dims = c.toLongArray();
        } else if (ctx.hasInput(1) && ctx.inRank(1) == 1 && ctx.inShape(1)[0] != 0) {
            shape = ctx.asInt64(ctx.in(1), ctx.inType(1));
            ctx.emit("Reshape", ctx.out(0), ctx.in(0), shape);
            return;
        } else {
            ShapeOptions.Reshape o = ShapeOptions.Reshape.of(ctx.op());
            dims = o.hasNewShape() ? TensorData.toLongs(o.newShape()) : TensorData.toLongs(ctx.outShape(0));
        }
        boolean zero = Arrays.stream(dims).anyMatch(d -> d == 0);
        ctx.emit("Reshape", ctx.out(0), ctx.in(0), ctx.constLongs(dims)).attr("allowzero", zero ? 1L : 0L);
    }

    private static void squeeze(OpContext ctx) {
        int[] dims = ShapeOptions.Squeeze.of(ctx.op()).squeezeDims();
        if (dims.length == 0) {
            int[] s = ctx.inShape(0);
            List<Long> ones = new ArrayList<>();
            for (int i = 0; i < s.length; i++) {
                if (s[i] == 1) {
                    ones.add((long) i);
                }
            }
            if (ones.isEmpty()) {
                ctx.emit("Squeeze", ctx.out(0), ctx.in(0));
            } else {
                ctx.emit("Squeeze", ctx.out(0), ctx.in(0), ctx.constLongs(ones.stream().mapToLong(Long::longValue).toArray()));
            }
            return;
        }
        ctx.emit("Squeeze", ctx.out(0), ctx.in(0), ctx.constLongs(TensorData.toLongs(dims)));
    }

    private static String[] allInputs(OpContext ctx) {
        String[] ins = new String[ctx.inputCount()];
        for (int i = 0; i < ins.length; i++) {
            ins[i] = ctx.in(i);
        }
        return ins;
    }

    private static void concat(OpContext ctx) {
        ShapeOptions.Concatenation o = ShapeOptions.Concatenation.of(ctx.op());
        String y = ctx.fresh("concat");
        ctx.emit("Concat", y, allInputs(ctx)).attr("axis", (long) o.axis());
        ctx.activation(o.fusedActivation(), y, ctx.out(0));
    }

    private static void pack(OpContext ctx) {
        long axis = ShapeOptions.Pack.of(ctx.op()).axis();
        String ax = ctx.constLongs(axis);
        String[] ins = allInputs(ctx);
        for (int i = 0; i < ins.length; i++) {
            ins[i] = ctx.op1("Unsqueeze", ins[i], ax);
        }
        ctx.emit("Concat", ctx.out(0), ins).attr("axis", axis);
    }

    private static void unpack(OpContext ctx) {
        ShapeOptions.Unpack o = ShapeOptions.Unpack.of(ctx.op());
        int n = ctx.outputCount();
        String ax = ctx.constLongs(o.axis());
        if (n == 1) {
            ctx.emit("Squeeze", ctx.out(0), ctx.in(0), ax);
            return;
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add(ctx.fresh("part"));
        }
        ctx.add("Split", List.of(ctx.in(0)), parts).attr("axis", (long) o.axis()).attr("num_outputs", (long) n);
        for (int i = 0; i < n; i++) {
            ctx.emit("Squeeze", ctx.out(i), parts.get(i), ax);
        }
    }

    /** SPLIT (equal parts) and SPLIT_V (given sizes, one of them possibly -1). */
    private static void split(OpContext ctx, int valueInput, long axis, long[] sizes) {
        int n = ctx.outputCount();
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            outs.add(ctx.out(i));
        }
        if (n == 1) {
            ctx.emit("Identity", ctx.out(0), ctx.in(valueInput));
            return;
        }
        if (sizes != null) {
            int[] s = ctx.inShape(valueInput);
            int a = (int) (axis < 0 ? axis + s.length : axis);
            long known = 0;
            int unknown = -1;
            for (int i = 0; i < sizes.length; i++) {
                if (sizes[i] < 0) {
                    unknown = i;
                } else {
                    known += sizes[i];
                }
            }
            if (unknown >= 0) {
                if (a < 0 || a >= s.length || s[a] < 0) {
                    throw ctx.unsupported("size_splits with -1 over a dimension of unknown size");
                }
                sizes = sizes.clone();
                sizes[unknown] = s[a] - known;
            }
            ctx.add("Split", List.of(ctx.in(valueInput), ctx.constLongs(sizes)), outs).attr("axis", axis);
        } else {
            ctx.add("Split", List.of(ctx.in(valueInput)), outs).attr("axis", axis).attr("num_outputs", (long) n);
        }
    }

    /** SELECT (v1) with a rank-1 condition over higher-rank values picks whole rows along axis 0. */
    private static void select(OpContext ctx) {
        String cond = ctx.in(0);
        int valueRank = ctx.inRank(1);
        if (ctx.inRank(0) == 1 && valueRank > 1) {
            long[] shape = new long[valueRank];
            Arrays.fill(shape, 1);
            shape[0] = -1;
            cond = ctx.op1("Reshape", cond, ctx.constLongs(shape));
        }
        ctx.emit("Where", ctx.out(0), cond, ctx.in(1), ctx.in(2));
    }

    /** SYMMETRIC mirror padding, axis by axis: the first/last rows reversed (border included) around x. */
    private static void symmetricPad(OpContext ctx) {
        long[] p = ctx.constInts(1, "paddings");
        int rank = p.length / 2;
        String y = ctx.in(0);
        for (int a = 0; a < rank; a++) {
            long before = p[2 * a];
            long after = p[2 * a + 1];
            if (before < 0 || after < 0) {
                throw ctx.error("negative padding " + before + ", " + after + " on axis " + a);
            }
            List<String> parts = new ArrayList<>();
            String axis = ctx.constLongs(a);
            String back = ctx.constLongs(-1);
            if (before > 0) {
                parts.add(ctx.op1("Slice", y, ctx.constLongs(before - 1), ctx.constLongs(Long.MIN_VALUE), axis, back));
            }
            parts.add(y);
            if (after > 0) {
                parts.add(ctx.op1("Slice", y, ctx.constLongs(-1), ctx.constLongs(-1 - after), axis, back));
            }
            if (parts.size() > 1) {
                y = ctx.op1Node("Concat", parts.toArray(String[]::new)).attr("axis", (long) a).outputs().get(0);
            }
        }
        ctx.emit("Identity", ctx.out(0), y);
    }

    /** Paddings [rank, 2] (before, after per axis) become ONNX pads [all befores, all afters]. */
    private static void pad(OpContext ctx, String mode) {
        Tensor p = ctx.constant(1);
        String pads;
        if (p != null) {
            long[] v = p.toLongArray();
            int rank = v.length / 2;
            long[] onnx = new long[v.length];
            for (int i = 0; i < rank; i++) {
                onnx[i] = v[2 * i];
                onnx[rank + i] = v[2 * i + 1];
            }
            pads = ctx.constLongs(onnx);
        } else {
            String t = NhwcOps.transpose(ctx, ctx.asInt64(ctx.in(1), ctx.inType(1)), new long[] {1, 0});
            pads = ctx.op1("Reshape", t, ctx.constLongs(-1));
        }
        List<String> ins = new ArrayList<>(List.of(ctx.in(0), pads));
        if (ctx.hasInput(2)) {
            ins.add(ctx.op1("Reshape", ctx.in(2), ctx.constLongs(new long[0])));
        }
        Node n = ctx.add("Pad", ins, List.of(ctx.out(0))).attr("mode", mode);
        if (n.inputs().size() == 3 && mode.equals("reflect")) {
            n.inputs().remove(2);
        }
    }
}
