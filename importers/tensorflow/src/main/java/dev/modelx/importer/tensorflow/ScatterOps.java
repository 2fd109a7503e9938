package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

/** Scatter updates into tensors, segment sums and Unique. */
final class ScatterOps {

    private ScatterOps() {
    }

    static void register(OpRegistry r) {
        r.register((n, s) -> tensorScatter(n, s, "none"), "TensorScatterUpdate");
        r.register((n, s) -> tensorScatter(n, s, "add"), "TensorScatterAdd");
        r.register((n, s) -> tensorScatter(n, s, "max"), "TensorScatterMax");
        r.register((n, s) -> tensorScatter(n, s, "min"), "TensorScatterMin");
        r.register((n, s) -> unsortedSegment(n, s, "add"), "UnsortedSegmentSum");
        r.register((n, s) -> unsortedSegment(n, s, "mul"), "UnsortedSegmentProd");
        r.register((n, s) -> unsortedSegment(n, s, "max"), "UnsortedSegmentMax");
        r.register((n, s) -> unsortedSegment(n, s, "min"), "UnsortedSegmentMin");
        r.register(ScatterOps::unique, "Unique");
        r.register(ScatterOps::uniqueWithCounts, "UniqueWithCountsV2");
        r.register(ScatterOps::invertPermutation, "InvertPermutation");
    }

    private static void tensorScatter(TfNode n, Scope s, String reduction) {
        Node scatter = s.node("ScatterND", s.in(n, 0), s.cast(s.in(n, 1), DataType.INT64), s.in(n, 2));
        if (!reduction.equals("none")) {
            scatter.attr("reduction", reduction);
        }
        s.out(n, 0, s.add(scatter).output(0));
    }

    /** What an empty segment holds: the reduction's identity (TF: lowest / highest value of the type for max / min). */
    private static Tensor identity(TfNode n, DataType t, String reduction) {
        return switch (reduction) {
            case "add" -> Consts.scalar(t, 0);
            case "mul" -> Consts.scalar(t, 1);
            default -> {
                boolean max = reduction.equals("max");
                yield switch (t) {
                    case FLOAT -> Tensor.ofFloats(new long[0], max ? -Float.MAX_VALUE : Float.MAX_VALUE);
                    case DOUBLE -> Tensor.ofDoubles(new long[0], max ? -Double.MAX_VALUE : Double.MAX_VALUE);
                    case INT32 -> Tensor.ofInts(new long[0], max ? Integer.MIN_VALUE : Integer.MAX_VALUE);
                    case INT64 -> Tensor.ofLongs(new long[0], max ? Long.MIN_VALUE : Long.MAX_VALUE);
                    default -> throw new TfImportException(n.describe() + ": segment " + reduction + " of " + t.displayName()
                            + " is not supported (float, double, int32, int64)");
                };
            }
        };
    }

    /**
     * The identity of shape [num_segments] + data.shape[rank(ids):], each data slice combined into its segment
     * by ScatterND's reduction. TF drops slices with a negative id: they become the identity at segment 0.
     */
    private static void unsortedSegment(TfNode n, Scope s, String reduction) {
        String data = s.in(n, 0);
        String ids = s.cast(s.in(n, 1), DataType.INT64);
        s.setType(ids, DataType.INT64);
        var knownRank = s.rank(s.in(n, 1));
        String init = s.constant(identity(n, n.requireType("T"), reduction), "identity");
        var dataRank = s.rank(data);
        if (dataRank.isPresent() && knownRank.isPresent()) {
            int idsRank = knownRank.get();
            String zero = s.constant(Tensor.ofLongs(new long[0], 0), "zero");
            String dropped = s.op("Less", ids, zero);
            long[] trailing = new long[dataRank.get() - idsRank];
            for (int i = 0; i < trailing.length; i++) {
                trailing[i] = idsRank + i;
            }
            String mask = trailing.length == 0 ? dropped : s.op("Unsqueeze", dropped, s.constLongs("trailing", trailing));
            data = s.op("Where", mask, init, data);
            ids = s.op("Max", ids, zero);
        }
        String dataShape = BasicOps.shapeOf(s, data, DataType.INT64);
        // data.shape[rank(ids):], with rank(ids) read at run time when the import does not know it
        String from = knownRank.isPresent() ? s.constLongs("from", knownRank.get()) : s.op("Shape", s.op("Shape", ids));
        String tail = s.op("Slice", dataShape, from, s.constLongs("to", Long.MAX_VALUE));
        String count = s.op("Reshape", s.cast(s.in(n, 2), DataType.INT64), s.constLongs("shape", 1));
        String shape = s.add(s.node("Concat", count, tail).attr("axis", 0L)).output(0);
        String filled = s.op("Expand", init, shape);
        String idx = s.op("Unsqueeze", ids, s.constLongs("axes", -1));
        s.out(n, 0, s.add(s.node("ScatterND", filled, idx, data).attr("reduction", reduction)).output(0));
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

    /**
     * UniqueWithCountsV2: ONNX Unique unsorted (first-occurrence order, as TF) along the one axis given, or
     * over the flattened input when the axis tensor is empty; inverse indices and counts as TF's idx / count.
     */
    private static void uniqueWithCounts(TfNode n, Scope s) {
        Tensor axisT = s.requireConstant(n, 1, "the axis");
        String x = s.in(n, 0);
        String y = s.freshName("y");
        String inverse = s.freshName("idx");
        String counts = s.freshName("count");
        Node u = Node.of("Unique").outputs(y, "", inverse, counts).attr("sorted", 0L);
        if (axisT.size() == 0) {
            u.inputs(s.op("Reshape", x, s.constLongs("flat", -1)));
        } else if (axisT.size() == 1) {
            long axis = axisT.toLongArray()[0];
            int rank = s.rank(x).orElseThrow(() -> new TfImportException(n.describe() + ": the input's rank must be known"));
            if (axis < -rank || axis >= rank) {
                throw new TfImportException(n.describe() + ": axis " + axis + " is out of range for rank " + rank);
            }
            u.inputs(x).attr("axis", axis < 0 ? axis + rank : axis);
        } else {
            throw new TfImportException(n.describe() + ": the axis must hold at most one value, got " + axisT.size());
        }
        s.add(u);
        s.setType(inverse, DataType.INT64);
        s.setType(counts, DataType.INT64);
        DataType outIdx = n.type("out_idx").orElse(DataType.INT32);
        s.out(n, 0, y);
        s.out(n, 1, s.cast(inverse, outIdx));
        s.out(n, 2, s.cast(counts, outIdx));
    }

    /** InvertPermutation: y[x[i]] = i, a ScatterElements of 0..n-1 at the positions x. */
    private static void invertPermutation(TfNode n, Scope s) {
        String x = s.in(n, 0);
        DataType t = n.type("T").orElse(DataType.INT32);
        s.setType(x, t);
        String size = s.op("Size", x);
        s.setType(size, DataType.INT64);
        String iota = s.cast(s.op("Range", s.scalarLong("zero", 0), size, s.scalarLong("one", 1)), t);
        String indices = s.cast(x, DataType.INT64);
        s.out(n, 0, s.add(s.node("ScatterElements", x, indices, iota).attr("axis", 0L)).output(0));
    }
}
