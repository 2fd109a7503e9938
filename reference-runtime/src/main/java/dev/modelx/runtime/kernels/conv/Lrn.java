package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/** LRN (1, 13): y = x / (bias + alpha / size * sum of x^2 over neighbouring channels) ^ beta. */
public final class Lrn {

    private Lrn() {
    }

    public static void v1(OpContext ctx) {
        Tensor x = ctx.input(0);
        Spatial.requireFloat(ctx, x, "X");
        long[] xs = x.shape();
        if (xs.length < 2) {
            throw ctx.error("X must have rank >= 2 (N x C x ...), got shape " + Arrays.toString(xs));
        }
        long size = ctx.requireAttr("size").asLong();
        if (size < 1) {
            throw ctx.error("size must be positive, got " + size);
        }
        double alpha = ctx.attrFloat("alpha", 1e-4f);
        double beta = ctx.attrFloat("beta", 0.75f);
        double bias = ctx.attrFloat("bias", 1f);
        int n = (int) xs[0];
        int c = (int) xs[1];
        int plane = n * c == 0 ? 0 : (int) (x.size() / ((long) n * c));
        int before = (int) ((size - 1) / 2);
        int after = (int) (size - 1 - before);
        double[] v = Spatial.doubles(x);
        double[] y = new double[v.length];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                int lo = Math.max(0, ch - before);
                int hi = Math.min(c - 1, ch + after);
                for (int i = 0; i < plane; i++) {
                    double sq = 0;
                    for (int q = lo; q <= hi; q++) {
                        double e = v[(b * c + q) * plane + i];
                        sq += e * e;
                    }
                    int at = (b * c + ch) * plane + i;
                    y[at] = v[at] / Math.pow(bias + alpha / size * sq, beta);
                }
            }
        }
        ctx.output(0, Tensors.fromDoubles(x.type(), xs, y));
    }
}
