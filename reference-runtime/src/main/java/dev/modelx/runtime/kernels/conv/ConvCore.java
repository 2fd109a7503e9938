package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.util.Arrays;

/**
 * Direct convolution and its transpose in double, for 1 to 3 spatial axes. Each weight tap is applied to
 * a whole row of outputs whose input lies inside the (implicitly zero-padded) input, so the work is
 * O(output x kernel x channels per group) with no im2col buffer.
 */
final class ConvCore {

    private ConvCore() {
    }

    /** Validated shapes of a convolution: X (N, C, in...), W (M, C/group, k...). */
    static Spatial geometry(OpContext ctx, Tensor x, Tensor w, long group) {
        long[] xs = x.shape();
        long[] ws = w.shape();
        if (xs.length < 3) {
            throw ctx.error("X must have rank >= 3 (N x C x spatial...), got shape " + Arrays.toString(xs));
        }
        if (ws.length != xs.length) {
            throw ctx.error("W rank " + ws.length + " (shape " + Arrays.toString(ws) + ") must equal X rank " + xs.length);
        }
        if (xs.length > 5) {
            throw ctx.error("only 1 to 3 spatial axes are supported, got X shape " + Arrays.toString(xs));
        }
        if (group < 1) {
            throw ctx.error("group must be >= 1, got " + group);
        }
        if (xs[1] != ws[1] * group) {
            throw ctx.error("X channels " + xs[1] + " must equal W.shape[1] (" + ws[1] + ") x group (" + group + ")");
        }
        if (ws[0] % group != 0) {
            throw ctx.error("W.shape[0] " + ws[0] + " must be a multiple of group " + group);
        }
        Spatial g = Spatial.read(ctx, xs, Arrays.copyOfRange(ws, 2, ws.length), false);
        Spatial.checkAlloc(ctx, g.outShape(xs[0], ws[0]), x.type());
        return g;
    }

    /** y[n, m, o] = bias[m] + sum over c, k of w[m, c, k] * x[n, group(m) * Cg + c, o * s - p + k * d]. */
    static double[] conv(double[] x, int n, int c, double[] w, int m, int group, Spatial g, double[] bias) {
        int cg = c / group;
        int mg = m / group;
        int[] in = Spatial.to3(g.in, 1);
        int[] k = Spatial.to3(g.kernel, 1);
        int[] s = Spatial.to3(g.stride, 1);
        int[] d = Spatial.to3(g.dilation, 1);
        int[] p = Spatial.to3(g.padBegin, 0);
        int[] o = Spatial.to3(g.out, 1);
        int[][] lo = new int[3][];
        int[][] hi = new int[3][];
        for (int a = 0; a < 3; a++) {
            lo[a] = new int[k[a]];
            hi[a] = new int[k[a]];
            for (int t = 0; t < k[a]; t++) {
                int off = t * d[a] - p[a];
                // o * s + off in [0, in): o in [ceil(-off / s), floor((in - 1 - off) / s)]
                lo[a][t] = Math.max(0, ceilDiv(-off, s[a]));
                hi[a][t] = Math.min(o[a], Math.floorDiv(in[a] - 1 - off, s[a]) + 1);
            }
        }
        int inSize = in[0] * in[1] * in[2];
        int outSize = o[0] * o[1] * o[2];
        int kSize = k[0] * k[1] * k[2];
        double[] y = new double[n * m * outSize];
        for (int b = 0; b < n; b++) {
            for (int gi = 0; gi < group; gi++) {
                // output channels in blocks of four: each input row read serves four output planes
                for (int mm = 0; mm < mg; mm += 4) {
                    int nb = Math.min(4, mg - mm);
                    int oc = gi * mg + mm;
                    int yBase = (b * m + oc) * outSize;
                    if (bias != null) {
                        for (int q = 0; q < nb; q++) {
                            Arrays.fill(y, yBase + q * outSize, yBase + (q + 1) * outSize, bias[oc + q]);
                        }
                    }
                    for (int cc = 0; cc < cg; cc++) {
                        int xBase = (b * c + gi * cg + cc) * inSize;
                        int wBase = (oc * cg + cc) * kSize;
                        int wStep = cg * kSize;
                        for (int k0 = 0; k0 < k[0]; k0++) {
                            for (int k1 = 0; k1 < k[1]; k1++) {
                                for (int k2 = 0; k2 < k[2]; k2++) {
                                    int tap = wBase + (k0 * k[1] + k1) * k[2] + k2;
                                    int lo2 = lo[2][k2];
                                    int hi2 = hi[2][k2];
                                    int off2 = k2 * d[2] - p[2];
                                    for (int o0 = lo[0][k0]; o0 < hi[0][k0]; o0++) {
                                        int i0 = o0 * s[0] + k0 * d[0] - p[0];
                                        for (int o1 = lo[1][k1]; o1 < hi[1][k1]; o1++) {
                                            int i1 = o1 * s[1] + k1 * d[1] - p[1];
                                            int xRow = xBase + (i0 * in[1] + i1) * in[2] + off2;
                                            int yRow = yBase + (o0 * o[1] + o1) * o[2];
                                            if (nb == 4) {
                                                row4(y, yRow, outSize, x, xRow, s[2], lo2, hi2,
                                                        w[tap], w[tap + wStep], w[tap + 2 * wStep], w[tap + 3 * wStep]);
                                            } else {
                                                for (int q = 0; q < nb; q++) {
                                                    row1(y, yRow + q * outSize, x, xRow, s[2], lo2, hi2, w[tap + q * wStep]);
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    /**
     * Transposed convolution: every x[n, c, i] adds x * w[c, m, k] to y[n, group(c) * Mg + m, i * s - p + k * d].
     * W has shape (C, M/group, k...); {@code g.out} holds the output size and {@code g.in} the input size.
     */
    static double[] convTranspose(double[] x, int n, int c, double[] w, int m, int group, Spatial g, double[] bias) {
        int cg = c / group;
        int mg = m / group;
        int[] in = Spatial.to3(g.in, 1);
        int[] k = Spatial.to3(g.kernel, 1);
        int[] s = Spatial.to3(g.stride, 1);
        int[] d = Spatial.to3(g.dilation, 1);
        int[] p = Spatial.to3(g.padBegin, 0);
        int[] o = Spatial.to3(g.out, 1);
        int[][] lo = new int[3][];
        int[][] hi = new int[3][];
        for (int a = 0; a < 3; a++) {
            lo[a] = new int[k[a]];
            hi[a] = new int[k[a]];
            for (int t = 0; t < k[a]; t++) {
                int off = t * d[a] - p[a];
                // i * s + off in [0, out)
                lo[a][t] = Math.max(0, ceilDiv(-off, s[a]));
                hi[a][t] = Math.min(in[a], Math.floorDiv(o[a] - 1 - off, s[a]) + 1);
            }
        }
        int inSize = in[0] * in[1] * in[2];
        int outSize = o[0] * o[1] * o[2];
        int kSize = k[0] * k[1] * k[2];
        double[] y = new double[n * m * outSize];
        for (int b = 0; b < n; b++) {
            for (int gi = 0; gi < group; gi++) {
                for (int mm = 0; mm < mg; mm++) {
                    int oc = gi * mg + mm;
                    int yBase = (b * m + oc) * outSize;
                    if (bias != null) {
                        Arrays.fill(y, yBase, yBase + outSize, bias[oc]);
                    }
                    for (int cc = 0; cc < cg; cc++) {
                        int ic = gi * cg + cc;
                        int xBase = (b * c + ic) * inSize;
                        int wBase = (ic * mg + mm) * kSize;
                        for (int k0 = 0; k0 < k[0]; k0++) {
                            for (int k1 = 0; k1 < k[1]; k1++) {
                                for (int k2 = 0; k2 < k[2]; k2++) {
                                    double wv = w[wBase + (k0 * k[1] + k1) * k[2] + k2];
                                    int off2 = k2 * d[2] - p[2];
                                    for (int i0 = lo[0][k0]; i0 < hi[0][k0]; i0++) {
                                        int o0 = i0 * s[0] + k0 * d[0] - p[0];
                                        for (int i1 = lo[1][k1]; i1 < hi[1][k1]; i1++) {
                                            int o1 = i1 * s[1] + k1 * d[1] - p[1];
                                            int xRow = xBase + (i0 * in[1] + i1) * in[2];
                                            int yRow = yBase + (o0 * o[1] + o1) * o[2] + off2;
                                            int s2 = s[2];
                                            for (int i2 = lo[2][k2]; i2 < hi[2][k2]; i2++) {
                                                y[yRow + i2 * s2] += wv * x[xRow + i2];
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    private static void row4(double[] y, int yRow, int plane, double[] x, int xRow, int stride, int lo, int hi,
            double w0, double w1, double w2, double w3) {
        int y1 = yRow + plane;
        int y2 = y1 + plane;
        int y3 = y2 + plane;
        if (stride == 1) {
            for (int o = lo; o < hi; o++) {
                double v = x[xRow + o];
                y[yRow + o] += w0 * v;
                y[y1 + o] += w1 * v;
                y[y2 + o] += w2 * v;
                y[y3 + o] += w3 * v;
            }
        } else {
            for (int o = lo; o < hi; o++) {
                double v = x[xRow + o * stride];
                y[yRow + o] += w0 * v;
                y[y1 + o] += w1 * v;
                y[y2 + o] += w2 * v;
                y[y3 + o] += w3 * v;
            }
        }
    }

    private static void row1(double[] y, int yRow, double[] x, int xRow, int stride, int lo, int hi, double w) {
        if (stride == 1) {
            for (int o = lo; o < hi; o++) {
                y[yRow + o] += w * x[xRow + o];
            }
        } else {
            for (int o = lo; o < hi; o++) {
                y[yRow + o] += w * x[xRow + o * stride];
            }
        }
    }

    static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
