package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;

/** Scatter updates into tensors, segment sums and Unique. */
final class ScatterOps {

    private ScatterOps() {
    }

    static void register(OpRegistry r) {
        r.register((n, s) -> tensorScatter(n, s, "none"), "TensorScatterUpdate");
        r.register((n, s) -> tensorScatter(n, s, "add"), "TensorScatterAdd");
        r.register((n, s) -> tensorScatter(n, s, "max"), "TensorScatterMax");
        r.register((n, s) -> tensorScatter(n, s, "min"), "TensorScatterMin");
        r.register(ScatterOps::unsortedSegmentSum, "UnsortedSegmentSum");
        r.register(ScatterOps::unique, "Unique");
    }

    private static void tensorScatter(TfNode n, Scope s, String reduction) {
        Node scatter = s.node("ScatterND", s.in(n, 0), s.cast(s.in(n, 1), DataType.INT64), s.in(n, 2));
        if (!reduction.equals("none")) {
            scatter.attr("reduction", reduction);
        }
        s.out(n, 0, s.add(scatter).output(0));
    }

    /** Zeros of shape [num_segments] + data.shape[rank(ids):], with each data slice added at its segment. */
    private static void unsortedSegmentSum(TfNode n, Scope s) {
        String data = s.in(n, 0);
        String ids = s.cast(s.in(n, 1), DataType.INT64);
        int idsRank = s.rank(s.in(n, 1)).orElseThrow(() -> new TfImportException(n.describe() + ": the segment ids' rank must be known"));
        String dataShape = BasicOps.shapeOf(s, data, DataType.INT64);
        String tail = s.op("Slice", dataShape, s.constLongs("from", idsRank), s.constLongs("to", Long.MAX_VALUE));
        String count = s.op("Reshape", s.cast(s.in(n, 2), DataType.INT64), s.constLongs("shape", 1));
        String shape = s.add(s.node("Concat", count, tail).attr("axis", 0L)).output(0);
        String zeros = s.op("Expand", s.constant(Consts.scalar(n.requireType("T"), 0), "zero"), shape);
        String idx = s.op("Unsqueeze", ids, s.constLongs("axes", -1));
        s.out(n, 0, s.add(s.node("ScatterND", zeros, idx, data).attr("reduction", "add")).output(0));
    }

    /** ONNX Unique with sorted = 0 keeps first-occurrence order, as TF does; TF's idx is ONNX's inverse_indices. */
    private static void unique(TfNode n, Scope s) {
        String y = s.freshName("y");
        String inverse = s.freshName("idx");
        s.add(Node.of("Unique").inputs(s.in(n, 0)).outputs(y, "", inverse).attr("sorted", 0L));
        s.setType(inverse, DataType.INT64);
        s.out(n, 0, y);
        s.out(n, 1, s.cast(inverse, n.type("out_idx").orElse(DataType.INT32)));
    }
}
