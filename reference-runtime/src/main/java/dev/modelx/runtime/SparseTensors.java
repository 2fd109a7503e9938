package dev.modelx.runtime;

import dev.modelx.graph.SparseTensor;
import dev.modelx.graph.Tensor;

/** Turns ONNX COO sparse tensors into dense ones. */
public final class SparseTensors {

    private SparseTensors() {
    }

    public static Tensor densify(SparseTensor s) {
        long[] dims = s.dims();
        Tensor values = s.values();
        Tensor dense = Tensor.zeros(values.type(), dims);
        Object out = dense.array();
        Object in = values.array();
        long[] idx = s.indices().toLongArray();
        long nnz = values.size();
        long[] strides = Shapes.strides(dims);
        boolean linear = s.indices().rank() == 1;
        for (int k = 0; k < nnz; k++) {
            long pos;
            if (linear) {
                pos = idx[k];
            } else {
                pos = 0;
                for (int d = 0; d < dims.length; d++) {
                    pos += idx[k * dims.length + d] * strides[d];
                }
            }
            if (pos < 0 || pos >= dense.size()) {
                throw new KernelException("Sparse index " + pos + " out of range for shape " + java.util.Arrays.toString(dims));
            }
            System.arraycopy(in, k, out, (int) pos, 1);
        }
        return dense;
    }
}
