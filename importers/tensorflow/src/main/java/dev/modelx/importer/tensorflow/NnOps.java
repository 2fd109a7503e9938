package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;

/** Matrix products, convolutions, pooling and batch normalisation. NHWC data gets explicit Transposes. */
final class NnOps {

    private NnOps() {
    }

    static void register(OpRegistry r) {
        r.register(NnOps::matMul, "MatMul");
        r.register(NnOps::batchMatMul, "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3");
        r.register((n, s) -> s.out(n, 0, s.add(s.node("Einsum", ins(n, s)).attr("equation", n.s("equation", ""))).output(0)), "Einsum");
        r.register((n, s) -> conv(n, s, false), "Conv2D", "Conv3D");
        r.register((n, s) -> conv(n, s, true), "DepthwiseConv2dNative");
        r.register((n, s) -> pool(n, s, "MaxPool"), "MaxPool", "MaxPool3D", "MaxPoolV2");
        r.register((n, s) -> pool(n, s, "AveragePool"), "AvgPool", "AvgPool3D");
        r.register(NnOps::fusedBatchNorm, "FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3");
        r.register(NnOps::lrn, "LRN");
    }

    static String[] ins(TfNode n, Scope s) {
        String[] a = new String[n.inputCount()];
        for (int i = 0; i < a.length; i++) {
            a[i] = s.in(n, i);
        }
        return a;
    }

    private static void matMul(TfNode n, Scope s) {
        String a = s.in(n, 0);
        String b = s.in(n, 1);
        if (n.b("transpose_a", false)) {
            a = Layout.transpose(s, a, new long[]{1, 0});
        }
        if (n.b("transpose_b", false)) {
            b = Layout.transpose(s, b, new long[]{1, 0});
        }
        s.out(n, 0, s.op("MatMul", a, b));
    }

    private static void batchMatMul(TfNode n, Scope s) {
        String a = s.in(n, 0);
        String b = s.in(n, 1);
        boolean ta = n.b("adj_x", false);
        boolean tb = n.b("adj_y", false);
        if (ta || tb) {
            String eq = "..." + (ta ? "ji" : "ij") + ",..." + (tb ? "kj" : "jk") + "->...ik";
            s.out(n, 0, s.add(s.node("Einsum", a, b).attr("equation", eq)).output(0));
            return;
        }
        s.out(n, 0, s.op("MatMul", a, b));
    }

    private static void conv(TfNode n, Scope s, boolean depthwise) {
        boolean cf = Layout.channelsFirst(n);
        int rank = n.op().endsWith("3D") ? 5 : 4;
        String x = s.in(n, 0);
        if (!cf) {
            x = Layout.transpose(s, x, Layout.toChannelsFirst(rank));
        }
        String w = s.in(n, 1);
        long[] wperm = new long[rank];
        wperm[0] = rank - 1;
        wperm[1] = rank - 2;
        for (int i = 2; i < rank; i++) {
            wperm[i] = i - 2;
        }
        long group = 1;
        if (depthwise) {
            // filter [H, W, C, M] -> [C, M, H, W] -> [C*M, 1, H, W], one group per input channel
            var fs = s.shape(s.in(n, 1)).filter(sh -> sh.rank() == 4);
            var xs = s.shape(s.in(n, 0)).filter(sh -> sh.rank() == 4);
            var cdim = fs.isPresent() && fs.get().dim(2).isStatic() ? fs.get().dim(2)
                    : xs.isPresent() && xs.get().dim(cf ? 1 : 3).isStatic() ? xs.get().dim(cf ? 1 : 3) : null;
            if (cdim == null) {
                throw new TfImportException(n.describe() + ": the input channel count (the group count) must be known");
            }
            w = Layout.transpose(s, w, new long[]{2, 3, 0, 1});
            String spatial = fs.isPresent() && fs.get().dim(0).isStatic() && fs.get().dim(1).isStatic()
                    ? s.constLongs("filter_hw", fs.get().dim(0).value(), fs.get().dim(1).value())
                    : s.op("Slice", s.op("Shape", s.in(n, 1)), s.constLongs("from", 0), s.constLongs("to", 2));
            String target = s.add(s.node("Concat", s.constLongs("groups", -1, 1), spatial).attr("axis", 0L)).output(0);
            w = s.op("Reshape", w, target);
            group = cdim.value();
        } else {
            w = Layout.transpose(s, w, wperm);
            var wt = s.constantValue(s.in(n, 1));
            var xs = s.shape(s.in(n, 0));
            if (wt.isPresent() && xs.isPresent() && xs.get().rank() == rank) {
                var cdim = xs.get().dim(cf ? 1 : rank - 1);
                long fin = wt.get().dim(rank - 2);
                if (cdim.isStatic() && fin > 0 && cdim.value() != fin && cdim.value() % fin == 0) {
                    group = cdim.value() / fin;
                }
            }
        }
        Node conv = s.node("Conv", x, w)
                .ints("strides", Layout.spatial(n.ints("strides", null), cf, rank, 1))
                .ints("dilations", Layout.spatial(n.ints("dilations", null), cf, rank, 1));
        if (group != 1) {
            conv.attr("group", group);
        }
        padding(n, conv, cf, rank);
        String y = s.add(conv).output(0);
        s.out(n, 0, cf ? y : Layout.transpose(s, y, Layout.toChannelsLast(rank)));
    }

    static void padding(TfNode n, Node onnx, boolean cf, int rank) {
        String p = n.s("padding", "VALID");
        switch (p) {
            case "SAME" -> onnx.attr("auto_pad", "SAME_UPPER");
            case "VALID" -> onnx.attr("auto_pad", "VALID");
            case "EXPLICIT" -> {
                long[] e = n.ints("explicit_paddings", new long[0]);
                if (e.length != 2 * rank) {
                    throw new TfImportException(n.describe() + ": explicit_paddings has " + e.length + " entries, expected " + 2 * rank);
                }
                long[] pads = new long[2 * (rank - 2)];
                for (int i = 0; i < rank - 2; i++) {
                    int d = cf ? i + 2 : i + 1;
                    pads[i] = e[2 * d];
                    pads[i + rank - 2] = e[2 * d + 1];
                }
                onnx.ints("pads", pads);
            }
            default -> throw new TfImportException(n.describe() + ": padding '" + p + "' is not supported");
        }
    }

    private static void pool(TfNode n, Scope s, String onnxOp) {
        boolean cf = Layout.channelsFirst(n);
        int rank = n.op().endsWith("3D") ? 5 : 4;
        long[] ksize = n.ints("ksize", null);
        long[] strides = n.ints("strides", null);
        if (n.op().equals("MaxPoolV2")) {
            ksize = s.requireConstant(n, 1, "ksize").toLongArray();
            strides = s.requireConstant(n, 2, "strides").toLongArray();
        }
        String x = s.in(n, 0);
        if (!cf) {
            x = Layout.transpose(s, x, Layout.toChannelsFirst(rank));
        }
        Node pool = s.node(onnxOp, x).ints("kernel_shape", Layout.spatial(ksize, cf, rank, 1))
                .ints("strides", Layout.spatial(strides, cf, rank, 1));
        padding(n, pool, cf, rank);
        String y = s.add(pool).output(0);
        s.out(n, 0, cf ? y : Layout.transpose(s, y, Layout.toChannelsLast(rank)));
    }

    /**
     * Inference form y = x * (scale / sqrt(var + eps)) + (offset - mean * scale / sqrt(var + eps)) in the
     * data's own layout (no transposes); training form normalises with the batch moments.
     */
    private static void fusedBatchNorm(TfNode n, Scope s) {
        boolean cf = Layout.channelsFirst(n);
        String x = s.in(n, 0);
        DataType t = n.type("U").orElse(DataType.FLOAT);
        String eps = s.constant(Consts.scalar(t, n.f("epsilon", 1e-4f)), "epsilon");
        String mean = s.in(n, 3);
        String var = s.in(n, 4);
        int rank = s.rank(x).orElse(4);
        String batchMean = mean;
        String batchVar = var;
        boolean training = n.b("is_training", true);
        if (training) {
            long[] axes = new long[rank - 1];
            for (int i = 0, k = 0; i < rank; i++) {
                if (i != (cf ? 1 : rank - 1)) {
                    axes[k++] = i;
                }
            }
            String ax = s.constLongs("axes", axes);
            mean = s.add(s.node("ReduceMean", x, ax).attr("keepdims", 0L)).output(0);
            String d = s.op("Sub", x, cf ? perChannel(s, mean, rank) : mean);
            var = s.add(s.node("ReduceMean", s.op("Mul", d, d), ax).attr("keepdims", 0L)).output(0);
            batchMean = runningAverage(n, s, t, s.in(n, 3), mean);
            batchVar = runningAverage(n, s, t, s.in(n, 4), besselCorrected(s, x, var, t, cf ? 1 : rank - 1));
        }
        String mul = s.op("Mul", s.in(n, 1), s.op("Reciprocal", s.op("Sqrt", s.op("Add", var, eps))));
        String add = s.op("Sub", s.in(n, 2), s.op("Mul", mean, mul));
        if (cf) {
            mul = perChannel(s, mul, rank);
            add = perChannel(s, add, rank);
        }
        s.out(n, 0, s.op("Add", s.op("Mul", x, mul), add));
        s.out(n, 1, batchMean);
        s.out(n, 2, batchVar);
        s.out(n, 3, mean);
        s.out(n, 4, var);
        if (n.op().equals("FusedBatchNormV3")) {
            s.out(n, 5, var);
        }
    }

    /** TF reports the unbiased batch variance, var * n / (n - 1) with n the elements per channel. */
    private static String besselCorrected(Scope s, String x, String var, DataType t, int channelAxis) {
        String size = s.cast(s.op("Size", x), t);
        String channels = s.cast(s.add(s.node("Gather", s.op("Shape", x), s.scalarLong("channel_axis", channelAxis)).attr("axis", 0L))
                .output(0), t);
        String count = s.op("Div", size, channels);
        String one = s.constant(Consts.scalar(t, 1), "one");
        return s.op("Mul", var, s.op("Div", count, s.op("Max", s.op("Sub", count, one), one)));
    }

    /** V3's exponential_avg_factor f: reported moments are (1 - f) * running + f * batch (f = 1: the batch moments). */
    private static String runningAverage(TfNode n, Scope s, DataType t, String running, String batch) {
        float f = n.f("exponential_avg_factor", 1f);
        if (f == 1f) {
            return batch;
        }
        return s.op("Add", s.op("Mul", running, s.constant(Consts.scalar(t, 1 - f), "keep")),
                s.op("Mul", batch, s.constant(Consts.scalar(t, f), "factor")));
    }

    /** A [C] vector reshaped to [C, 1, ..., 1] so it broadcasts over axis 1 of a rank-{@code rank} tensor. */
    private static String perChannel(Scope s, String v, int rank) {
        long[] shape = new long[rank - 1];
        java.util.Arrays.fill(shape, 1);
        shape[0] = -1;
        return s.op("Reshape", v, s.constLongs("per_channel", shape));
    }

    /** TF's depth_radius r is half of ONNX's window: size = 2r + 1, and ONNX divides alpha by size. */
    private static void lrn(TfNode n, Scope s) {
        long r = n.i("depth_radius", 5);
        long size = 2 * r + 1;
        String x = Layout.transpose(s, s.in(n, 0), Layout.toChannelsFirst(4));
        Node lrn = s.node("LRN", x).attr("size", size).attr("alpha", n.f("alpha", 1f) * size)
                .attr("beta", n.f("beta", 0.5f)).attr("bias", n.f("bias", 1f));
        s.out(n, 0, Layout.transpose(s, s.add(lrn).output(0), Layout.toChannelsLast(4)));
    }
}
