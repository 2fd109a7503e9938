package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/** Col2Im (18): sums the columns of sliding blocks (N, C x prod(block), L) back into images (N, C, image...). */
public final class Col2Im {

    private Col2Im() {
    }

    public static void v18(OpContext ctx) {
        Tensor x = ctx.input(0);
        long[] image = ctx.input(1).toLongArray();
        long[] block = ctx.input(2).toLongArray();
        int r = image.length;
        if (block.length != r || r == 0) {
            throw ctx.error("image_shape " + Arrays.toString(image) + " and block_shape " + Arrays.toString(block)
                    + " must have the same non-zero length");
        }
        long[] xs = x.shape();
        if (xs.length != 3) {
            throw ctx.error("input must have rank 3 (N, C x prod(block_shape), L), got shape " + Arrays.toString(xs));
        }
        long[] st = ctx.attrLongs("strides", null);
        long[] di = ctx.attrLongs("dilations", null);
        long[] pads = ctx.attrLongs("pads", null);
        if (st != null && st.length != r || di != null && di.length != r || pads != null && pads.length != 2 * r) {
            throw ctx.error("strides, dilations and pads must have " + r + ", " + r + " and " + 2 * r + " values");
        }
        long blockSize = 1;
        int[] blocks = new int[r];
        int[] img = new int[r];
        int[] s = new int[r];
        int[] d = new int[r];
        int[] p = new int[r];
        long numBlocks = 1;
        for (int i = 0; i < r; i++) {
            if (block[i] < 1 || image[i] < 0) {
                throw ctx.error("block_shape must be positive and image_shape non-negative");
            }
            img[i] = Spatial.toInt(ctx, image[i]);
            s[i] = st == null ? 1 : Spatial.toInt(ctx, st[i]);
            d[i] = di == null ? 1 : Spatial.toInt(ctx, di[i]);
            p[i] = pads == null ? 0 : Spatial.toInt(ctx, pads[i]);
            int pe = pads == null ? 0 : Spatial.toInt(ctx, pads[i + r]);
            if (s[i] < 1 || d[i] < 1 || p[i] < 0 || pe < 0) {
                throw ctx.error("strides and dilations must be positive and pads non-negative");
            }
            blockSize *= block[i];
            long span = (long) img[i] + p[i] + pe - (long) d[i] * (block[i] - 1) - 1;
            blocks[i] = span < 0 ? 0 : (int) (span / s[i] + 1);
            numBlocks *= blocks[i];
        }
        if (xs[1] % blockSize != 0 || xs[2] != numBlocks) {
            throw ctx.error("input shape " + Arrays.toString(xs) + " must be (N, C x " + blockSize + ", " + numBlocks + ")");
        }
        int n = (int) xs[0];
        int c = (int) (xs[1] / blockSize);
        long[] outShape = new long[r + 2];
        outShape[0] = n;
        outShape[1] = c;
        System.arraycopy(image, 0, outShape, 2, r);
        Spatial.checkAlloc(ctx, outShape, x.type());
        int imgSize = Spatial.product(img);
        int[] imgStride = new int[r];
        for (int i = r - 1, acc = 1; i >= 0; acc *= img[i], i--) {
            imgStride[i] = acc;
        }
        double[] xv = Spatial.doubles(x);
        double[] y = new double[n * c * imgSize];
        int bs = (int) blockSize;
        int nb = (int) numBlocks;
        int[] kIdx = new int[r];
        int[] lIdx = new int[r];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                int yBase = (b * c + ch) * imgSize;
                Arrays.fill(kIdx, 0);
                for (int kk = 0; kk < bs; kk++) {
                    int xRow = ((b * c + ch) * bs + kk) * nb;
                    Arrays.fill(lIdx, 0);
                    for (int l = 0; l < nb; l++) {
                        int pos = 0;
                        boolean inside = true;
                        for (int i = 0; i < r && inside; i++) {
                            int q = lIdx[i] * s[i] - p[i] + kIdx[i] * d[i];
                            inside = q >= 0 && q < img[i];
                            pos += q * imgStride[i];
                        }
                        if (inside) {
                            y[yBase + pos] += xv[xRow + l];
                        }
                        increment(lIdx, blocks);
                    }
                    increment(kIdx, toInts(block));
                }
            }
        }
        ctx.output(0, Tensors.fromDoubles(x.type(), outShape, y));
    }

    private static int[] toInts(long[] v) {
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (int) v[i];
        }
        return r;
    }

    static void increment(int[] idx, int[] dims) {
        for (int i = idx.length - 1; i >= 0; i--) {
            if (++idx[i] < dims[i]) {
                return;
            }
            idx[i] = 0;
        }
    }
}
