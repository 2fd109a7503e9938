package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.Arrays;

/**
 * NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss. The class axis (1) is moved last and the picked
 * log-probability of each element is gathered from the flattened [elements, C] matrix; ignore_index
 * elements count as zero loss and zero weight; reduction mean divides by the summed weights (by the
 * element count when there are neither weights nor ignore_index). 16-bit inputs are computed in float32.
 */
final class LossEmitters {

    private LossEmitters() {
    }

    static void register(Emitters r) {
        r.register(LossEmitters::nll, "NegativeLogLikelihoodLoss");
        r.register(LossEmitters::softmaxCrossEntropy, "SoftmaxCrossEntropyLoss");
    }

    private static void nll(EmitContext c) {
        Val x = c.require(0, "input");
        int[] last = classLast(c, x);
        DataType t = x.type();
        DataType w = working(t);
        String lp = Ops.cast(c, c.phys(x, last), t, w);
        c.out(0, loss(c, lp, w, x.dim(1), c.require(1, "target"), c.in(2), t));
    }

    private static void softmaxCrossEntropy(EmitContext c) {
        Val x = c.require(0, "scores");
        int[] last = classLast(c, x);
        DataType t = x.type();
        DataType w = working(t);
        String lp = c.op("LogSoftmax", "log_prob").in(Ops.cast(c, c.phys(x, last), t, w)).type("T", w).out();
        c.out(0, loss(c, lp, w, x.dim(1), c.require(1, "labels"), c.in(2), t));
        if (c.node.outputs().size() > 1 && c.wantsOutput(1)) {
            // the log-probabilities stay class-last: a permuted value, transposed only where a consumer needs it
            c.out(1, new Val(Ops.cast(c, lp, w, t), t, x.shape(), last, null, c.frame));
        }
    }

    private static DataType working(DataType t) {
        return t == DataType.FLOAT16 || t == DataType.BFLOAT16 ? DataType.FLOAT : t;
    }

    /** The permutation moving axis 1 (classes) last; the class count must be static. */
    private static int[] classLast(EmitContext c, Val x) {
        int rank = c.rank(x, "the input");
        if (rank < 2 || x.dim(1) < 0) {
            throw c.error("the input must be (N, C, ...) with a static C, got " + Arrays.toString(x.shape()));
        }
        int[] p = new int[rank];
        for (int i = 0, k = 0; i < rank; i++) {
            if (i != 1) {
                p[k++] = i;
            }
        }
        p[rank - 1] = 1;
        return p;
    }

    /** The reduced loss of class-last log-probabilities {@code lp} (type {@code w}), as type {@code out}. */
    private static Val loss(EmitContext c, String lp, DataType w, long classes, Val target, Val weight, DataType out) {
        String reduction = c.node.attrString("reduction", "mean");
        if (!reduction.equals("none") && !reduction.equals("sum") && !reduction.equals("mean")) {
            throw c.error("reduction must be none, sum or mean, got '" + reduction + "'");
        }
        DataType l = DataType.INT64;
        String flat = Ops.reshape(c, lp, w, c.longs(-1, classes));
        String t = Ops.reshape(c, Ops.cast(c, c.t(target), target.type(), l), l, c.longs(-1));
        boolean hasIgnore = c.node.hasAttribute("ignore_index");
        String zeroL = c.constant(Tensor.scalar(0L));
        String ignored = hasIgnore ? Ops.bin(c, "Equal", t, c.constant(Tensor.scalar(c.node.attrLong("ignore_index", 0))), l) : null;
        String safe = ignored == null ? t : Ops.select(c, ignored, zeroL, t, l);
        String count = c.op("Size", "count").in(t).type("T", l).type("out_type", l).out();
        String rows = c.op("Range", "rows").in(zeroL).in(count).in(c.constant(Tensor.scalar(1L))).type("Tidx", l).out();
        String index = Ops.bin(c, "AddV2", Ops.bin(c, "Mul", rows, c.constant(Tensor.scalar(classes)), l), safe, l);
        String picked = gather(c, Ops.reshape(c, flat, w, c.longs(-1)), w, index);
        String wt = weight == null ? c.op("OnesLike", "ones").in(picked).type("T", w).out()
                : gather(c, Ops.cast(c, c.t(weight), weight.type(), w), w, safe);
        String zero = c.scalar(w, 0);
        if (ignored != null) {
            wt = Ops.select(c, ignored, zero, wt, w);
        }
        String loss = Ops.bin(c, "Mul", Ops.un(c, "Neg", picked, w), wt, w);
        if (ignored != null) {
            loss = Ops.select(c, ignored, zero, loss, w);
        }
        if (reduction.equals("none")) {
            String shaped = Ops.reshape(c, loss, w, Ops.shape(c, c.t(target), target.type()));
            return c.val(Ops.cast(c, shaped, w, out), out, target.shape());
        }
        String axis = c.longs(0);
        String y;
        if (reduction.equals("mean") && weight == null && !hasIgnore) {
            y = c.op("Mean", "mean").in(loss).in(axis).type("T", w).type("Tidx", l).out();
        } else {
            y = c.op("Sum", "sum").in(loss).in(axis).type("T", w).type("Tidx", l).out();
            if (reduction.equals("mean")) {
                y = Ops.bin(c, "RealDiv", y, c.op("Sum", "weight_sum").in(wt).in(axis).type("T", w).type("Tidx", l).out(), w);
            }
        }
        return c.val(Ops.cast(c, y, w, out), out, new long[0]);
    }

    private static String gather(EmitContext c, String params, DataType t, String index) {
        return c.op("GatherV2", "pick").in(params).in(index).in(c.constant(Tensor.scalar(0L))).type("Tparams", t)
                .type("Tindices", DataType.INT64).type("Taxis", DataType.INT64).out();
    }
}
