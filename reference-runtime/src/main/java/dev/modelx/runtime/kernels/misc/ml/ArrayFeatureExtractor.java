package dev.modelx.runtime.kernels.misc.ml;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

/**
 * ai.onnx.ml ArrayFeatureExtractor (1): picks the given indices along the last axis. As in onnxruntime,
 * a 1-D input gives a [1, k] result.
 */
public final class ArrayFeatureExtractor {

    private ArrayFeatureExtractor() {
    }

    public static void v1(OpContext ctx) {
        Tensor x = ctx.input(0);
        Tensor y = ctx.input(1);
        if (x.rank() == 0) {
            throw ctx.error("input X must have at least one dimension");
        }
        if (!y.type().isInteger()) {
            throw ctx.error("indices must be int64, got " + y.type().displayName());
        }
        long[] idx = y.toLongArray();
        long[] xs = x.shape();
        long last = xs[xs.length - 1];
        for (long i : idx) {
            if (i < 0 || i >= last) {
                throw ctx.error("index " + i + " is out of range [0, " + last + ") for input shape " + OpContext.shape(xs));
            }
        }
        long[] outShape;
        if (xs.length == 1) {
            outShape = new long[]{1, idx.length};
        } else {
            outShape = xs.clone();
            outShape[xs.length - 1] = idx.length;
        }
        long rows = x.size() / Math.max(last, 1);
        if (last == 0) {
            rows = 1;
            for (int d = 0; d < xs.length - 1; d++) {
                rows *= xs[d];
            }
        }
        Tensor.checkAllocatable(rows * idx.length, x.type());
        int[] pos = new int[(int) (rows * idx.length)];
        for (long r = 0; r < rows; r++) {
            for (int j = 0; j < idx.length; j++) {
                pos[(int) (r * idx.length + j)] = (int) (r * last + idx[j]);
            }
        }
        ctx.output(0, Gather.pick(x, outShape, pos));
    }
}
