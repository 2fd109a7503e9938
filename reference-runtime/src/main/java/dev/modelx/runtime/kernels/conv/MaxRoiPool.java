package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/** MaxRoiPool (1, 22): max over each of pooled_shape bins of a rounded, scaled region (Caffe's ROI pooling). */
public final class MaxRoiPool {

    private MaxRoiPool() {
    }

    public static void v1(OpContext ctx) {
        Tensor x = ctx.input(0);
        Tensor rois = ctx.input(1);
        Spatial.requireFloat(ctx, x, "X");
        long[] xs = x.shape();
        if (xs.length != 4) {
            throw ctx.error("X must have rank 4 (N, C, H, W), got shape " + Arrays.toString(xs));
        }
        if (rois.rank() != 2 || rois.dim(1) != 5) {
            throw ctx.error("rois must have shape (num_rois, 5), got " + Arrays.toString(rois.shape()));
        }
        long[] pooled = ctx.requireAttr("pooled_shape").asLongs();
        if (pooled.length != 2 || pooled[0] < 1 || pooled[1] < 1) {
            throw ctx.error("pooled_shape must be two positive ints, got " + Arrays.toString(pooled));
        }
        double scale = ctx.attrFloat("spatial_scale", 1f);
        int numRois = (int) rois.dim(0);
        int n = (int) xs[0];
        int c = (int) xs[1];
        int h = (int) xs[2];
        int w = (int) xs[3];
        int ph = (int) pooled[0];
        int pw = (int) pooled[1];
        long[] outShape = {numRois, c, ph, pw};
        Spatial.checkAlloc(ctx, outShape, x.type());
        double[] xv = Spatial.doubles(x);
        double[] r = Spatial.doubles(rois);
        double[] y = new double[numRois * c * ph * pw];
        for (int roi = 0; roi < numRois; roi++) {
            int b = (int) r[roi * 5];
            if (b < 0 || b >= n) {
                throw ctx.error("batch index " + r[roi * 5] + " of roi " + roi + " is out of range [0, " + n + ")");
            }
            int x1 = (int) Math.round(r[roi * 5 + 1] * scale);
            int y1 = (int) Math.round(r[roi * 5 + 2] * scale);
            int x2 = (int) Math.round(r[roi * 5 + 3] * scale);
            int y2 = (int) Math.round(r[roi * 5 + 4] * scale);
            double binH = Math.max(y2 - y1 + 1, 1) / (double) ph;
            double binW = Math.max(x2 - x1 + 1, 1) / (double) pw;
            for (int ch = 0; ch < c; ch++) {
                int base = (b * c + ch) * h * w;
                for (int py = 0; py < ph; py++) {
                    int hs = clamp((int) Math.floor(py * binH) + y1, h);
                    int he = clamp((int) Math.ceil((py + 1) * binH) + y1, h);
                    for (int px = 0; px < pw; px++) {
                        int ws = clamp((int) Math.floor(px * binW) + x1, w);
                        int we = clamp((int) Math.ceil((px + 1) * binW) + x1, w);
                        double m = he <= hs || we <= ws ? 0 : Double.NEGATIVE_INFINITY;
                        for (int i = hs; i < he; i++) {
                            for (int j = ws; j < we; j++) {
                                m = Math.max(m, xv[base + i * w + j]);
                            }
                        }
                        y[((roi * c + ch) * ph + py) * pw + px] = m;
                    }
                }
            }
        }
        ctx.output(0, Tensors.fromDoubles(x.type(), outShape, y));
    }

    private static int clamp(int v, int size) {
        return Math.min(Math.max(v, 0), size);
    }
}
