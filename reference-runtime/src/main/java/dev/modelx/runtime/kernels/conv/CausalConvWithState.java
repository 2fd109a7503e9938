package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/**
 * CausalConvWithState (27): depthwise causal 1-D convolution of (B, C, L) with weights (C, 1, k) over the
 * past state (or zeros) followed by the input; optional fused SiLU. present_state is the last k - 1 positions
 * of that concatenation.
 */
public final class CausalConvWithState {

    private CausalConvWithState() {
    }

    public static void v27(OpContext ctx) {
        Tensor x = ctx.input(0);
        Tensor w = ctx.input(1);
        Tensor b = ctx.optionalInput(2);
        Tensor past = ctx.optionalInput(3);
        Spatial.requireFloat(ctx, x, "input");
        String act = ctx.attrString("activation", "none");
        if (!act.equals("none") && !act.equals("silu") && !act.equals("swish")) {
            throw ctx.error("activation must be none, silu or swish, got '" + act + "'");
        }
        long[] xs = x.shape();
        long[] ws = w.shape();
        if (xs.length != 3) {
            throw ctx.error("input must have rank 3 (batch, channels, length), got shape " + Arrays.toString(xs));
        }
        if (ws.length != 3 || ws[0] != xs[1] || ws[1] != 1 || ws[2] < 1) {
            throw ctx.error("weight shape " + Arrays.toString(ws) + " must be (" + xs[1] + ", 1, k)");
        }
        int batch = (int) xs[0];
        int c = (int) xs[1];
        int len = (int) xs[2];
        int k = (int) ws[2];
        int keep = k - 1;
        if (past != null && !Arrays.equals(past.shape(), new long[] {batch, c, keep})) {
            throw ctx.error("past_state shape " + Arrays.toString(past.shape()) + " must be (" + batch + ", " + c + ", " + keep + ")");
        }
        double[] bias = Conv.bias(ctx, b, c);
        double[] xv = Spatial.doubles(x);
        double[] wv = Spatial.doubles(w);
        double[] pv = past == null ? null : Spatial.doubles(past);
        int total = keep + len;
        double[] padded = new double[total];
        double[] y = new double[batch * c * len];
        double[] state = new double[batch * c * keep];
        boolean silu = !act.equals("none");
        for (int bi = 0; bi < batch; bi++) {
            for (int ch = 0; ch < c; ch++) {
                int plane = bi * c + ch;
                for (int t = 0; t < keep; t++) {
                    padded[t] = pv == null ? 0 : pv[plane * keep + t];
                }
                System.arraycopy(xv, plane * len, padded, keep, len);
                for (int t = 0; t < len; t++) {
                    double acc = bias == null ? 0 : bias[ch];
                    for (int j = 0; j < k; j++) {
                        acc += wv[ch * k + j] * padded[t + j];
                    }
                    if (silu) {
                        // the reference rounds the convolution to the element type before the activation
                        double r = roundTo(x, acc);
                        acc = r / (1 + Math.exp(-r));
                    }
                    y[plane * len + t] = acc;
                }
                System.arraycopy(padded, total - keep, state, plane * keep, keep);
            }
        }
        ctx.output(0, Tensors.fromDoubles(x.type(), xs, y));
        if (ctx.wantsOutput(1)) {
            ctx.output(1, Tensors.fromDoubles(x.type(), new long[] {batch, c, keep}, state));
        }
    }

    private static double roundTo(Tensor like, double v) {
        return switch (like.type()) {
            case DOUBLE -> v;
            case FLOAT -> (float) v;
            default -> Tensors.fromDoubles(like.type(), new long[0], new double[] {v}).getDouble(0);
        };
    }
}
