package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import java.util.List;

/**
 * StringSplitV2 and SparseToDense. StringSplitV2 on a constant non-empty separator is ONNX StringSplit (both
 * keep empty pieces and split at most maxsplit times from the left); its padded [N, M] result becomes TF's
 * sparse triple: the row-major positions j < count[i] (NonZero), the pieces there (GatherND) and [N, M].
 * The empty separator (split on whitespace runs) is refused: TF's whitespace is ASCII (TF Java keeps a
 * string with U+2003 or U+001F in one piece), ONNX's is Python's str.split, which also splits there.
 * maxsplit 0 is refused too (TF reads any maxsplit <= 0 as no limit, ONNX 0 as no split).
 * SparseToDense scatters the values (a scalar one repeated) into the default value expanded to the output
 * shape.
 */
final class SparseStringOps {

    private SparseStringOps() {
    }

    static void register(OpRegistry r) {
        r.register(SparseStringOps::stringSplit, "StringSplitV2");
        r.register(SparseStringOps::sparseToDense, "SparseToDense");
    }

    private static void stringSplit(TfNode n, Scope s) {
        Tensor sep = s.requireConstant(n, 1, "the separator");
        if (sep.type() != DataType.STRING || sep.size() != 1) {
            throw new TfImportException(n.describe() + ": the separator must be one string, got a " + sep.type().displayName()
                    + " tensor of " + sep.size() + " elements");
        }
        String delimiter = sep.strings()[0];
        if (delimiter.isEmpty()) {
            throw new TfImportException(n.describe() + ": splitting on whitespace (empty separator) is not supported: TF splits on "
                    + "ASCII whitespace only, ONNX StringSplit on all Unicode whitespace");
        }
        long maxsplit = n.has("maxsplit") ? n.attr("maxsplit").getI() : -1;
        if (maxsplit == 0) {
            throw new TfImportException(n.describe() + ": maxsplit 0 is not supported (TF: no limit, ONNX: no split)");
        }
        String x = s.in(n, 0);
        s.setType(x, DataType.STRING);
        s.rank(x).filter(r -> r != 1).ifPresent(r -> {
            throw new TfImportException(n.describe() + ": the input must be 1-D, got rank " + r);
        });
        s.session.requireOpset(20);
        var split = s.node("StringSplit", x).outputs(s.freshName("pieces"), s.freshName("counts")).attr("delimiter", delimiter);
        if (maxsplit > 0) {
            split.attr("maxsplit", maxsplit);
        }
        s.add(split);
        String pieces = split.output(0);
        String counts = split.output(1);
        s.setType(pieces, DataType.STRING);
        s.setType(counts, DataType.INT64);
        String shape = s.op("Shape", pieces);
        s.setType(shape, DataType.INT64);
        String width = s.op("Gather", shape, s.scalarLong("axis1", 1));
        String cols = s.op("Range", s.scalarLong("zero", 0), width, s.scalarLong("one", 1));
        String mask = s.op("Less", s.op("Unsqueeze", cols, s.constLongs("axes", 0)), s.op("Unsqueeze", counts, s.constLongs("axes", 1)));
        String indices = s.op("Transpose", s.op("NonZero", mask));
        s.setType(indices, DataType.INT64);
        String values = s.op("GatherND", pieces, indices);
        s.setType(values, DataType.STRING);
        s.session.shapes.putIfAbsent(indices, new Shape(List.of(Dim.unknown(), Dim.of(2))));
        s.session.shapes.putIfAbsent(values, new Shape(List.of(Dim.unknown())));
        s.session.shapes.putIfAbsent(shape, new Shape(List.of(Dim.of(2))));
        s.out(n, 0, indices);
        s.out(n, 1, values);
        s.out(n, 2, shape);
    }

    private static void sparseToDense(TfNode n, Scope s) {
        String indices = s.cast(s.in(n, 0), DataType.INT64);
        int rank = s.rank(s.in(n, 0)).orElseThrow(() -> new TfImportException(n.describe()
                + ": the rank of sparse_indices must be known (0-D, 1-D or 2-D)"));
        if (rank > 2) {
            throw new TfImportException(n.describe() + ": sparse_indices must be 0-D, 1-D or 2-D, got rank " + rank);
        }
        if (rank < 2) {
            indices = s.op("Reshape", indices, s.constLongs("column", -1, 1));
        }
        s.setType(indices, DataType.INT64);
        String shape = s.cast(s.in(n, 1), DataType.INT64);
        String dense = s.op("Expand", s.in(n, 3), s.op("Reshape", shape, s.constLongs("flat", -1)));
        String count = s.op("Slice", s.op("Shape", indices), s.constLongs("start", 0), s.constLongs("end", 1));
        String values = s.op("Expand", s.in(n, 2), count);
        s.out(n, 0, s.op("ScatterND", dense, indices, values));
    }
}
