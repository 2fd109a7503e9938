package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/** ConvTranspose (1, 11, 22): output_padding, output_shape and auto_pad as the spec defines them. */
public final class ConvTranspose {

    private ConvTranspose() {
    }

    public static void v1(OpContext ctx) {
        Tensor x = ctx.input(0);
        Tensor w = ctx.input(1);
        Tensor b = ctx.optionalInput(2);
        Spatial.requireFloat(ctx, x, "X");
        Spatial.requireFloat(ctx, w, "W");
        long[] xs = x.shape();
        long[] ws = w.shape();
        long group = ctx.attrLong("group", 1);
        if (xs.length < 3 || xs.length > 5) {
            throw ctx.error("X must have rank 3 to 5 (N x C x 1 to 3 spatial axes), got shape " + Arrays.toString(xs));
        }
        if (ws.length != xs.length) {
            throw ctx.error("W rank " + ws.length + " (shape " + Arrays.toString(ws) + ") must equal X rank " + xs.length);
        }
        if (group < 1 || xs[1] % group != 0 || ws[0] != xs[1]) {
            throw ctx.error("W.shape[0] " + ws[0] + " must equal X channels " + xs[1] + ", a multiple of group " + group);
        }
        int r = xs.length - 2;
        long[] kernel = Arrays.copyOfRange(ws, 2, ws.length);
        // reuse the reader for kernel/strides/dilations/pads; output sizes are recomputed below
        Spatial g = Spatial.read(ctx, xs, kernel, false);
        long[] outPad = ctx.attrLongs("output_padding", null);
        long[] outShape = ctx.attrLongs("output_shape", null);
        String autoPad = ctx.attrString("auto_pad", "NOTSET");
        if (outPad != null && outPad.length != r) {
            throw ctx.error("output_padding " + Arrays.toString(outPad) + " must have " + r + " values");
        }
        if (outShape != null && outShape.length == r + 2) {
            outShape = Arrays.copyOfRange(outShape, 2, r + 2);
        }
        if (outShape != null && outShape.length != r) {
            throw ctx.error("output_shape " + Arrays.toString(outShape) + " must have " + r + " values");
        }
        boolean same = autoPad.equals("SAME_UPPER") || autoPad.equals("SAME_LOWER");
        if (!same && !autoPad.equals("NOTSET") && !autoPad.equals("VALID") && !autoPad.isEmpty()) {
            throw ctx.error("auto_pad must be NOTSET, SAME_UPPER, SAME_LOWER or VALID, got '" + autoPad + "'");
        }
        for (int i = 0; i < r; i++) {
            int op = outPad == null ? 0 : Spatial.toInt(ctx, outPad[i]);
            long full = (long) g.stride[i] * (g.in[i] - 1) + op + (long) (g.kernel[i] - 1) * g.dilation[i] + 1;
            if (autoPad.equals("VALID")) {
                g.padBegin[i] = 0;
                g.padEnd[i] = 0;
            }
            if (outShape != null || same) {
                long target = outShape != null ? outShape[i] : (long) g.in[i] * g.stride[i];
                long total = full - target;
                long half = Math.floorDiv(total, 2);
                if (autoPad.equals("SAME_UPPER")) {
                    g.padBegin[i] = (int) half;
                    g.padEnd[i] = (int) (total - half);
                } else {
                    g.padBegin[i] = (int) (total - half);
                    g.padEnd[i] = (int) half;
                }
            }
            long o = full - g.padBegin[i] - g.padEnd[i];
            if (o < 0 || o > Integer.MAX_VALUE) {
                throw ctx.error("output size " + o + " along spatial axis " + i + " is invalid");
            }
            g.out[i] = (int) o;
        }
        int m = (int) (ws[1] * group);
        Spatial.checkAlloc(ctx, g.outShape(xs[0], m), x.type());
        double[] bias = Conv.bias(ctx, b, m);
        double[] y = ConvCore.convTranspose(Spatial.doubles(x), (int) xs[0], (int) xs[1], Spatial.doubles(w), m, (int) group, g, bias);
        ctx.output(0, Tensors.fromDoubles(x.type(), g.outShape(xs[0], m), y));
    }
}
