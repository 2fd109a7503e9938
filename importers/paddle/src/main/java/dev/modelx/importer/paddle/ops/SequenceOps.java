package dev.modelx.importer.paddle.ops;

import dev.modelx.graph.DataType;
import dev.modelx.importer.paddle.ConvertContext;
import dev.modelx.importer.paddle.OpRegistry;
import dev.modelx.importer.paddle.SourceOp;

import java.util.List;

/**
 * LoD sequence ops. A LoD variable travels as its dense rows plus int64 offset vectors (see
 * docs/paddle-lod.md): level offsets o[0]=0 <= o[1] <= ... <= o[B]=N split the N rows into B sequences.
 */
public final class SequenceOps {

    private SequenceOps() {
    }

    public static void register(OpRegistry r) {
        r.add("sequence_pool", SequenceOps::sequencePool);
        r.add("sequence_softmax", SequenceOps::sequenceSoftmax);
    }

    static String offsetsOf(ConvertContext c, SourceOp op, String slot) {
        List<String> lod = c.lod(op.input(slot));
        if (lod == null || lod.isEmpty()) {
            throw new IllegalArgumentException("input '" + op.input(slot) + "' carries no LoD offsets");
        }
        return lod.get(lod.size() - 1);
    }

    /** mask[b, i] = offsets[b] <= i < offsets[b+1], as bool [B, N]. */
    static String segmentMask(ConvertContext c, String x, String offsets) {
        String n = c.op("Gather", c.op1("Shape", x), c.scalarI64(0)).attr("axis", 0L).output(0);
        String rows = c.op1("Unsqueeze", c.op1("Range", c.scalarI64(0), n, c.scalarI64(1)), c.constI64(0));
        String starts = c.op1("Unsqueeze", c.op1("Slice", offsets, c.constI64(0), c.constI64(-1)), c.constI64(1));
        String ends = c.op1("Unsqueeze", c.op1("Slice", offsets, c.constI64(1), c.constI64(Long.MAX_VALUE)), c.constI64(1));
        return c.op1("And", c.op1("GreaterOrEqual", rows, starts), c.op1("Less", rows, ends));
    }

    /**
     * pooltype SUM, AVERAGE, SQRT (sum / sqrt(len)), MAX, FIRST, LAST over each sequence of rows; empty
     * sequences give pad_value (0 by default).
     */
    private static void sequencePool(ConvertContext c, SourceOp op) {
        String x = c.in(op, "X");
        String offsets = offsetsOf(c, op, "X");
        String type = op.s("pooltype", "AVERAGE").toUpperCase(java.util.Locale.ROOT);
        DataType t = c.dtype(op.input("X"));
        String out = c.out(op, "Out");
        String lengths = c.op1("Sub", c.op1("Slice", offsets, c.constI64(1), c.constI64(Long.MAX_VALUE)),
                c.op1("Slice", offsets, c.constI64(0), c.constI64(-1)));
        String empty = c.op1("Unsqueeze", c.op1("Equal", lengths, c.scalarI64(0)), c.constI64(1));
        String pad = c.scalar(t, op.f("pad_value", 0));
        String x2 = c.op("Flatten", x).attr("axis", 1L).output(0);
        String pooled;
        switch (type) {
            case "SUM", "AVERAGE", "SQRT" -> {
                String mask = c.cast(segmentMask(c, x, offsets), t);
                String sum = c.op1("MatMul", mask, x2);
                if (type.equals("SUM")) {
                    pooled = sum;
                } else {
                    String len = c.op1("Unsqueeze", c.cast(c.op1("Max", lengths, c.scalarI64(1)), t), c.constI64(1));
                    pooled = c.op1("Div", sum, type.equals("AVERAGE") ? len : c.op1("Sqrt", len));
                }
            }
            case "MAX" -> {
                String mask = c.op1("Unsqueeze", segmentMask(c, x, offsets), c.constI64(2));
                String lowest = c.scalar(t, -Float.MAX_VALUE);
                String masked = c.op1("Where", mask, c.op1("Unsqueeze", x2, c.constI64(0)), lowest);
                pooled = c.op("ReduceMax", masked).ints("axes", 1).attr("keepdims", 0L).output(0);
            }
            case "FIRST" -> pooled = c.op("Gather", x2, c.op1("Slice", offsets, c.constI64(0), c.constI64(-1))).attr("axis", 0L).output(0);
            case "LAST" -> {
                String last = c.op1("Max", c.op1("Sub", c.op1("Slice", offsets, c.constI64(1), c.constI64(Long.MAX_VALUE)), c.scalarI64(1)),
                        c.scalarI64(0));
                pooled = c.op("Gather", x2, last).attr("axis", 0L).output(0);
            }
            default -> throw new IllegalArgumentException("sequence_pool pooltype '" + type + "' is not supported");
        }
        String filled = c.op1("Where", empty, pad, pooled);
        String shape = c.op("Concat", c.constI64(-1), c.op1("Slice", c.op1("Shape", x), c.constI64(1), c.constI64(Long.MAX_VALUE)))
                .attr("axis", 0L).output(0);
        c.emit("Reshape", out, filled, shape);
        List<String> lod = c.lod(op.input("X"));
        if (lod.size() > 1) {
            c.setLod(op.output("Out"), lod.subList(0, lod.size() - 1));
        }
    }

    /** Softmax over each sequence of a [N, 1] (or [N]) input. */
    private static void sequenceSoftmax(ConvertContext c, SourceOp op) {
        String x = c.in(op, "X");
        String offsets = offsetsOf(c, op, "X");
        DataType t = c.dtype(op.input("X"));
        String flat = c.op1("Reshape", x, c.constI64(1, -1));
        String mask = segmentMask(c, x, offsets);
        String lowest = c.scalar(t, Double.NEGATIVE_INFINITY);
        String masked = c.op1("Where", mask, flat, lowest);
        String sm = c.op("Softmax", masked).attr("axis", 1L).output(0);
        String zero = c.scalar(t, 0);
        String perRow = c.op("ReduceSum", c.op1("Where", mask, sm, zero), c.constI64(0)).attr("keepdims", 0L).output(0);
        c.emit("Reshape", c.out(op, "Out"), perRow, c.op1("Shape", x));
    }
}
