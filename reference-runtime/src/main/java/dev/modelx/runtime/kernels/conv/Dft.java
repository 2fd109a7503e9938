package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/**
 * DFT (17: axis attribute, default 1; 20: axis input, default -2). The last axis holds 1 (real) or 2 (real,
 * imaginary) components. Forward with onesided returns the first n/2 + 1 bins; inverse divides by n, and
 * inverse with onesided is the real inverse of a Hermitian half spectrum (IRFFT).
 */
public final class Dft {

    private Dft() {
    }

    public static void v17(OpContext ctx) {
        run(ctx, ctx.attrLong("axis", 1));
    }

    public static void v20(OpContext ctx) {
        Tensor axisT = ctx.optionalInput(2);
        long axis = -2;
        if (axisT != null) {
            if (axisT.size() != 1) {
                throw ctx.error("axis must be a scalar, got shape " + Arrays.toString(axisT.shape()));
            }
            axis = axisT.getLong(0);
        }
        run(ctx, axis);
    }

    private static void run(OpContext ctx, long axisValue) {
        Tensor x = ctx.input(0);
        Spatial.requireFloat(ctx, x, "input");
        long[] xs = x.shape();
        int rank = xs.length;
        if (rank < 2 || xs[rank - 1] != 1 && xs[rank - 1] != 2) {
            throw ctx.error("input must have rank >= 2 with a last dimension of 1 or 2, got shape " + Arrays.toString(xs));
        }
        long a = axisValue < 0 ? axisValue + rank : axisValue;
        if (a < 0 || a >= rank - 1) {
            throw ctx.error("axis " + axisValue + " is out of range for input rank " + rank
                    + " (the last axis holds the complex components)");
        }
        int axis = (int) a;
        boolean inverse = ctx.attrLong("inverse", 0) != 0;
        boolean onesided = ctx.attrLong("onesided", 0) != 0;
        int inLen = (int) xs[axis];
        Tensor lenT = ctx.optionalInput(1);
        long n;
        if (lenT != null && lenT.size() > 0) {
            if (lenT.size() != 1) {
                throw ctx.error("dft_length must be a scalar, got shape " + Arrays.toString(lenT.shape()));
            }
            n = lenT.getLong(0);
        } else {
            n = inverse && onesided ? 2L * (inLen - 1) : inLen;
        }
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw ctx.error("dft_length must be positive, got " + n);
        }
        int len = (int) n;
        boolean complexIn = xs[rank - 1] == 2;
        int outLen = onesided && !inverse ? len / 2 + 1 : len;
        int outComp = onesided && inverse ? 1 : 2;
        long[] outShape = xs.clone();
        outShape[axis] = outLen;
        outShape[rank - 1] = outComp;
        Spatial.checkAlloc(ctx, outShape, x.type());

        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= (int) xs[i];
        }
        int inner = 1;
        for (int i = axis + 1; i < rank - 1; i++) {
            inner *= (int) xs[i];
        }
        int inC = complexIn ? 2 : 1;
        double[] v = Spatial.doubles(x);
        double[] y = new double[(int) Tensor.elementCount(outShape)];
        double[] re = new double[len];
        double[] im = new double[len];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                Arrays.fill(re, 0);
                Arrays.fill(im, 0);
                int take = Math.min(inLen, inverse && onesided ? len / 2 + 1 : len);
                for (int t = 0; t < take; t++) {
                    int at = ((o * inLen + t) * inner + i) * inC;
                    re[t] = v[at];
                    im[t] = complexIn ? v[at + 1] : 0;
                }
                if (inverse && onesided) {
                    // rebuild the full Hermitian spectrum; the DC and Nyquist imaginary parts are ignored
                    im[0] = 0;
                    if (len % 2 == 0) {
                        im[len / 2] = 0;
                    }
                    for (int k = len / 2 + 1; k < len; k++) {
                        re[k] = re[len - k];
                        im[k] = -im[len - k];
                    }
                }
                Fourier.transform(re, im, inverse);
                double scale = inverse ? 1.0 / len : 1.0;
                for (int k = 0; k < outLen; k++) {
                    int at = ((o * outLen + k) * inner + i) * outComp;
                    y[at] = re[k] * scale;
                    if (outComp == 2) {
                        y[at + 1] = im[k] * scale;
                    }
                }
            }
        }
        ctx.output(0, Tensors.fromDoubles(x.type(), outShape, y));
    }
}
