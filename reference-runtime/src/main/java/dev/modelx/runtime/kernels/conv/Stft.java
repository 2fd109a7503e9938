package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/** STFT (17): windowed DFTs of frames of a (batch, length, 1 or 2) signal; output (batch, frames, bins, 2). */
public final class Stft {

    private Stft() {
    }

    public static void v17(OpContext ctx) {
        Tensor x = ctx.input(0);
        Spatial.requireFloat(ctx, x, "signal");
        long[] xs = x.shape();
        if (xs.length != 3 || xs[2] != 1 && xs[2] != 2) {
            throw ctx.error("signal must have shape (batch, length, 1 or 2), got " + Arrays.toString(xs));
        }
        long step = scalar(ctx, ctx.input(1), "frame_step");
        Tensor window = ctx.optionalInput(2);
        Tensor lenT = ctx.optionalInput(3);
        boolean onesided = ctx.attrLong("onesided", 1) != 0;
        int length = (int) xs[1];
        long frameLen;
        if (lenT != null) {
            frameLen = scalar(ctx, lenT, "frame_length");
        } else if (window != null) {
            frameLen = window.size();
        } else {
            frameLen = length;
        }
        if (window != null && (window.rank() != 1 || window.size() != frameLen)) {
            throw ctx.error("window shape " + Arrays.toString(window.shape()) + " must be (" + frameLen + ")");
        }
        if (step < 1 || frameLen < 1 || frameLen > length) {
            throw ctx.error("frame_step " + step + " must be positive and frame_length " + frameLen
                    + " in [1, signal length " + length + "]");
        }
        int fl = (int) frameLen;
        int frames = (int) (1 + (length - frameLen) / step);
        int bins = onesided ? fl / 2 + 1 : fl;
        int batch = (int) xs[0];
        long[] outShape = {batch, frames, bins, 2};
        Spatial.checkAlloc(ctx, outShape, x.type());
        boolean complexIn = xs[2] == 2;
        int inC = complexIn ? 2 : 1;
        double[] v = Spatial.doubles(x);
        double[] w = window == null ? null : Spatial.doubles(window);
        double[] y = new double[batch * frames * bins * 2];
        double[] re = new double[fl];
        double[] im = new double[fl];
        for (int b = 0; b < batch; b++) {
            for (int f = 0; f < frames; f++) {
                int start = (int) (f * step);
                for (int t = 0; t < fl; t++) {
                    int at = (b * length + start + t) * inC;
                    double wt = w == null ? 1 : w[t];
                    re[t] = v[at] * wt;
                    im[t] = complexIn ? v[at + 1] * wt : 0;
                }
                Fourier.transform(re, im, false);
                for (int k = 0; k < bins; k++) {
                    int at = ((b * frames + f) * bins + k) * 2;
                    y[at] = re[k];
                    y[at + 1] = im[k];
                }
            }
        }
        ctx.output(0, Tensors.fromDoubles(x.type(), outShape, y));
    }

    private static long scalar(OpContext ctx, Tensor t, String name) {
        if (t.size() != 1) {
            throw ctx.error(name + " must be a scalar, got shape " + Arrays.toString(t.shape()));
        }
        return t.getLong(0);
    }
}
