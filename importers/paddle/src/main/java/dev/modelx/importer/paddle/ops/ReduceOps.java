package dev.modelx.importer.paddle.ops;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.importer.paddle.ConvertContext;
import dev.modelx.importer.paddle.OpRegistry;
import dev.modelx.importer.paddle.SourceOp;

import java.util.List;

/** reduce_* ops: attrs dim, keep_dim, reduce_all (all axes when set or when dim is empty). */
public final class ReduceOps {

    private ReduceOps() {
    }

    public static void register(OpRegistry r) {
        String[][] map = {
            {"reduce_sum", "ReduceSum"}, {"reduce_mean", "ReduceMean"}, {"reduce_max", "ReduceMax"},
            {"reduce_min", "ReduceMin"}, {"reduce_prod", "ReduceProd"}, {"logsumexp", "ReduceLogSumExp"},
        };
        for (String[] m : map) {
            r.add(m[0], (c, op) -> reduce(c, op, m[1], c.in(op, "X"), c.out(op, "Out")));
        }
        r.add("reduce_all", (c, op) -> boolReduce(c, op, "ReduceMin"));
        r.add("reduce_any", (c, op) -> boolReduce(c, op, "ReduceMax"));
    }

    private static Node reduce(ConvertContext c, SourceOp op, String onnx, String x, String out) {
        Object dimAttr = op.attrs().get(op.has("dim") ? "dim" : "axis");
        long keep = op.b("keep_dim", op.b("keepdim", false)) ? 1 : 0;
        if ((dimAttr instanceof String || dimAttr instanceof List<?>) && !op.b("reduce_all", false)) {
            return RuntimeAxesReduce.reduce(c, onnx, x, c.rank(op.input("X")), axesTensor(c, dimAttr), keep, out);
        }
        long[] dims = dimAttr instanceof String || dimAttr instanceof List<?> ? new long[0] : op.has("dim") ? op.ints("dim") : op.ints("axis");
        boolean all = op.b("reduce_all", false) || dims.length == 0;
        Node n;
        if (onnx.equals("ReduceSum")) {
            n = all ? c.emit("ReduceSum", out, x) : c.emit("ReduceSum", out, x, c.constI64(dims));
        } else {
            n = c.emit(onnx, out, x);
            if (!all) {
                n.ints("axes", dims);
            }
        }
        return n.attr("keepdims", keep);
    }

    /** The axes of a VAR dim (one variable) or VARS dim (one-element variables, concatenated). */
    private static String axesTensor(ConvertContext c, Object dimAttr) {
        if (dimAttr instanceof String v) {
            return c.value(v);
        }
        List<String> parts = new java.util.ArrayList<>();
        for (Object v : (List<?>) dimAttr) {
            parts.add(c.op1("Reshape", c.cast(c.value(v.toString()), DataType.INT64), c.constI64(-1)));
        }
        return c.op("Concat", parts.toArray(new String[0])).attr("axis", 0L).output(0);
    }

    private static void boolReduce(ConvertContext c, SourceOp op, String onnx) {
        String asInt = c.cast(c.in(op, "X"), DataType.INT32);
        String red = c.fresh(op.output("Out") + "_int");
        reduce(c, op, onnx, asInt, red);
        c.emit("Cast", c.out(op, "Out"), red).attr("to", (long) DataType.BOOL.code());
    }
}
