package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/** Compress: the condition's true positions (Where) gathered along the axis, or along the flattened input. */
final class CompressEmitter {

    private CompressEmitter() {
    }

    static void register(Emitters r) {
        r.register(CompressEmitter::emit, "Compress");
    }

    private static void emit(EmitContext c) {
        Val x = c.require(0, "input");
        Val cond = c.require(1, "condition");
        if (cond.rank() > 1) {
            throw c.error("the Compress condition must be 1-D, got " + cond);
        }
        DataType t = x.type();
        String in = c.t(x);
        int axis = 0;
        long[] shape;
        if (c.node.hasAttribute("axis")) {
            int rank = c.rank(x, "the input");
            axis = Shapes.axis(c.node.attrLong("axis", 0), rank);
            shape = x.shape().clone();
        } else {
            in = Ops.reshape(c, in, t, c.longs(-1));
            shape = new long[1];
        }
        shape[axis] = -1;
        String flag = c.t(cond);
        if (cond.type() != DataType.BOOL) {
            flag = Ops.bin(c, "NotEqual", flag, c.scalar(cond.type(), 0), cond.type());
        }
        String where = c.op("Where", "where").in(Ops.reshape(c, flag, DataType.BOOL, c.longs(-1))).type("T", DataType.BOOL).out();
        String idx = Ops.reshape(c, where, DataType.INT64, c.longs(-1));
        String y = c.op("GatherV2", "gather").in(in).in(idx).in(c.constant(Tensor.scalar((long) axis))).type("Tparams", t)
                .type("Tindices", DataType.INT64).type("Taxis", DataType.INT64).out();
        c.out(0, c.val(y, t, shape));
    }
}
