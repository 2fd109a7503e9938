package dev.modelx.runtime.kernels.misc.ml;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.Tensors;

/** Builds a tensor of {@code src}'s type by picking elements of {@code src} at given positions. */
final class Gather {

    private Gather() {
    }

    static Tensor pick(Tensor src, long[] shape, int[] positions) {
        DataType t = src.type();
        Tensor.checkAllocatable(positions.length, t);
        if (t == DataType.STRING) {
            String[] s = src.strings();
            String[] out = new String[positions.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = s[positions[i]];
            }
            return Tensor.ofStrings(shape, out);
        }
        if (t.isInteger() || t == DataType.BOOL) {
            long[] out = new long[positions.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = src.getLong(positions[i]);
            }
            return Tensors.fromLongs(t, shape, out);
        }
        double[] out = new double[positions.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = src.getDouble(positions[i]);
        }
        return Tensors.fromDoubles(t, shape, out);
    }
}
