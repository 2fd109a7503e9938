package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/**
 * NonMaxSuppression as one TF NonMaxSuppressionV3 per (batch, class), unrolled over the static batch and
 * class counts; each selection becomes [batch, class, box] int64 rows, concatenated in that order as
 * ONNX lists them. center_point_box=1 boxes are turned into corners first (TF takes either diagonal).
 */
final class NonMaxSuppressionEmitter {

    /** Batch x class pairs unrolled at most. */
    private static final long MAX_PAIRS = 4096;

    private NonMaxSuppressionEmitter() {
    }

    static void register(Emitters r) {
        r.register(NonMaxSuppressionEmitter::emit, "NonMaxSuppression");
    }

    private static void emit(EmitContext c) {
        Val boxes = c.require(0, "boxes");
        Val scores = c.require(1, "scores");
        long batches = boxes.dim(0);
        long classes = scores.dim(1);
        if (boxes.rank() != 3 || scores.rank() != 3 || batches < 0 || classes < 0 || batches * classes > MAX_PAIRS) {
            throw c.error("NonMaxSuppression needs boxes [B, N, 4] and scores [B, C, N] with static B and C (B * C <= "
                    + MAX_PAIRS + ") to write it for TensorFlow, got " + boxes + " and " + scores);
        }
        if (boxes.type() != DataType.FLOAT || scores.type() != DataType.FLOAT) {
            throw c.error("NonMaxSuppression boxes and scores must be float for TensorFlow, got " + boxes.type().displayName());
        }
        Val maxOut = c.in(2);
        Val iou = c.in(3);
        Val scoreMin = c.in(4);
        String max = maxOut == null ? c.scalar(DataType.INT32, 0) : Ops.cast(c, Ops.reshape(c, Ops.bin(c, "Minimum",
                Ops.cast(c, c.t(maxOut), maxOut.type(), DataType.INT64), c.constant(Tensor.scalar((long) Integer.MAX_VALUE)),
                DataType.INT64), DataType.INT64, c.longs()), DataType.INT64, DataType.INT32);
        String iouT = iou == null ? c.scalar(DataType.FLOAT, 0) : Ops.reshape(c, c.t(iou), DataType.FLOAT, c.longs());
        String scoreT = scoreMin == null ? c.scalar(DataType.FLOAT, Double.NEGATIVE_INFINITY)
                : Ops.reshape(c, c.t(scoreMin), DataType.FLOAT, c.longs());
        String b = c.t(boxes);
        if (c.node.attrLong("center_point_box", 0) != 0) {
            b = corners(c, b);
        }
        String s = c.t(scores);
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (long bi = 0; bi < batches; bi++) {
            String bb = at(c, b, bi);
            String sb = at(c, s, bi);
            for (long ci = 0; ci < classes; ci++) {
                String sel = c.op("NonMaxSuppressionV3", "nms").in(bb).in(at(c, sb, ci)).in(max).in(iouT).in(scoreT)
                        .type("T", DataType.FLOAT).type("T_threshold", DataType.FLOAT).out();
                String idx = Ops.cast(c, sel, DataType.INT32, DataType.INT64);
                String ones = c.op("OnesLike", "ones").in(idx).type("T", DataType.INT64).out();
                String rows = c.op("Pack", "rows").in(Ops.bin(c, "Mul", ones, c.constant(Tensor.scalar(bi)), DataType.INT64))
                        .in(Ops.bin(c, "Mul", ones, c.constant(Tensor.scalar(ci)), DataType.INT64)).in(idx)
                        .type("T", DataType.INT64).i("N", 3).i("axis", 1).out();
                parts.add(rows);
            }
        }
        if (parts.isEmpty()) {
            c.out(0, Val.constant(Tensor.ofLongs(new long[]{0, 3})));
            return;
        }
        String y = parts.size() == 1 ? parts.get(0) : Ops.concat(c, DataType.INT64, 0, parts.toArray(String[]::new));
        c.out(0, c.val(y, DataType.INT64, new long[]{-1, 3}));
    }

    /** x[i] along axis 0. */
    private static String at(EmitContext c, String x, long i) {
        return c.op("GatherV2", "at").in(x).in(c.constant(Tensor.scalar(i))).in(c.constant(Tensor.scalar(0L)))
                .type("Tparams", DataType.FLOAT).type("Tindices", DataType.INT64).type("Taxis", DataType.INT64).out();
    }

    /** [x_center, y_center, w, h] boxes to [y1, x1, y2, x2]. */
    private static String corners(EmitContext c, String b) {
        TfOp u = c.op("Unpack", "center").in(b).type("T", DataType.FLOAT).i("num", 4).i("axis", -1);
        String half = c.scalar(DataType.FLOAT, 0.5);
        String hw = Ops.bin(c, "Mul", u.out(2), half, DataType.FLOAT);
        String hh = Ops.bin(c, "Mul", u.out(3), half, DataType.FLOAT);
        return c.op("Pack", "corners").in(Ops.bin(c, "Sub", u.out(1), hh, DataType.FLOAT))
                .in(Ops.bin(c, "Sub", u.out(0), hw, DataType.FLOAT)).in(Ops.bin(c, "AddV2", u.out(1), hh, DataType.FLOAT))
                .in(Ops.bin(c, "AddV2", u.out(0), hw, DataType.FLOAT)).type("T", DataType.FLOAT).i("N", 4).i("axis", -1).out();
    }
}
