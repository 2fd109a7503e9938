package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/**
 * DeformConv (19, 22), 2-D: each kernel tap reads the input at its regular position plus a learned offset,
 * by bilinear interpolation with zeros outside, optionally scaled by a mask. Samples are gathered per group
 * into a column buffer and then multiplied with the weights.
 */
public final class DeformConv {

    private DeformConv() {
    }

    public static void v19(OpContext ctx) {
        Tensor x = ctx.input(0);
        Tensor w = ctx.input(1);
        Tensor offset = ctx.input(2);
        Tensor b = ctx.optionalInput(3);
        Tensor mask = ctx.optionalInput(4);
        Spatial.requireFloat(ctx, x, "X");
        long[] xs = x.shape();
        if (xs.length != 4) {
            throw ctx.error("only 2-D DeformConv is supported: X must have rank 4, got shape " + Arrays.toString(xs));
        }
        long group = ctx.attrLong("group", 1);
        long offsetGroup = ctx.attrLong("offset_group", 1);
        Spatial g = ConvCore.geometry(ctx, x, w, group);
        int n = (int) xs[0];
        int c = (int) xs[1];
        int ih = g.in[0];
        int iw = g.in[1];
        int m = (int) w.dim(0);
        int kh = g.kernel[0];
        int kw = g.kernel[1];
        int k = kh * kw;
        int oh = g.out[0];
        int ow = g.out[1];
        if (offsetGroup < 1 || c % offsetGroup != 0) {
            throw ctx.error("offset_group " + offsetGroup + " must divide the " + c + " input channels");
        }
        int og = (int) offsetGroup;
        long[] expectOffset = {n, og * k * 2L, oh, ow};
        if (!Arrays.equals(offset.shape(), expectOffset)) {
            throw ctx.error("offset shape " + Arrays.toString(offset.shape()) + " must be " + Arrays.toString(expectOffset));
        }
        long[] expectMask = {n, (long) og * k, oh, ow};
        if (mask != null && !Arrays.equals(mask.shape(), expectMask)) {
            throw ctx.error("mask shape " + Arrays.toString(mask.shape()) + " must be " + Arrays.toString(expectMask));
        }
        double[] bias = Conv.bias(ctx, b, m);
        double[] xv = Spatial.doubles(x);
        double[] wv = Spatial.doubles(w);
        double[] off = Spatial.doubles(offset);
        double[] mk = mask == null ? null : Spatial.doubles(mask);
        int cg = c / (int) group;
        int mg = m / (int) group;
        int cPerOg = c / og;
        int outPlane = oh * ow;
        double[] y = new double[n * m * outPlane];
        double[] col = new double[cg * k * outPlane];
        for (int bi = 0; bi < n; bi++) {
            for (int gi = 0; gi < group; gi++) {
                for (int cc = 0; cc < cg; cc++) {
                    int ic = gi * cg + cc;
                    int ogi = ic / cPerOg;
                    int xBase = (bi * c + ic) * ih * iw;
                    for (int a = 0; a < kh; a++) {
                        for (int e = 0; e < kw; e++) {
                            int tap = a * kw + e;
                            int offH = ((bi * og + ogi) * k * 2 + tap * 2) * outPlane;
                            int offW = offH + outPlane;
                            int maskBase = ((bi * og + ogi) * k + tap) * outPlane;
                            int colBase = (cc * k + tap) * outPlane;
                            for (int i = 0; i < oh; i++) {
                                for (int j = 0; j < ow; j++) {
                                    int o = i * ow + j;
                                    double ph = i * g.stride[0] - g.padBegin[0] + a * g.dilation[0] + off[offH + o];
                                    double pw = j * g.stride[1] - g.padBegin[1] + e * g.dilation[1] + off[offW + o];
                                    double v = bilinear(xv, xBase, ih, iw, ph, pw);
                                    col[colBase + o] = mk == null ? v : v * mk[maskBase + o];
                                }
                            }
                        }
                    }
                }
                for (int mm = 0; mm < mg; mm++) {
                    int oc = gi * mg + mm;
                    int yBase = (bi * m + oc) * outPlane;
                    if (bias != null) {
                        Arrays.fill(y, yBase, yBase + outPlane, bias[oc]);
                    }
                    int wBase = oc * cg * k;
                    for (int r = 0; r < cg * k; r++) {
                        double wr = wv[wBase + r];
                        int colBase = r * outPlane;
                        for (int o = 0; o < outPlane; o++) {
                            y[yBase + o] += wr * col[colBase + o];
                        }
                    }
                }
            }
        }
        ctx.output(0, Tensors.fromDoubles(x.type(), g.outShape(n, m), y));
    }

    /** Bilinear sample of the plane at (h, w); corners outside the plane count as zero. */
    private static double bilinear(double[] x, int base, int ih, int iw, double h, double w) {
        if (!(h > -1 && h < ih && w > -1 && w < iw)) {
            return 0;
        }
        int h0 = (int) Math.floor(h);
        int w0 = (int) Math.floor(w);
        double lh = h - h0;
        double lw = w - w0;
        double v = 0;
        for (int dh = 0; dh < 2; dh++) {
            int hh = h0 + dh;
            if (hh < 0 || hh >= ih) {
                continue;
            }
            double fh = dh == 0 ? 1 - lh : lh;
            for (int dw = 0; dw < 2; dw++) {
                int ww = w0 + dw;
                if (ww < 0 || ww >= iw) {
                    continue;
                }
                v += fh * (dw == 0 ? 1 - lw : lw) * x[base + hh * iw + ww];
            }
        }
        return v;
    }
}
