package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.Arrays;

/** MaxPool (with its optional Indices output) and AveragePool, channels-last like the convolutions. */
final class PoolEmitters {

    private PoolEmitters() {
    }

    /**
     * MaxPool/AveragePool. TF's SAME padding is used where it matches; otherwise the input is padded
     * explicitly (-max for MaxPool, zeros for AveragePool, plus the end padding a ceil_mode partial window
     * needs) and pooled VALID. Averages over windows that are not all counted divide by the pooled count of
     * a ones mask (padding counted only with count_include_pad=1; the ceil_mode extension never). Dilated
     * windows, which TF's pooling ops lack, combine one strided slice per kernel tap.
     */
    static void pool(EmitContext c, boolean max) {
        pool(c, max, 0);
    }

    /** LpPool: (sum over the window of |x|^p)^(1/p), zero padding included in the sum. */
    static void lpPool(EmitContext c) {
        double p = c.node.attrFloat("p", 2f);
        if (!(p > 0)) {
            throw c.error("LpPool p " + p + " must be positive");
        }
        pool(c, false, p);
    }

    private static void pool(EmitContext c, boolean max, double lp) {
        Val x = c.require(0, "X");
        int rank = c.rank(x, "the pooling input");
        if (rank < 3 || rank > 5) {
            throw c.error("pooling of rank " + rank + " is not supported");
        }
        int n = rank - 2;
        long[] sp = ConvPoolEmitters.spatial(x, rank);
        Window win = Window.of(c, n, null, sp);
        boolean ceil = c.node.attrLong("ceil_mode", 0) != 0;
        boolean includePad = c.node.attrLong("count_include_pad", 0) != 0;
        boolean dilated = !win.unitDilations();
        boolean indices = max && c.node.outputs().size() > 1 && c.wantsOutput(1);
        if (indices && (rank == 5 || dilated || !x.hasStaticShape())) {
            throw c.error("the Indices output of MaxPool is supported for 1-D and 2-D pooling without dilations and with a"
                    + " static input shape; got shape " + Arrays.toString(x.shape()));
        }
        DataType t = x.type();
        String in = ConvPoolEmitters.channelsLast(c, x, rank);
        boolean threeD = rank == 5;
        String op = max ? (threeD ? "MaxPool3D" : "MaxPool") : (threeD ? "AvgPool3D" : "AvgPool");
        long[] outShape = new long[rank];
        outShape[0] = x.dim(0);
        outShape[1] = x.dim(1);
        if (win.padding.equals("SAME") && !dilated && (max || !includePad) && !indices && lp == 0) {
            for (int i = 0; i < n; i++) {
                outShape[i + 2] = win.outSize(i, sp[i]);
            }
            String y = poolOp(c, op, in, t, twoD(win.kernel, rank, 1), twoD(win.strides, rank, 1), "SAME", threeD);
            c.out(0, ConvPoolEmitters.result(c, y, t, rank, outShape));
            return;
        }
        long[] pb = new long[n];
        long[] pe = new long[n];
        long[] ex = new long[n];
        for (int i = 0; i < n; i++) {
            long eff = (win.kernel[i] - 1) * win.dilations[i] + 1;
            long st = win.strides[i];
            if (sp[i] < 0) {
                if (dilated || ceil || win.padding.equals("SAME")) {
                    throw c.error("this pooling needs static spatial dims, got " + Arrays.toString(sp));
                }
                pb[i] = win.padBegin[i];
                pe[i] = win.padEnd[i];
                outShape[i + 2] = -1;
                continue;
            }
            if (win.padding.equals("SAME")) {
                // SAME_UPPER: the extra padding cell goes at the end
                long o = (sp[i] + st - 1) / st;
                long total = Math.max(0, (o - 1) * st + eff - sp[i]);
                pb[i] = total / 2;
                pe[i] = total - pb[i];
            } else {
                pb[i] = win.padBegin[i];
                pe[i] = win.padEnd[i];
            }
            long span = sp[i] + pb[i] + pe[i] - eff;
            if (span < 0) {
                throw c.error("the pooling window " + eff + " is larger than the padded input " + (sp[i] + pb[i] + pe[i]));
            }
            long o = span / st + 1;
            if (ceil && !win.padding.equals("SAME")) {
                long oc = (span + st - 1) / st + 1;
                // the last window must start inside the input or its leading padding
                if ((oc - 1) * st >= sp[i] + pb[i]) {
                    oc--;
                }
                if (oc > o) {
                    ex[i] = (oc - 1) * st + eff - (sp[i] + pb[i] + pe[i]);
                    o = oc;
                }
            }
            outShape[i + 2] = o;
        }
        boolean anyPad = Arrays.stream(pb).anyMatch(v -> v != 0) || Arrays.stream(pe).anyMatch(v -> v != 0);
        boolean anyExtra = Arrays.stream(ex).anyMatch(v -> v != 0);
        long[] k2 = twoD(win.kernel, rank, 1);
        long[] s2 = twoD(win.strides, rank, 1);
        long[] d2 = twoD(win.dilations, rank, 1);
        long[] out2 = twoD(Arrays.copyOfRange(outShape, 2, rank), rank, 1);
        long[] pb2 = twoD(pb, rank, 0);
        long[] pe2 = twoD(pe, rank, 0);
        long[] ex2 = twoD(ex, rank, 0);
        long[] pex2 = pe2.clone();
        for (int i = 0; i < pex2.length; i++) {
            pex2[i] += ex2[i];
        }
        String y;
        if (max) {
            String xp = in;
            if (anyPad || anyExtra) {
                String lowest = c.scalar(t, t == DataType.DOUBLE ? -Double.MAX_VALUE : -Float.MAX_VALUE);
                xp = c.op("PadV2", "pad").in(in).in(c.constant(padTensor(pb2, pex2))).in(lowest).type("T", t)
                        .type("Tpaddings", DataType.INT64).out();
            }
            if (indices) {
                TfOp o = c.op("MaxPoolWithArgmax").in(xp).type("T", t).type("Targmax", DataType.INT64).ints("ksize", Window.nhwc(k2))
                        .ints("strides", Window.nhwc(s2)).s("padding", "VALID").b("include_batch_in_index", true);
                y = o.out(0);
                long[] sp2 = twoD(sp, rank, 1);
                String idx = onnxIndices(c, o.out(1), x.dim(1), sp2, pb2, new long[]{sp2[0] + pb2[0] + pex2[0], sp2[1] + pb2[1] + pex2[1]},
                        c.node.attrLong("storage_order", 0) != 0);
                c.out(1, ConvPoolEmitters.result(c, idx, DataType.INT64, rank, outShape));
            } else {
                y = dilated ? taps(c, xp, t, k2, s2, d2, out2, "Maximum") : poolOp(c, op, xp, t, k2, s2, "VALID", threeD);
            }
        } else if (lp > 0) {
            String pw = lp == 1 ? Ops.un(c, "Abs", in, t) : lp == 2 ? Ops.un(c, "Square", in, t)
                    : Ops.bin(c, "Pow", Ops.un(c, "Abs", in, t), c.scalar(t, lp), t);
            String xp = anyPad || anyExtra ? pad(c, pw, t, pb2, pex2, null) : pw;
            String sum = dilated ? taps(c, xp, t, k2, s2, d2, out2, "AddV2")
                    : Ops.bin(c, "Mul", poolOp(c, op, xp, t, k2, s2, "VALID", threeD), c.scalar(t, Arrays.stream(k2).reduce(1, (u, v) -> u * v)), t);
            y = lp == 1 ? sum : lp == 2 ? Ops.un(c, "Sqrt", sum, t) : Ops.bin(c, "Pow", sum, c.scalar(t, 1 / lp), t);
        } else {
            String xp = anyPad || anyExtra ? pad(c, in, t, pb2, pex2, null) : in;
            boolean allCounted = !anyExtra && (includePad || !anyPad);
            String mask = null;
            if (!allCounted) {
                String ones = c.op("OnesLike", "ones").in(in).type("T", t).out();
                if (includePad) {
                    mask = pad(c, ones, t, pb2, pe2, c.scalar(t, 1));
                    mask = pad(c, mask, t, new long[pb2.length], ex2, null);
                } else {
                    mask = pad(c, ones, t, pb2, pex2, null);
                }
            }
            if (dilated) {
                y = taps(c, xp, t, k2, s2, d2, out2, "AddV2");
                String count = mask == null ? c.scalar(t, Arrays.stream(k2).reduce(1, (u, v) -> u * v))
                        : taps(c, mask, t, k2, s2, d2, out2, "AddV2");
                y = Ops.bin(c, "RealDiv", y, count, t);
            } else {
                y = poolOp(c, op, xp, t, k2, s2, "VALID", threeD);
                if (mask != null) {
                    y = Ops.bin(c, "RealDiv", y, poolOp(c, op, mask, t, k2, s2, "VALID", threeD), t);
                }
            }
        }
        c.out(0, ConvPoolEmitters.result(c, y, t, rank, outShape));
    }

    /**
     * TF's argmax, ((b * Hp + y) * Wp + x) * C + c over the padded NHWC input, as ONNX's index into the
     * unpadded NCHW input: ((b * C + c) * H + y') * W + x' row-major, (b * C + c) * H * W + y' + x' * H
     * column-major (storage_order 1), where y' and x' discount the leading padding.
     */
    private static String onnxIndices(EmitContext c, String argmax, long ch, long[] hw, long[] padBegin, long[] padded,
                                      boolean colMajor) {
        DataType l = DataType.INT64;
        String cc = Ops.bin(c, "FloorMod", argmax, c.constant(Tensor.scalar(ch)), l);
        String r = Ops.bin(c, "FloorDiv", argmax, c.constant(Tensor.scalar(ch)), l);
        String xq = Ops.bin(c, "Sub", Ops.bin(c, "FloorMod", r, c.constant(Tensor.scalar(padded[1])), l),
                c.constant(Tensor.scalar(padBegin[1])), l);
        r = Ops.bin(c, "FloorDiv", r, c.constant(Tensor.scalar(padded[1])), l);
        String yq = Ops.bin(c, "Sub", Ops.bin(c, "FloorMod", r, c.constant(Tensor.scalar(padded[0])), l),
                c.constant(Tensor.scalar(padBegin[0])), l);
        String b = Ops.bin(c, "FloorDiv", r, c.constant(Tensor.scalar(padded[0])), l);
        String idx = Ops.bin(c, "AddV2", Ops.bin(c, "Mul", b, c.constant(Tensor.scalar(ch)), l), cc, l);
        if (colMajor) {
            idx = Ops.bin(c, "AddV2", Ops.bin(c, "Mul", idx, c.constant(Tensor.scalar(hw[0] * hw[1])), l), yq, l);
            return Ops.bin(c, "AddV2", idx, Ops.bin(c, "Mul", xq, c.constant(Tensor.scalar(hw[0])), l), l);
        }
        idx = Ops.bin(c, "AddV2", Ops.bin(c, "Mul", idx, c.constant(Tensor.scalar(hw[0])), l), yq, l);
        return Ops.bin(c, "AddV2", Ops.bin(c, "Mul", idx, c.constant(Tensor.scalar(hw[1])), l), xq, l);
    }

    /** Spatial values of a rank-{@code rank} op in the 2-D/3-D form the TF op sees (1-D gets H = {@code fill}). */
    private static long[] twoD(long[] v, int rank, long fill) {
        return rank == 3 ? new long[]{fill, v[0]} : v;
    }

    /** Pad (zeros, or {@code value}) of a channels-last tensor by spatial begin/end amounts. */
    private static String pad(EmitContext c, String x, DataType t, long[] begin, long[] end, String value) {
        String p = c.constant(padTensor(begin, end));
        if (value == null) {
            return c.op("Pad", "pad").in(x).in(p).type("T", t).type("Tpaddings", DataType.INT64).out();
        }
        return c.op("PadV2", "pad").in(x).in(p).in(value).type("T", t).type("Tpaddings", DataType.INT64).out();
    }

    private static final int MAX_TAPS = 4096;

    /**
     * A dilated VALID pooling window over a padded channels-last input. Max and sum over a box are
     * separable, so each spatial axis is reduced in turn: one strided slice per kernel tap along that axis
     * (the cells it sees in every output position), combined with {@code combine} (Maximum or AddV2).
     */
    private static String taps(EmitContext c, String x, DataType t, long[] k, long[] s, long[] d, long[] out, String combine) {
        int n = k.length;
        if (Arrays.stream(k).sum() > MAX_TAPS) {
            throw c.error("a dilated pooling window of " + Arrays.toString(k) + " taps is too large to write for TensorFlow");
        }
        String acc = x;
        for (int i = 0; i < n; i++) {
            if (k[i] == 1 && s[i] == 1) {
                continue;
            }
            long mask = ((1L << (n + 2)) - 1) & ~(1L << (i + 1));
            String axisAcc = null;
            for (long j = 0; j < k[i]; j++) {
                long[] begin = new long[n + 2];
                long[] end = new long[n + 2];
                long[] stride = new long[n + 2];
                Arrays.fill(stride, 1);
                begin[i + 1] = j * d[i];
                end[i + 1] = begin[i + 1] + (out[i] - 1) * s[i] + 1;
                stride[i + 1] = s[i];
                String v = c.op("StridedSlice", "tap").in(acc).in(c.longs(begin)).in(c.longs(end)).in(c.longs(stride)).type("T", t)
                        .type("Index", DataType.INT64).i("begin_mask", mask).i("end_mask", mask).out();
                axisAcc = axisAcc == null ? v : Ops.bin(c, combine, axisAcc, v, t);
            }
            acc = axisAcc;
        }
        return acc;
    }

    static Tensor padTensor(long[] begin, long[] end) {
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
}
