package dev.modelx.importer.paddle.ops;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.importer.paddle.ConvertContext;
import dev.modelx.importer.paddle.OpRegistry;
import dev.modelx.importer.paddle.SourceOp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Convolution, pooling, normalisation, resizing, padding and dropout. */
public final class NnOps {

    private NnOps() {
    }

    public static void register(OpRegistry r) {
        r.add("conv2d", (c, op) -> conv(c, op, false));
        r.add("depthwise_conv2d", (c, op) -> conv(c, op, false));
        r.add("conv3d", (c, op) -> conv(c, op, false));
        r.add("conv2d_transpose", (c, op) -> conv(c, op, true));
        r.add("depthwise_conv2d_transpose", (c, op) -> conv(c, op, true));
        r.add("pool2d", NnOps::pool);
        r.add("pool3d", NnOps::pool);
        r.add("batch_norm", NnOps::batchNorm);
        r.add("sync_batch_norm", NnOps::batchNorm);
        r.add("layer_norm", NnOps::layerNorm);
        r.add("instance_norm", NnOps::instanceNorm);
        r.add("group_norm", NnOps::groupNorm);
        r.add("dropout", NnOps::dropout);
        r.add("max_pool2d_with_index", NnOps::maxPoolWithIndex);
        r.add("max_pool3d_with_index", NnOps::maxPoolWithIndex);
        r.add("affine_channel", (c, op) -> {
            boolean nhwc = op.s("data_layout", "NCHW").equals("NHWC");
            int rank = c.rank(op.input("X"));
            String s = channelVector(c, c.in(op, "Scale"), rank, nhwc);
            String b = channelVector(c, c.in(op, "Bias"), rank, nhwc);
            c.emit("Add", c.out(op, "Out"), c.op1("Mul", c.in(op, "X"), s), b);
        });
        r.add("lrn", (c, op) -> {
            long n = op.i("n", 5);
            c.emit("LRN", c.out(op, "Out"), c.in(op, "X")).attr("size", n).attr("bias", (float) op.f("k", 2))
                    .attr("alpha", (float) (op.f("alpha", 1e-4) * n)).attr("beta", (float) op.f("beta", 0.75));
        });
        for (String v : new String[] {"nearest_interp", "bilinear_interp", "nearest_interp_v2", "bilinear_interp_v2",
            "bicubic_interp_v2", "linear_interp_v2", "trilinear_interp_v2", "bicubic_interp", "trilinear_interp", "linear_interp"}) {
            r.add(v, NnOps::interpolate);
        }
        r.add("pad", NnOps::pad);
        r.add("pad2d", NnOps::pad2d);
        r.add("pad3d", NnOps::pad3d);
        r.add("grid_sampler", (c, op) -> {
            // op version 0 had no mode/padding_mode/align_corners attributes: bilinear, zeros, align_corners=true
            boolean v1 = c.opVersion("grid_sampler") >= 1 || op.has("align_corners");
            c.emit("GridSample", c.out(op, "Output"), c.in(op, "X"), c.in(op, "Grid"))
                    .attr("mode", v1 ? op.s("mode", "bilinear") : "bilinear")
                    .attr("padding_mode", v1 ? op.s("padding_mode", "zeros") : "zeros")
                    .attr("align_corners", !v1 || op.b("align_corners", true) ? 1L : 0L);
        });
    }

    private static String channelVector(ConvertContext c, String v, int rank, boolean channelsLast) {
        if (channelsLast || rank <= 2) {
            return v;
        }
        long[] axes = new long[rank - 2];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        return c.op1("Unsqueeze", c.op1("Reshape", v, c.constI64(-1)), c.constI64(axes));
    }

    /** NHWC to NCHW (perm) for channel-last data formats. */
    private static long[] toChannelsFirst(int rank) {
        long[] p = new long[rank];
        p[0] = 0;
        p[1] = rank - 1;
        for (int i = 2; i < rank; i++) {
            p[i] = i - 1;
        }
        return p;
    }

    private static long[] toChannelsLast(int rank) {
        long[] p = new long[rank];
        p[0] = 0;
        for (int i = 1; i < rank - 1; i++) {
            p[i] = i + 1;
        }
        p[rank - 1] = 1;
        return p;
    }

    private static boolean channelsLast(SourceOp op, String attr) {
        String f = op.s(attr, "NCHW");
        return f.equals("NHWC") || f.equals("NDHWC");
    }

    /** Paddle paddings: n values (symmetric) or 2n as [begin0, end0, begin1, end1, ...]; ONNX wants begins then ends. */
    static long[] onnxPads(long[] p, int spatial) {
        long[] out = new long[2 * spatial];
        if (p.length == spatial) {
            for (int i = 0; i < spatial; i++) {
                out[i] = p[i];
                out[i + spatial] = p[i];
            }
        } else if (p.length == 2 * spatial) {
            for (int i = 0; i < spatial; i++) {
                out[i] = p[2 * i];
                out[i + spatial] = p[2 * i + 1];
            }
        } else if (p.length != 0) {
            throw new IllegalArgumentException("paddings " + Arrays.toString(p) + " do not fit " + spatial + " spatial dims");
        }
        return out;
    }

    private static void conv(ConvertContext c, SourceOp op, boolean transpose) {
        String x = c.in(op, "Input");
        String w = c.in(op, "Filter");
        int spatial = c.info(op.input("Filter")).rank() - 2;
        if (spatial < 1) {
            spatial = c.rank(op.input("Input")) - 2;
        }
        boolean nhwc = channelsLast(op, "data_format");
        int rank = spatial + 2;
        if (nhwc) {
            x = c.op("Transpose", x).ints("perm", toChannelsFirst(rank)).output(0);
        }
        List<String> ins = new ArrayList<>(List.of(x, w));
        if (op.hasInput("Bias")) {
            ins.add(c.in(op, "Bias"));
        }
        String out = c.out(op, "Output");
        String y = nhwc ? c.fresh(out + "_nchw") : out;
        Node n = c.emit(transpose ? "ConvTranspose" : "Conv", ins, List.of(y));
        n.ints("strides", fill(op.ints("strides"), spatial, 1)).ints("dilations", fill(op.ints("dilations"), spatial, 1))
                .attr("group", op.i("groups", 1));
        String algo = op.s("padding_algorithm", "EXPLICIT");
        if (algo.equals("SAME")) {
            n.attr("auto_pad", "SAME_UPPER");
        } else if (algo.equals("VALID")) {
            n.ints("pads", new long[2 * spatial]);
        } else {
            n.ints("pads", onnxPads(op.ints("paddings"), spatial));
        }
        if (transpose) {
            long[] outPad = op.ints("output_padding");
            long[] outSize = op.ints("output_size");
            if (outPad.length > 0) {
                n.ints("output_padding", fill(outPad, spatial, 0));
            } else if (outSize.length > 0) {
                n.ints("output_shape", outSize);
                n.attributes().remove("pads");
            }
        }
        if (nhwc) {
            c.emit("Transpose", out, y).ints("perm", toChannelsLast(rank));
        }
    }

    private static long[] fill(long[] v, int n, long dflt) {
        if (v.length == n) {
            return v;
        }
        long[] out = new long[n];
        Arrays.fill(out, v.length == 1 ? v[0] : dflt);
        return out;
    }

    private static void pool(ConvertContext c, SourceOp op) {
        String x = c.in(op, "X");
        int rank = c.rank(op.input("X"));
        int spatial = rank - 2;
        boolean nhwc = channelsLast(op, "data_format");
        if (nhwc) {
            x = c.op("Transpose", x).ints("perm", toChannelsFirst(rank)).output(0);
        }
        String out = c.out(op, "Out");
        String y = nhwc ? c.fresh(out + "_nchw") : out;
        boolean max = op.s("pooling_type", "max").equals("max");
        long[] ksize = fill(op.ints("ksize"), spatial, 1);
        boolean global = op.b("global_pooling", false);
        if (op.b("adaptive", false)) {
            if (Arrays.stream(ksize).allMatch(k -> k == 1)) {
                global = true;
            } else {
                long[] d = c.dims(op.input("X"));
                long[] inSpatial = nhwc ? Arrays.copyOfRange(d, 1, rank - 1) : Arrays.copyOfRange(d, 2, rank);
                long[] k = new long[spatial];
                for (int i = 0; i < spatial; i++) {
                    if (inSpatial[i] <= 0 || inSpatial[i] % ksize[i] != 0) {
                        throw new IllegalArgumentException("adaptive pooling to " + Arrays.toString(ksize) + " needs input sizes divisible by it, got "
                                + Arrays.toString(inSpatial));
                    }
                    k[i] = inSpatial[i] / ksize[i];
                }
                Node n = c.emit(max ? "MaxPool" : "AveragePool", y, x).ints("kernel_shape", k).ints("strides", k);
                finishPool(c, nhwc, out, y, rank);
                return;
            }
        }
        if (global) {
            c.emit(max ? "GlobalMaxPool" : "GlobalAveragePool", y, x);
            finishPool(c, nhwc, out, y, rank);
            return;
        }
        Node n = c.emit(max ? "MaxPool" : "AveragePool", y, x).ints("kernel_shape", ksize)
                .ints("strides", fill(op.ints("strides"), spatial, 1)).attr("ceil_mode", op.b("ceil_mode", false) ? 1L : 0L);
        String algo = op.s("padding_algorithm", "EXPLICIT");
        if (algo.equals("SAME")) {
            n.attr("auto_pad", "SAME_UPPER");
        } else if (algo.equals("VALID")) {
            n.ints("pads", new long[2 * spatial]);
        } else {
            n.ints("pads", onnxPads(op.ints("paddings"), spatial));
        }
        if (!max) {
            n.attr("count_include_pad", op.b("exclusive", true) ? 0L : 1L);
        }
        finishPool(c, nhwc, out, y, rank);
    }

    private static void finishPool(ConvertContext c, boolean nhwc, String out, String y, int rank) {
        if (nhwc) {
            c.emit("Transpose", out, y).ints("perm", toChannelsLast(rank));
        }
    }

    private static void batchNorm(ConvertContext c, SourceOp op) {
        String x = c.in(op, "X");
        int rank = c.info(op.input("X")).rank();
        boolean nhwc = channelsLast(op, "data_layout") && rank > 2;
        if (nhwc) {
            x = c.op("Transpose", x).ints("perm", toChannelsFirst(rank)).output(0);
        }
        String out = c.out(op, "Y");
        String y = nhwc ? c.fresh(out + "_nchw") : out;
        c.emit("BatchNormalization", List.of(x, c.in(op, "Scale"), c.in(op, "Bias"), c.in(op, "Mean"), c.in(op, "Variance")), List.of(y))
                .attr("epsilon", (float) op.f("epsilon", 1e-5));
        if (nhwc) {
            c.emit("Transpose", out, y).ints("perm", toChannelsLast(rank));
        }
    }

    /** Normalises over dims [begin_norm_axis, rank); Scale/Bias are flat vectors of that size. */
    private static void layerNorm(ConvertContext c, SourceOp op) {
        String x = c.in(op, "X");
        int rank = c.rank(op.input("X"));
        long axis = op.i("begin_norm_axis", 1);
        DataType t = c.dtype(op.input("X"));
        if (axis < 0) {
            axis += rank;
        }
        float eps = (float) op.f("epsilon", 1e-5);
        List<String> outs = new ArrayList<>(List.of(c.out(op, "Y")));
        boolean stats = op.hasOutput("Mean") && c.isRead(op.output("Mean")) || op.hasOutput("Variance") && c.isRead(op.output("Variance"));
        if (stats) {
            outs.add(c.fresh(op.output("Y") + "_mean"));
            outs.add(c.fresh(op.output("Y") + "_inv_std"));
        }
        if (axis == rank - 1 && op.hasInput("Scale") && op.hasInput("Bias")) {
            // one normalised axis: the 1-D scale and bias already have its length
            c.emit("LayerNormalization", List.of(x, c.in(op, "Scale"), c.in(op, "Bias")), outs).attr("axis", axis).attr("epsilon", eps);
        } else {
            String normShape = c.op1("Slice", c.op1("Shape", x), c.constI64(axis), c.constI64(rank));
            String scale = op.hasInput("Scale") ? c.op1("Reshape", c.in(op, "Scale"), normShape)
                    : c.op("ConstantOfShape", normShape).attr("value", dev.modelx.importer.paddle.Tensors.filled(t, new long[] {1}, 1)).output(0);
            List<String> ins = new ArrayList<>(List.of(x, scale));
            if (op.hasInput("Bias")) {
                ins.add(c.op1("Reshape", c.in(op, "Bias"), normShape));
            }
            c.emit("LayerNormalization", ins, outs).attr("axis", axis).attr("epsilon", eps);
        }
        if (stats) {
            // Paddle's Mean and Variance are flat over the leading axes, and Variance excludes epsilon
            if (op.hasOutput("Mean")) {
                c.emit("Reshape", c.out(op, "Mean"), outs.get(1), c.constI64(-1));
            }
            if (op.hasOutput("Variance")) {
                String inv = outs.get(2);
                String var = c.op1("Sub", c.op1("Reciprocal", c.op1("Mul", inv, inv)), c.scalar(DataType.FLOAT, eps));
                c.emit("Reshape", c.out(op, "Variance"), var, c.constI64(-1));
            }
        }
    }

    private static void instanceNorm(ConvertContext c, SourceOp op) {
        String x = c.in(op, "X");
        DataType t = c.dtype(op.input("X"));
        String channels = c.op("Gather", c.op1("Shape", x), c.constI64(1)).attr("axis", 0L).output(0);
        String scale = op.hasInput("Scale") ? c.in(op, "Scale")
                : c.op("ConstantOfShape", channels).attr("value", dev.modelx.importer.paddle.Tensors.filled(t, new long[] {1}, 1)).output(0);
        String bias = op.hasInput("Bias") ? c.in(op, "Bias")
                : c.op("ConstantOfShape", channels).attr("value", dev.modelx.importer.paddle.Tensors.filled(t, new long[] {1}, 0)).output(0);
        c.emit("InstanceNormalization", List.of(x, scale, bias), List.of(c.out(op, "Y"))).attr("epsilon", (float) op.f("epsilon", 1e-5));
    }

    /** Reshape to [N, G, -1], normalise each group, reshape back, then per-channel scale and bias. */
    private static void groupNorm(ConvertContext c, SourceOp op) {
        String x = c.in(op, "X");
        int rank = c.rank(op.input("X"));
        DataType t = c.dtype(op.input("X"));
        long g = op.i("groups", 1);
        double eps = op.f("epsilon", 1e-5);
        String grouped = c.op1("Reshape", x, c.constI64(0, g, -1));
        String mean = c.op("ReduceMean", grouped).ints("axes", 2).attr("keepdims", 1L).output(0);
        String centered = c.op1("Sub", grouped, mean);
        String var = c.op("ReduceMean", c.op1("Mul", centered, centered)).ints("axes", 2).attr("keepdims", 1L).output(0);
        String normed = c.op1("Div", centered, c.op1("Sqrt", c.op1("Add", var, c.scalar(t, eps))));
        String y = c.op1("Reshape", normed, c.op1("Shape", x));
        if (op.hasInput("Scale")) {
            y = c.op1("Mul", y, channelVector(c, c.in(op, "Scale"), rank, false));
        }
        if (op.hasInput("Bias")) {
            y = c.op1("Add", y, channelVector(c, c.in(op, "Bias"), rank, false));
        }
        c.emit("Identity", c.out(op, "Y"), y);
    }

    /** At inference: downgrade_in_infer scales by (1 - p); upscale_in_train is the identity. */
    /**
     * max_pool2d/3d_with_index: MaxPool with its Indices output. ONNX indices count over the whole tensor
     * (n, c and the unpadded spatial position); Paddle's Mask counts within one channel's map, so it is the
     * index modulo the map size, as int32.
     */
    private static void maxPoolWithIndex(ConvertContext c, SourceOp op) {
        String x = c.in(op, "X");
        int rank = c.rank(op.input("X"));
        int spatial = rank - 2;
        if (op.b("adaptive", false)) {
            throw new IllegalArgumentException("adaptive " + op.type() + " is not supported");
        }
        long[] ksize = fill(op.ints("ksize"), spatial, 1);
        long[] strides = fill(op.ints("strides"), spatial, 1);
        long[] p = op.ints("paddings");
        long[] pads = new long[2 * spatial];
        if (op.b("global_pooling", false)) {
            long[] d = c.dims(op.input("X"));
            ksize = Arrays.copyOfRange(d, 2, rank);
            if (Arrays.stream(ksize).anyMatch(k -> k <= 0)) {
                throw new IllegalArgumentException("global " + op.type() + " needs static spatial sizes, got " + Arrays.toString(d));
            }
            Arrays.fill(strides, 1);
        } else if (p.length == spatial) {
            for (int i = 0; i < spatial; i++) {
                pads[i] = p[i];
                pads[i + spatial] = p[i];
            }
        } else if (p.length == 2 * spatial) {
            for (int i = 0; i < spatial; i++) {
                pads[i] = p[2 * i];
                pads[i + spatial] = p[2 * i + 1];
            }
        } else if (p.length != 0) {
            throw new IllegalArgumentException("paddings " + Arrays.toString(p) + " for " + spatial + " spatial dims");
        }
        String indices = c.fresh(op.output("Mask") + "_indices");
        c.emit("MaxPool", List.of(x), List.of(c.out(op, "Out"), indices)).ints("kernel_shape", ksize).ints("strides", strides)
                .ints("pads", pads);
        String mapSize = c.op("ReduceProd", c.op1("Slice", c.op1("Shape", x), c.constI64(2), c.constI64(rank))).attr("keepdims", 1L).output(0);
        c.emit("Cast", c.out(op, "Mask"), c.op1("Mod", indices, mapSize)).attr("to", (long) DataType.INT32.code());
    }

    private static void dropout(ConvertContext c, SourceOp op) {
        String x = c.in(op, "X");
        String mode = op.s("dropout_implementation", "downgrade_in_infer");
        double p = op.f("dropout_prob", 0.5);
        String out = c.out(op, "Out");
        if ((mode.equals("upscale_in_train") || p == 0) && p < 1) {
            // inference Dropout passes X through, as Paddle's upscale_in_train does
            c.emit("Dropout", List.of(x, c.scalar(DataType.FLOAT, p)), List.of(out));
        } else if (mode.equals("upscale_in_train")) {
            c.emit("Identity", out, x);
        } else {
            c.emit("Mul", out, x, c.scalar(c.dtype(op.input("X")), 1 - p));
        }
    }

    /**
     * Resize: size from SizeTensor, else OutSize, else Scale input/scale attr, else out_h/out_w(/out_d).
     * Coordinates: align_corners; else nearest uses asymmetric+floor; linear modes half_pixel (align_mode 0)
     * or asymmetric (align_mode 1).
     */
    private static void interpolate(ConvertContext c, SourceOp op) {
        String x = c.in(op, "X");
        int rank = c.rank(op.input("X"));
        int spatial = rank - 2;
        boolean nhwc = channelsLast(op, "data_layout");
        if (nhwc) {
            x = c.op("Transpose", x).ints("perm", toChannelsFirst(rank)).output(0);
        }
        String method = op.s("interp_method", op.type().startsWith("nearest") ? "nearest" : "bilinear");
        boolean alignCorners = op.b("align_corners", true);
        long alignMode = op.i("align_mode", 1);
        String mode = switch (method) {
            case "nearest" -> "nearest";
            case "bicubic" -> "cubic";
            default -> "linear";
        };
        String coord;
        if (alignCorners && !mode.equals("nearest")) {
            coord = "align_corners";
        } else if (mode.equals("nearest")) {
            coord = alignCorners ? "align_corners" : "asymmetric";
        } else {
            // Paddle's bicubic kernel ignores align_mode: half-pixel centres whenever align_corners is off
            coord = alignMode == 0 || mode.equals("cubic") ? "half_pixel" : "asymmetric";
        }
        String shapeNc = c.op1("Slice", c.op1("Shape", x), c.constI64(0), c.constI64(2));
        String sizes = null;
        String scales = null;
        if (op.hasInput("SizeTensor")) {
            List<String> parts = new ArrayList<>();
            for (String s : c.ins(op, "SizeTensor")) {
                parts.add(c.op1("Reshape", c.cast(s, DataType.INT64), c.constI64(1)));
            }
            parts.add(0, shapeNc);
            sizes = c.op("Concat", parts.toArray(String[]::new)).attr("axis", 0L).output(0);
        } else if (op.hasInput("OutSize")) {
            sizes = c.op("Concat", shapeNc, c.cast(c.in(op, "OutSize"), DataType.INT64)).attr("axis", 0L).output(0);
        } else if (op.hasInput("Scale")) {
            String s = c.cast(c.op1("Reshape", c.in(op, "Scale"), c.constI64(-1)), DataType.FLOAT);
            if (spatial > 1) {
                s = c.op1("Expand", s, c.constI64(spatial));
            }
            scales = c.op("Concat", c.constant(Tensor.ofFloats(new long[] {2}, 1f, 1f)), s).attr("axis", 0L).output(0);
        } else {
            double[] sc = op.floats("scale");
            boolean hasScale = sc.length > 0 && Arrays.stream(sc).allMatch(v -> v > 0);
            if (hasScale) {
                float[] f = new float[rank];
                f[0] = 1;
                f[1] = 1;
                for (int i = 0; i < spatial; i++) {
                    f[2 + i] = (float) (sc.length == 1 ? sc[0] : sc[Math.min(i, sc.length - 1)]);
                }
                scales = c.constant(Tensor.ofFloats(new long[] {rank}, f));
            } else {
                long[] hw = spatial == 1 ? new long[] {op.i("out_w", -1)}
                        : spatial == 2 ? new long[] {op.i("out_h", -1), op.i("out_w", -1)}
                        : new long[] {op.i("out_d", -1), op.i("out_h", -1), op.i("out_w", -1)};
                if (Arrays.stream(hw).anyMatch(v -> v <= 0)) {
                    throw new IllegalArgumentException("no output size: no SizeTensor, OutSize, Scale or positive scale/out_h/out_w");
                }
                sizes = c.op("Concat", shapeNc, c.constI64(hw)).attr("axis", 0L).output(0);
            }
        }
        String out = c.out(op, "Out");
        String y = nhwc ? c.fresh(out + "_nchw") : out;
        List<String> ins = sizes != null ? List.of(x, "", "", sizes) : List.of(x, "", scales);
        Node n = c.emit("Resize", ins, List.of(y)).attr("mode", mode).attr("coordinate_transformation_mode", coord);
        if (mode.equals("nearest")) {
            n.attr("nearest_mode", alignCorners ? "round_prefer_ceil" : "floor");
        }
        if (mode.equals("cubic")) {
            n.attr("cubic_coeff_a", -0.75f);
        }
        if (nhwc) {
            c.emit("Transpose", out, y).ints("perm", toChannelsLast(rank));
        }
    }

    /** pad: paddings [before0, after0, before1, after1, ...] for every dim, constant pad_value. */
    private static void pad(ConvertContext c, SourceOp op) {
        long[] p = op.ints("paddings");
        int rank = p.length / 2;
        long[] pads = new long[2 * rank];
        for (int i = 0; i < rank; i++) {
            pads[i] = p[2 * i];
            pads[i + rank] = p[2 * i + 1];
        }
        DataType t = c.dtype(op.input("X"));
        c.emit("Pad", c.out(op, "Out"), c.in(op, "X"), c.constI64(pads), c.scalar(t, op.f("pad_value", 0))).attr("mode", "constant");
    }

    /** pad2d: paddings [top, bottom, left, right] on H and W; modes constant, reflect, edge. */
    private static void pad2d(ConvertContext c, SourceOp op) {
        long[] p = op.ints("paddings");
        boolean nhwc = channelsLast(op, "data_format");
        long[] pads = nhwc ? new long[] {0, p[0], p[2], 0, 0, p[1], p[3], 0} : new long[] {0, 0, p[0], p[2], 0, 0, p[1], p[3]};
        String padsIn = op.hasInput("Paddings") ? padsFromTensor(c, c.in(op, "Paddings"), 2, nhwc) : c.constI64(pads);
        emitPad(c, op, padsIn, op.s("mode", "constant"), op.f("pad_value", 0));
    }

    /** pad3d: paddings [left, right, top, bottom, front, back] on W, H, D. */
    private static void pad3d(ConvertContext c, SourceOp op) {
        long[] p = op.ints("paddings");
        boolean cl = channelsLast(op, "data_format");
        String padsIn;
        if (op.hasInput("Paddings")) {
            padsIn = padsFromTensor(c, c.in(op, "Paddings"), 3, cl);
        } else {
            long[] pads = cl ? new long[] {0, p[4], p[2], p[0], 0, 0, p[5], p[3], p[1], 0}
                    : new long[] {0, 0, p[4], p[2], p[0], 0, 0, p[5], p[3], p[1]};
            padsIn = c.constI64(pads);
        }
        emitPad(c, op, padsIn, op.s("mode", "constant"), op.f("value", 0));
    }

    private static String padsFromTensor(ConvertContext c, String paddings, int spatial, boolean channelsLast) {
        throw new IllegalArgumentException("a runtime Paddings input is not supported");
    }

    private static void emitPad(ConvertContext c, SourceOp op, String pads, String mode, double value) {
        String onnxMode = switch (mode) {
            case "constant" -> "constant";
            case "reflect" -> "reflect";
            case "edge", "replicate" -> "edge";
            default -> throw new IllegalArgumentException("pad mode '" + mode + "' is not supported");
        };
        DataType t = c.dtype(op.input("X"));
        c.emit("Pad", c.out(op, "Out"), c.in(op, "X"), pads, c.scalar(t, value)).attr("mode", onnxMode);
    }
}
