package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;

/** Small building blocks shared by the emitters: one TF node each, returning its output tensor. */
final class Ops {

    private Ops() {
    }

    static String un(EmitContext c, String op, String x, DataType t) {
        return c.op(op, op.toLowerCase()).in(x).type("T", t).out();
    }

    static String bin(EmitContext c, String op, String x, String y, DataType t) {
        return c.op(op, op.toLowerCase()).in(x).in(y).type("T", t).out();
    }

    static String cast(EmitContext c, String x, DataType from, DataType to) {
        if (from == to) {
            return x;
        }
        return c.op("Cast", "cast").in(x).type("SrcT", from).type("DstT", to).out();
    }

    /** The int64 shape of {@code x}. */
    static String shape(EmitContext c, String x, DataType t) {
        return c.op("Shape", "shape").in(x).type("T", t).type("out_type", DataType.INT64).out();
    }

    static String reshape(EmitContext c, String x, DataType t, String shape) {
        return c.op("Reshape", "reshape").in(x).in(shape).type("T", t).type("Tshape", DataType.INT64).out();
    }

    /** x[begin:end] of a 1-D tensor (int64 indices), end < 0 meaning "to the end". */
    static String slice1d(EmitContext c, String x, DataType t, long begin, long end) {
        TfOp o = c.op("StridedSlice", "slice").in(x).in(c.longs(begin)).in(c.longs(end < 0 ? 0 : end)).in(c.longs(1))
                .type("T", t).type("Index", DataType.INT64);
        if (end < 0) {
            o.i("end_mask", 1);
        }
        return o.out();
    }

    static String concat(EmitContext c, DataType t, long axis, String... parts) {
        TfOp o = c.op("ConcatV2", "concat");
        for (String p : parts) {
            o.in(p);
        }
        return o.in(c.constant(dev.modelx.graph.Tensor.scalar(axis))).type("T", t).i("N", parts.length).type("Tidx", DataType.INT64).out();
    }

    static String expandDims(EmitContext c, String x, DataType t, long axis) {
        return c.op("ExpandDims", "expand_dims").in(x).in(c.constant(dev.modelx.graph.Tensor.scalar(axis))).type("T", t)
                .type("Tdim", DataType.INT64).out();
    }

    static String squeeze(EmitContext c, String x, DataType t, long... axes) {
        return c.op("Squeeze", "squeeze").in(x).type("T", t).ints("squeeze_dims", axes).out();
    }

    static String select(EmitContext c, String cond, String x, String y, DataType t) {
        return c.op("SelectV2", "select").in(cond).in(x).in(y).type("T", t).out();
    }

    static String identity(EmitContext c, String x, DataType t) {
        return c.op("Identity", "identity").in(x).type("T", t).out();
    }
}
