package dev.modelx.runtime.kernels.attention;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.util.Arrays;
import java.util.List;

/**
 * ai.onnx.preview FlexAttention (version 1): Scores = Q·Kᵀ·scale, then the optional score_mod sub-graph,
 * a softmax over keys, the optional prob_mod sub-graph, and Y = Probs·V. Rank-4 inputs; K/V heads are
 * shared by contiguous groups of query heads. The sub-graphs see the whole (B, Hq, L, S) tensor in the
 * softmax precision (float for non-double inputs unless softmax_precision says otherwise).
 */
public final class FlexAttention {

    private FlexAttention() {
    }

    public static void v1(OpContext ctx) {
        Tensor q = ctx.input(0);
        Tensor k = ctx.input(1);
        Tensor v = ctx.input(2);
        AttentionMath.requireFloat(ctx, q, "Q");
        AttentionMath.requireFloat(ctx, k, "K");
        AttentionMath.requireFloat(ctx, v, "V");
        AttentionMath.requireRank(ctx, q, "Q", 4);
        AttentionMath.requireRank(ctx, k, "K", 4);
        AttentionMath.requireRank(ctx, v, "V", 4);
        Heads qh = Heads.of(ctx, q, "Q", 0);
        Heads kh = Heads.of(ctx, k, "K", 0);
        Heads vh = Heads.of(ctx, v, "V", 0);
        if (kh.batch() != qh.batch() || vh.batch() != qh.batch() || kh.size() != qh.size() || vh.heads() != kh.heads()
                || vh.seq() != kh.seq()) {
            throw ctx.error("Q " + OpContext.shape(q.shape()) + ", K " + OpContext.shape(k.shape()) + " and V "
                    + OpContext.shape(v.shape()) + " do not agree on batch, heads, key length or head size");
        }
        if (kh.heads() == 0 || qh.heads() % kh.heads() != 0) {
            throw ctx.error("Q heads " + qh.heads() + " must be a multiple of K/V heads " + kh.heads());
        }
        DataType precision = ctx.hasAttr("softmax_precision")
                ? AttentionMath.floatType(ctx, "softmax_precision", ctx.attrLong("softmax_precision", 1))
                : q.type() == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
        double scale = ctx.hasAttr("scale") ? ctx.attrFloat("scale", 0f) : 1.0 / Math.sqrt(qh.size());

        int batch = qh.batch();
        int hq = qh.heads();
        int len = qh.seq();
        int src = kh.seq();
        int d = qh.size();
        int dv = vh.size();
        int group = hq / kh.heads();
        long[] scoreShape = {batch, hq, len, src};
        double[] scores = new double[(int) AttentionMath.checkedCount(ctx, DataType.DOUBLE, scoreShape)];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < hq; h++) {
                for (int i = 0; i < len; i++) {
                    int qo = qh.at(b, h, i);
                    int ro = ((b * hq + h) * len + i) * src;
                    for (int j = 0; j < src; j++) {
                        int ko = kh.at(b, h / group, j);
                        double dot = 0;
                        for (int e = 0; e < d; e++) {
                            dot += qh.data()[qo + e] * kh.data()[ko + e];
                        }
                        // Q·Kᵀ is a T1 product (the function body's MatMul), then scaled in the softmax precision.
                        scores[ro + j] = AttentionMath.round(AttentionMath.round(dot, q.type()) * scale, precision);
                    }
                }
            }
        }
        scores = modify(ctx, "score_mod", scores, scoreShape, precision);
        if (ctx.hasAttr("mask_mod")) {
            scores = modify(ctx, "mask_mod", scores, scoreShape, precision);
        }
        for (int r = 0; r < scores.length; r += Math.max(src, 1)) {
            AttentionMath.softmax(scores, r, src);
        }
        double[] probs = modify(ctx, "prob_mod", scores, scoreShape, precision);

        double[] y = new double[(int) AttentionMath.checkedCount(ctx, DataType.DOUBLE, batch, hq, len, dv)];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < hq; h++) {
                for (int i = 0; i < len; i++) {
                    int ro = ((b * hq + h) * len + i) * src;
                    int yo = ((b * hq + h) * len + i) * dv;
                    for (int j = 0; j < src; j++) {
                        double p = probs[ro + j];
                        int vo = vh.at(b, h / group, j);
                        for (int e = 0; e < dv; e++) {
                            y[yo + e] += p * vh.data()[vo + e];
                        }
                    }
                }
            }
        }
        ctx.output(0, Tensors.fromDoubles(q.type(), new long[] {batch, hq, len, dv}, y));
    }

    /** Runs the named modifier sub-graph (when the node has it) on {@code values}; checks the result's shape. */
    private static double[] modify(OpContext ctx, String attr, double[] values, long[] shape, DataType precision) {
        if (!ctx.hasAttr(attr)) {
            return values;
        }
        Graph g = ctx.attrGraph(attr);
        if (g.inputs().size() != 1 || g.outputs().size() != 1) {
            throw ctx.error(attr + " must have exactly one input and one output, has " + g.inputs().size() + " and "
                    + g.outputs().size());
        }
        Tensor in = Tensors.fromDoubles(precision, shape, values);
        List<Value> outs = ctx.runSubgraph(g, List.of(new TensorValue(in)));
        if (outs.size() != 1 || !(outs.get(0) instanceof TensorValue tv)) {
            throw ctx.error(attr + " must produce one tensor");
        }
        Tensor out = tv.tensor();
        if (!Arrays.equals(out.shape(), shape)) {
            throw ctx.error(attr + " output shape " + OpContext.shape(out.shape()) + " differs from its input shape "
                    + OpContext.shape(shape));
        }
        if (!out.type().isFloatingPoint() || out.type().isComplex()) {
            throw ctx.error(attr + " output must be floating point, got " + out.type().displayName());
        }
        return out.toDoubleArray();
    }
}
