package dev.modelx.exporter.paddle.emit;

import dev.modelx.exporter.paddle.EmitterTable;
import dev.modelx.exporter.paddle.ExportContext;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.util.Arrays;

/** Instance and group normalisation, local response normalisation, PRelu and padding (NCHW / NCDHW). */
final class NormEmitters {

    private NormEmitters() {
    }

    static void register(EmitterTable t) {
        t.add("InstanceNormalization", NormEmitters::instanceNorm);
        t.add("GroupNormalization", NormEmitters::groupNorm);
        t.add("LRN", NormEmitters::lrn);
        t.add("PRelu", NormEmitters::prelu);
        t.add("Pad", NormEmitters::pad);
    }

    private static long[] batchAnd(ExportContext c, String x, long second) {
        long[] d = c.dims(x);
        return new long[] {d == null || d.length == 0 ? -1 : d[0], second};
    }

    /** instance_norm(X, Scale, Bias): per-channel statistics over the spatial dims. */
    private static void instanceNorm(ExportContext c, Node n) {
        String x = n.input(0);
        long[] xd = c.dims(x);
        long nc = xd == null || xd.length < 2 || xd[0] < 0 || xd[1] < 0 ? -1 : xd[0] * xd[1];
        c.op("instance_norm").in("X", c.var(x)).in("Scale", c.var(n.input(1))).in("Bias", c.var(n.input(2)))
                .out("Y", c.out(n.output(0))).out("SavedMean", c.temp("instance_norm", DataType.FLOAT, new long[] {nc}))
                .out("SavedVariance", c.temp("instance_norm", DataType.FLOAT, new long[] {nc})).f("epsilon", n.attrFloat("epsilon", 1e-5f));
    }

    /**
     * group_norm takes per-channel Scale/Bias; op set 18's GroupNormalization has one per group, which are
     * repeated over each group's channels (they must be constants then).
     */
    private static void groupNorm(ExportContext c, Node n) {
        String x = n.input(0);
        long groups = n.attrLong("num_groups", 1);
        long[] xd = c.dims(x);
        String scale = n.input(1), bias = n.input(2);
        if (n.opsetVersion() > 0 && n.opsetVersion() < 21) {
            if (xd == null || xd.length < 2 || xd[1] < 0) {
                throw new IllegalArgumentException("GroupNormalization op set " + n.opsetVersion() + " needs a known channel count");
            }
            scale = perChannel(c, scale, groups, xd[1]);
            bias = perChannel(c, bias, groups, xd[1]);
        } else {
            scale = c.var(scale);
            bias = c.var(bias);
        }
        c.op("group_norm").in("X", c.var(x)).in("Scale", scale).in("Bias", bias).out("Y", c.out(n.output(0)))
                .out("Mean", c.temp("group_norm", DataType.FLOAT, batchAnd(c, x, groups)))
                .out("Variance", c.temp("group_norm", DataType.FLOAT, batchAnd(c, x, groups)))
                .f("epsilon", n.attrFloat("epsilon", 1e-5f)).i("groups", groups).s("data_layout", "NCHW");
    }

    private static String perChannel(ExportContext c, String v, long groups, long channels) {
        Tensor t = c.constant(v).orElseThrow(() -> new IllegalArgumentException("per-group scale/bias '" + v + "' must be a constant"));
        double[] g = t.toDoubleArray();
        if (g.length != groups || channels % groups != 0) {
            throw new IllegalArgumentException("per-group scale/bias of " + g.length + " values for " + groups + " groups of " + channels + " channels");
        }
        float[] out = new float[(int) channels];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) g[(int) (i / (channels / groups))];
        }
        String name = v + ".per_channel";
        if (!c.isDefined(name)) {
            c.param(name, Tensor.ofFloats(new long[] {channels}, out));
        }
        return name;
    }

    /** Paddle's lrn divides alpha by n itself: alpha = ONNX alpha / size. */
    private static void lrn(ExportContext c, Node n) {
        long size = n.attrLong("size", 1);
        String x = n.input(0);
        c.op("lrn").in("X", c.var(x)).out("Out", c.out(n.output(0))).out("MidOut", c.temp("lrn", c.dtype(x), c.dims(x)))
                .i("n", size).f("k", n.attrFloat("bias", 1f)).f("alpha", n.attrFloat("alpha", 1e-4f) / size)
                .f("beta", n.attrFloat("beta", 0.75f)).s("data_format", "NCHW");
    }

    /**
     * Paddle's prelu: mode all (one slope), channel (one per axis-1 channel) or element (one per element of
     * a sample). The slope (numpy-broadcast against X) is expanded to a sample's shape when needed.
     */
    private static void prelu(ExportContext c, Node n) {
        String x = n.input(0), slope = n.input(1);
        long[] xd = c.dims(x), sd = c.dims(slope);
        if (xd == null || sd == null || sd.length > xd.length) {
            throw new IllegalArgumentException("PRelu needs the ranks of X and the slope");
        }
        long[] aligned = new long[xd.length];
        Arrays.fill(aligned, 1);
        if (n.opsetVersion() > 0 && n.opsetVersion() < 7 && sd.length == 1 && xd.length >= 2 && sd[0] == xd[1] && sd[0] != 1) {
            aligned[1] = sd[0]; // PRelu before op set 7: a 1-D slope of X's channel count is per channel
        } else {
            System.arraycopy(sd, 0, aligned, xd.length - sd.length, sd.length);
        }
        int nonOne = 0, at = -1;
        for (int i = 0; i < aligned.length; i++) {
            if (aligned[i] != 1) {
                nonOne++;
                at = i;
            }
        }
        String mode;
        String alpha = c.var(slope);
        if (nonOne == 0) {
            mode = "all";
        } else if (nonOne == 1 && at == 1 && xd.length >= 2) {
            mode = "channel";
        } else if (aligned[0] == 1 && Arrays.stream(xd).skip(1).allMatch(d -> d > 0)) {
            mode = "element";
            long[] sample = Arrays.copyOfRange(xd, 1, xd.length);
            if (!Arrays.equals(Arrays.copyOfRange(aligned, 1, aligned.length), sample)) {
                String full = c.tempLike(slope + ".expanded", c.dtype(slope), sample);
                c.op("expand_v2").in("X", alpha).out("Out", full).ints("shape", sample);
                alpha = full;
            }
        } else {
            throw new IllegalArgumentException("PRelu slope of shape " + Arrays.toString(sd) + " against " + Arrays.toString(xd)
                    + " has no prelu mode");
        }
        c.op("prelu").in("X", c.var(x)).in("Alpha", alpha).out("Out", c.out(n.output(0))).s("mode", mode).s("data_format", "NCHW");
    }

    /**
     * Constant-mode Pad of any rank is Paddle's pad; reflect/edge padding of the spatial dims of a 5-D (or,
     * through an unsqueeze, 4-D) NC.. tensor is pad3d.
     */
    private static void pad(ExportContext c, Node n) {
        String x = n.input(0);
        int rank = c.rank(x);
        long[] pads = Emit.hasInput(n, 1) ? c.constLongs(n.input(1)) : n.attrLongs("pads", null);
        if (pads == null) {
            throw new IllegalArgumentException("Pad with computed pads is not written");
        }
        if (Emit.hasInput(n, 3)) {
            long[] axes = c.constLongs(n.input(3));
            if (axes == null) {
                throw new IllegalArgumentException("Pad with computed axes is not written");
            }
            long[] full = new long[2 * rank];
            for (int i = 0; i < axes.length; i++) {
                int a = (int) (axes[i] < 0 ? axes[i] + rank : axes[i]);
                full[a] = pads[i];
                full[a + rank] = pads[i + axes.length];
            }
            pads = full;
        }
        double value = 0;
        if (Emit.hasInput(n, 2)) {
            Double v = c.constScalar(n.input(2));
            if (v == null) {
                throw new IllegalArgumentException("Pad with a computed constant_value is not written");
            }
            value = v;
        } else if (n.hasAttribute("value")) {
            value = n.attrFloat("value", 0f);
        }
        String mode = n.attrString("mode", "constant");
        if (mode.equals("constant")) {
            long[] p = new long[2 * rank];
            for (int i = 0; i < rank; i++) {
                p[2 * i] = pads[i];
                p[2 * i + 1] = pads[i + rank];
            }
            Emit.unary(c, n, "pad").ints("paddings", p).f("pad_value", value);
            return;
        }
        if (!mode.equals("reflect") && !mode.equals("edge") || rank != 4 && rank != 5
                || pads[0] != 0 || pads[1] != 0 || pads[rank] != 0 || pads[rank + 1] != 0) {
            throw new IllegalArgumentException("Pad mode " + mode + " of a rank-" + rank + " tensor (pads " + Arrays.toString(pads)
                    + ") has no pad3d equivalent");
        }
        // pad3d paddings: [left, right, top, bottom, front, back] on W, H, D
        long[] p = new long[6];
        for (int s = 0; s < rank - 2; s++) {
            int dim = 2 + s;
            p[2 * (rank - 1 - dim)] = pads[dim];
            p[2 * (rank - 1 - dim) + 1] = pads[dim + rank];
        }
        String in = c.var(x);
        String out = n.output(0);
        String padded = rank == 5 ? c.out(out) : c.tempLike(out + ".5d", c.dtype(x), null);
        if (rank == 4) {
            long[] xd = c.dims(x);
            String five = c.tempLike(x + ".5d", c.dtype(x), xd == null ? null : new long[] {xd[0], xd[1], 1, xd[2], xd[3]});
            c.op("unsqueeze2").in("X", in).out("Out", five).out("XShape", c.xshape("unsqueeze2", x)).ints("axes", 2);
            in = five;
        }
        c.op("pad3d").in("X", in).out("Out", padded).ints("paddings", p).s("mode", mode.equals("edge") ? "replicate" : "reflect")
                .f("value", value).s("data_format", "NCDHW");
        if (rank == 4) {
            long[] od = c.dims(out);
            c.vars().put(padded, new dev.modelx.exporter.paddle.VarDecl(padded, c.dtype(x),
                    od == null ? new long[] {-1, -1, 1, -1, -1} : new long[] {od[0], od[1], 1, od[2], od[3]}, false));
            c.op("squeeze2").in("X", padded).out("Out", c.out(out)).ints("axes", 2);
        }
    }
}
