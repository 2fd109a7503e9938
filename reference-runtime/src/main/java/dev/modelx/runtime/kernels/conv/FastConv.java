package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.Kernel;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.kernels.fast.FloatGemm;

import java.util.Arrays;

/**
 * Conv on the fast float32 product. The output positions of each (image, group) are cut into column slices,
 * one task each: the task lays out im2col rows for its slice only (every (channel, kernel tap) row of input
 * samples, zeros where the window hangs over the padding) in a per-thread buffer that stays in cache, and
 * multiplies the group's weights (Mg x Cg*k) by it. A 1x1 convolution with unit strides and no padding
 * multiplies X directly. Used for float tensors with at least {@link #MIN_WORK} multiply-adds and a slice of at
 * most {@link #MAX_SLICE} floats; anything else runs the reference kernel {@link Conv}. Each output is one
 * dot product summed in (channel, tap) order by one task, so results do not depend on the thread count.
 */
public final class FastConv {

    public static final long MIN_WORK = 1 << 15;
    /** The largest im2col slice (per task) the fast path uses: 8 Mi floats, 32 MiB. */
    public static final long MAX_SLICE = 1L << 23;
    /** Per-thread slice buffers up to this size are kept for reuse. */
    private static final int KEEP = 1 << 20;
    private static final ThreadLocal<float[]> SLICE = new ThreadLocal<>();

    private FastConv() {
    }

    public static Kernel kernel(FloatGemm gemm) {
        return c -> run(c, gemm);
    }

    static void run(OpContext ctx, FloatGemm gemm) {
        Tensor x = ctx.input(0);
        Tensor w = ctx.input(1);
        Tensor b = ctx.optionalInput(2);
        if (x.type() != DataType.FLOAT || w.type() != DataType.FLOAT || b != null && b.type() != DataType.FLOAT) {
            Conv.v1(ctx);
            return;
        }
        long group = ctx.attrLong("group", 1);
        Spatial g = ConvCore.geometry(ctx, x, w, group);
        int n = (int) x.dim(0);
        int c = (int) x.dim(1);
        int m = (int) w.dim(0);
        int groups = (int) group;
        int cg = c / groups;
        int mg = m / groups;
        int kSize = g.kernelSize();
        int inSize = g.inSize();
        int outSize = g.outSize();
        int depth = cg * kSize;
        boolean pointwise = pointwise(g);
        int width = sliceWidth(gemm, n * groups, outSize);
        if ((long) n * m * outSize * depth < MIN_WORK || (long) depth * width > MAX_SLICE) {
            Conv.v1(ctx);
            return;
        }
        double[] bias = Conv.bias(ctx, b, m);
        float[] xv = x.floats();
        float[] wv = w.floats();
        float[] y = new float[n * m * outSize];
        int slices = (outSize + width - 1) / width;
        Im2col cols = pointwise ? null : new Im2col(g);
        gemm.parallel().forEach(n * groups * slices, task -> {
            int image = task / (groups * slices);
            int gi = task / slices % groups;
            int j0 = task % slices * width;
            int j1 = Math.min(outSize, j0 + width);
            int xOff = (image * c + gi * cg) * inSize;
            int yOff = (image * m + gi * mg) * outSize;
            int aOff = gi * mg * depth;
            if (pointwise) {
                gemm.multiplyColumns(wv, aOff, xv, xOff, inSize, y, yOff, mg, depth, outSize, j0, j1);
            } else {
                float[] slice = slice(depth * (j1 - j0));
                cols.fill(xv, xOff, cg, j0, j1, slice);
                gemm.multiplyColumns(wv, aOff, slice, -j0, j1 - j0, y, yOff, mg, depth, outSize, j0, j1);
            }
            if (bias != null) {
                for (int q = 0; q < mg; q++) {
                    double bv = bias[gi * mg + q];
                    for (int i = yOff + q * outSize + j0, end = yOff + q * outSize + j1; i < end; i++) {
                        y[i] = (float) (y[i] + bv);
                    }
                }
            }
        });
        ctx.output(0, Tensor.of(DataType.FLOAT, g.outShape(n, m), y));
    }

    /** Columns per task: a multiple of the product's column tile, small enough to give every thread a few tasks. */
    private static int sliceWidth(FloatGemm gemm, int planes, int outSize) {
        int tile = gemm.columnTile();
        int want = 4 * gemm.parallel().threads();
        int width = 4 * tile;
        while (width > tile && (long) planes * ((outSize + width - 1) / width) < want) {
            width -= tile;
        }
        return width;
    }

    private static float[] slice(int size) {
        float[] s = SLICE.get();
        if (s == null || s.length < size) {
            s = new float[size];
            if (size <= KEEP) {
                SLICE.set(s);
            }
        }
        return s;
    }

    private static boolean pointwise(Spatial g) {
        for (int a = 0; a < g.rank; a++) {
            if (g.kernel[a] != 1 || g.stride[a] != 1 || g.padBegin[a] != 0 || g.padEnd[a] != 0 || g.out[a] != g.in[a]) {
                return false;
            }
        }
        return true;
    }

    /** The im2col layout of one geometry, filled a column slice at a time. */
    static final class Im2col {
        private final int[] in;
        private final int[] k;
        private final int[] s;
        private final int[] d;
        private final int[] p;
        private final int[] o;
        private final int kSize;
        private final int inSize;

        Im2col(Spatial g) {
            in = Spatial.to3(g.in, 1);
            k = Spatial.to3(g.kernel, 1);
            s = Spatial.to3(g.stride, 1);
            d = Spatial.to3(g.dilation, 1);
            p = Spatial.to3(g.padBegin, 0);
            o = Spatial.to3(g.out, 1);
            kSize = k[0] * k[1] * k[2];
            inSize = in[0] * in[1] * in[2];
        }

        /**
         * slice[(ch * kSize + tap) * (j1 - j0) + (q - j0)] = x[ch, position q shifted by the tap], or 0 in the
         * padding, for channels 0..channels-1 from xOff and output positions q in [j0, j1).
         */
        void fill(float[] x, int xOff, int channels, int j0, int j1, float[] slice) {
            int width = j1 - j0;
            for (int ch = 0; ch < channels; ch++) {
                int xBase = xOff + ch * inSize;
                for (int tap = 0; tap < kSize; tap++) {
                    int k2 = tap % k[2];
                    int k1 = tap / k[2] % k[1];
                    int k0 = tap / (k[2] * k[1]);
                    int off2 = k2 * d[2] - p[2];
                    int lo2 = Math.max(0, ConvCore.ceilDiv(-off2, s[2]));
                    int hi2 = Math.max(lo2, Math.min(o[2], Math.floorDiv(in[2] - 1 - off2, s[2]) + 1));
                    int at = (ch * kSize + tap) * width;
                    // walk the output positions j0..j1 one output row (fixed o0, o1) at a time
                    int q = j0;
                    int o2 = q % o[2];
                    int o1 = q / o[2] % o[1];
                    int o0 = q / (o[2] * o[1]);
                    while (q < j1) {
                        int run = Math.min(o[2] - o2, j1 - q);
                        int i0 = o0 * s[0] + k0 * d[0] - p[0];
                        int i1 = o1 * s[1] + k1 * d[1] - p[1];
                        int dst = at + (q - j0);
                        if (i0 < 0 || i0 >= in[0] || i1 < 0 || i1 >= in[1]) {
                            Arrays.fill(slice, dst, dst + run, 0f);
                        } else {
                            int from = Math.max(o2, lo2);
                            int to = Math.min(o2 + run, hi2);
                            int xRow = xBase + (i0 * in[1] + i1) * in[2] + off2;
                            if (to <= from) {
                                Arrays.fill(slice, dst, dst + run, 0f);
                            } else {
                                Arrays.fill(slice, dst, dst + (from - o2), 0f);
                                if (s[2] == 1) {
                                    System.arraycopy(x, xRow + from, slice, dst + (from - o2), to - from);
                                } else {
                                    for (int t = from; t < to; t++) {
                                        slice[dst + (t - o2)] = x[xRow + t * s[2]];
                                    }
                                }
                                Arrays.fill(slice, dst + (to - o2), dst + run, 0f);
                            }
                        }
                        q += run;
                        o2 = 0;
                        if (++o1 == o[1]) {
                            o1 = 0;
                            o0++;
                        }
                    }
                }
            }
        }
    }
}
