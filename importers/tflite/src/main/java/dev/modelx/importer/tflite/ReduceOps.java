package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.ReductionOptions;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/** Reductions over the axes in input 1 (MEAN, SUM, REDUCE_*); ARG_MAX/ARG_MIN; CUMSUM. */
final class ReduceOps {

    private ReduceOps() {
    }

    static void register(OpRegistry r) {
        reduce(r, "MEAN", "ReduceMean", false);
        reduce(r, "SUM", "ReduceSum", false);
        reduce(r, "REDUCE_MAX", "ReduceMax", false);
        reduce(r, "REDUCE_MIN", "ReduceMin", false);
        reduce(r, "REDUCE_PROD", "ReduceProd", false);
        reduce(r, "REDUCE_ANY", "ReduceMax", true);
        reduce(r, "REDUCE_ALL", "ReduceMin", true);
        r.register("ARG_MAX", ctx -> arg(ctx, "ArgMax"));
        r.register("ARG_MIN", ctx -> arg(ctx, "ArgMin"));
        r.register("CUMSUM", ctx -> {
            ReductionOptions.Cumsum o = ReductionOptions.Cumsum.of(ctx.op());
            ctx.emit("CumSum", ctx.out(0), ctx.in(0), ctx.in(1)).attr("exclusive", o.exclusive() ? 1L : 0L)
                    .attr("reverse", o.reverse() ? 1L : 0L);
        });
    }

    private static void reduce(OpRegistry r, String tfl, String onnx, boolean logical) {
        r.register(tfl, ctx -> {
            boolean keep = ReductionOptions.Reducer.of(ctx.op()).keepDims();
            Tensor axes = ctx.constant(1);
            if (axes != null && axes.size() == 0) {
                // TF reduces over no axes (identity); ONNX would reduce over all of them.
                ctx.emit("Identity", ctx.out(0), ctx.in(0));
                return;
            }
            String ax = axes != null ? ctx.constLongs(axes.toLongArray())
                    : ctx.op1("Reshape", ctx.asInt64(ctx.in(1), ctx.inType(1)), ctx.constLongs(-1));
            String x = ctx.in(0);
            if (logical) {
                x = ctx.emit("Cast", ctx.fresh("as_int"), x).attr("to", DataType.INT32.code()).outputs().get(0);
                String y = ctx.op1Node(onnx, x, ax).attr("keepdims", keep ? 1L : 0L).outputs().get(0);
                ctx.emit("Cast", ctx.out(0), y).attr("to", DataType.BOOL.code());
            } else {
                ctx.emit(onnx, ctx.out(0), x, ax).attr("keepdims", keep ? 1L : 0L);
            }
        });
    }

    private static void arg(OpContext ctx, String onnx) {
        long[] axis = ctx.constInts(1, "axis");
        if (axis.length != 1) {
            throw ctx.error("axis operand holds " + axis.length + " values, expected 1");
        }
        String y = ctx.op1Node(onnx, ctx.in(0)).attr("axis", axis[0]).attr("keepdims", 0L).outputs().get(0);
        ctx.emit("Cast", ctx.out(0), y).attr("to", ctx.outType(0).code());
    }
}
