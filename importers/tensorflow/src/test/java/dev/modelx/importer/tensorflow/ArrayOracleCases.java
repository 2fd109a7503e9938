package dev.modelx.importer.tensorflow;

import static dev.modelx.graph.DataType.BOOL;
import static dev.modelx.graph.DataType.FLOAT;
import static dev.modelx.graph.DataType.INT32;
import static dev.modelx.graph.DataType.INT64;

import dev.modelx.graph.Tensor;

/** Reshaping, joining, splitting, gathering, padding, indexing, sorting, slicing, reductions and resizing. */
final class ArrayOracleCases {

    private ArrayOracleCases() {
    }

    private static final long[] S = {2, 3, 4};

    static void add(OracleCases c) {
        c.add("Reshape", "with -1", g -> g.fetch(g.op("Reshape", g.in(FLOAT, S), g.i32(4, -1))));
        c.add("Reshape", "int64 shape", g -> g.fetch(g.op("Reshape", g.in(INT32, S), g.i64(3, 2, 2, 2))));
        c.add("Transpose", "perm 2,0,1", g -> g.fetch(g.op("Transpose", g.in(FLOAT, S), g.i32(2, 0, 1))));
        c.add("Transpose", "bool", g -> g.fetch(g.op("Transpose", g.in(BOOL, S), g.i64(1, 0, 2))));
        c.add("ConcatV2", "axis 1", g -> g.fetch(g.op("ConcatV2").list(g.in(FLOAT, 2, 3, 4), g.in(FLOAT, 2, 1, 4)).in(g.i32s(1))));
        c.add("ConcatV2", "axis -1 int32 three inputs", g -> g.fetch(g.op("ConcatV2").list(g.in(INT32, 2, 3), g.in(INT32, 2, 1),
                g.in(INT32, 2, 2)).in(g.i32s(-1))));
        c.add("Concat", "axis 0", g -> g.fetch(g.op("Concat").in(g.i32s(0)).list(g.in(FLOAT, 1, 3), g.in(FLOAT, 2, 3))));
        c.add("Pack", "axis 0", g -> g.fetch(g.op("Pack").list(g.in(FLOAT, 3, 4), g.in(FLOAT, 3, 4))));
        c.add("Pack", "axis -1 int32", g -> g.fetch(g.op("Pack").list(g.in(INT32, 3), g.in(INT32, 3), g.in(INT32, 3)).attr("axis", -1L)));
        c.add("Unpack", "axis 1", g -> {
            var op = g.op("Unpack", g.in(FLOAT, S)).attr("num", 3L).attr("axis", 1L).build();
            g.fetch(op.output(0), op.output(1), op.output(2));
        });
        c.add("Split", "3 ways axis -1", g -> {
            var op = g.op("Split", g.i32s(-1), g.in(FLOAT, 2, 6)).attr("num_split", 3L).build();
            g.fetch(op.output(0), op.output(1), op.output(2));
        });
        c.add("SplitV", "sizes with -1", g -> {
            var op = g.op("SplitV", g.in(FLOAT, 2, 7), g.i32(2, -1, 1), g.i32s(1)).attr("num_split", 3L).build();
            g.fetch(op.output(0), op.output(1), op.output(2));
        });
        c.add("Squeeze", "given dims", g -> g.fetch(g.op("Squeeze", g.in(FLOAT, 1, 3, 1, 2)).ints("squeeze_dims", 0, -2)));
        c.add("Squeeze", "all ones", g -> g.fetch(g.op("Squeeze", g.in(FLOAT, 1, 3, 1, 2))));
        c.add("ExpandDims", "axis -1", g -> g.fetch(g.op("ExpandDims", g.in(FLOAT, S), g.i32s(-1))));
        c.add("ExpandDims", "axis 0 int64 scalar", g -> g.fetch(g.op("ExpandDims", g.in(INT32, S), g.konst(Tensor.ofLongs(new long[0], 0)))));
        c.add("Tile", "multiples 2,1,3", g -> g.fetch(g.op("Tile", g.in(FLOAT, S), g.i32(2, 1, 3))));
        c.add("BroadcastTo", "rank grows", g -> g.fetch(g.op("BroadcastTo", g.in(FLOAT, 3, 1), g.i32(2, 3, 4))));
        c.add("Gather", "int32 indices", g -> g.fetch(g.op("Gather", g.in(FLOAT, 5, 3), g.in(g.integers(INT32, 0, 4, 2, 2)))));
        c.add("GatherV2", "axis 1", g -> g.fetch(g.op("GatherV2", g.in(FLOAT, S), g.in(g.integers(INT32, 0, 2, 4)), g.i32s(1))));
        c.add("GatherV2", "axis -1 int64 indices", g -> g.fetch(g.op("GatherV2", g.in(FLOAT, S), g.in(g.integers(INT64, 0, 3, 2, 2)),
                g.konst(Tensor.ofLongs(new long[0], -1)))));
        c.add("GatherV2", "negative indices are not allowed; scalar index", g -> g.fetch(g.op("GatherV2", g.in(FLOAT, S),
                g.i32s(2), g.i32s(2))));
        c.add("GatherV2", "batch_dims 1", g -> g.fetch(g.op("GatherV2", g.in(FLOAT, 2, 5, 3), g.in(g.integers(INT32, 0, 4, 2, 4)), g.i32s(1))
                .attr("batch_dims", 1L)));
        c.add("GatherV2", "batch_dims 1 axis 2", g -> g.fetch(g.op("GatherV2", g.in(FLOAT, 2, 3, 5), g.in(g.integers(INT32, 0, 4, 2, 4)),
                g.i32s(2)).attr("batch_dims", 1L)));
        c.add("GatherV2", "batch_dims -1 2-d indices", g -> g.fetch(g.op("GatherV2", g.in(FLOAT, 2, 3, 5),
                g.in(g.integers(INT64, 0, 4, 2, 3, 2)), g.i32s(2)).attr("batch_dims", -1L)));
        c.add("GatherV2", "batch_dims 1 axis 2 2-d indices", g -> g.fetch(g.op("GatherV2", g.in(FLOAT, 2, 3, 5, 2),
                g.in(g.integers(INT32, 0, 4, 2, 2, 3)), g.i32s(2)).attr("batch_dims", 1L)));
        c.add("GatherNd", "index pairs", g -> g.fetch(g.op("GatherNd", g.in(FLOAT, S), g.konst(Tensor.ofInts(new long[]{3, 2}, 0, 1, 1, 2, 1, 0)))));
        c.add("GatherNd", "full index int64", g -> g.fetch(g.op("GatherNd", g.in(INT32, S),
                g.konst(Tensor.ofLongs(new long[]{2, 3}, 0, 1, 3, 1, 2, 0)))));
        c.add("Pad", "constant zeros", g -> g.fetch(g.op("Pad", g.in(FLOAT, S), g.konst(Tensor.ofInts(new long[]{3, 2}, 0, 1, 2, 0, 1, 1)))));
        c.add("PadV2", "constant value", g -> g.fetch(g.op("PadV2", g.in(FLOAT, S), g.konst(Tensor.ofInts(new long[]{3, 2}, 1, 0, 0, 2, 1, 1)),
                g.f32s(-3.5f))));
        c.add("MirrorPad", "REFLECT", g -> g.fetch(g.op("MirrorPad", g.in(FLOAT, S), g.konst(Tensor.ofInts(new long[]{3, 2}, 1, 1, 2, 1, 0, 3)))
                .attr("mode", "REFLECT")));
        c.add("MirrorPad", "SYMMETRIC", g -> g.fetch(g.op("MirrorPad", g.in(FLOAT, S), g.konst(Tensor.ofInts(new long[]{3, 2}, 1, 2, 3, 1, 0, 4)))
                .attr("mode", "SYMMETRIC")));
        c.add("MirrorPad", "SYMMETRIC int32 one axis", g -> g.fetch(g.op("MirrorPad", g.in(INT32, 5, 3),
                g.konst(Tensor.ofLongs(new long[]{2, 2}, 0, 0, 3, 2))).attr("mode", "SYMMETRIC")));
        c.add("Where", "bool coordinates", g -> g.fetch(g.op("Where", g.in(BOOL, S))));
        c.add("Where", "float nonzero", g -> g.fetch(g.op("Where", g.in(g.integers(INT32, 0, 1, 3, 4)))));
        c.add("ArgMax", "axis 1 int64", g -> g.fetch(g.op("ArgMax", g.in(FLOAT, S), g.i32s(1))));
        c.add("ArgMax", "axis -1 output int32", g -> g.fetch(g.op("ArgMax", g.in(FLOAT, S), g.i32s(-1)).type("output_type", INT32)));
        c.add("ArgMin", "axis 0", g -> g.fetch(g.op("ArgMin", g.in(FLOAT, S), g.i32s(0))));
        c.add("ArgMin", "int32 input, output int32", g -> g.fetch(g.op("ArgMin", g.in(g.integers(INT32, -50, 50, 3, 5)), g.i32s(1))
                .type("output_type", INT32)));
        c.add("TopKV2", "k 3", g -> {
            var op = g.op("TopKV2", g.in(FLOAT, 2, 6), g.i32s(3)).build();
            g.fetch(op.output(0), op.output(1));
        });
        c.add("OneHot", "axis -1", g -> g.fetch(g.op("OneHot", g.in(g.integers(INT32, 0, 4, 2, 3)), g.i32s(4), g.f32s(2f), g.f32s(-1f))));
        c.add("OneHot", "axis 0 out of range index", g -> g.fetch(g.op("OneHot", g.in(g.integers(INT64, -1, 5, 3)), g.i32s(4), g.f32s(1f),
                g.f32s(0f)).attr("axis", 0L)));
        c.add("ReverseV2", "axes 0 and 2", g -> g.fetch(g.op("ReverseV2", g.in(FLOAT, S), g.i32(0, 2))));
        for (boolean ex : new boolean[]{false, true}) {
            for (boolean rev : new boolean[]{false, true}) {
                c.add("Cumsum", "exclusive=" + ex + " reverse=" + rev, g -> g.fetch(g.op("Cumsum", g.in(FLOAT, S), g.i32s(1))
                        .attr("exclusive", ex).attr("reverse", rev)));
            }
        }
        c.add("Cumsum", "int32 axis -1", g -> g.fetch(g.op("Cumsum", g.in(INT32, S), g.i32s(-1))));
        c.add("DepthToSpace", "block 2", g -> g.fetch(g.op("DepthToSpace", g.in(FLOAT, 1, 2, 3, 8)).attr("block_size", 2L)));
        c.add("SpaceToDepth", "block 2", g -> g.fetch(g.op("SpaceToDepth", g.in(FLOAT, 1, 4, 6, 3)).attr("block_size", 2L)));
        c.add("ScatterNd", "duplicate indices add", g -> g.fetch(g.op("ScatterNd", g.konst(Tensor.ofInts(new long[]{4, 1}, 1, 3, 1, 0)),
                g.in(FLOAT, 4, 3), g.i32(5, 3))));
        nms(c);
        slices(c);
        reductions(c);
        resize(c);
    }

    private static void nms(OracleCases c) {
        // boxes as [y1, x1, y2, x2] with overlapping pairs
        Tensor boxes = Tensor.ofFloats(new long[]{6, 4}, 0, 0, 1, 1, 0, 0.1f, 1, 1.1f, 0, -0.1f, 1, 0.9f, 0, 10, 1, 11, 0, 10.1f, 1, 11.1f,
                0, 100, 1, 101);
        Tensor scores = Tensor.ofFloats(new long[]{6}, 0.9f, 0.75f, 0.6f, 0.95f, 0.5f, 0.3f);
        c.add("NonMaxSuppressionV3", "iou 0.5 score 0.4", g -> g.fetch(g.op("NonMaxSuppressionV3", g.in(boxes), g.in(scores), g.i32s(5),
                g.f32s(0.5f), g.f32s(0.4f))));
        c.add("NonMaxSuppressionV4", "no padding", g -> {
            var op = g.op("NonMaxSuppressionV4", g.in(boxes), g.in(scores), g.i32s(4), g.f32s(0.5f), g.f32s(0f)).build();
            g.fetch(op.output(0), op.output(1));
        });
        c.add("NonMaxSuppressionV4", "pad_to_max_output_size", g -> {
            var op = g.op("NonMaxSuppressionV4", g.in(boxes), g.in(scores), g.i32s(5), g.f32s(0.5f), g.f32s(0.55f))
                    .attr("pad_to_max_output_size", true).build();
            g.fetch(op.output(0), op.output(1));
        });
        c.add("NonMaxSuppressionV5", "pad_to_max_output_size", g -> {
            var op = g.op("NonMaxSuppressionV5", g.in(boxes), g.in(scores), g.i32s(6), g.f32s(0.5f), g.f32s(0.2f), g.f32s(0f))
                    .attr("pad_to_max_output_size", true).build();
            g.fetch(op.output(0), op.output(1), op.output(2));
        });
        c.add("NonMaxSuppressionV5", "hard NMS", g -> {
            var op = g.op("NonMaxSuppressionV5", g.in(boxes), g.in(scores), g.i32s(6), g.f32s(0.5f), g.f32s(0f), g.f32s(0f)).build();
            g.fetch(op.output(0), op.output(1), op.output(2));
        });
    }

    private static void slices(OracleCases c) {
        c.add("Slice", "begin and size", g -> g.fetch(g.op("Slice", g.in(FLOAT, S), g.i32(0, 1, 1), g.i32(2, 2, 2))));
        c.add("Slice", "size -1 int64", g -> g.fetch(g.op("Slice", g.in(FLOAT, S), g.i64(1, 0, 2), g.i64(-1, 2, -1))));
        c.add("Slice", "begin at run time", g -> g.fetch(g.op("Slice", g.in(FLOAT, S), g.in(Tensor.ofInts(new long[]{3}, 1, 1, 0)),
                g.i32(1, -1, 3))));
        long[] x = {4, 5, 6};
        strided(c, "plain", x, new int[]{1, 0, 2}, new int[]{3, 4, 6}, new int[]{1, 2, 2}, 0, 0, 0, 0, 0);
        strided(c, "negative strides", x, new int[]{-1, 4, 5}, new int[]{-5, 0, 0}, new int[]{-1, -2, -3}, 0, 0, 0, 0, 0);
        strided(c, "begin and end masks", x, new int[]{1, 2, 3}, new int[]{3, 4, 5}, new int[]{1, 1, 1}, 0b101, 0b010, 0, 0, 0);
        strided(c, "masks with negative strides", x, new int[]{1, 2, 3}, new int[]{3, 4, 5}, new int[]{-1, 1, -2}, 0b001, 0b101, 0, 0, 0);
        strided(c, "shrink axis 0 and 2", x, new int[]{2, 0, -1}, new int[]{3, 5, 0}, new int[]{1, 1, 1}, 0, 0b010, 0, 0, 0b101);
        strided(c, "ellipsis then index", x, new int[]{0, 1}, new int[]{0, 3}, new int[]{1, 1}, 0, 0, 0b01, 0, 0);
        strided(c, "new axis", x, new int[]{0, 0, 1}, new int[]{0, 2, 3}, new int[]{1, 1, 1}, 0, 0, 0, 0b001, 0);
        strided(c, "index, ellipsis, new axis", x, new int[]{1, 0, 0}, new int[]{2, 0, 0}, new int[]{1, 1, 1}, 0, 0, 0b010, 0b100, 0b001);
        strided(c, "out of range ends clamp", x, new int[]{-10, 1, 0}, new int[]{10, 100, -1}, new int[]{1, 3, 1}, 0, 0, 0, 0, 0);
        strided(c, "shrink with -1", x, new int[]{-1}, new int[]{0}, new int[]{1}, 0, 0, 0, 0, 1);
        c.add("StridedSlice", "begin and end at run time", g -> g.fetch(g.op("StridedSlice", g.in(FLOAT, x),
                g.in(Tensor.ofInts(new long[]{3}, 1, 0, 1)), g.in(Tensor.ofInts(new long[]{3}, 3, 4, 5)), g.i32(1, 2, 1))
                .attr("begin_mask", 2L).attr("shrink_axis_mask", 4L)));
    }

    private static void strided(OracleCases c, String variant, long[] shape, int[] b, int[] e, int[] s, long beginMask, long endMask,
                                long ellipsis, long newAxis, long shrink) {
        c.add("StridedSlice", variant, g -> g.fetch(g.op("StridedSlice", g.in(FLOAT, shape), g.i32(b), g.i32(e), g.i32(s))
                .attr("begin_mask", beginMask).attr("end_mask", endMask).attr("ellipsis_mask", ellipsis)
                .attr("new_axis_mask", newAxis).attr("shrink_axis_mask", shrink)));
    }

    private static void reductions(OracleCases c) {
        for (String op : new String[]{"Mean", "Sum", "Max", "Min", "Prod", "EuclideanNorm"}) {
            c.add(op, "axes 0,2", g -> g.fetch(g.op(op, g.in(FLOAT, S), g.i32(0, 2))));
            c.add(op, "axis -1 keep_dims", g -> g.fetch(g.op(op, g.in(FLOAT, S), g.i32s(-1)).attr("keep_dims", true)));
        }
        c.add("Sum", "int32 all axes", g -> g.fetch(g.op("Sum", g.in(INT32, S), g.i32(0, 1, 2))));
        c.add("Max", "int64 axis 1", g -> g.fetch(g.op("Max", g.in(INT64, S), g.i64(1))));
        c.add("Mean", "empty axes is identity", g -> g.fetch(g.op("Mean", g.in(FLOAT, S), g.konst(Tensor.ofInts(new long[]{0})))));
        for (String op : new String[]{"All", "Any"}) {
            c.add(op, "axis 1", g -> g.fetch(g.op(op, g.in(BOOL, S), g.i32s(1))));
            c.add(op, "axes 0,2 keep_dims", g -> g.fetch(g.op(op, g.in(BOOL, S), g.i32(0, 2)).attr("keep_dims", true)));
        }
    }

    private static void resize(OracleCases c) {
        for (String op : new String[]{"ResizeBilinear", "ResizeNearestNeighbor"}) {
            for (boolean[] v : new boolean[][]{{false, false}, {true, false}, {false, true}}) {
                String variant = v[0] ? "align_corners" : v[1] ? "half_pixel_centers" : "asymmetric";
                c.add(op, "up " + variant, g -> g.fetch(g.op(op, g.in(FLOAT, 1, 3, 4, 2), g.i32(5, 7))
                        .attr("align_corners", v[0]).attr("half_pixel_centers", v[1])));
                c.add(op, "down " + variant, g -> g.fetch(g.op(op, g.in(FLOAT, 2, 6, 5, 2), g.i32(4, 3))
                        .attr("align_corners", v[0]).attr("half_pixel_centers", v[1])));
            }
        }
    }
}
