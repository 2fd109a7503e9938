package dev.modelx.exporter.paddle.emit;

import dev.modelx.exporter.paddle.EmitterTable;
import dev.modelx.exporter.paddle.ExportContext;
import dev.modelx.exporter.paddle.PaddleOp;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.util.Arrays;

/** Convolution, pooling, normalisation and resizing (NCHW). */
public final class NnEmitters {

    private NnEmitters() {
    }

    public static void register(EmitterTable t) {
        t.add("Conv", (c, n) -> conv(c, n, false));
        t.add("ConvTranspose", (c, n) -> conv(c, n, true));
        t.add("MaxPool", (c, n) -> pool(c, n, "max", false));
        t.add("AveragePool", (c, n) -> pool(c, n, "avg", false));
        t.add("GlobalMaxPool", (c, n) -> pool(c, n, "max", true));
        t.add("GlobalAveragePool", (c, n) -> pool(c, n, "avg", true));
        t.add("BatchNormalization", NnEmitters::batchNorm);
        t.add("LayerNormalization", NnEmitters::layerNorm);
        t.add("Resize", NnEmitters::resize);
        NormEmitters.register(t);
    }

    /** ONNX pads [b0, b1, ..., e0, e1, ...] as Paddle paddings: n values when symmetric, else [b0, e0, b1, e1, ...]. */
    static long[] paddlePads(long[] pads, int spatial) {
        if (pads.length == 0) {
            return new long[spatial];
        }
        boolean symmetric = true;
        for (int i = 0; i < spatial; i++) {
            symmetric &= pads[i] == pads[i + spatial];
        }
        if (symmetric) {
            return Arrays.copyOf(pads, spatial);
        }
        long[] p = new long[2 * spatial];
        for (int i = 0; i < spatial; i++) {
            p[2 * i] = pads[i];
            p[2 * i + 1] = pads[i + spatial];
        }
        return p;
    }

    private static long[] ones(int n) {
        long[] a = new long[n];
        Arrays.fill(a, 1);
        return a;
    }

    private static String padding(Node n) {
        String auto = n.attrString("auto_pad", "NOTSET");
        return switch (auto) {
            case "NOTSET" -> "EXPLICIT";
            case "VALID" -> "VALID";
            case "SAME_UPPER" -> "SAME";
            default -> throw new IllegalArgumentException("auto_pad " + auto + " has no Paddle equivalent");
        };
    }

    /**
     * conv2d, or depthwise_conv2d when every input channel is its own group (Paddle's rule); a bias is a
     * separate elementwise_add on axis 1, as Paddle's layers write it.
     */
    private static void conv(ExportContext c, Node n, boolean transpose) {
        String w = n.input(1);
        long[] wd = c.dims(w);
        boolean volume = wd != null && wd.length == 5 && !transpose;
        if (wd != null && wd.length == 3 && !transpose) {
            conv1d(c, n, wd);
            return;
        }
        if (wd == null || wd.length != 4 && !volume) {
            throw new IllegalArgumentException((transpose ? "ConvTranspose" : "Conv") + " is written for 2-D images (4-D filters)"
                    + (transpose ? "" : " and 3-D volumes") + " only");
        }
        int spatial = wd.length - 2;
        long groups = n.attrLong("group", 1);
        String type;
        if (volume) {
            type = "conv3d";
        } else if (transpose) {
            type = groups > 1 && wd[1] == 1 && groups == wd[0] ? "depthwise_conv2d_transpose" : "conv2d_transpose";
        } else {
            type = groups > 1 && wd[1] == 1 && wd[0] % groups == 0 ? "depthwise_conv2d" : "conv2d";
        }
        boolean bias = Emit.hasInput(n, 2);
        String out = n.output(0);
        String conv = bias ? c.tempLike(out + ".conv", c.dtype(out), c.dims(out)) : c.out(out);
        PaddleOp op = c.op(type).in("Input", c.var(n.input(0))).in("Filter", c.var(w)).out("Output", conv)
                .ints("strides", n.attrLongs("strides", ones(spatial))).ints("dilations", n.attrLongs("dilations", ones(spatial)))
                .i("groups", groups).s("data_format", volume ? "NCDHW" : "NCHW").s("padding_algorithm", padding(n))
                .ints("paddings", paddlePads(n.attrLongs("pads", new long[0]), spatial));
        if (transpose) {
            if (n.hasAttribute("output_shape")) {
                op.ints("output_size", n.attrLongs("output_shape", new long[0]));
            }
            long[] op2 = n.attrLongs("output_padding", new long[0]);
            if (op2.length > 0 && Arrays.stream(op2).anyMatch(v -> v != 0)) {
                op.ints("output_padding", op2);
            }
        }
        if (bias) {
            c.op("elementwise_add").in("X", conv).in("Y", c.var(n.input(2))).out("Out", c.out(out)).i("axis", 1);
        }
    }

    /**
     * A 1-D Conv as paddle.nn.functional.conv1d writes it: input and filter unsqueezed to a height of 1 (axis 2),
     * conv2d (or depthwise_conv2d) with stride, dilation and padding 1 / 0 on that height, the height squeezed away.
     */
    private static void conv1d(ExportContext c, Node n, long[] wd) {
        String x = n.input(0), w = n.input(1), out = n.output(0);
        long[] xd = c.dims(x), od = c.dims(out);
        long groups = n.attrLong("group", 1);
        String x4 = c.tempLike(x + ".nc1l", c.dtype(x), xd == null ? null : new long[] {xd[0], xd[1], 1, xd[2]});
        c.op("unsqueeze2").in("X", c.var(x)).out("Out", x4).out("XShape", c.xshape("unsqueeze2", x)).ints("axes", 2);
        String w4 = c.tempLike(w + ".oi1k", c.dtype(w), new long[] {wd[0], wd[1], 1, wd[2]});
        c.op("unsqueeze2").in("X", c.var(w)).out("Out", w4).out("XShape", c.xshape("unsqueeze2", w)).ints("axes", 2);
        long[] pads = n.attrLongs("pads", new long[] {0, 0});
        String y4 = c.tempLike(out + ".nc1l", c.dtype(out), od == null ? null : new long[] {od[0], od[1], 1, od[2]});
        String type = groups > 1 && wd[1] == 1 && wd[0] % groups == 0 ? "depthwise_conv2d" : "conv2d";
        c.op(type).in("Input", x4).in("Filter", w4).out("Output", y4)
                .ints("strides", 1, n.attrLongs("strides", ones(1))[0]).ints("dilations", 1, n.attrLongs("dilations", ones(1))[0])
                .i("groups", groups).s("data_format", "NCHW").s("padding_algorithm", padding(n))
                .ints("paddings", paddlePads(new long[] {0, pads[0], 0, pads[1]}, 2));
        boolean bias = Emit.hasInput(n, 2);
        String y = bias ? c.tempLike(out + ".conv", c.dtype(out), od) : c.out(out);
        c.op("squeeze2").in("X", y4).out("Out", y).ints("axes", 2);
        if (bias) {
            c.op("elementwise_add").in("X", y).in("Y", c.var(n.input(2))).out("Out", c.out(out)).i("axis", 1);
        }
    }

    private static void pool(ExportContext c, Node n, String kind, boolean global) {
        int rank = c.rank(n.input(0));
        if (rank != 4 && rank != 5) {
            throw new IllegalArgumentException(n.opType() + " is written for 4-D NCHW and 5-D NCDHW inputs only");
        }
        int spatial = rank - 2;
        if (n.outputs().size() > 1 && !n.output(1).isEmpty()) {
            throw new IllegalArgumentException("MaxPool with an Indices output has no pool2d equivalent");
        }
        PaddleOp op = Emit.unary(c, n, rank == 5 ? "pool3d" : "pool2d").s("pooling_type", kind).s("data_format", rank == 5 ? "NCDHW" : "NCHW");
        if (global) {
            op.b("global_pooling", true).ints("ksize", ones(spatial)).ints("strides", ones(spatial)).ints("paddings", new long[spatial]);
            return;
        }
        long[] dil = n.attrLongs("dilations", ones(spatial));
        if (Arrays.stream(dil).anyMatch(d -> d != 1)) {
            throw new IllegalArgumentException("dilated pooling has no pool2d equivalent");
        }
        op.ints("ksize", n.attrLongs("kernel_shape", ones(spatial))).ints("strides", n.attrLongs("strides", ones(spatial)))
                .ints("paddings", paddlePads(n.attrLongs("pads", new long[0]), spatial)).s("padding_algorithm", padding(n))
                .b("ceil_mode", n.attrLong("ceil_mode", 0) != 0)
                .b("exclusive", n.attrLong("count_include_pad", 0) == 0);
    }

    /** Inference batch_norm: MeanOut/VarianceOut write back into the running statistics, as Paddle's do. */
    private static void batchNorm(ExportContext c, Node n) {
        if (n.outputs().size() > 1 && n.outputs().subList(1, n.outputs().size()).stream().anyMatch(o -> !o.isEmpty())) {
            throw new IllegalArgumentException("training-mode BatchNormalization has no inference batch_norm equivalent");
        }
        String mean = c.var(n.input(3)), var = c.var(n.input(4));
        DataType st = c.dtype(n.input(3));
        long[] sd = c.dims(n.input(3));
        c.op("batch_norm").in("X", c.var(n.input(0))).in("Scale", c.var(n.input(1))).in("Bias", c.var(n.input(2)))
                .in("Mean", mean).in("Variance", var).out("Y", c.out(n.output(0))).out("MeanOut", mean).out("VarianceOut", var)
                .out("SavedMean", c.temp("batch_norm", st, sd)).out("SavedVariance", c.temp("batch_norm", st, sd))
                .f("epsilon", n.attrFloat("epsilon", 1e-5f)).f("momentum", n.attrFloat("momentum", 0.9f)).b("is_test", true)
                .s("data_layout", "NCHW");
    }

    /** Flat scale/bias vectors: a Reshape of a 1-D value is read through, a constant is flattened, a computed value reshaped. */
    private static String flatVector(ExportContext c, String v) {
        if (c.types().rank(v) == 1) {
            return c.var(v);
        }
        Node r = Emit.producedBy(c, v, "Reshape");
        if (r != null && c.types().rank(r.input(0)) == 1) {
            return c.var(r.input(0));
        }
        var k = c.constant(v);
        if (k.isPresent()) {
            String flat = v + ".flat";
            if (!c.isDefined(flat)) {
                Tensor t = k.get();
                c.param(flat, Tensor.fromPacked(t.type(), new long[] {t.size()}, t.packedBytes()));
            }
            return flat;
        }
        // a computed scale/bias of the normalised shape: layer_norm reads it flattened
        long[] vd = c.dims(v);
        long n = 1;
        for (long d : vd == null ? new long[] {-1} : vd) {
            n = d < 0 || n < 0 ? -1 : n * d;
        }
        String flat = c.tempLike(v + ".flat", c.dtype(v), new long[] {n});
        c.op("reshape2").in("X", c.var(v)).out("Out", flat).out("XShape", c.xshape("reshape2", v)).ints("shape", -1);
        return flat;
    }

    private static void layerNorm(ExportContext c, Node n) {
        if (n.attrLong("stash_type", 1) != 1 && c.dtype(n.input(0)) != DataType.FLOAT) {
            throw new IllegalArgumentException("LayerNormalization stash_type must be float");
        }
        int rank = c.rank(n.input(0));
        long axis = n.attrLong("axis", -1);
        if (axis < 0) {
            axis += rank;
        }
        long[] xd = c.dims(n.input(0));
        long[] sd = new long[] {-1};
        if (xd != null) {
            long p = 1;
            for (int i = (int) axis; i < xd.length; i++) {
                p = xd[i] < 0 || p < 0 ? -1 : p * xd[i];
            }
            sd = new long[] {p};
        }
        long[] lead = xd == null ? new long[] {-1} : Arrays.copyOf(xd, (int) axis);
        float eps = n.attrFloat("epsilon", 1e-5f);
        String mean = c.temp("layer_norm", DataType.FLOAT, lead), variance = c.temp("layer_norm", DataType.FLOAT, lead);
        // the flattened scale and bias are written before the op that reads them
        String scale = flatVector(c, n.input(1)), bias = Emit.hasInput(n, 2) ? flatVector(c, n.input(2)) : null;
        PaddleOp op = c.op("layer_norm").in("X", c.var(n.input(0))).in("Scale", scale).out("Y", c.out(n.output(0)))
                .out("Mean", mean).out("Variance", variance).i("begin_norm_axis", axis).f("epsilon", eps);
        if (bias != null) {
            op.in("Bias", bias);
        }
        boolean meanOut = n.outputs().size() > 1 && !n.output(1).isEmpty(), invOut = n.outputs().size() > 2 && !n.output(2).isEmpty();
        if (meanOut || invOut) {
            layerNormStats(c, n, xd, axis, eps, mean, variance, meanOut, invOut);
        }
        assert sd.length == 1;
    }

    /**
     * ONNX's Mean and InvStdDev outputs from layer_norm's Mean and Variance (flat over the leading axes, Variance
     * without epsilon): reshaped to the leading axes followed by 1s, InvStdDev as rsqrt(Variance + epsilon).
     */
    private static void layerNormStats(ExportContext c, Node n, long[] xd, long axis, float eps, String mean, String variance,
            boolean meanOut, boolean invOut) {
        if (xd == null || Arrays.stream(xd, 0, (int) axis).filter(d -> d < 0).count() > 1) {
            throw new IllegalArgumentException("LayerNormalization's Mean/InvStdDev outputs need the leading axes' sizes");
        }
        long[] statDims = xd.clone();
        Arrays.fill(statDims, (int) axis, statDims.length, 1);
        if (meanOut) {
            c.op("reshape2").in("X", mean).out("Out", c.out(n.output(1))).out("XShape", c.xshape("reshape2", mean)).ints("shape", statDims);
        }
        if (invOut) {
            String out = n.output(2);
            String shifted = c.tempLike(out + ".var_eps", DataType.FLOAT, Arrays.copyOf(xd, (int) axis));
            c.op("scale").in("X", variance).out("Out", shifted).f("scale", 1).f("bias", eps).b("bias_after_scale", true);
            String inv = c.tempLike(out + ".rsqrt", DataType.FLOAT, Arrays.copyOf(xd, (int) axis));
            c.op("rsqrt").in("X", shifted).out("Out", inv);
            c.op("reshape2").in("X", inv).out("Out", c.out(out)).out("XShape", c.xshape("reshape2", inv)).ints("shape", statDims);
        }
    }

    /**
     * Resize to nearest_interp_v2 / bilinear_interp_v2: constant scales become scale, constant sizes (or
     * sizes made of the input's N, C and constant H, W) out_h/out_w.
     */
    private static void resize(ExportContext c, Node n) {
        int rank = c.rank(n.input(0));
        if (rank != 4) {
            throw new IllegalArgumentException("Resize is written for 4-D NCHW inputs only");
        }
        if (n.attrLong("antialias", 0) != 0) {
            throw new IllegalArgumentException("antialiased Resize has no Paddle interp op");
        }
        String mode = n.attrString("mode", "nearest");
        String coord = n.attrString("coordinate_transformation_mode", "half_pixel");
        String type = switch (mode) {
            case "nearest" -> "nearest_interp_v2";
            case "linear" -> "bilinear_interp_v2";
            default -> throw new IllegalArgumentException("Resize mode " + mode + " has no Paddle interp op written here");
        };
        boolean alignCorners;
        long alignMode;
        if (mode.equals("nearest")) {
            String nm = n.attrString("nearest_mode", "round_prefer_floor");
            if (coord.equals("asymmetric") && nm.equals("floor")) {
                alignCorners = false;
            } else if (coord.equals("align_corners") && nm.equals("round_prefer_ceil")) {
                alignCorners = true;
            } else {
                throw new IllegalArgumentException("nearest Resize with " + coord + "/" + nm + " has no Paddle equivalent");
            }
            alignMode = 1;
        } else {
            alignCorners = coord.equals("align_corners");
            if (!alignCorners && !coord.equals("half_pixel") && !coord.equals("asymmetric")) {
                throw new IllegalArgumentException("linear Resize with " + coord + " has no Paddle equivalent");
            }
            alignMode = coord.equals("asymmetric") ? 1 : 0;
        }
        PaddleOp op = Emit.unary(c, n, type).b("align_corners", alignCorners).i("align_mode", alignMode).s("data_layout", "NCHW")
                .s("interp_method", mode.equals("nearest") ? "nearest" : "bilinear").i("out_d", -1);
        String scales = n.inputs().size() > 2 ? n.input(2) : "";
        String sizes = n.inputs().size() > 3 ? n.input(3) : "";
        if (!sizes.isEmpty()) {
            long[] hw = spatialSizes(c, sizes);
            if (hw != null) {
                op.i("out_h", hw[0]).i("out_w", hw[1]);
                return;
            }
            // computed [N, C, H, W] sizes: OutSize is the int32 [H, W] part
            op.i("out_h", -1).i("out_w", -1).in("OutSize", spatialPart(c, sizes, DataType.INT32));
            afterItsInputs(c, op);
            return;
        }
        if (c.constant(scales).isEmpty()) {
            op.i("out_h", -1).i("out_w", -1).in("Scale", spatialPart(c, scales, DataType.FLOAT));
            afterItsInputs(c, op);
            return;
        }
        Tensor s = c.constant(scales).get();
        double[] sv = s.toDoubleArray();
        if (sv.length != 4 || sv[0] != 1 || sv[1] != 1) {
            throw new IllegalArgumentException("Resize scales " + Arrays.toString(sv) + " must keep N and C");
        }
        op.i("out_h", -1).i("out_w", -1).floats("scale", sv[2], sv[3]);
    }

    /** Moves {@code op}, created before the ops computing its inputs, after them. */
    private static void afterItsInputs(ExportContext c, PaddleOp op) {
        c.ops().remove(op);
        c.ops().add(op);
    }

    /** Elements [2, 4) of a computed sizes/scales vector as a {@code t} tensor (slice, then cast when needed). */
    private static String spatialPart(ExportContext c, String v, DataType t) {
        String part = c.tempLike(v + ".hw", c.dtype(v), new long[] {2});
        c.op("slice").in("Input", c.var(v)).out("Out", part).ints("axes", 0).ints("starts", 2).ints("ends", 4)
                .ints("infer_flags", 1).ints("decrease_axis");
        if (c.dtype(v) == t) {
            return part;
        }
        String cast = c.tempLike(v + ".hw_" + t.displayName(), t, new long[] {2});
        c.op("cast").in("X", part).out("Out", cast).i("in_dtype", dev.modelx.exporter.paddle.ConstantOps.dtypeCode(c.dtype(v)))
                .i("out_dtype", dev.modelx.exporter.paddle.ConstantOps.dtypeCode(t));
        return cast;
    }

    /** H, W of a sizes input: a constant, or Concat(Slice(Shape(x), 0, 2), constant [H, W]). */
    private static long[] spatialSizes(ExportContext c, String sizes) {
        long[] k = c.constLongs(sizes);
        if (k != null && k.length == 4) {
            return new long[] {k[2], k[3]};
        }
        Node cat = Emit.producedBy(c, sizes, "Concat");
        if (cat != null && cat.inputs().size() == 2) {
            long[] hw = c.constLongs(cat.input(1));
            if (hw != null && hw.length == 2) {
                return hw;
            }
        }
        return null;
    }
}
