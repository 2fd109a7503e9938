package dev.modelx.importer.tensorflow;

import static dev.modelx.graph.DataType.FLOAT;
import static dev.modelx.graph.DataType.INT32;
import static dev.modelx.graph.DataType.INT64;

import dev.modelx.graph.Tensor;

/** Transposed convolution, space/batch, scatter, segment, band, linspace, fake-quant, L2 loss, bucketize, unique. */
final class AddedOpsOracleCases {

    private AddedOpsOracleCases() {
    }

    private static final double SUM_TOL = 1e-5;

    static void add(OracleCases c) {
        backpropInput(c, "SAME stride 2 even size", new long[]{1, 6, 6, 2}, new long[]{1, 3, 3, 4}, 2, "SAME");
        backpropInput(c, "SAME stride 2 odd size", new long[]{2, 7, 5, 2}, new long[]{2, 4, 3, 4}, 2, "SAME");
        backpropInput(c, "VALID stride 2", new long[]{1, 7, 7, 3}, new long[]{1, 3, 3, 2}, 2, "VALID");
        backpropInput(c, "SAME stride 1", new long[]{1, 5, 4, 2}, new long[]{1, 5, 4, 3}, 1, "SAME");
        c.add("Conv2DBackpropInput", "EXPLICIT stride 2", SUM_TOL, SUM_TOL, g -> g.fetch(g.op("Conv2DBackpropInput", g.i32(1, 6, 5, 2),
                g.konst(FLOAT, 3, 3, 2, 3), g.in(FLOAT, 1, 3, 3, 3)).ints("strides", 1, 2, 2, 1).attr("padding", "EXPLICIT")
                .ints("explicit_paddings", 0, 0, 1, 1, 1, 2, 0, 0)));

        c.add("SpaceToBatchND", "block 2x2 with padding", g -> g.fetch(g.op("SpaceToBatchND", g.in(FLOAT, 2, 5, 6, 3), g.i32(2, 2),
                g.konst(Tensor.ofInts(new long[]{2, 2}, 1, 0, 1, 1)))));
        c.add("SpaceToBatchND", "one spatial dim, rank 3", g -> g.fetch(g.op("SpaceToBatchND", g.in(FLOAT, 2, 6, 3), g.i32(3),
                g.konst(Tensor.ofInts(new long[]{1, 2}, 0, 0)))));
        c.add("BatchToSpaceND", "block 2x2 with crops", g -> g.fetch(g.op("BatchToSpaceND", g.in(FLOAT, 8, 3, 4, 3), g.i32(2, 2),
                g.konst(Tensor.ofInts(new long[]{2, 2}, 1, 0, 0, 2)))));
        c.add("BatchToSpaceND", "dilated conv round trip", SUM_TOL, SUM_TOL, g -> {
            var x = g.in(FLOAT, 1, 8, 8, 2);
            var paddings = g.konst(Tensor.ofInts(new long[]{2, 2}, 2, 2, 2, 2));
            var s2b = g.op("SpaceToBatchND", x, g.i32(2, 2), paddings).out();
            var conv = NnOracleCases.conv2d(g, s2b, g.konst(FLOAT, 3, 3, 2, 3), "VALID", 1, 1).out();
            g.fetch(g.op("BatchToSpaceND", conv, g.i32(2, 2), g.konst(Tensor.ofInts(new long[]{2, 2}, 0, 0, 0, 0))).out());
        });

        var idx = Tensor.ofInts(new long[]{3, 2}, 0, 1, 2, 3, 0, 1);
        for (String op : new String[]{"TensorScatterAdd", "TensorScatterMax", "TensorScatterMin"}) {
            c.add(op, "duplicate indices", g -> g.fetch(g.op(op, g.in(FLOAT, 3, 4), g.konst(idx), g.in(FLOAT, 3))));
        }
        c.add("TensorScatterUpdate", "rows", g -> g.fetch(g.op("TensorScatterUpdate", g.in(FLOAT, 4, 3),
                g.konst(Tensor.ofLongs(new long[]{2, 1}, 3, 1)), g.in(FLOAT, 2, 3))));
        c.add("UnsortedSegmentSum", "rows into 4 segments", g -> g.fetch(g.op("UnsortedSegmentSum", g.in(FLOAT, 5, 3),
                g.in(g.integers(INT32, 0, 3, 5)), g.i32s(4))));
        c.add("UnsortedSegmentSum", "2-d ids int64", g -> g.fetch(g.op("UnsortedSegmentSum", g.in(INT32, 2, 3, 2),
                g.in(g.integers(INT64, 0, 2, 2, 3)), g.konst(Tensor.ofLongs(new long[0], 3)))));
        c.add("Unique", "first-occurrence order", g -> {
            var u = g.op("Unique", g.in(g.integers(INT32, 0, 4, 10))).build();
            g.fetch(u.output(0), u.output(1));
        });
        c.add("Unique", "float, out_idx int64", g -> {
            var u = g.op("Unique", g.in(Tensor.ofFloats(new long[]{7}, 2.5f, 1, 2.5f, -3, 1, 0, -3))).type("out_idx", INT64).build();
            g.fetch(u.output(0), u.output(1));
        });
        c.add("UniqueWithCountsV2", "1-d, empty axis", g -> {
            var u = g.op("UniqueWithCountsV2", g.in(g.integers(INT32, -2, 2, 12)), g.konst(Tensor.ofInts(new long[]{0}))).build();
            g.fetch(u.output(0), u.output(1), u.output(2));
        });
        c.add("UniqueWithCountsV2", "rows (axis 0), int64 idx", g -> {
            var u = g.op("UniqueWithCountsV2", g.in(Tensor.ofFloats(new long[]{4, 2}, 1, 2, 3, 4, 1, 2, 0, 0)),
                    g.konst(Tensor.ofLongs(new long[]{1}, 0))).type("out_idx", INT64).build();
            g.fetch(u.output(0), u.output(1), u.output(2));
        });
        c.add("UniqueWithCountsV2", "columns (axis -1)", g -> {
            var u = g.op("UniqueWithCountsV2", g.in(Tensor.ofInts(new long[]{2, 4}, 1, 5, 1, 7, 2, 6, 2, 8)),
                    g.konst(Tensor.ofInts(new long[]{1}, -1))).build();
            g.fetch(u.output(0), u.output(1), u.output(2));
        });
        c.add("InvertPermutation", "int32", g -> g.fetch(g.op("InvertPermutation", g.in(Tensor.ofInts(new long[]{6}, 3, 0, 5, 1, 4, 2)))));
        c.add("InvertPermutation", "int64", g -> g.fetch(g.op("InvertPermutation", g.in(Tensor.ofLongs(new long[]{4}, 2, 3, 1, 0)))));
        c.add("MatrixBandPart", "lower 1 upper 2", g -> g.fetch(g.op("MatrixBandPart", g.in(FLOAT, 2, 4, 5), g.i32s(1), g.i32s(2))));
        c.add("MatrixBandPart", "lower triangle (-1, 0) int64", g -> g.fetch(g.op("MatrixBandPart", g.in(FLOAT, 5, 5),
                g.konst(Tensor.ofLongs(new long[0], -1)), g.konst(Tensor.ofLongs(new long[0], 0)))));
        c.add("LinSpace", "float 7 values", g -> g.fetch(g.op("LinSpace", g.f32s(-1.5f), g.f32s(2.25f), g.i32s(7))));
        c.add("LinSpace", "start at run time", g -> g.fetch(g.op("LinSpace", g.in(Tensor.ofFloats(new long[0], 0.3f)), g.f32s(5f), g.i32s(4))));
        c.add("FakeQuantWithMinMaxVars", "8 bits [-1, 2]", g -> g.fetch(g.op("FakeQuantWithMinMaxVars", g.in(-3, 3, 4, 6),
                g.f32s(-1f), g.f32s(2f))));
        c.add("FakeQuantWithMinMaxVars", "4 bits narrow range", g -> g.fetch(g.op("FakeQuantWithMinMaxVars", g.in(-3, 3, 4, 6),
                g.f32s(-0.7f), g.f32s(1.3f)).attr("num_bits", 4L).attr("narrow_range", true)));
        c.add("FakeQuantWithMinMaxArgs", "defaults [-6, 6]", g -> g.fetch(g.op("FakeQuantWithMinMaxArgs", g.in(-8, 8, 4, 6))));
        c.add("L2Loss", "float", SUM_TOL, SUM_TOL, g -> g.fetch(g.op("L2Loss", g.in(FLOAT, 3, 4))));
        c.add("Bucketize", "float", g -> g.fetch(g.op("Bucketize", g.in(-3, 3, 3, 4)).raw("boundaries", floats(-1f, 0f, 0.5f, 2f))));
        c.add("Bucketize", "int32", g -> g.fetch(g.op("Bucketize", g.in(INT32, 3, 4)).raw("boundaries", floats(-2f, 0f, 3f))));
    }

    private static org.tensorflow.proto.AttrValue floats(float... v) {
        var l = org.tensorflow.proto.AttrValue.ListValue.newBuilder();
        for (float f : v) {
            l.addF(f);
        }
        return org.tensorflow.proto.AttrValue.newBuilder().setList(l).build();
    }

    private static void backpropInput(OracleCases c, String variant, long[] inputSize, long[] outShape, long stride, String padding) {
        c.add("Conv2DBackpropInput", variant, SUM_TOL, SUM_TOL, g -> g.fetch(g.op("Conv2DBackpropInput",
                g.i32((int) inputSize[0], (int) inputSize[1], (int) inputSize[2], (int) inputSize[3]),
                g.konst(FLOAT, 3, 3, inputSize[3], outShape[3]), g.in(FLOAT, outShape)).ints("strides", 1, stride, stride, 1)
                .attr("padding", padding)));
    }
}
