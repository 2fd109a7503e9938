package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;

/** BatchNormalization (FusedBatchNormV3 in NHWC), Instance/Layer/Lp normalisation and LRN. */
final class NormalizationEmitters {

    private NormalizationEmitters() {
    }

    static void register(Emitters r) {
        r.register(NormalizationEmitters::batchNorm, "BatchNormalization");
        r.register(NormalizationEmitters::instanceNorm, "InstanceNormalization");
        r.register(NormalizationEmitters::layerNorm, "LayerNormalization");
        r.register(NormalizationEmitters::rmsNorm, "RMSNormalization");
        r.register(NormalizationEmitters::groupNorm, "GroupNormalization");
        r.register(NormalizationEmitters::meanVarianceNorm, "MeanVarianceNormalization");
        r.register(NormalizationEmitters::lpNorm, "LpNormalization");
        r.register(NormalizationEmitters::lrn, "LRN");
    }

    /** A [C] vector reshaped so it broadcasts over the channel axis (logical axis 1) of a value held with {@code perm}. */
    private static String perChannel(EmitContext c, Val v, int rank, int[] perm) {
        int axis = 1;
        if (perm != null) {
            for (int i = 0; i < rank; i++) {
                if (perm[i] == 1) {
                    axis = i;
                }
            }
        }
        long[] shape = new long[rank];
        java.util.Arrays.fill(shape, 1);
        shape[axis] = -1;
        if (axis == rank - 1) {
            return c.t(v);
        }
        return Ops.reshape(c, c.t(v), v.type(), c.longs(shape));
    }

    private static void batchNorm(EmitContext c) {
        Val x = c.require(0, "X");
        if (c.node.attrLong("training_mode", 0) != 0) {
            batchNormTraining(c, x);
            return;
        }
        for (int i = 1; i < c.node.outputs().size(); i++) {
            if (c.wantsOutput(i)) {
                throw c.error("BatchNormalization's running-statistics outputs are not supported");
            }
        }
        float eps = c.node.attrFloat("epsilon", 1e-5f);
        Val scale = c.require(1, "scale");
        Val bias = c.require(2, "B");
        Val mean = c.require(3, "input_mean");
        Val var = c.require(4, "input_var");
        int rank = c.rank(x, "the input");
        DataType t = x.type();
        if (rank == 4 && t == DataType.FLOAT && scale.type() == DataType.FLOAT && mean.type() == DataType.FLOAT) {
            int[] nhwc = Perms.toChannelsLast(4);
            String y = c.op("FusedBatchNormV3").in(c.phys(x, nhwc)).in(c.t(scale)).in(c.t(bias)).in(c.t(mean)).in(c.t(var))
                    .type("T", t).type("U", DataType.FLOAT).f("epsilon", eps).s("data_format", "NHWC").b("is_training", false).out();
            c.out(0, new Val(y, t, x.shape(), nhwc, null, c.frame));
            return;
        }
        int[] p = x.isConstant() ? null : x.perm();
        String in = p == null ? c.t(x) : x.tensor();
        String a = Ops.bin(c, "Mul", c.t(scale), Ops.un(c, "Rsqrt", Ops.bin(c, "AddV2", c.t(var), c.scalar(var.type(), eps), t), t), t);
        String b = Ops.bin(c, "Sub", c.t(bias), Ops.bin(c, "Mul", c.t(mean), a, t), t);
        Val av = c.val(a, t, null);
        Val bv = c.val(b, t, null);
        String y = Ops.bin(c, "AddV2", Ops.bin(c, "Mul", in, perChannel(c, av, rank, p), t), perChannel(c, bv, rank, p), t);
        c.out(0, new Val(y, t, x.shape(), p, null, c.frame));
    }

    /**
     * training_mode=1 (op set 14+): normalise with the batch statistics (biased variance); the optional
     * outputs are the running statistics, given * momentum + batch * (1 - momentum).
     */
    private static void batchNormTraining(EmitContext c, Val x) {
        float eps = c.node.attrFloat("epsilon", 1e-5f);
        float momentum = c.node.attrFloat("momentum", 0.9f);
        Val scale = c.require(1, "scale");
        Val bias = c.require(2, "B");
        Val mean = c.require(3, "input_mean");
        Val var = c.require(4, "input_var");
        int rank = c.rank(x, "the input");
        DataType t = x.type();
        int[] p = x.isConstant() ? null : x.perm();
        String in = p == null ? c.t(x) : x.tensor();
        long[] axes = new long[rank - 1];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            if ((p == null ? i : p[i]) != 1) {
                axes[k++] = i;
            }
        }
        String bm = c.op("Mean", "batch_mean").in(in).in(c.longs(axes)).type("T", t).type("Tidx", DataType.INT64)
                .b("keep_dims", false).out();
        Val bmv = c.val(bm, t, null);
        String centred = Ops.bin(c, "Sub", in, perChannel(c, bmv, rank, p), t);
        String bv = c.op("Mean", "batch_var").in(Ops.un(c, "Square", centred, t)).in(c.longs(axes)).type("T", t)
                .type("Tidx", DataType.INT64).b("keep_dims", false).out();
        Val bvv = c.val(bv, t, null);
        String inv = Ops.un(c, "Rsqrt", Ops.bin(c, "AddV2", bv, c.scalar(t, eps), t), t);
        String y = Ops.bin(c, "Mul", centred, perChannel(c, c.val(Ops.bin(c, "Mul", inv, c.t(scale), t), t, null), rank, p), t);
        y = Ops.bin(c, "AddV2", y, perChannel(c, bias, rank, p), t);
        c.out(0, new Val(y, t, x.shape(), p, null, c.frame));
        Val[] running = {mean, var};
        Val[] batch = {bmv, bvv};
        for (int i = 0; i < 2; i++) {
            if (c.node.outputs().size() > i + 1 && c.wantsOutput(i + 1)) {
                DataType rt = running[i].type();
                String r = Ops.bin(c, "AddV2", Ops.bin(c, "Mul", c.t(running[i]), c.scalar(rt, momentum), rt),
                        Ops.bin(c, "Mul", Ops.cast(c, c.t(batch[i]), t, rt), c.scalar(rt, 1 - momentum), rt), rt);
                c.out(i + 1, c.val(r, rt, running[i].shape()));
            }
        }
    }

    private static void instanceNorm(EmitContext c) {
        Val x = c.require(0, "input");
        float eps = c.node.attrFloat("epsilon", 1e-5f);
        int rank = c.rank(x, "the input");
        int[] p = x.isConstant() ? null : x.perm();
        int[] perm = p == null ? Perms.identity(rank) : p;
        String in = p == null ? c.t(x) : x.tensor();
        long[] axes = new long[rank - 2];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            if (perm[i] >= 2) {
                axes[k++] = i;
            }
        }
        DataType t = x.type();
        String ax = c.longs(axes);
        String mean = c.op("Mean", "mean").in(in).in(ax).type("T", t).type("Tidx", DataType.INT64).b("keep_dims", true).out();
        String sq = Ops.bin(c, "SquaredDifference", in, mean, t);
        String var = c.op("Mean", "variance").in(sq).in(ax).type("T", t).type("Tidx", DataType.INT64).b("keep_dims", true).out();
        String norm = Ops.bin(c, "Mul", Ops.bin(c, "Sub", in, mean, t),
                Ops.un(c, "Rsqrt", Ops.bin(c, "AddV2", var, c.scalar(t, eps), t), t), t);
        String y = Ops.bin(c, "AddV2", Ops.bin(c, "Mul", norm, perChannel(c, c.require(1, "scale"), rank, p), t),
                perChannel(c, c.require(2, "B"), rank, p), t);
        c.out(0, new Val(y, t, x.shape(), p, null, c.frame));
    }

    /** Normalises over the axes from {@code axis} on (logical layout); Mean and InvStdDev outputs when asked. */
    /**
     * RMSNormalization (op set 23): X / sqrt(mean(X^2 over [axis, rank)) + epsilon), computed in the stash
     * type (float32 by default) and cast back before the scale.
     */
    private static void rmsNorm(EmitContext c) {
        Val x = c.require(0, "X");
        Val scale = c.require(1, "scale");
        int rank = c.rank(x, "the input");
        int axis = Shapes.axis(c.node.attrLong("axis", -1), rank);
        float eps = c.node.attrFloat("epsilon", 1e-5f);
        long stash = c.node.attrLong("stash_type", 1);
        DataType u = DataType.fromCode((int) stash);
        if (!u.isFloatingPoint()) {
            throw c.error("stash_type " + stash + " is not a floating-point type");
        }
        DataType t = x.type();
        long[] axes = new long[rank - axis];
        for (int i = axis; i < rank; i++) {
            axes[i - axis] = i;
        }
        String xu = Ops.cast(c, c.t(x), t, u);
        String ms = c.op("Mean", "mean_square").in(Ops.un(c, "Square", xu, u)).in(c.longs(axes)).type("T", u)
                .type("Tidx", DataType.INT64).b("keep_dims", true).out();
        String rms = Ops.un(c, "Sqrt", Ops.bin(c, "AddV2", ms, c.scalar(u, eps), u), u);
        String y = Ops.cast(c, Ops.bin(c, "RealDiv", xu, rms, u), u, t);
        y = Ops.bin(c, "Mul", y, Ops.cast(c, c.t(scale), scale.type(), t), t);
        c.out(0, c.val(y, t, x.shape()));
    }

    /**
     * GroupNormalization: statistics per (N, group of C / num_groups channels) over those channels and the
     * spatial dims; scale and bias are per group before op set 21, per channel from 21.
     */
    private static void groupNorm(EmitContext c) {
        Val x = c.require(0, "X");
        Val scale = c.require(1, "scale");
        Val bias = c.require(2, "bias");
        int rank = c.rank(x, "the input");
        long groups = c.node.attrLong("num_groups", 0);
        long ch = x.dim(1);
        long inner = Shapes.product(x.shape(), 2, rank);
        if (rank < 2 || ch < 0 || inner < 0) {
            throw c.error("GroupNormalization needs static channel and spatial dims, got " + java.util.Arrays.toString(x.shape()));
        }
        if (groups <= 0 || ch % groups != 0) {
            throw c.error("num_groups " + groups + " must be positive and divide C = " + ch);
        }
        float eps = c.node.attrFloat("epsilon", 1e-5f);
        DataType t = x.type();
        String in = c.t(x);
        String xr = Ops.reshape(c, in, t, c.longs(-1, groups, ch / groups * inner));
        String axis = c.longs(2);
        String mean = c.op("Mean", "mean").in(xr).in(axis).type("T", t).type("Tidx", DataType.INT64).b("keep_dims", true).out();
        String var = c.op("Mean", "variance").in(Ops.bin(c, "SquaredDifference", xr, mean, t)).in(axis).type("T", t)
                .type("Tidx", DataType.INT64).b("keep_dims", true).out();
        String inv = Ops.un(c, "Rsqrt", Ops.bin(c, "AddV2", var, c.scalar(t, eps), t), t);
        String y = Ops.reshape(c, Ops.bin(c, "Mul", Ops.bin(c, "Sub", xr, mean, t), inv, t), t, Ops.shape(c, in, t));
        int opset = c.node.opsetVersion();
        boolean perChannel = opset <= 0 || opset >= 21;
        String sc = c.t(scale);
        String b = c.t(bias);
        if (!perChannel) {
            long[] idx = new long[(int) ch];
            for (int i = 0; i < ch; i++) {
                idx[i] = i / (ch / groups);
            }
            sc = gather(c, sc, scale.type(), idx);
            b = gather(c, b, bias.type(), idx);
        }
        long[] pc = new long[rank - 1];
        java.util.Arrays.fill(pc, 1);
        pc[0] = ch;
        y = Ops.bin(c, "Mul", y, Ops.reshape(c, Ops.cast(c, sc, scale.type(), t), t, c.longs(pc)), t);
        y = Ops.bin(c, "AddV2", y, Ops.reshape(c, Ops.cast(c, b, bias.type(), t), t, c.longs(pc)), t);
        c.out(0, c.val(y, t, x.shape()));
    }

    private static String gather(EmitContext c, String x, DataType t, long[] idx) {
        return c.op("GatherV2", "per_channel").in(x).in(c.longs(idx)).in(c.constant(dev.modelx.graph.Tensor.scalar(0L)))
                .type("Tparams", t).type("Tindices", DataType.INT64).type("Taxis", DataType.INT64).out();
    }

    /** MeanVarianceNormalization: (X - mean) / (sqrt(variance) + 1e-9) over the axes (default 0, 2, 3). */
    private static void meanVarianceNorm(EmitContext c) {
        Val x = c.require(0, "X");
        int rank = c.rank(x, "the input");
        long[] axes = c.node.attrLongs("axes", new long[]{0, 2, 3});
        long[] norm = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            norm[i] = Shapes.axis(axes[i], rank);
        }
        DataType t = x.type();
        String in = c.t(x);
        String ax = c.longs(norm);
        String mean = c.op("Mean", "mean").in(in).in(ax).type("T", t).type("Tidx", DataType.INT64).b("keep_dims", true).out();
        String var = c.op("Mean", "variance").in(Ops.bin(c, "SquaredDifference", in, mean, t)).in(ax).type("T", t)
                .type("Tidx", DataType.INT64).b("keep_dims", true).out();
        String den = Ops.bin(c, "AddV2", Ops.un(c, "Sqrt", var, t), c.scalar(t, 1e-9), t);
        c.out(0, c.val(Ops.bin(c, "RealDiv", Ops.bin(c, "Sub", in, mean, t), den, t), t, x.shape()));
    }

    private static void layerNorm(EmitContext c) {
        Val x = c.require(0, "X");
        int rank = c.rank(x, "the input");
        int axis = Shapes.axis(c.node.attrLong("axis", -1), rank);
        float eps = c.node.attrFloat("epsilon", 1e-5f);
        DataType t = x.type();
        long[] axes = new long[rank - axis];
        for (int i = axis; i < rank; i++) {
            axes[i - axis] = i;
        }
        String in = c.t(x);
        String ax = c.longs(axes);
        String mean = c.op("Mean", "mean").in(in).in(ax).type("T", t).type("Tidx", DataType.INT64).b("keep_dims", true).out();
        String var = c.op("Mean", "variance").in(Ops.bin(c, "SquaredDifference", in, mean, t)).in(ax).type("T", t)
                .type("Tidx", DataType.INT64).b("keep_dims", true).out();
        String inv = Ops.un(c, "Rsqrt", Ops.bin(c, "AddV2", var, c.scalar(t, eps), t), t);
        String y = Ops.bin(c, "Mul", Ops.bin(c, "Sub", in, mean, t), inv, t);
        y = Ops.bin(c, "Mul", y, c.t(c.require(1, "Scale")), t);
        Val b = c.in(2);
        if (b != null) {
            y = Ops.bin(c, "AddV2", y, c.t(b), t);
        }
        c.out(0, c.val(y, t, x.shape()));
        long[] statShape = x.shape() == null ? null : x.shape().clone();
        if (statShape != null) {
            for (int i = axis; i < rank; i++) {
                statShape[i] = 1;
            }
        }
        if (c.node.outputs().size() > 1) {
            c.out(1, c.val(mean, t, statShape));
        }
        if (c.node.outputs().size() > 2) {
            c.out(2, c.val(inv, t, statShape));
        }
    }

    private static void lpNorm(EmitContext c) {
        Val x = c.require(0, "input");
        int rank = c.rank(x, "the input");
        long axis = Shapes.axis(c.node.attrLong("axis", -1), rank);
        long p = c.node.attrLong("p", 2);
        DataType t = x.type();
        String in = c.t(x);
        String y;
        if (p == 2) {
            String ss = c.op("Sum", "sum").in(Ops.un(c, "Square", in, t)).in(c.longs(axis)).type("T", t).type("Tidx", DataType.INT64)
                    .b("keep_dims", true).out();
            y = Ops.bin(c, "DivNoNan", in, Ops.un(c, "Sqrt", ss, t), t);
        } else if (p == 1) {
            String s = c.op("Sum", "sum").in(Ops.un(c, "Abs", in, t)).in(c.longs(axis)).type("T", t).type("Tidx", DataType.INT64)
                    .b("keep_dims", true).out();
            y = Ops.bin(c, "DivNoNan", in, s, t);
        } else {
            throw c.error("LpNormalization p=" + p + " is not 1 or 2");
        }
        c.out(0, c.val(y, t, x.shape()));
    }

    private static void lrn(EmitContext c) {
        Val x = c.require(0, "X");
        long size = c.node.attrLong("size", 0);
        if (size % 2 == 0) {
            throw c.error("LRN size " + size + " is even; TensorFlow's window is symmetric (odd sizes only)");
        }
        if (c.rank(x, "the input") != 4) {
            throw c.error("LRN needs a 4-D input");
        }
        int[] nhwc = Perms.toChannelsLast(4);
        String y = c.op("LRN").in(c.phys(x, nhwc)).type("T", x.type()).i("depth_radius", (size - 1) / 2)
                .f("bias", c.node.attrFloat("bias", 1f)).f("alpha", c.node.attrFloat("alpha", 1e-4f) / size)
                .f("beta", c.node.attrFloat("beta", 0.75f)).out();
        c.out(0, new Val(y, x.type(), x.shape(), nhwc, null, c.frame));
    }
}
