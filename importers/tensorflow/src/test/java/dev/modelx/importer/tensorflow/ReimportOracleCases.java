package dev.modelx.importer.tensorflow;

import static dev.modelx.graph.DataType.FLOAT;
import static dev.modelx.graph.DataType.INT32;
import static dev.modelx.graph.DataType.INT64;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import org.tensorflow.Output;

/**
 * Ops modelx's own TF exporter writes (BroadcastArgs for Expand, LeftShift/RightShift for BitShift, Cast to
 * float8, Conv2DBackpropInput with a computed input_sizes) and BroadcastGradientArgs.
 */
final class ReimportOracleCases {

    private ReimportOracleCases() {
    }

    private static final double SUM_TOL = 1e-5;
    private static final DataType[] INTEGERS = {DataType.INT8, DataType.INT16, INT32, INT64, DataType.UINT8, DataType.UINT16,
            DataType.UINT32, DataType.UINT64};

    static void add(OracleCases c) {
        broadcast(c);
        for (DataType t : INTEGERS) {
            for (String op : new String[]{"LeftShift", "RightShift"}) {
                c.add(op, t.displayName() + ", shifts out of range clamped", g -> shift(g, op, t));
            }
        }
        for (DataType f8 : new DataType[]{DataType.FLOAT8E4M3FN, DataType.FLOAT8E5M2}) {
            c.add("Cast", "float to " + f8.displayName() + " and back: overflow is NaN/Inf, not saturated", g -> {
                Output<?> x = g.in(Tensor.ofFloats(new long[]{16}, 0.3f, -1e-3f, 17.3f, 440f, 448f, 460f, 464f, 470f, -1000f,
                        57000f, 59392f, 60000f, -1e6f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN));
                Output<?> narrow = g.op("Cast", x).type("DstT", f8).out();
                g.fetch(g.op("Cast", narrow).type("DstT", FLOAT).out());
            });
        }
        backpropInputComputedSizes(c);
        c.add("OneHot", "negative indices select nothing", g -> g.fetch(g.op("OneHot",
                g.in(Tensor.ofInts(new long[]{2, 3}, 0, -1, 3, -4, 4, -5)), g.i32s(4), g.f32s(3f), g.f32s(1f))));
        c.add("OneHot", "negative int64 indices, axis 0", g -> g.fetch(g.op("OneHot",
                g.in(Tensor.ofLongs(new long[]{4}, -2, 1, -1, 2)), g.i32s(3), g.f32s(5f), g.f32s(0f)).attr("axis", 0L)));
        c.add("Reshape", "empty tensor to a shape holding 0", g -> g.fetch(g.op("Reshape", g.in(FLOAT, 0, 3, 4), g.i32(3, 4, 0))));
        c.add("Reshape", "empty tensor, shape fed at run time", g -> g.fetch(g.op("Reshape", g.in(FLOAT, 0, 3, 4),
                g.in(Tensor.ofInts(new long[]{3}, 3, 0, 4)))));
        runTimeStrides(c);
        c.add("DepthwiseConv2dNative", "filter computed at run time, multiplier 2", SUM_TOL, SUM_TOL, g -> {
            Output<?> filter = g.op("Mul", g.in(FLOAT, 3, 2, 3, 2), g.f32s(0.5f)).out();
            g.fetch(g.op("DepthwiseConv2dNative", g.in(FLOAT, 1, 5, 6, 3), filter).ints("strides", 1, 1, 1, 1).attr("padding", "SAME").out());
        });
        c.add("DepthwiseConv2dNative", "filter of unknown shape, channels from the input", SUM_TOL, SUM_TOL, g -> {
            Output<?> filter = g.inDeclared(g.random(FLOAT, 2, 2, 3, 1), null);
            g.fetch(g.op("DepthwiseConv2dNative", g.in(FLOAT, 2, 4, 5, 3), filter).ints("strides", 1, 2, 2, 1).attr("padding", "VALID").out());
        });
        c.add("DepthwiseConv2dNative", "filter reshaped at run time from a flat input (shape from the Reshape)", SUM_TOL, SUM_TOL, g -> {
            Output<?> filter = g.op("Reshape", g.inDeclared(g.random(FLOAT, 18), null), g.i32(3, 1, 3, 2)).out();
            Output<?> x = g.op("ConcatV2").list(g.inDeclared(g.random(FLOAT, 1, 2, 4, 3), new long[]{-1, -1, -1, -1}),
                    g.in(FLOAT, 1, 3, 4, 3)).in(g.i32s(1)).out();
            g.fetch(g.op("DepthwiseConv2dNative", x, filter).ints("strides", 1, 1, 1, 1).attr("padding", "VALID").out());
        });
        c.add("Bitcast", "float to int32", g -> g.fetch(g.op("Bitcast", g.in(Tensor.ofFloats(new long[]{2, 3}, 1f, -2.5f, 0f, -0f,
                Float.NaN, 3.4e38f))).type("type", INT32).out()));
        c.add("Bitcast", "int32 to float", g -> g.fetch(g.op("Bitcast", g.in(Tensor.ofInts(new long[]{4}, 0, 1065353216, -1082130432, 7)))
                .type("type", FLOAT).out()));
        c.add("Bitcast", "int64 to double", g -> g.fetch(g.op("Bitcast", g.in(Tensor.ofLongs(new long[]{3}, 0, 4607182418800017408L, -1)))
                .type("type", DataType.DOUBLE).out()));
        c.add("Bitcast", "int8 to uint8 (a Cast: bits kept)", g -> {
            Output<?> i8 = g.op("Cast", g.in(Tensor.ofInts(new long[]{5}, -128, -1, 0, 1, 127))).type("DstT", DataType.INT8).out();
            g.fetch(g.op("Bitcast", i8).type("type", DataType.UINT8).out());
        });
        c.add("MatrixDeterminant", "batch of 3x3", SUM_TOL, SUM_TOL, g -> g.fetch(g.op("MatrixDeterminant", g.in(FLOAT, 2, 3, 3))));
        c.add("ReverseSequence", "seq_dim 1, batch_dim 0", g -> g.fetch(g.op("ReverseSequence", g.in(FLOAT, 3, 4, 2),
                g.in(Tensor.ofLongs(new long[]{3}, 4, 1, 2))).attr("seq_dim", 1L).attr("batch_dim", 0L)));
        c.add("ReverseSequence", "seq_dim 0, batch_dim 1, int32 lengths", g -> g.fetch(g.op("ReverseSequence", g.in(FLOAT, 4, 3),
                g.in(Tensor.ofInts(new long[]{3}, 3, 0, 4))).attr("seq_dim", 0L).attr("batch_dim", 1L)));
        c.add("ReverseSequence", "seq_dim 2, batch_dim 1 on rank 4", g -> g.fetch(g.op("ReverseSequence", g.in(FLOAT, 2, 3, 4, 2),
                g.in(Tensor.ofLongs(new long[]{3}, 2, 4, 3))).attr("seq_dim", 2L).attr("batch_dim", 1L)));
        for (String flags : new String[]{"", "exclusive", "reverse", "exclusive reverse"}) {
            c.add("Cumprod", "axis 1 " + (flags.isEmpty() ? "inclusive" : flags), g -> g.fetch(g.op("Cumprod", g.in(FLOAT, 2, 4, 3),
                    g.i32s(1)).attr("exclusive", flags.contains("exclusive")).attr("reverse", flags.contains("reverse")).out()));
        }
        for (int axis : new int[]{0, 1, -1}) {
            c.add("Cumprod", "axis " + axis + " fed at run time, exclusive", g -> g.fetch(g.op("Cumprod", g.in(INT32, 3, 4),
                    g.in(Tensor.ofInts(new long[0], axis))).attr("exclusive", true).out()));
        }
        c.add("Cumprod", "int64 shape strides, as exported for ScatterND mul", g -> {
            Output<?> lead = g.op("StridedSlice", g.op("Shape", g.in(FLOAT, 3, 4, 5)).type("out_type", INT64).out(), g.i64(0), g.i64(2),
                    g.i64(1)).out();
            g.fetch(g.op("Cumprod", lead, g.konst(Tensor.ofLongs(new long[0], 0))).attr("exclusive", true).attr("reverse", true).out());
        });
        for (String op : new String[]{"UnsortedSegmentProd", "UnsortedSegmentMax", "UnsortedSegmentMin", "UnsortedSegmentSum"}) {
            c.add(op, "rows into 4 segments, one empty, negative ids dropped", g -> g.fetch(g.op(op, g.in(FLOAT, 6, 3),
                    g.in(Tensor.ofInts(new long[]{6}, 0, 2, -1, 0, 3, 2)), g.i32s(4))));
        }
        c.add("UnsortedSegmentProd", "ids of unknown rank", g -> g.fetch(g.op("UnsortedSegmentProd", g.in(FLOAT, 2, 3, 2),
                g.inDeclared(Tensor.ofInts(new long[]{2, 3}, 1, 0, 1, 2, 2, 1), null), g.i32s(3))));
        c.add("UnsortedSegmentProd", "int64 slots, int64 count", g -> g.fetch(g.op("UnsortedSegmentProd", g.in(INT32, 5),
                g.in(Tensor.ofLongs(new long[]{5}, 1, 1, 0, 3, 1)), g.konst(Tensor.ofLongs(new long[0], 4)))));
        for (boolean batch : new boolean[]{false, true}) {
            c.add("MaxPoolWithArgmax", "SAME 3x3 stride 2, batch in index " + batch, g -> {
                var p = g.op("MaxPoolWithArgmax", g.in(FLOAT, 2, 5, 6, 3)).ints("ksize", 1, 3, 3, 1).ints("strides", 1, 2, 2, 1)
                        .attr("padding", "SAME").attr("include_batch_in_index", batch).build();
                g.fetch(p.output(0), p.output(1));
            });
        }
        c.add("MaxPoolWithArgmax", "VALID 2x2, int32 argmax", g -> {
            var p = g.op("MaxPoolWithArgmax", g.in(FLOAT, 1, 4, 4, 2)).ints("ksize", 1, 2, 2, 1).ints("strides", 1, 2, 2, 1)
                    .attr("padding", "VALID").type("Targmax", INT32).build();
            g.fetch(p.output(0), p.output(1));
        });
        c.add("SplitV", "size_splits fed at run time, with a -1", g -> {
            var split = g.op("SplitV", g.in(FLOAT, 2, 7), g.in(Tensor.ofInts(new long[]{3}, 2, -1, 1)), g.i32s(1)).attr("num_split", 3L)
                    .build();
            g.fetch(split.output(0), split.output(1), split.output(2));
        });
        c.add("SplitV", "size_splits fed at run time, int64, axis 0", g -> {
            var split = g.op("SplitV", g.in(FLOAT, 5, 2), g.in(Tensor.ofLongs(new long[]{2}, 3, 2)), g.i32s(0)).attr("num_split", 2L)
                    .build();
            g.fetch(split.output(0), split.output(1));
        });
    }

    private static void broadcast(OracleCases c) {
        c.add("BroadcastArgs", "run-time shapes of different lengths", g -> g.fetch(g.op("BroadcastArgs",
                g.in(Tensor.ofInts(new long[]{3}, 2, 1, 3)), g.in(Tensor.ofInts(new long[]{2}, 4, 1)))));
        c.add("BroadcastArgs", "constant int64 shapes with a zero dim", g -> g.fetch(g.op("BroadcastArgs",
                g.i64(1, 0, 1), g.i64(5, 1, 1, 7))));
        c.add("BroadcastArgs", "shape of a tensor against a target (Expand as exported)", g -> {
            Output<?> x = g.in(FLOAT, 3, 1);
            Output<?> shape = g.op("Shape", x).type("out_type", INT64).out();
            g.fetch(g.op("BroadcastArgs", shape, g.in(Tensor.ofLongs(new long[]{3}, 2, 1, 6))).out());
        });
        c.add("BroadcastGradientArgs", "run-time shapes of different lengths", g -> {
            var op = g.op("BroadcastGradientArgs", g.in(Tensor.ofInts(new long[]{3}, 2, 1, 3)),
                    g.in(Tensor.ofInts(new long[]{2}, 4, 1))).build();
            g.fetch(op.output(0), op.output(1));
        });
        c.add("BroadcastGradientArgs", "dims that are 1 on both sides", g -> {
            var op = g.op("BroadcastGradientArgs", g.i32(1, 3, 1), g.in(Tensor.ofInts(new long[]{2}, 1, 1))).build();
            g.fetch(op.output(0), op.output(1));
        });
        c.add("BroadcastGradientArgs", "equal shapes, int64", g -> {
            var op = g.op("BroadcastGradientArgs", g.i64(2, 3), g.in(Tensor.ofLongs(new long[]{2}, 2, 3))).build();
            g.fetch(op.output(0), op.output(1));
        });
    }

    private static void runTimeStrides(OracleCases c) {
        long[] x = {4, 5, 6};
        c.add("StridedSlice", "strides at run time, negative, with begin/end masks", g -> g.fetch(g.op("StridedSlice", g.in(FLOAT, x),
                g.i32(3, 0, 1), g.i32(0, 5, 6), g.in(Tensor.ofInts(new long[]{3}, -1, 2, -2))).attr("begin_mask", 2L).attr("end_mask", 5L)));
        c.add("StridedSlice", "begin/end/strides at run time, shrink at -1", g -> g.fetch(g.op("StridedSlice", g.in(FLOAT, x),
                g.in(Tensor.ofInts(new long[]{3}, -1, 1, 0)), g.in(Tensor.ofInts(new long[]{3}, 0, 4, 6)),
                g.in(Tensor.ofInts(new long[]{3}, 1, 1, 3))).attr("shrink_axis_mask", 1L)));
        // as modelx's exporter writes a Slice with run-time axes: rank-long vectors scattered into whole-dim defaults
        c.add("StridedSlice", "begin/end/strides scattered at run time into defaults", g -> {
            Output<?> axes = g.op("ExpandDims", g.in(Tensor.ofLongs(new long[]{2}, 2, 0)), g.i32s(1)).out();
            Output<?> begin = g.op("TensorScatterUpdate", g.i64(0, 0, 0), axes, g.in(Tensor.ofLongs(new long[]{2}, -1, 1))).out();
            Output<?> end = g.op("TensorScatterUpdate", g.i64(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE), axes,
                    g.in(Tensor.ofLongs(new long[]{2}, Long.MIN_VALUE, 3))).out();
            Output<?> strides = g.op("TensorScatterUpdate", g.i64(1, 1, 1), axes, g.in(Tensor.ofLongs(new long[]{2}, -2, 1))).out();
            g.fetch(g.op("StridedSlice", g.in(FLOAT, x), begin, end, strides).out());
        });
        c.add("StridedSlice", "begin/end/strides of a length unknown at import, no masks", g -> g.fetch(g.op("StridedSlice",
                g.in(FLOAT, x), g.inDeclared(Tensor.ofLongs(new long[]{2}, -1, 4), null),
                g.inDeclared(Tensor.ofLongs(new long[]{2}, Long.MIN_VALUE, 0), null),
                g.inDeclared(Tensor.ofLongs(new long[]{2}, -1, -2), null))));
        c.add("StridedSlice", "int64 strides at run time, out-of-range bounds", g -> g.fetch(g.op("StridedSlice", g.in(FLOAT, x),
                g.i64(-10, 7, 2), g.i64(10, -9, -1), g.in(Tensor.ofLongs(new long[]{3}, 2, -1, 1)))));
    }

    /** x and y fed as int64, cast to {@code t} in the graph (TF Java feeds few integer types), the result cast back. */
    private static void shift(OracleGraph g, String op, DataType t) {
        int bits = t.bits();
        long big = bits == 64 ? Long.MAX_VALUE - 12345 : (1L << (bits - 1)) - 3;
        long[] x = {1, -1, 5, -7, 100, -100, big, -big - 2, 0x55, -0x56, 3, -3, 77, -77, 1, -128};
        long[] y = {0, 1, 2, 3, 1, 3, 1, 2, bits - 1, bits - 1, bits, bits + 5, -1, -3, bits - 2, 4};
        Output<?> xs = g.op("Cast", g.in(Tensor.ofLongs(new long[]{16}, x))).type("DstT", t).out();
        Output<?> ys = g.op("Cast", g.in(Tensor.ofLongs(new long[]{16}, y))).type("DstT", t).out();
        Output<?> r = g.op(op, xs, ys).out();
        g.fetch(g.op("Cast", r).type("DstT", INT64).out());
    }

    private static void backpropInputComputedSizes(OracleCases c) {
        for (String padding : new String[]{"SAME", "VALID"}) {
            boolean same = padding.equals("SAME");
            // as modelx's exporter writes it: the batch from the input's run-time shape, the rest constant
            c.add("Conv2DBackpropInput", padding + ", input_sizes = concat(shape(x)[0:1], const)", SUM_TOL, SUM_TOL, g -> {
                Output<?> dy = g.inDeclared(g.random(FLOAT, 2, 3, 3, 4), new long[]{-1, 3, 3, 4});
                Output<?> batch = g.op("StridedSlice", g.op("Shape", dy).type("out_type", INT64).out(), g.i64(0), g.i64(1), g.i64(1))
                        .out();
                Output<?> sizes = g.op("ConcatV2").list(batch, same ? g.i64(6, 5, 2) : g.i64(7, 8, 2))
                        .in(g.konst(Tensor.ofInts(new long[0], 0))).out();
                Output<?> sizes32 = g.op("Cast", sizes).type("DstT", INT32).out();
                g.fetch(g.op("Conv2DBackpropInput", sizes32, g.konst(FLOAT, 3, 3, 2, 4), dy).ints("strides", 1, 2, 2, 1)
                        .attr("padding", padding).out());
            });
            // nothing known at import: the sizes come from a placeholder of unknown shape
            c.add("Conv2DBackpropInput", padding + ", input_sizes only known at run time", SUM_TOL, SUM_TOL, g -> {
                Output<?> like = g.inDeclared(same ? g.random(FLOAT, 1, 7, 6, 2) : g.random(FLOAT, 1, 9, 7, 2), new long[]{-1, -1, -1, -1});
                Output<?> sizes = g.op("Shape", like).out();
                g.fetch(g.op("Conv2DBackpropInput", sizes, g.konst(FLOAT, 3, 2, 2, 3), g.in(FLOAT, 1, 4, 3, 3))
                        .ints("strides", 1, 2, 2, 1).attr("padding", padding).out());
            });
        }
        c.add("Conv2DBackpropInput", "SAME, filter of unknown shape, input_sizes only known at run time", SUM_TOL, SUM_TOL, g -> {
            Output<?> like = g.inDeclared(g.random(FLOAT, 1, 7, 6, 2), new long[]{-1, -1, -1, -1});
            Output<?> filter = g.inDeclared(g.random(FLOAT, 3, 2, 2, 3), null);
            g.fetch(g.op("Conv2DBackpropInput", g.op("Shape", like).out(), filter, g.in(FLOAT, 1, 4, 3, 3))
                    .ints("strides", 1, 2, 2, 1).attr("padding", "SAME").out());
        });
        c.add("Conv3DBackpropInputV2", "SAME stride 2", SUM_TOL, SUM_TOL, g -> g.fetch(g.op("Conv3DBackpropInputV2",
                g.i32(1, 5, 6, 4, 2), g.konst(FLOAT, 3, 3, 2, 2, 3), g.in(FLOAT, 1, 3, 3, 2, 3)).ints("strides", 1, 2, 2, 2, 1)
                .attr("padding", "SAME").out()));
        c.add("Conv3DBackpropInputV2", "VALID stride (1, 2, 1)", SUM_TOL, SUM_TOL, g -> g.fetch(g.op("Conv3DBackpropInputV2",
                g.i64(2, 4, 7, 3, 2), g.konst(FLOAT, 2, 3, 1, 2, 3), g.in(FLOAT, 2, 3, 3, 3, 3)).ints("strides", 1, 1, 2, 1, 1)
                .attr("padding", "VALID").out()));
        c.add("Conv3DBackpropInputV2", "SAME, input_sizes only known at run time", SUM_TOL, SUM_TOL, g -> {
            Output<?> like = g.inDeclared(g.random(FLOAT, 1, 5, 6, 4, 2), new long[]{-1, -1, -1, -1, -1});
            g.fetch(g.op("Conv3DBackpropInputV2", g.op("Shape", like).out(), g.konst(FLOAT, 3, 3, 2, 2, 3), g.in(FLOAT, 1, 3, 3, 2, 3))
                    .ints("strides", 1, 2, 2, 2, 1).attr("padding", "SAME").out());
        });
        c.add("Conv2DBackpropInput", "EXPLICIT, input_sizes only known at run time", SUM_TOL, SUM_TOL, g -> {
            Output<?> like = g.inDeclared(g.random(FLOAT, 1, 6, 5, 2), null);
            g.fetch(g.op("Conv2DBackpropInput", g.op("Shape", like).out(), g.konst(FLOAT, 3, 3, 2, 3), g.in(FLOAT, 1, 3, 3, 3))
                    .ints("strides", 1, 2, 2, 1).attr("padding", "EXPLICIT").ints("explicit_paddings", 0, 0, 1, 1, 1, 2, 0, 0).out());
        });
    }
}
