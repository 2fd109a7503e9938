package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/** AffineGrid (20): theta (N, 2, 3) or (N, 3, 4) applied to the normalised base grid of size (N, C, [D,] H, W). */
public final class AffineGrid {

    private AffineGrid() {
    }

    public static void v20(OpContext ctx) {
        Tensor theta = ctx.input(0);
        Spatial.requireFloat(ctx, theta, "theta");
        long[] size = ctx.input(1).toLongArray();
        boolean align = ctx.attrLong("align_corners", 0) != 0;
        if (size.length != 4 && size.length != 5) {
            throw ctx.error("size must have 4 (N, C, H, W) or 5 (N, C, D, H, W) values, got " + Arrays.toString(size));
        }
        int r = size.length - 2;
        long[] ts = theta.shape();
        if (ts.length != 3 || ts[0] != size[0] || ts[1] != r || ts[2] != r + 1) {
            throw ctx.error("theta shape " + Arrays.toString(ts) + " must be (" + size[0] + ", " + r + ", " + (r + 1) + ")");
        }
        for (long v : size) {
            if (v < 0) {
                throw ctx.error("size must be non-negative, got " + Arrays.toString(size));
            }
        }
        long[] outShape = new long[r + 2];
        outShape[0] = size[0];
        System.arraycopy(size, 2, outShape, 1, r);
        outShape[r + 1] = r;
        Spatial.checkAlloc(ctx, outShape, theta.type());
        int n = (int) size[0];
        int d = r == 3 ? (int) size[2] : 1;
        int h = (int) size[r];
        int w = (int) size[r + 1];
        double[] t = Spatial.doubles(theta);
        double[] out = new double[(int) Tensor.elementCount(outShape)];
        double[] base = new double[r + 1];
        int o = 0;
        for (int b = 0; b < n; b++) {
            int tb = b * r * (r + 1);
            for (int k = 0; k < d; k++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        // homogeneous base point (x, y[, z], 1), x along W
                        base[0] = coord(j, w, align);
                        base[1] = coord(i, h, align);
                        if (r == 3) {
                            base[2] = coord(k, d, align);
                        }
                        base[r] = 1;
                        for (int row = 0; row < r; row++) {
                            double acc = 0;
                            for (int col = 0; col <= r; col++) {
                                acc += t[tb + row * (r + 1) + col] * base[col];
                            }
                            out[o++] = acc;
                        }
                    }
                }
            }
        }
        ctx.output(0, Tensors.fromDoubles(theta.type(), outShape, out));
    }

    private static double coord(int i, int len, boolean align) {
        if (align) {
            return len == 1 ? -1 : -1 + 2.0 * i / (len - 1);
        }
        return (2.0 * i + 1) / len - 1;
    }
}
