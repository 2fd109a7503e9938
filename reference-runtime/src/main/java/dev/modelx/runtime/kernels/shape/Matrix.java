package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/** EyeLike (ones on diagonal k of a 2-D tensor) and Trilu (keeps the upper/lower triangle of the last two axes). */
final class Matrix {

    private Matrix() {
    }

    static void eyeLike(OpContext c) {
        Tensor x = c.input(0);
        if (x.rank() != 2) {
            throw c.error("input must be 2-D, got shape " + Arrays.toString(x.shape()));
        }
        DataType type = c.hasAttr("dtype") ? DataType.fromCode((int) c.attrLong("dtype", 0)) : x.type();
        if (type == DataType.STRING || type.isComplex()) {
            throw c.error("unsupported output type " + type.displayName());
        }
        long k = c.attrLong("k", 0);
        long rows = x.dim(0);
        long cols = x.dim(1);
        int n = Data.count(c, x.shape(), type);
        long[] v = new long[n];
        for (long i = 0; i < rows; i++) {
            long j = i + k;
            if (j >= 0 && j < cols) {
                v[(int) (i * cols + j)] = 1;
            }
        }
        c.output(0, Tensors.fromLongs(type, x.shape(), v));
    }

    static void trilu(OpContext c) {
        Tensor x = c.input(0);
        long[] s = x.shape();
        if (s.length < 2) {
            throw c.error("input must have rank >= 2, got shape " + Arrays.toString(s));
        }
        Tensor kt = c.optionalInput(1);
        long k = kt == null ? 0 : Data.scalarLong(c, kt, "k");
        boolean upper = c.attrLong("upper", 1) != 0;
        long rows = s[s.length - 2];
        long cols = s[s.length - 1];
        int n = (int) x.size();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            long col = i % cols;
            long row = (i / cols) % rows;
            boolean keep = upper ? col - row >= k : col - row <= k;
            idx[i] = keep ? i : -1;
        }
        c.output(0, Data.take(x, s, idx));
    }
}
