package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/**
 * MaxUnpool (9, 11, 22): scatters X into zeros at the MaxPool indices. The indices address the default
 * (inferred) output layout; an explicit output_shape (op set 11) then holds that block in its leading corner.
 */
public final class MaxUnpool {

    private MaxUnpool() {
    }

    public static void v9(OpContext ctx) {
        Tensor x = ctx.input(0);
        Tensor idx = ctx.input(1);
        Tensor shapeT = ctx.optionalInput(2);
        long[] xs = x.shape();
        if (!Arrays.equals(xs, idx.shape())) {
            throw ctx.error("indices shape " + Arrays.toString(idx.shape()) + " must equal X shape " + Arrays.toString(xs));
        }
        Spatial g = Spatial.read(ctx, xs, null, false);
        long[] inferred = new long[xs.length];
        inferred[0] = xs[0];
        inferred[1] = xs[1];
        for (int i = 0; i < g.rank; i++) {
            inferred[i + 2] = (long) (g.in[i] - 1) * g.stride[i] - g.padBegin[i] - g.padEnd[i] + g.kernel[i];
            if (inferred[i + 2] < 0) {
                throw ctx.error("inferred output size " + inferred[i + 2] + " along spatial axis " + i + " is negative");
            }
        }
        long[] shape = inferred;
        if (shapeT != null) {
            shape = shapeT.toLongArray();
            if (shape.length != xs.length) {
                throw ctx.error("output_shape " + Arrays.toString(shape) + " must have rank " + xs.length);
            }
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] < inferred[i]) {
                    throw ctx.error("output_shape " + Arrays.toString(shape) + " is smaller than the inferred shape "
                            + Arrays.toString(inferred));
                }
            }
        }
        Spatial.checkAlloc(ctx, shape, x.type());
        Spatial.checkAlloc(ctx, inferred, x.type());
        double[] v = Spatial.doubles(x);
        long[] ind = idx.toLongArray();
        long total = Tensor.elementCount(inferred);
        double[] block = new double[(int) total];
        for (int i = 0; i < v.length; i++) {
            if (ind[i] < 0 || ind[i] >= total) {
                throw ctx.error("index " + ind[i] + " is out of range for output of " + total + " elements");
            }
            block[(int) ind[i]] = v[i];
        }
        double[] y = block;
        if (!Arrays.equals(shape, inferred)) {
            y = new double[(int) Tensor.elementCount(shape)];
            embed(block, inferred, y, shape);
        }
        ctx.output(0, Tensors.fromDoubles(x.type(), shape, y));
    }

    /** Copies {@code src} into the leading corner of the larger {@code dst}. */
    static void embed(double[] src, long[] srcShape, double[] dst, long[] dstShape) {
        int rank = srcShape.length;
        if (src.length == 0) {
            return;
        }
        int row = (int) srcShape[rank - 1];
        long[] dstStrides = dev.modelx.runtime.Shapes.strides(dstShape);
        int rows = row == 0 ? 0 : src.length / row;
        long[] idx = new long[rank];
        for (int r = 0; r < rows; r++) {
            long off = 0;
            for (int a = 0; a < rank - 1; a++) {
                off += idx[a] * dstStrides[a];
            }
            System.arraycopy(src, r * row, dst, (int) off, row);
            for (int a = rank - 2; a >= 0; a--) {
                if (++idx[a] < srcShape[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
    }
}
