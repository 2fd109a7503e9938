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
        r.register(c -> PoolEmitters.pool(c, true), "MaxPool");
        r.register(c -> PoolEmitters.pool(c, false), "AveragePool");
        r.register(PoolEmitters::lpPool, "LpPool");
        r.register(CausalConvEmitter::emit, "CausalConvWithState");
        r.register(c -> globalPool(c, "Mean"), "GlobalAveragePool");
        r.register(c -> globalPool(c, "Max"), "GlobalMaxPool");
        r.register(c -> depthSpace(c, "DepthToSpace"), "DepthToSpace");
        r.register(c -> depthSpace(c, "SpaceToDepth"), "SpaceToDepth");
    }

    /** The input as a channels-last 2-D/3-D tensor; a 1-D input gets H = 1 (axis 1). */
    static String channelsLast(EmitContext c, Val x, int rank) {
        String t = c.phys(x, Perms.toChannelsLast(rank));
        return rank == 3 ? Ops.expandDims(c, t, x.type(), 1) : t;
    }

    /** Wraps a channels-last result (squeezing the H = 1 of 1-D ops) as a permuted value. */
    static Val result(EmitContext c, String y, DataType t, int rank, long[] logicalShape) {
        if (rank == 3) {
            y = Ops.squeeze(c, y, t, 1);
        }
        return new Val(y, t, logicalShape, Perms.toChannelsLast(rank), null, c.frame);
    }

    static long[] spatial(Val x, int rank) {
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
        if (rank == 5 && !win.unitDilations()) {
            // TF's CPU Conv3D has no dilations: convolve with the zero-dilated kernel instead (exact)
            w = dilateWeights(c, w, win.dilations);
            win = win.withDilatedKernel();
        }
        long group = c.node.attrLong("group", 1);
        long cin = wshape[1] * group;
        long m = wshape[0];
        DataType t = x.type();
        String in = channelsLast(c, x, rank);
        String y;
        if (group == 1) {
            y = convOp(c, in, filter(c, w, rank), t, win, rank, "Conv2D");
        } else if (group == cin && wshape[1] == 1 && rank == 4 && win.strides[0] == win.strides[1] && w.isConstant()) {
            Tensor wt = requireConstant(c, w, "depthwise weights");
            long mult = m / cin;
            Tensor f = ConstTensors.transpose(wt.reshape(cin, mult, wshape[2], wshape[3]), new int[]{2, 3, 0, 1});
            y = convOp(c, in, c.constant(f, c.base() + "/depthwise_filter"), t, win, rank, "DepthwiseConv2dNative");
        } else {
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
        String f = c.phys(w, filterPerm(rank));
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

    /**
     * Groups that are not depthwise: split input channels and weights, convolve each, concatenate. Constant
     * weights are sliced at export time; computed ones are split in the graph.
     */
    private static String groupedConv(EmitContext c, String in, Val w, DataType t, Window win, int rank, long group) {
        long[] ws = w.shape();
        if (ws[0] % group != 0) {
            throw c.error("output channels " + ws[0] + " are not a multiple of group " + group);
        }
        long mg = ws[0] / group;
        int axis = rank == 5 ? 4 : 3;
        String split = splitLast(c, in, t, axis, group, "split");
        String[] parts = new String[(int) group];
        String[] filters = new String[(int) group];
        if (w.isConstant()) {
            Tensor hwio = ConstTensors.transpose(w.constant(), filterPerm(rank));
            if (rank == 3) {
                long[] s = hwio.shape();
                hwio = hwio.reshape(1, s[0], s[1], s[2]);
            }
            for (int g = 0; g < group; g++) {
                filters[g] = c.constant(ConstTensors.sliceLast(hwio, g * mg, mg), c.base() + "/filter_" + g);
            }
        } else {
            String f = splitLast(c, filter(c, w, rank), t, rank == 5 ? 4 : 3, group, "split_filter");
            for (int g = 0; g < group; g++) {
                filters[g] = g == 0 ? f : f + ":" + g;
            }
        }
        for (int g = 0; g < group; g++) {
            String xg = g == 0 ? split : split + ":" + g;
            parts[g] = convOp(c, xg, filters[g], t, win, rank, "Conv2D");
        }
        return Ops.concat(c, t, axis, parts);
    }

    private static String splitLast(EmitContext c, String x, DataType t, int axis, long n, String suffix) {
        return c.op("Split", suffix).in(c.constant(Tensor.ofInts(new long[0], axis))).in(x).type("T", t).i("num_split", n).name();
    }

    private static int[] filterPerm(int rank) {
        return rank == 5 ? new int[]{2, 3, 4, 1, 0} : rank == 4 ? new int[]{2, 3, 1, 0} : new int[]{2, 1, 0};
    }

    /**
     * OI... (or IO...) weights with d - 1 zeros inserted between kernel taps along each spatial axis, so a
     * convolution with unit dilation computes the dilated one. Constants are dilated at export time.
     */
    static Val dilateWeights(EmitContext c, Val w, long[] dilations) {
        long[] ws = w.shape().clone();
        if (w.isConstant()) {
            Tensor t = w.constant();
            for (int i = 0; i < dilations.length; i++) {
                if (dilations[i] > 1) {
                    t = ConstTensors.dilate(t, i + 2, dilations[i]);
                }
            }
            return Val.constant(t);
        }
        for (long d : ws) {
            if (d < 0) {
                throw c.error("dilated computed weights need a static shape, got " + Arrays.toString(ws));
            }
        }
        DataType t = w.type();
        String f = c.t(w);
        for (int i = 0; i < dilations.length; i++) {
            long d = dilations[i];
            if (d <= 1) {
                continue;
            }
            int a = i + 2;
            // [.., k, ..] -> [.., k, 1, ..] -> pad the new axis to d -> [.., k * d, ..] -> keep (k - 1) * d + 1
            f = Ops.expandDims(c, f, t, a + 1);
            long[] pads = new long[2 * (ws.length + 1)];
            pads[2 * (a + 1) + 1] = d - 1;
            f = c.op("Pad", "dilate").in(f).in(c.constant(Tensor.ofLongs(new long[]{ws.length + 1, 2}, pads))).type("T", t)
                    .type("Tpaddings", DataType.INT64).out();
            long[] flat = ws.clone();
            flat[a] = ws[a] * d;
            f = Ops.reshape(c, f, t, c.longs(flat));
            long[] size = ws.clone();
            size[a] = (ws[a] - 1) * d + 1;
            f = c.op("Slice", "dilate_crop").in(f).in(c.longs(new long[ws.length])).in(c.longs(size)).type("T", t)
                    .type("Index", DataType.INT64).out();
            ws = size;
        }
        return c.val(f, t, ws);
    }

    static Tensor requireConstant(EmitContext c, Val v, String what) {
        if (!v.isConstant()) {
            throw c.error(what + " must be constant to write them for TensorFlow");
        }
        return v.constant();
    }

    /**
     * ConvTranspose (1-D as 2-D, 2-D, 3-D) as Conv2DBackpropInput / Conv3DBackpropInputV2 over the full VALID
     * extent (output_padding extends its end), cropped to the ONNX pads or padded with zeros where they are
     * negative. Groups split input and weights; dilations are written into the kernel as zeros.
     */
    private static void convTranspose(EmitContext c) {
        Val x = c.require(0, "X");
        Val w = c.require(1, "W");
        Val b = c.in(2);
        int rank = c.rank(x, "the ConvTranspose input");
        if (rank < 3 || rank > 5) {
            throw c.error("ConvTranspose of rank " + rank + " is not supported (1-D, 2-D and 3-D are)");
        }
        int n = rank - 2;
        long[] ws = w.shape();
        if (ws == null || ws.length != rank) {
            throw c.error("the weights' shape must be known");
        }
        long group = c.node.attrLong("group", 1);
        if (group < 1 || ws[0] % group != 0) {
            throw c.error("ConvTranspose group " + group + " does not divide the " + ws[0] + " input channels");
        }
        long[] k = c.node.attrLongs("kernel_shape", Arrays.copyOfRange(ws, 2, rank));
        long[] s = c.node.attrLongs("strides", Window.ones(n));
        long[] d = c.node.attrLongs("dilations", Window.ones(n));
        long[] op = c.node.attrLongs("output_padding", new long[n]);
        long[] pads = c.node.attrLongs("pads", new long[2 * n]);
        long[] outShape = c.node.attrLongs("output_shape", null);
        if (k.length != n || s.length != n || d.length != n || op.length != n || pads.length != 2 * n
                || outShape != null && outShape.length != n && outShape.length != rank) {
            throw c.error("kernel_shape/strides/dilations/output_padding/pads/output_shape do not match " + n + " spatial dims");
        }
        String auto = c.node.attrString("auto_pad", "NOTSET");
        if (Arrays.stream(d).anyMatch(v -> v != 1)) {
            w = dilateWeights(c, w, d);
        }
        long[] in = spatial(x, rank);
        long[] full = new long[n];
        long[] begin = new long[n];
        long[] size = new long[n];
        long[] padBegin = new long[n];
        long[] padEnd = new long[n];
        boolean crop = false;
        for (int i = 0; i < n; i++) {
            if (in[i] < 0) {
                throw c.error("ConvTranspose needs static spatial input dims, got " + Arrays.toString(in));
            }
            full[i] = s[i] * (in[i] - 1) + (k[i] - 1) * d[i] + 1 + op[i];
            long lo;
            long hi;
            if (outShape != null || auto.startsWith("SAME")) {
                long target = outShape != null ? outShape[outShape.length - n + i] : in[i] * s[i];
                long total = full[i] - target;
                long half = Math.floorDiv(total, 2);
                lo = auto.equals("SAME_UPPER") ? half : total - half;
                hi = total - lo;
            } else if (auto.equals("VALID")) {
                lo = 0;
                hi = 0;
            } else {
                lo = pads[i];
                hi = pads[i + n];
            }
            // negative pads extend the output with zeros
            padBegin[i] = Math.max(0, -lo);
            padEnd[i] = Math.max(0, -hi);
            begin[i] = Math.max(0, lo);
            size[i] = full[i] - lo - hi;
            if (size[i] <= 0) {
                throw c.error("ConvTranspose output size " + size[i] + " along spatial axis " + i + " is not positive");
            }
            crop |= lo != 0 || hi != 0;
        }
        DataType t = x.type();
        long mg = ws[1];
        String xs = channelsLast(c, x, rank);
        int chan = rank == 5 ? 4 : 3;
        String f = filter(c, w, rank);
        String batch = Ops.slice1d(c, Ops.shape(c, xs, t), DataType.INT64, 0, 1);
        long[] full2 = rank == 3 ? as2d(full, 1) : full;
        long[] sizes = Arrays.copyOf(full2, full2.length + 1);
        sizes[full2.length] = mg;
        String sizes32 = Ops.cast(c, Ops.concat(c, DataType.INT64, 0, batch, c.longs(sizes)), DataType.INT64, DataType.INT32);
        String xsplit = group == 1 ? xs : splitLast(c, xs, t, chan, group, "split");
        String fsplit = group == 1 ? f : splitLast(c, f, t, chan, group, "split_filter");
        String[] parts = new String[(int) group];
        for (int g = 0; g < group; g++) {
            String xg = g == 0 ? xsplit : xsplit + ":" + g;
            String fg = g == 0 ? fsplit : fsplit + ":" + g;
            parts[g] = c.op(rank == 5 ? "Conv3DBackpropInputV2" : "Conv2DBackpropInput").in(sizes32).in(fg).in(xg).type("T", t)
                    .ints("strides", Window.nhwc(rank == 3 ? as2d(s, 1) : s)).s("padding", "VALID")
                    .s("data_format", rank == 5 ? "NDHWC" : "NHWC").out();
        }
        String y = group == 1 ? parts[0] : Ops.concat(c, t, chan, parts);
        if (Arrays.stream(padBegin).anyMatch(v -> v != 0) || Arrays.stream(padEnd).anyMatch(v -> v != 0)) {
            long[] pb = rank == 3 ? as2d(padBegin, 0) : padBegin;
            long[] pe = rank == 3 ? as2d(padEnd, 0) : padEnd;
            y = c.op("Pad", "extend").in(y).in(c.constant(PoolEmitters.padTensor(pb, pe))).type("T", t).type("Tpaddings", DataType.INT64).out();
        }
        if (crop) {
            long[] b2 = rank == 3 ? as2d(begin, 0) : begin;
            long[] s2 = rank == 3 ? as2d(size, 1) : size;
            long[] bb = new long[rank == 3 ? 4 : rank];
            long[] ss = new long[bb.length];
            ss[0] = -1;
            ss[bb.length - 1] = -1;
            for (int i = 0; i < b2.length; i++) {
                bb[i + 1] = b2[i];
                ss[i + 1] = s2[i];
            }
            y = c.op("Slice", "crop").in(y).in(c.longs(bb)).in(c.longs(ss)).type("T", t).type("Index", DataType.INT64).out();
        }
        if (b != null) {
            y = c.op("BiasAdd", "bias").in(y).in(c.t(b)).type("T", t).out();
        }
        long[] logical = new long[rank];
        logical[0] = x.dim(0);
        logical[1] = mg * group;
        System.arraycopy(size, 0, logical, 2, n);
        c.out(0, result(c, y, t, rank, logical));
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
