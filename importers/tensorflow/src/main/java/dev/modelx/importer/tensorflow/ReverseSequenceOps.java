package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;

/**
 * ReverseSequence (reverse the first seq_lengths[b] entries along seq_dim of each batch_dim slice) and
 * MatrixDeterminant (ONNX Det). ONNX ReverseSequence takes batch and time axes 0 and 1 only: other axes
 * are moved there and back.
 */
final class ReverseSequenceOps {

    private ReverseSequenceOps() {
    }

    static void register(OpRegistry r) {
        r.register(ReverseSequenceOps::reverseSequence, "ReverseSequence");
        r.register((n, s) -> s.out(n, 0, s.op("Det", s.in(n, 0))), "MatrixDeterminant");
    }

    private static void reverseSequence(TfNode n, Scope s) {
        String x = s.in(n, 0);
        long seqDim = n.i("seq_dim", 0);
        long batchDim = n.i("batch_dim", 0);
        String lengths = s.cast(s.in(n, 1), DataType.INT64);
        if ((seqDim == 0 && batchDim == 1) || (seqDim == 1 && batchDim == 0)) {
            s.out(n, 0, s.add(s.node("ReverseSequence", x, lengths).attr("batch_axis", batchDim).attr("time_axis", seqDim)).output(0));
            return;
        }
        int rank = s.rank(x).orElseThrow(() -> new TfImportException(n.describe() + ": seq_dim " + seqDim + " and batch_dim " + batchDim
                + " need the input's rank"));
        int sd = (int) (seqDim < 0 ? seqDim + rank : seqDim);
        int bd = (int) (batchDim < 0 ? batchDim + rank : batchDim);
        if (sd < 0 || bd < 0 || sd >= rank || bd >= rank || sd == bd) {
            throw new TfImportException(n.describe() + ": seq_dim " + seqDim + " / batch_dim " + batchDim + " do not fit rank " + rank);
        }
        // batch to axis 0, time to axis 1, the rest in order
        long[] perm = new long[rank];
        perm[0] = bd;
        perm[1] = sd;
        for (int i = 0, k = 2; i < rank; i++) {
            if (i != bd && i != sd) {
                perm[k++] = i;
            }
        }
        long[] inverse = new long[rank];
        for (int i = 0; i < rank; i++) {
            inverse[(int) perm[i]] = i;
        }
        String moved = Layout.transpose(s, x, perm);
        String reversed = s.add(s.node("ReverseSequence", moved, lengths).attr("batch_axis", 0L).attr("time_axis", 1L)).output(0);
        s.out(n, 0, Layout.transpose(s, reversed, inverse));
    }
}
