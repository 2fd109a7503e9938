package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.ActivationOptions;
import dev.modelx.format.tflite.ConvOptions;
import dev.modelx.format.tflite.IndexingOptions;
import dev.modelx.format.tflite.ResizeOptions;
import dev.modelx.format.tflite.Options;
import dev.modelx.graph.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * Ops on NHWC images: TFLite keeps activations NHWC, ONNX's Conv/pool/resize want NCHW, so each op is
 * wrapped in explicit Transposes (to NCHW before, back to NHWC after); filters are transposed to OIHW.
 * Adjacent pairs cancel in the transpose-cancelling pass.
 */
final class NhwcOps {

    static final long[] TO_NCHW = {0, 3, 1, 2};
    static final long[] TO_NHWC = {0, 2, 3, 1};

    private NhwcOps() {
    }

    static void register(OpRegistry r) {
        r.register("CONV_2D", NhwcOps::conv2d);
        r.register("DEPTHWISE_CONV_2D", NhwcOps::depthwise);
        r.register("TRANSPOSE_CONV", NhwcOps::transposeConv);
        r.register("AVERAGE_POOL_2D", ctx -> pool(ctx, "AveragePool"));
        r.register("MAX_POOL_2D", ctx -> pool(ctx, "MaxPool"));
        r.register("L2_POOL_2D", ctx -> pool(ctx, "L2Pool"));
        r.register("SPACE_TO_DEPTH", ctx -> blockOp(ctx, "SpaceToDepth", IndexingOptions.SpaceToDepth.of(ctx.op()).blockSize()));
        r.register("DEPTH_TO_SPACE", ctx -> blockOp(ctx, "DepthToSpace", IndexingOptions.DepthToSpace.of(ctx.op()).blockSize()));
        r.register("RESIZE_BILINEAR", NhwcOps::resizeBilinear);
        r.register("RESIZE_NEAREST_NEIGHBOR", NhwcOps::resizeNearest);
        r.register("LOCAL_RESPONSE_NORMALIZATION", NhwcOps::lrn);
    }

    static String transpose(OpContext ctx, String x, long[] perm) {
        return ctx.op1Node("Transpose", x).ints("perm", perm).outputs().get(0);
    }

    static void toNhwc(OpContext ctx, String nchw, int act) {
        String y = transpose(ctx, nchw, TO_NHWC);
        ctx.activation(act, y, ctx.out(0));
    }

    private static void requireRank4(OpContext ctx, int k) {
        if (ctx.inRank(k) != 4) {
            throw ctx.unsupported("input " + k + " of rank " + ctx.inRank(k) + ", expected 4 (NHWC)");
        }
    }

    /** Explicit pads {top, left, bottom, right} when H and W are static, else null (use SAME_UPPER). */
    private static long[] spatialPads(OpContext ctx, int padding, int kh, int kw, int sh, int sw, int dh, int dw) {
        int[] s = ctx.inShape(0);
        if (padding != Options.PADDING_SAME) {
            return new long[4];
        }
        int[] sig = ctx.inTensor(0).shapeSignature();
        boolean dynamic = sig.length == 4 && (sig[1] < 0 || sig[2] < 0);
        if (s.length != 4 || s[1] <= 0 || s[2] <= 0 || dynamic) {
            return null;
        }
        long[] h = Padding.pads(padding, s[1], kh, sh, dh);
        long[] w = Padding.pads(padding, s[2], kw, sw, dw);
        return new long[] {h[0], w[0], h[1], w[1]};
    }

    private static void setPads(Node n, long[] pads) {
        if (pads == null) {
            n.attr("auto_pad", "SAME_UPPER");
        } else {
            n.ints("pads", pads);
        }
    }

    private static void conv2d(OpContext ctx) {
        ConvOptions.Conv2D o = ConvOptions.Conv2D.of(ctx.op());
        requireRank4(ctx, 0);
        int[] f = ctx.inShape(1);
        if (f.length != 4) {
            throw ctx.error("filter of rank " + f.length + ", expected 4 (OHWI)");
        }
        int inC = ctx.inShape(0)[3];
        long group = inC > 0 && f[3] > 0 && inC != f[3] ? inC / f[3] : 1;
        String w = transpose(ctx, ctx.in(1), TO_NCHW);
        convCommon(ctx, w, f[1], f[2], o.strideH(), o.strideW(), o.dilationH(), o.dilationW(), o.padding(), group, o.fusedActivation());
    }

    private static void depthwise(OpContext ctx) {
        ConvOptions.DepthwiseConv2D o = ConvOptions.DepthwiseConv2D.of(ctx.op());
        requireRank4(ctx, 0);
        int[] f = ctx.inShape(1);
        if (f.length != 4 || f[0] != 1) {
            throw ctx.error("depthwise filter of shape " + java.util.Arrays.toString(f) + ", expected [1, H, W, C*M]");
        }
        int inC = ctx.inShape(0)[3];
        int mult = o.depthMultiplier();
        long group = inC > 0 ? inC : (mult > 0 ? f[3] / mult : f[3]);
        String w = transpose(ctx, ctx.in(1), new long[] {3, 0, 1, 2});
        convCommon(ctx, w, f[1], f[2], o.strideH(), o.strideW(), o.dilationH(), o.dilationW(), o.padding(), group, o.fusedActivation());
    }

    private static void convCommon(OpContext ctx, String w, int kh, int kw, int sh, int sw, int dh, int dw,
            int padding, long group, int act) {
        if (sh <= 0 || sw <= 0 || dh <= 0 || dw <= 0) {
            throw ctx.error("strides " + sh + "x" + sw + " and dilations " + dh + "x" + dw + " must be positive");
        }
        String x = transpose(ctx, ctx.in(0), TO_NCHW);
        List<String> ins = new ArrayList<>(List.of(x, w));
        if (ctx.hasInput(2)) {
            ins.add(ctx.in(2));
        }
        String y = ctx.fresh("conv");
        Node n = ctx.add("Conv", ins, List.of(y)).ints("strides", sh, sw).ints("dilations", dh, dw)
                .ints("kernel_shape", kh, kw).attr("group", group);
        setPads(n, spatialPads(ctx, padding, kh, kw, sh, sw, dh, dw));
        toNhwc(ctx, y, act);
    }

    private static void transposeConv(OpContext ctx) {
        ConvOptions.TransposeConv o = ConvOptions.TransposeConv.of(ctx.op());
        long[] outShape = ctx.constInts(0, "output_shape");
        int[] f = ctx.inShape(1);
        int[] in = ctx.inShape(2);
        if (outShape.length != 4 || f.length != 4 || in.length != 4 || in[1] <= 0 || in[2] <= 0) {
            throw ctx.unsupported("TRANSPOSE_CONV needs static 4-D input, filter and output_shape");
        }
        int sh = o.strideH();
        int sw = o.strideW();
        long[] pads = new long[4];
        long[] outPad = new long[2];
        int[] k = {f[1], f[2]};
        int[] s = {sh, sw};
        for (int d = 0; d < 2; d++) {
            long out = outShape[d + 1];
            long total = o.padding() == Options.PADDING_SAME ? Math.max((in[d + 1] - 1L) * s[d] + k[d] - out, 0) : 0;
            pads[d] = total / 2;
            pads[d + 2] = total - total / 2;
            outPad[d] = out - ((in[d + 1] - 1L) * s[d] + k[d] - total);
            if (outPad[d] < 0) {
                throw ctx.error("output_shape " + java.util.Arrays.toString(outShape) + " is smaller than the input allows");
            }
        }
        String x = transpose(ctx, ctx.in(2), TO_NCHW);
        String w = transpose(ctx, ctx.in(1), new long[] {3, 0, 1, 2});
        List<String> ins = new ArrayList<>(List.of(x, w));
        if (ctx.hasInput(3)) {
            ins.add(ctx.in(3));
        }
        String y = ctx.fresh("conv_transpose");
        ctx.add("ConvTranspose", ins, List.of(y)).ints("strides", sh, sw).ints("kernel_shape", k[0], k[1])
                .ints("pads", pads).ints("output_padding", outPad);
        toNhwc(ctx, y, o.fusedActivation());
    }

    private static void pool(OpContext ctx, String onnx) {
        ConvOptions.Pool2D o = ConvOptions.Pool2D.of(ctx.op());
        requireRank4(ctx, 0);
        int kh = o.filterHeight();
        int kw = o.filterWidth();
        if (kh <= 0 || kw <= 0 || o.strideH() <= 0 || o.strideW() <= 0) {
            throw ctx.error("filter " + kh + "x" + kw + " and strides " + o.strideH() + "x" + o.strideW() + " must be positive");
        }
        String x = transpose(ctx, ctx.in(0), TO_NCHW);
        // L2 pool is sqrt(mean of squares over the window's valid elements); ONNX LpPool would not divide.
        boolean l2 = onnx.equals("L2Pool");
        if (l2) {
            x = ctx.op1("Mul", x, x);
        }
        Node n = ctx.op1Node(l2 ? "AveragePool" : onnx, x).ints("kernel_shape", kh, kw).ints("strides", o.strideH(), o.strideW());
        setPads(n, spatialPads(ctx, o.padding(), kh, kw, o.strideH(), o.strideW(), 1, 1));
        if (!onnx.equals("MaxPool")) {
            n.attr("count_include_pad", 0L);
        }
        String y = l2 ? ctx.op1("Sqrt", n.outputs().get(0)) : n.outputs().get(0);
        toNhwc(ctx, y, o.fusedActivation());
    }

    private static void blockOp(OpContext ctx, String onnx, int block) {
        if (block <= 0) {
            throw ctx.error("block_size " + block + " must be positive");
        }
        String x = transpose(ctx, ctx.in(0), TO_NCHW);
        Node n = ctx.op1Node(onnx, x).attr("blocksize", (long) block);
        if (onnx.equals("DepthToSpace")) {
            n.attr("mode", "DCR");
        }
        toNhwc(ctx, n.outputs().get(0), Options.ACT_NONE);
    }

    private static String resizeSizes(OpContext ctx) {
        // sizes for NCHW: N and C from the input, H and W from the size operand.
        String shape = ctx.op1("Shape", ctx.in(0));
        String nc = ctx.op1Node("Gather", shape, ctx.constLongs(0, 3)).outputs().get(0);
        String hw = ctx.asInt64(ctx.in(1), ctx.inType(1));
        return ctx.op1Node("Concat", nc, hw).attr("axis", 0L).outputs().get(0);
    }

    private static void resizeBilinear(OpContext ctx) {
        ResizeOptions.ResizeBilinear o = ResizeOptions.ResizeBilinear.of(ctx.op());
        String mode = o.alignCorners() ? "align_corners" : o.halfPixelCenters() ? "half_pixel" : "asymmetric";
        resize(ctx, "linear", mode, "floor");
    }

    private static void resizeNearest(OpContext ctx) {
        ResizeOptions.ResizeNearestNeighbor o = ResizeOptions.ResizeNearestNeighbor.of(ctx.op());
        if (o.alignCorners()) {
            resize(ctx, "nearest", "align_corners", "round_prefer_ceil");
        } else if (o.halfPixelCenters()) {
            resize(ctx, "nearest", "tf_half_pixel_for_nn", "floor");
        } else {
            resize(ctx, "nearest", "asymmetric", "floor");
        }
    }

    private static void resize(OpContext ctx, String mode, String coord, String nearest) {
        requireRank4(ctx, 0);
        String x = transpose(ctx, ctx.in(0), TO_NCHW);
        String sizes = resizeSizes(ctx);
        Node n = ctx.op1Node("Resize", x, "", "", sizes).attr("mode", mode).attr("coordinate_transformation_mode", coord);
        if (mode.equals("nearest")) {
            n.attr("nearest_mode", nearest);
        }
        // The sizes are NHWC-ordered H and W gathered into NCHW order above.
        toNhwc(ctx, n.outputs().get(0), Options.ACT_NONE);
    }

    /** TF's alpha multiplies the plain sum of squares; ONNX divides alpha by the window size first. */
    private static void lrn(OpContext ctx) {
        ActivationOptions.LocalResponseNormalization o = ActivationOptions.LocalResponseNormalization.of(ctx.op());
        long size = 2L * o.radius() + 1;
        String x = transpose(ctx, ctx.in(0), TO_NCHW);
        Node n = ctx.op1Node("LRN", x).attr("size", size).attr("alpha", o.alpha() * size).attr("beta", o.beta())
                .attr("bias", o.bias());
        toNhwc(ctx, n.outputs().get(0), Options.ACT_NONE);
    }
}
