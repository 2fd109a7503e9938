package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import java.util.Map;

/** Reductions over axes given as an input tensor (ONNX opset 18 takes axes as an input too). */
final class ReduceOps {

    private ReduceOps() {
    }

    private static final Map<String, String> OPS = Map.of("Mean", "ReduceMean", "Sum", "ReduceSum", "Max", "ReduceMax",
            "Min", "ReduceMin", "Prod", "ReduceProd", "EuclideanNorm", "ReduceL2");

    static void register(OpRegistry r) {
        for (Map.Entry<String, String> e : OPS.entrySet()) {
            r.register((n, s) -> s.out(n, 0, reduce(n, s, e.getValue(), s.in(n, 0))), e.getKey());
        }
        r.register((n, s) -> logical(n, s, "ReduceMin"), "All");
        r.register((n, s) -> logical(n, s, "ReduceMax"), "Any");
    }

    /** TF reduces nothing when the axes list is empty, as ONNX does with noop_with_empty_axes = 1. */
    private static String reduce(TfNode n, Scope s, String op, String x) {
        String axes = s.cast(ArrayOps.reshapeTo1d(s, s.in(n, 1)), DataType.INT64);
        return s.add(s.node(op, x, axes).attr("keepdims", n.b("keep_dims", false) ? 1L : 0L)
                .attr("noop_with_empty_axes", 1L)).output(0);
    }

    private static void logical(TfNode n, Scope s, String op) {
        String x = s.cast(s.in(n, 0), DataType.INT32);
        String r = reduce(n, s, op, x);
        s.setType(r, DataType.INT32);
        s.out(n, 0, s.cast(r, DataType.BOOL));
    }
}
