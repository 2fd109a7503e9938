package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/**
 * GridSample (16: 2-D, bilinear/nearest/bicubic; 20 and 22: N-D, linear/nearest/cubic). Grid coordinates in
 * [-1, 1] are mapped to pixels (align_corners or not), out-of-range positions follow padding_mode (zeros,
 * border, reflection), and the interpolation is the product of per-axis weights, as in PyTorch.
 */
public final class GridSample {

    private GridSample() {
    }

    public static void v16(OpContext ctx) {
        run(ctx, true);
    }

    public static void v20(OpContext ctx) {
        run(ctx, false);
    }

    private static void run(OpContext ctx, boolean only2d) {
        Tensor x = ctx.input(0);
        Tensor grid = ctx.input(1);
        Spatial.requireFloat(ctx, x, "X");
        long[] xs = x.shape();
        long[] gs = grid.shape();
        int r = xs.length - 2;
        if (r < 1 || only2d && r != 2) {
            throw ctx.error("X must have rank " + (only2d ? "4" : ">= 3") + ", got shape " + Arrays.toString(xs));
        }
        if (gs.length != xs.length || gs[gs.length - 1] != r || gs[0] != xs[0]) {
            throw ctx.error("grid shape " + Arrays.toString(gs) + " must be (N, out spatial..., " + r + ") for X shape "
                    + Arrays.toString(xs));
        }
        String mode = switch (ctx.attrString("mode", only2d ? "bilinear" : "linear")) {
            case "bilinear", "linear" -> "linear";
            case "bicubic", "cubic" -> "cubic";
            case "nearest" -> "nearest";
            default -> throw ctx.error("mode must be linear (bilinear), nearest or cubic (bicubic), got '"
                    + ctx.attrString("mode", "") + "'");
        };
        String padding = ctx.attrString("padding_mode", "zeros");
        if (!padding.equals("zeros") && !padding.equals("border") && !padding.equals("reflection")) {
            throw ctx.error("padding_mode must be zeros, border or reflection, got '" + padding + "'");
        }
        boolean align = ctx.attrLong("align_corners", 0) != 0;
        int n = (int) xs[0];
        int c = (int) xs[1];
        int[] dims = new int[r];
        for (int i = 0; i < r; i++) {
            dims[i] = (int) xs[i + 2];
            if (dims[i] == 0 && outPlaneOf(gs) > 0) {
                throw ctx.error("X must have non-empty spatial dims to sample from, got shape " + Arrays.toString(xs));
            }
        }
        long[] outShape = new long[xs.length];
        outShape[0] = n;
        outShape[1] = c;
        System.arraycopy(gs, 1, outShape, 2, r);
        Spatial.checkAlloc(ctx, outShape, x.type());
        int outPlane = 1;
        for (int i = 0; i < r; i++) {
            outPlane *= (int) gs[i + 1];
        }
        int inPlane = 1;
        for (int d : dims) {
            inPlane *= d;
        }
        int[] strides = new int[r];
        for (int i = r - 1, s = 1; i >= 0; s *= dims[i], i--) {
            strides[i] = s;
        }
        double[] xv = Spatial.doubles(x);
        double[] gv = Spatial.doubles(grid);
        double[] y = new double[n * c * outPlane];
        int taps = mode.equals("nearest") ? 1 : mode.equals("linear") ? 2 : 4;
        int combos = (int) Math.pow(taps, r);
        int[] idx = new int[r * taps];
        double[] wt = new double[r * taps];
        double[] pos = new double[r];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < outPlane; o++) {
                int g = (b * outPlane + o) * r;
                for (int i = 0; i < r; i++) {
                    // grid's last axis lists coordinates innermost-first (x, y, z)
                    pos[i] = (float) denormalize(gv[g + r - 1 - i], dims[i], align);
                }
                for (int i = 0; i < r; i++) {
                    axisTaps(pos[i], dims[i], align, padding, mode, idx, wt, i * taps);
                }
                for (int ch = 0; ch < c; ch++) {
                    int base = (b * c + ch) * inPlane;
                    double acc = 0;
                    for (int combo = 0; combo < combos; combo++) {
                        int rest = combo;
                        double w = 1;
                        int off = 0;
                        for (int i = r - 1; i >= 0 && off >= 0; i--) {
                            int t = rest % taps;
                            rest /= taps;
                            int at = idx[i * taps + t];
                            if (at < 0) {
                                off = -1;
                            } else {
                                off += at * strides[i];
                                w *= wt[i * taps + t];
                            }
                        }
                        if (off >= 0) {
                            acc += w * xv[base + off];
                        }
                    }
                    y[(b * c + ch) * outPlane + o] = acc;
                }
            }
        }
        ctx.output(0, Tensors.fromDoubles(x.type(), outShape, y));
    }

    private static long outPlaneOf(long[] gs) {
        long p = gs[0];
        for (int i = 1; i < gs.length - 1; i++) {
            p *= gs[i];
        }
        return p;
    }

    static double denormalize(double v, int len, boolean align) {
        return align ? (v + 1) / 2.0 * (len - 1) : ((v + 1) * len - 1) / 2.0;
    }

    /** Source indices (-1 for a zero pad) and weights of one axis. */
    private static void axisTaps(double p, int len, boolean align, String padding, String mode, int[] idx, double[] wt, int at) {
        double lo = align ? 0 : -0.5;
        double hi = align ? len - 1 : len - 0.5;
        if (mode.equals("nearest")) {
            p = Math.rint(p);
        }
        if (p < lo || p > hi) {
            if (padding.equals("border")) {
                p = Math.max(0, Math.min(len - 1, p));
            } else if (padding.equals("reflection")) {
                p = reflect(p, lo, hi);
            }
        }
        if (mode.equals("nearest")) {
            idx[at] = pixel((long) p, len, padding, lo, hi);
            wt[at] = 1;
            return;
        }
        double f = Math.floor(p);
        double t = p - f;
        long i0 = (long) f;
        if (mode.equals("linear")) {
            idx[at] = pixel(i0, len, padding, lo, hi);
            idx[at + 1] = pixel(i0 + 1, len, padding, lo, hi);
            wt[at] = 1 - t;
            wt[at + 1] = t;
            return;
        }
        for (int j = 0; j < 4; j++) {
            idx[at + j] = pixel(i0 - 1 + j, len, padding, lo, hi);
            wt[at + j] = Resize.cubic(j - 1 - t, -0.75);
        }
    }

    private static int pixel(long i, int len, String padding, double lo, double hi) {
        switch (padding) {
            case "zeros" -> {
                return i >= 0 && i < len ? (int) i : -1;
            }
            case "border" -> {
                return (int) Math.max(0, Math.min(len - 1, i));
            }
            default -> {
                int r = (int) reflect(i, lo, hi);
                return Math.max(0, Math.min(len - 1, r));
            }
        }
    }

    /** Reflects {@code x} at the borders until it lies in [lo, hi]. */
    static double reflect(double x, double lo, double hi) {
        double range = hi - lo;
        if (range <= 0) {
            return lo;
        }
        if (x < lo) {
            double dx = lo - x;
            long n = (long) (dx / range);
            double r = dx - n * range;
            return n % 2 == 0 ? lo + r : hi - r;
        }
        if (x > hi) {
            double dx = x - hi;
            long n = (long) (dx / range);
            double r = dx - n * range;
            return n % 2 == 0 ? hi - r : lo + r;
        }
        return x;
    }
}
