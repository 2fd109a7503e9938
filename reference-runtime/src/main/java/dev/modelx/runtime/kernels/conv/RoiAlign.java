package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/**
 * RoiAlign (10, 16, 22): bilinear samples on a regular grid per output bin, averaged or max-ed. Before op set
 * 16 the coordinates have no half-pixel offset ("output_half_pixel"); from 16 the default is "half_pixel".
 * Max mode takes the largest weighted corner of each sample, as onnxruntime and the reference do.
 */
public final class RoiAlign {

    private RoiAlign() {
    }

    public static void v10(OpContext ctx) {
        run(ctx, "output_half_pixel");
    }

    public static void v16(OpContext ctx) {
        run(ctx, "half_pixel");
    }

    private static void run(OpContext ctx, String defaultMode) {
        Tensor x = ctx.input(0);
        Tensor rois = ctx.input(1);
        Tensor batch = ctx.input(2);
        Spatial.requireFloat(ctx, x, "X");
        long[] xs = x.shape();
        if (xs.length != 4) {
            throw ctx.error("X must have rank 4 (N, C, H, W), got shape " + Arrays.toString(xs));
        }
        if (rois.rank() != 2 || rois.dim(1) != 4) {
            throw ctx.error("rois must have shape (num_rois, 4), got " + Arrays.toString(rois.shape()));
        }
        int numRois = (int) rois.dim(0);
        if (batch.rank() != 1 || batch.dim(0) != numRois) {
            throw ctx.error("batch_indices must have shape (" + numRois + "), got " + Arrays.toString(batch.shape()));
        }
        String ctm = ctx.attrString("coordinate_transformation_mode", defaultMode);
        boolean halfPixel = switch (ctm) {
            case "half_pixel" -> true;
            case "output_half_pixel" -> false;
            default -> throw ctx.error("coordinate_transformation_mode must be half_pixel or output_half_pixel, got '" + ctm + "'");
        };
        String mode = ctx.attrString("mode", "avg");
        if (!mode.equals("avg") && !mode.equals("max")) {
            throw ctx.error("mode must be avg or max, got '" + mode + "'");
        }
        boolean max = mode.equals("max");
        int ph = (int) ctx.attrLong("output_height", 1);
        int pw = (int) ctx.attrLong("output_width", 1);
        long sampling = ctx.attrLong("sampling_ratio", 0);
        double scale = ctx.attrFloat("spatial_scale", 1f);
        if (ph < 1 || pw < 1 || sampling < 0) {
            throw ctx.error("output_height/output_width must be positive and sampling_ratio non-negative");
        }
        int n = (int) xs[0];
        int c = (int) xs[1];
        int h = (int) xs[2];
        int w = (int) xs[3];
        if (h == 0 || w == 0) {
            throw ctx.error("X must have non-empty spatial dims, got shape " + Arrays.toString(xs));
        }
        long[] outShape = {numRois, c, ph, pw};
        Spatial.checkAlloc(ctx, outShape, x.type());
        double[] xv = Spatial.doubles(x);
        double[] r = Spatial.doubles(rois);
        long[] bi = batch.toLongArray();
        double[] y = new double[numRois * c * ph * pw];
        double offset = halfPixel ? 0.5 : 0;
        for (int roi = 0; roi < numRois; roi++) {
            if (bi[roi] < 0 || bi[roi] >= n) {
                throw ctx.error("batch index " + bi[roi] + " of roi " + roi + " is out of range [0, " + n + ")");
            }
            double x0 = r[roi * 4] * scale - offset;
            double y0 = r[roi * 4 + 1] * scale - offset;
            double rw = r[roi * 4 + 2] * scale - offset - x0;
            double rh = r[roi * 4 + 3] * scale - offset - y0;
            if (!halfPixel) {
                rw = Math.max(rw, 1.0);
                rh = Math.max(rh, 1.0);
            }
            double binH = rh / ph;
            double binW = rw / pw;
            int gridH = (int) (sampling > 0 ? sampling : Math.ceil(rh / ph));
            int gridW = (int) (sampling > 0 ? sampling : Math.ceil(rw / pw));
            int count = Math.max(gridH * gridW, 1);
            // sample positions and weights, shared by all channels
            int samples = ph * pw * gridH * gridW;
            int[] pos = new int[samples * 4];
            double[] wt = new double[samples * 4];
            int si = 0;
            for (int py = 0; py < ph; py++) {
                for (int px = 0; px < pw; px++) {
                    for (int iy = 0; iy < gridH; iy++) {
                        double yy = y0 + py * binH + (iy + 0.5) * binH / gridH;
                        for (int ix = 0; ix < gridW; ix++, si++) {
                            double xx = x0 + px * binW + (ix + 0.5) * binW / gridW;
                            bilinear(yy, xx, h, w, pos, wt, si * 4);
                        }
                    }
                }
            }
            for (int ch = 0; ch < c; ch++) {
                int base = (int) ((bi[roi] * c + ch) * h * w);
                int yBase = (roi * c + ch) * ph * pw;
                si = 0;
                for (int bin = 0; bin < ph * pw; bin++) {
                    double acc = 0;
                    boolean first = true;
                    for (int sIdx = 0; sIdx < gridH * gridW; sIdx++, si++) {
                        int q = si * 4;
                        if (max) {
                            double v = Math.max(Math.max(wt[q] * xv[base + pos[q]], wt[q + 1] * xv[base + pos[q + 1]]),
                                    Math.max(wt[q + 2] * xv[base + pos[q + 2]], wt[q + 3] * xv[base + pos[q + 3]]));
                            acc = first ? v : Math.max(acc, v);
                            first = false;
                        } else {
                            acc += wt[q] * xv[base + pos[q]] + wt[q + 1] * xv[base + pos[q + 1]]
                                    + wt[q + 2] * xv[base + pos[q + 2]] + wt[q + 3] * xv[base + pos[q + 3]];
                        }
                    }
                    y[yBase + bin] = max ? acc : acc / count;
                }
            }
        }
        ctx.output(0, Tensors.fromDoubles(x.type(), outShape, y));
    }

    /** Corner offsets and weights of a bilinear sample at (y, x); all-zero weights outside [-1, size]. */
    private static void bilinear(double y, double x, int h, int w, int[] pos, double[] wt, int q) {
        if (y < -1.0 || y > h || x < -1.0 || x > w || h == 0 || w == 0) {
            return;
        }
        y = Math.max(y, 0);
        x = Math.max(x, 0);
        int yl = (int) y;
        int xl = (int) x;
        int yh;
        int xh;
        if (yl >= h - 1) {
            yh = yl = h - 1;
            y = yl;
        } else {
            yh = yl + 1;
        }
        if (xl >= w - 1) {
            xh = xl = w - 1;
            x = xl;
        } else {
            xh = xl + 1;
        }
        double ly = y - yl;
        double lx = x - xl;
        double hy = 1 - ly;
        double hx = 1 - lx;
        pos[q] = yl * w + xl;
        pos[q + 1] = yl * w + xh;
        pos[q + 2] = yh * w + xl;
        pos[q + 3] = yh * w + xh;
        wt[q] = hy * hx;
        wt[q + 1] = hy * lx;
        wt[q + 2] = ly * hx;
        wt[q + 3] = ly * lx;
    }
}
