package dev.modelx.importer.tensorflow;

import static dev.modelx.graph.DataType.FLOAT;

/** Matrix products, convolutions, pooling, normalisation. */
final class NnOracleCases {

    private NnOracleCases() {
    }

    /** Sums of a few dozen float products: TF's and our accumulation orders differ in the last bits. */
    private static final double SUM_RTOL = 1e-5;
    private static final double SUM_ATOL = 1e-5;

    static void add(OracleCases c) {
        for (boolean ta : new boolean[]{false, true}) {
            for (boolean tb : new boolean[]{false, true}) {
                c.add("MatMul", "transpose_a=" + ta + " transpose_b=" + tb, SUM_RTOL, SUM_ATOL, g -> g.fetch(g.op("MatMul",
                        g.in(FLOAT, ta ? new long[]{4, 3} : new long[]{3, 4}), g.in(FLOAT, tb ? new long[]{5, 4} : new long[]{4, 5}))
                        .attr("transpose_a", ta).attr("transpose_b", tb)));
            }
        }
        c.add("MatMul", "constant weights", SUM_RTOL, SUM_ATOL, g -> g.fetch(g.op("MatMul", g.in(FLOAT, 3, 4), g.konst(FLOAT, 4, 5))));
        for (boolean ax : new boolean[]{false, true}) {
            for (boolean ay : new boolean[]{false, true}) {
                c.add("BatchMatMul", "adj_x=" + ax + " adj_y=" + ay, SUM_RTOL, SUM_ATOL, g -> g.fetch(g.op("BatchMatMul",
                        g.in(FLOAT, ax ? new long[]{2, 4, 3} : new long[]{2, 3, 4}), g.in(FLOAT, ay ? new long[]{2, 5, 4} : new long[]{2, 4, 5}))
                        .attr("adj_x", ax).attr("adj_y", ay)));
            }
        }
        c.add("BatchMatMulV2", "broadcast batch", SUM_RTOL, SUM_ATOL, g -> g.fetch(g.op("BatchMatMulV2", g.in(FLOAT, 2, 1, 3, 4),
                g.in(FLOAT, 3, 4, 5))));
        c.add("BatchMatMulV2", "adj_y broadcast", SUM_RTOL, SUM_ATOL, g -> g.fetch(g.op("BatchMatMulV2", g.in(FLOAT, 2, 3, 4),
                g.in(FLOAT, 5, 4)).attr("adj_y", true)));
        c.add("BatchMatMulV3", "Tout float", SUM_RTOL, SUM_ATOL, g -> g.fetch(g.op("BatchMatMulV3", g.in(FLOAT, 2, 3, 4),
                g.in(FLOAT, 2, 4, 5)).type("Tout", FLOAT)));
        for (String eq : new String[]{"ij,jk->ik", "bij,bjk->bik", "bhqd,bhkd->bhqk", "ij->ji", "bi,bi->b", "ijk->ki"}) {
            c.add("Einsum", eq, SUM_RTOL, SUM_ATOL, g -> {
                String[] parts = eq.split("->")[0].split(",");
                org.tensorflow.Output<?>[] ins = new org.tensorflow.Output<?>[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    long[] shape = new long[parts[i].length()];
                    for (int k = 0; k < shape.length; k++) {
                        shape[k] = 2 + (parts[i].charAt(k) - 'a') % 4;
                    }
                    ins[i] = g.in(FLOAT, shape);
                }
                g.fetch(g.op("Einsum").list(ins).attr("equation", eq));
            });
        }

        conv(c);
        pool(c);
        c.add("FusedBatchNorm", "inference NHWC", g -> g.fetch(batchNorm(g, "FusedBatchNorm", "NHWC", false, 1, 3, 3, 4)));
        c.add("FusedBatchNormV2", "inference NHWC", g -> g.fetch(batchNorm(g, "FusedBatchNormV2", "NHWC", false, 1, 3, 3, 4)));
        c.add("FusedBatchNormV3", "inference NHWC", g -> g.fetch(batchNorm(g, "FusedBatchNormV3", "NHWC", false, 2, 3, 3, 4)));
        c.add("FusedBatchNormV3", "inference NCHW", g -> g.fetch(batchNorm(g, "FusedBatchNormV3", "NCHW", false, 2, 4, 3, 3)));
        c.add("FusedBatchNormV3", "training y and batch mean", 1e-4, 1e-5, g -> {
            var bn = batchNorm(g, "FusedBatchNormV3", "NHWC", true, 2, 3, 3, 4).build();
            g.fetch(bn.output(0), bn.output(1));
        });
        c.add("FusedBatchNormV3", "training batch variance", 1e-4, 1e-5,
                g -> g.fetch(batchNorm(g, "FusedBatchNormV3", "NHWC", true, 2, 3, 3, 4).build().output(2)));
        c.add("FusedBatchNormV3", "training exponential_avg_factor 0.25", 1e-4, 1e-5, g -> {
            var bn = g.op("FusedBatchNormV3", g.in(FLOAT, 2, 3, 3, 2), g.konst(FLOAT, 2), g.konst(FLOAT, 2), g.konst(FLOAT, 2),
                    g.konst(g.uniform(FLOAT, 0.5, 2, 2))).attr("epsilon", 0.01f).attr("is_training", true)
                    .attr("exponential_avg_factor", 0.25f).build();
            g.fetch(bn.output(0), bn.output(1), bn.output(2));
        });
        c.add("LRN", "radius 2", 1e-4, 1e-6, g -> g.fetch(g.op("LRN", g.in(FLOAT, 1, 3, 3, 8)).attr("depth_radius", 2L)
                .attr("bias", 1.5f).attr("alpha", 0.1f).attr("beta", 0.75f)));
        c.add("LRN", "defaults", 1e-4, 1e-6, g -> g.fetch(g.op("LRN", g.in(FLOAT, 1, 2, 2, 12))));
    }

    private static OracleOp batchNorm(OracleGraph g, String op, String format, boolean training, long... xShape) {
        long ch = format.equals("NHWC") ? xShape[3] : xShape[1];
        OracleOp o = g.op(op, g.in(FLOAT, xShape), g.konst(g.uniform(FLOAT, 0.5, 2, ch)), g.konst(FLOAT, ch),
                g.konst(training ? g.uniform(FLOAT, 0, 0, 0) : g.uniform(FLOAT, -1, 1, ch)),
                g.konst(training ? g.uniform(FLOAT, 0, 0, 0) : g.uniform(FLOAT, 0.5, 2, ch)))
                .attr("epsilon", 0.001f).attr("data_format", format).attr("is_training", training);
        return o;
    }

    private static void conv(OracleCases c) {
        c.add("Conv2D", "NHWC VALID", SUM_RTOL, SUM_ATOL, g -> g.fetch(conv2d(g, g.in(FLOAT, 1, 5, 5, 3), g.konst(FLOAT, 3, 3, 3, 4), "VALID", 1, 1)));
        c.add("Conv2D", "NHWC SAME stride 2 odd size", SUM_RTOL, SUM_ATOL,
                g -> g.fetch(conv2d(g, g.in(FLOAT, 2, 7, 6, 3), g.konst(FLOAT, 3, 3, 3, 4), "SAME", 2, 1)));
        c.add("Conv2D", "NHWC SAME dilation 2", SUM_RTOL, SUM_ATOL,
                g -> g.fetch(conv2d(g, g.in(FLOAT, 1, 7, 7, 2), g.konst(FLOAT, 3, 3, 2, 3), "SAME", 1, 2)));
        c.add("Conv2D", "NHWC EXPLICIT", SUM_RTOL, SUM_ATOL, g -> g.fetch(g.op("Conv2D", g.in(FLOAT, 1, 5, 5, 2), g.konst(FLOAT, 3, 2, 2, 3))
                .ints("strides", 1, 1, 1, 1).attr("padding", "EXPLICIT").ints("explicit_paddings", 0, 0, 1, 2, 2, 1, 0, 0)));
        c.add("Conv2D", "NHWC filter computed at run time", SUM_RTOL, SUM_ATOL,
                g -> g.fetch(conv2d(g, g.in(FLOAT, 1, 5, 5, 3), g.in(FLOAT, 2, 2, 3, 4), "SAME", 1, 1)));
        c.add("Conv2D", "NHWC grouped (2 groups)", SUM_RTOL, SUM_ATOL,
                g -> g.fetch(conv2d(g, g.in(FLOAT, 1, 5, 5, 4), g.konst(FLOAT, 3, 3, 2, 6), "SAME", 1, 1)));
        c.add("Conv3D", "NDHWC SAME", SUM_RTOL, SUM_ATOL, g -> g.fetch(g.op("Conv3D", g.in(FLOAT, 1, 4, 5, 5, 2), g.konst(FLOAT, 2, 3, 3, 2, 3))
                .ints("strides", 1, 1, 1, 1, 1).attr("padding", "SAME")));
        c.add("Conv3D", "NDHWC VALID stride 2", SUM_RTOL, SUM_ATOL, g -> g.fetch(g.op("Conv3D", g.in(FLOAT, 1, 5, 5, 5, 2),
                g.konst(FLOAT, 2, 2, 2, 2, 3)).ints("strides", 1, 2, 2, 2, 1).attr("padding", "VALID")));
        c.add("DepthwiseConv2dNative", "SAME multiplier 2", SUM_RTOL, SUM_ATOL, g -> g.fetch(g.op("DepthwiseConv2dNative",
                g.in(FLOAT, 1, 6, 6, 3), g.konst(FLOAT, 3, 3, 3, 2)).ints("strides", 1, 1, 1, 1).attr("padding", "SAME")));
        c.add("DepthwiseConv2dNative", "VALID stride 2", SUM_RTOL, SUM_ATOL, g -> g.fetch(g.op("DepthwiseConv2dNative",
                g.in(FLOAT, 2, 7, 7, 4), g.konst(FLOAT, 3, 3, 4, 1)).ints("strides", 1, 2, 2, 1).attr("padding", "VALID")));
        c.add("DepthwiseConv2dNative", "EXPLICIT", SUM_RTOL, SUM_ATOL, g -> g.fetch(g.op("DepthwiseConv2dNative",
                g.in(FLOAT, 1, 5, 5, 2), g.konst(FLOAT, 3, 3, 2, 1)).ints("strides", 1, 1, 1, 1).attr("padding", "EXPLICIT")
                .ints("explicit_paddings", 0, 0, 1, 0, 0, 2, 0, 0)));
    }

    static OracleOp conv2d(OracleGraph g, org.tensorflow.Output<?> x, org.tensorflow.Output<?> w, String padding, long stride, long dilation) {
        return g.op("Conv2D", x, w).ints("strides", 1, stride, stride, 1).ints("dilations", 1, dilation, dilation, 1).attr("padding", padding);
    }

    private static void pool(OracleCases c) {
        for (String op : new String[]{"MaxPool", "AvgPool"}) {
            c.add(op, "VALID 2x2 stride 2", g -> g.fetch(g.op(op, g.in(FLOAT, 1, 4, 6, 3)).ints("ksize", 1, 2, 2, 1)
                    .ints("strides", 1, 2, 2, 1).attr("padding", "VALID")));
            c.add(op, "SAME 3x3 stride 2 odd size", g -> g.fetch(g.op(op, g.in(FLOAT, 2, 7, 5, 3)).ints("ksize", 1, 3, 3, 1)
                    .ints("strides", 1, 2, 2, 1).attr("padding", "SAME")));
            c.add(op, "SAME 3x2 stride 1", g -> g.fetch(g.op(op, g.in(FLOAT, 1, 4, 4, 2)).ints("ksize", 1, 3, 2, 1)
                    .ints("strides", 1, 1, 1, 1).attr("padding", "SAME")));
        }
        c.add("MaxPoolV2", "ksize and strides as inputs", g -> g.fetch(g.op("MaxPoolV2", g.in(FLOAT, 1, 5, 5, 2),
                g.i32(1, 2, 2, 1), g.i32(1, 2, 2, 1)).attr("padding", "SAME")));
        c.add("MaxPool3D", "SAME", g -> g.fetch(g.op("MaxPool3D", g.in(FLOAT, 1, 4, 5, 5, 2)).ints("ksize", 1, 2, 3, 3, 1)
                .ints("strides", 1, 2, 2, 2, 1).attr("padding", "SAME")));
        c.add("AvgPool3D", "SAME", g -> g.fetch(g.op("AvgPool3D", g.in(FLOAT, 1, 4, 5, 5, 2)).ints("ksize", 1, 2, 3, 3, 1)
                .ints("strides", 1, 2, 2, 2, 1).attr("padding", "SAME")));
        c.add("AvgPool3D", "VALID", g -> g.fetch(g.op("AvgPool3D", g.in(FLOAT, 1, 4, 4, 4, 2)).ints("ksize", 1, 2, 2, 2, 1)
                .ints("strides", 1, 2, 2, 2, 1).attr("padding", "VALID")));
    }
}
