package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.Arrays;

/**
 * Convolutions and pooling. ONNX is channels-first; TF's CPU kernels are channels-last, so the input is
 * used (or transposed) in NHWC, the weights are re-laid out at export time, and the result stays NHWC
 * (a permuted value) so the next layout-aware op needs no Transpose. 1-D ops run as 2-D with H = 1.
 */
final class ConvPoolEmitters {

    private ConvPoolEmitters() {
    }

    static void register(Emitters r) {
        r.register(ConvPoolEmitters::conv, "Conv");
        r.register(ConvPoolEmitters::convTranspose, "ConvTranspose");
        r.register(c -> pool(c, true), "MaxPool");
        r.register(c -> pool(c, false), "AveragePool");
        r.register(c -> globalPool(c, "Mean"), "GlobalAveragePool");
        r.register(c -> globalPool(c, "Max"), "GlobalMaxPool");
        r.register(c -> depthSpace(c, "DepthToSpace"), "DepthToSpace");
        r.register(c -> depthSpace(c, "SpaceToDepth"), "SpaceToDepth");
    }

    /** The input as a channels-last 2-D/3-D tensor; a 1-D input gets H = 1 (axis 1). */
    private static String channelsLast(EmitContext c, Val x, int rank) {
        String t = c.phys(x, Perms.toChannelsLast(rank));
        return rank == 3 ? Ops.expandDims(c, t, x.type(), 1) : t;
    }

    /** Wraps a channels-last result (squeezing the H = 1 of 1-D ops) as a permuted value. */
    private static Val result(EmitContext c, String y, DataType t, int rank, long[] logicalShape) {
        if (rank == 3) {
            y = Ops.squeeze(c, y, t, 1);
        }
        return new Val(y, t, logicalShape, Perms.toChannelsLast(rank), null, c.frame);
    }

    private static long[] spatial(Val x, int rank) {
        long[] s = new long[rank - 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = x.dim(i + 2);
        }
        return s;
    }

    /** For 1-D ops: kernel/stride/... lists get a leading 1 for H. */
    private static long[] as2d(long[] v, long fill) {
        if (v.length == 2 || v.length == 3) {
            return v;
        }
        return new long[]{fill, v[0]};
    }

    private static void conv(EmitContext c) {
        Val x = c.require(0, "X");
        Val w = c.require(1, "W");
        Val b = c.in(2);
        int rank = c.rank(x, "the Conv input");
        if (rank < 3 || rank > 5) {
            throw c.error("Conv of rank " + rank + " is not supported (1-D, 2-D and 3-D are)");
        }
        int n = rank - 2;
        long[] wshape = w.shape();
        if (wshape == null || wshape.length != rank) {
            throw c.error("the weights' shape must be known");
        }
        Window win = Window.of(c, n, Arrays.copyOfRange(wshape, 2, rank), spatial(x, rank));
        long group = c.node.attrLong("group", 1);
        long cin = wshape[1] * group;
        long m = wshape[0];
        DataType t = x.type();
        String in = channelsLast(c, x, rank);
        String y;
        if (group == 1) {
            y = convOp(c, in, filter(c, w, rank), t, win, rank, "Conv2D");
        } else if (group == cin && wshape[1] == 1 && rank == 4 && win.strides[0] == win.strides[1]) {
            Tensor wt = requireConstant(c, w, "depthwise weights");
            long mult = m / cin;
            Tensor f = ConstTensors.transpose(wt.reshape(cin, mult, wshape[2], wshape[3]), new int[]{2, 3, 0, 1});
            y = convOp(c, in, c.constant(f, c.base() + "/depthwise_filter"), t, win, rank, "DepthwiseConv2dNative");
        } else {
            if (rank == 5) {
                throw c.error("grouped 3-D convolution (group " + group + ") is not supported");
            }
            y = groupedConv(c, in, w, t, win, rank, group);
        }
        if (b != null) {
            y = c.op("BiasAdd", "bias").in(y).in(c.t(b)).type("T", t).out();
        }
        long[] out = new long[rank];
        out[0] = x.dim(0);
        out[1] = m;
        for (int i = 0; i < n; i++) {
            out[i + 2] = win.outSize(i, x.dim(i + 2));
        }
        c.out(0, result(c, y, t, rank, out));
    }

    /** OIHW weights to TF's HWIO (1-D: to 1 x W x I x O). */
    private static String filter(EmitContext c, Val w, int rank) {
        int[] perm = rank == 5 ? new int[]{2, 3, 4, 1, 0} : rank == 4 ? new int[]{2, 3, 1, 0} : new int[]{2, 1, 0};
        String f = c.phys(w, perm);
        return rank == 3 ? Ops.expandDims(c, f, w.type(), 0) : f;
    }

    private static String convOp(EmitContext c, String in, String filter, DataType t, Window win, int rank, String op) {
        boolean threeD = rank == 5;
        String tfOp = threeD ? "Conv3D" : op;
        String x = in;
        String padding = win.padding;
        if (padding.equals("EXPLICIT") && threeD) {
            x = c.op("Pad", "pad").in(x).in(c.constant(win.padTensor())).type("T", t).type("Tpaddings", DataType.INT64).out();
            padding = "VALID";
        }
        TfOp o = c.op(tfOp).in(x).in(filter).type("T", t)
                .ints("strides", Window.nhwc(rank == 3 ? as2d(win.strides, 1) : win.strides))
                .ints("dilations", Window.nhwc(rank == 3 ? as2d(win.dilations, 1) : win.dilations))
                .s("padding", padding);
        if (!threeD) {
            o.s("data_format", "NHWC");
            if (padding.equals("EXPLICIT")) {
                long[] e = win.explicitPaddings();
                if (rank == 3) {
                    e = new long[]{0, 0, 0, 0, e[2], e[3], 0, 0};
                }
                o.ints("explicit_paddings", e);
            }
        } else {
            o.s("data_format", "NDHWC");
        }
        return o.out();
    }

    /** Groups that are not depthwise: split input channels and weights, convolve each, concatenate. */
    private static String groupedConv(EmitContext c, String in, Val w, DataType t, Window win, int rank, long group) {
        Tensor wt = requireConstant(c, w, "grouped-convolution weights");
        long[] ws = wt.shape();
        long mg = ws[0] / group;
        int axis = 3;
        String split = c.op("Split", "split").in(c.constant(Tensor.ofInts(new long[0], axis))).in(in).type("T", t)
                .i("num_split", group).name();
        String[] parts = new String[(int) group];
        Tensor hwio = ConstTensors.transpose(wt, rank == 4 ? new int[]{2, 3, 1, 0} : new int[]{2, 1, 0});
        if (rank == 3) {
            long[] s = hwio.shape();
            hwio = hwio.reshape(1, s[0], s[1], s[2]);
        }
        for (int g = 0; g < group; g++) {
            Tensor fg = sliceLast(hwio, g * mg, mg);
            String xg = g == 0 ? split : split + ":" + g;
            parts[g] = convOp(c, xg, c.constant(fg, c.base() + "/filter_" + g), t, win, 4, "Conv2D");
        }
        return Ops.concat(c, t, 3, parts);
    }

    /** Elements [from, from+count) of the last axis. */
    private static Tensor sliceLast(Tensor t, long from, long count) {
        long[] s = t.shape();
        long last = s[s.length - 1];
        long outer = t.size() / last;
        float[] src = t.toFloatArray();
        float[] dst = new float[(int) (outer * count)];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(src, (int) (o * last + from), dst, (int) (o * count), (int) count);
        }
        long[] ns = s.clone();
        ns[ns.length - 1] = count;
        Tensor f = Tensor.ofFloats(ns, dst);
        return t.type() == DataType.FLOAT ? f : ElementwiseEmitters.castConstant(f, t.type());
    }

    static Tensor requireConstant(EmitContext c, Val v, String what) {
        if (!v.isConstant()) {
            throw c.error(what + " must be constant to write them for TensorFlow");
        }
        return v.constant();
    }

    /**
     * ConvTranspose (2-D, group 1, unit dilations) as Conv2DBackpropInput over the full VALID extent,
     * cropped to the ONNX pads (output_padding extends the end).
     */
    private static void convTranspose(EmitContext c) {
        Val x = c.require(0, "X");
        Val w = c.require(1, "W");
        Val b = c.in(2);
        int rank = c.rank(x, "the ConvTranspose input");
        if (rank != 4) {
            throw c.error("only 2-D ConvTranspose is supported, this one is " + (rank - 2) + "-D");
        }
        long[] ws = w.shape();
        if (ws == null || ws.length != 4) {
            throw c.error("the weights' shape must be known");
        }
        if (c.node.attrLong("group", 1) != 1) {
            throw c.error("ConvTranspose group " + c.node.attrLong("group", 1) + " is not supported");
        }
        long[] k = c.node.attrLongs("kernel_shape", new long[]{ws[2], ws[3]});
        long[] s = c.node.attrLongs("strides", Window.ones(2));
        long[] d = c.node.attrLongs("dilations", Window.ones(2));
        if (d[0] != 1 || d[1] != 1) {
            throw c.error("ConvTranspose dilations " + Arrays.toString(d) + " are not supported");
        }
        long[] op = c.node.attrLongs("output_padding", new long[2]);
        long[] pads = c.node.attrLongs("pads", new long[4]);
        long[] outShape = c.node.attrLongs("output_shape", null);
        String auto = c.node.attrString("auto_pad", "NOTSET");
        long[] in = spatial(x, 4);
        long[] full = new long[2];
        long[] begin = new long[2];
        long[] size = new long[2];
        for (int i = 0; i < 2; i++) {
            if (in[i] < 0) {
                throw c.error("ConvTranspose needs static spatial input dims, got " + Arrays.toString(in));
            }
            full[i] = s[i] * (in[i] - 1) + k[i] + op[i];
            long total;
            if (outShape != null || auto.startsWith("SAME")) {
                long target = outShape != null ? outShape[outShape.length - 2 + i] : in[i] * s[i];
                total = full[i] - target;
                begin[i] = auto.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                size[i] = target;
            } else if (auto.equals("VALID")) {
                begin[i] = 0;
                size[i] = full[i];
            } else {
                begin[i] = pads[i];
                size[i] = full[i] - pads[i] - pads[i + 2];
            }
        }
        DataType t = x.type();
        String xs = c.phys(x, Perms.toChannelsLast(4));
        String batch = Ops.slice1d(c, Ops.shape(c, xs, t), DataType.INT64, 0, 1);
        String sizes = Ops.concat(c, DataType.INT64, 0, batch, c.longs(full[0], full[1], ws[1]));
        String sizes32 = Ops.cast(c, sizes, DataType.INT64, DataType.INT32);
        String y = c.op("Conv2DBackpropInput").in(sizes32).in(c.phys(w, new int[]{2, 3, 1, 0})).in(xs).type("T", t)
                .ints("strides", Window.nhwc(s)).s("padding", "VALID").s("data_format", "NHWC").out();
        if (begin[0] != 0 || begin[1] != 0 || size[0] != full[0] || size[1] != full[1]) {
            y = c.op("Slice", "crop").in(y).in(c.longs(0, begin[0], begin[1], 0)).in(c.longs(-1, size[0], size[1], -1))
                    .type("T", t).type("Index", DataType.INT64).out();
        }
        if (b != null) {
            y = c.op("BiasAdd", "bias").in(y).in(c.t(b)).type("T", t).out();
        }
        c.out(0, result(c, y, t, 4, new long[]{x.dim(0), ws[1], size[0], size[1]}));
    }

    private static void pool(EmitContext c, boolean max) {
        Val x = c.require(0, "X");
        if (c.node.outputs().size() > 1 && c.wantsOutput(1)) {
            throw c.error("the Indices output of MaxPool is not supported");
        }
        int rank = c.rank(x, "the pooling input");
        if (rank < 3 || rank > 5) {
            throw c.error("pooling of rank " + rank + " is not supported");
        }
        int n = rank - 2;
        Window win = Window.of(c, n, null, spatial(x, rank));
        if (!win.unitDilations()) {
            throw c.error("pooling dilations " + Arrays.toString(win.dilations) + " are not supported");
        }
        boolean ceil = c.node.attrLong("ceil_mode", 0) != 0;
        boolean includePad = c.node.attrLong("count_include_pad", 0) != 0;
        DataType t = x.type();
        String in = channelsLast(c, x, rank);
        long[] k2 = rank == 3 ? as2d(win.kernel, 1) : win.kernel;
        long[] s2 = rank == 3 ? as2d(win.strides, 1) : win.strides;
        long[] pb = win.padBegin == null ? null : rank == 3 ? as2d(win.padBegin, 0) : win.padBegin;
        long[] pe = win.padEnd == null ? null : rank == 3 ? as2d(win.padEnd, 0) : win.padEnd.clone();
        long[] outShape = new long[rank];
        outShape[0] = x.dim(0);
        outShape[1] = x.dim(1);
        for (int i = 0; i < n; i++) {
            long o = win.outSize(i, x.dim(i + 2));
            if (ceil && !win.padding.equals("SAME")) {
                long in_ = x.dim(i + 2);
                if (in_ < 0) {
                    throw c.error("ceil_mode needs static spatial dims");
                }
                long total = in_ + win.padBegin[i] + win.padEnd[i] - win.kernel[i];
                long oc = (total + win.strides[i] - 1) / win.strides[i] + 1;
                // the last window must start inside the input or left padding
                if ((oc - 1) * win.strides[i] >= in_ + win.padBegin[i]) {
                    oc--;
                }
                if (oc != o) {
                    if (!max) {
                        throw c.error("AveragePool ceil_mode that adds a partial window is not supported");
                    }
                    long extra = (oc - 1) * win.strides[i] + win.kernel[i] - (in_ + win.padBegin[i] + win.padEnd[i]);
                    pe[rank == 3 ? 1 : i] += extra;
                    o = oc;
                }
            }
            outShape[i + 2] = o;
        }
        boolean threeD = rank == 5;
        String op = max ? (threeD ? "MaxPool3D" : "MaxPool") : (threeD ? "AvgPool3D" : "AvgPool");
        String padding = win.padding;
        boolean anyPad = pb != null && (Arrays.stream(pb).anyMatch(p -> p != 0) || Arrays.stream(pe).anyMatch(p -> p != 0));
        String y;
        if (padding.equals("SAME") && (max || !includePad)) {
            y = poolOp(c, op, in, t, k2, s2, "SAME", threeD);
        } else if (padding.equals("SAME")) {
            throw c.error("AveragePool SAME padding with count_include_pad=1 is not supported");
        } else if (!anyPad) {
            y = poolOp(c, op, in, t, k2, s2, "VALID", threeD);
        } else {
            String paddings = c.constant(padTensor(pb, pe));
            if (max) {
                String lowest = c.scalar(t, t == DataType.DOUBLE ? -Double.MAX_VALUE : -Float.MAX_VALUE);
                String padded = c.op("PadV2", "pad").in(in).in(paddings).in(lowest).type("T", t).type("Tpaddings", DataType.INT64).out();
                y = poolOp(c, op, padded, t, k2, s2, "VALID", threeD);
            } else {
                String padded = c.op("Pad", "pad").in(in).in(paddings).type("T", t).type("Tpaddings", DataType.INT64).out();
                y = poolOp(c, op, padded, t, k2, s2, "VALID", threeD);
                if (!includePad) {
                    // average over real elements only: divide by the pooled fraction of non-padding cells
                    String ones = c.op("OnesLike", "ones").in(in).type("T", t).out();
                    String mask = c.op("Pad", "pad_ones").in(ones).in(paddings).type("T", t).type("Tpaddings", DataType.INT64).out();
                    String frac = poolOp(c, op, mask, t, k2, s2, "VALID", threeD);
                    y = Ops.bin(c, "RealDiv", y, frac, t);
                }
            }
        }
        c.out(0, result(c, y, t, rank, outShape));
    }

    private static Tensor padTensor(long[] begin, long[] end) {
        long[] p = new long[2 * (begin.length + 2)];
        for (int i = 0; i < begin.length; i++) {
            p[2 * (i + 1)] = begin[i];
            p[2 * (i + 1) + 1] = end[i];
        }
        return Tensor.ofLongs(new long[]{begin.length + 2, 2}, p);
    }

    private static String poolOp(EmitContext c, String op, String in, DataType t, long[] k, long[] s, String padding, boolean threeD) {
        return c.op(op).in(in).type("T", t).ints("ksize", Window.nhwc(k)).ints("strides", Window.nhwc(s)).s("padding", padding)
                .s("data_format", threeD ? "NDHWC" : "NHWC").out();
    }

    /** Mean/Max over the spatial axes, in whatever layout the input is held (the result keeps it). */
    private static void globalPool(EmitContext c, String op) {
        Val x = c.require(0, "X");
        int rank = c.rank(x, "the pooling input");
        int[] p = x.isConstant() || x.perm() == null ? Perms.identity(rank) : x.perm();
        String in = x.isConstant() ? c.t(x) : x.tensor();
        long[] axes = new long[rank - 2];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            if (p[i] >= 2) {
                axes[k++] = i;
            }
        }
        String y = c.op(op).in(in).in(c.longs(axes)).type("T", x.type()).type("Tidx", DataType.INT64).b("keep_dims", true).out();
        long[] shape = x.shape() == null ? null : x.shape().clone();
        if (shape != null) {
            for (int i = 2; i < rank; i++) {
                shape[i] = 1;
            }
        }
        c.out(0, new Val(y, x.type(), shape, Perms.isIdentity(p) ? null : p, null, c.frame));
    }

    /** TF's NHWC DepthToSpace is ONNX's DCR mode; CRD is written as Reshape/Transpose on static shapes. */
    private static void depthSpace(EmitContext c, String op) {
        Val x = c.require(0, "input");
        long bs = c.node.attrLong("blocksize", 0);
        String mode = c.node.attrString("mode", "DCR");
        if (c.rank(x, "the input") != 4) {
            throw c.error(op + " needs a 4-D input");
        }
        long[] s = x.shape();
        long[] out = op.equals("DepthToSpace")
                ? new long[]{s[0], s[1] < 0 ? -1 : s[1] / (bs * bs), s[2] < 0 ? -1 : s[2] * bs, s[3] < 0 ? -1 : s[3] * bs}
                : new long[]{s[0], s[1] < 0 ? -1 : s[1] * bs * bs, s[2] < 0 ? -1 : s[2] / bs, s[3] < 0 ? -1 : s[3] / bs};
        if (op.equals("DepthToSpace") && mode.equals("CRD")) {
            if (s[1] < 0 || s[2] < 0 || s[3] < 0) {
                throw c.error("DepthToSpace CRD needs static C, H, W");
            }
            String r = Ops.reshape(c, c.t(x), x.type(), c.longs(-1, s[1] / (bs * bs), bs, bs, s[2], s[3]));
            String tr = c.transposed(r, x.type(), new int[]{0, 1, 4, 2, 5, 3});
            c.out(0, c.val(Ops.reshape(c, tr, x.type(), c.longs(-1, out[1], out[2], out[3])), x.type(), out));
            return;
        }
        String y = c.op(op).in(c.phys(x, Perms.toChannelsLast(4))).type("T", x.type()).i("block_size", bs).s("data_format", "NHWC").out();
        c.out(0, new Val(y, x.type(), out, Perms.toChannelsLast(4), null, c.frame));
    }
}
