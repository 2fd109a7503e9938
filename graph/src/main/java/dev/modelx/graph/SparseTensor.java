package dev.modelx.graph;

import java.util.Arrays;
import java.util.Objects;

/** ONNX's COO sparse tensor: non-zero {@code values}, their {@code indices} (int64), and the dense shape. */
public record SparseTensor(Tensor values, Tensor indices, long[] dims) {

    public SparseTensor {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(indices, "indices");
        dims = dims.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SparseTensor s && values.equals(s.values) && indices.equals(s.indices) && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, indices, Arrays.hashCode(dims));
    }

    @Override
    public String toString() {
        return "sparse" + Arrays.toString(dims) + " nnz=" + values.size();
    }
}
