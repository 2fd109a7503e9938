package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/** GlobalAveragePool, GlobalMaxPool and GlobalLpPool (1, 2, 22): one value per (n, c) plane. */
public final class GlobalPool {

    private GlobalPool() {
    }

    public static void average(OpContext ctx) {
        run(ctx, 'a');
    }

    public static void max(OpContext ctx) {
        run(ctx, 'm');
    }

    public static void lp(OpContext ctx) {
        run(ctx, 'p');
    }

    private static void run(OpContext ctx, char kind) {
        Tensor x = ctx.input(0);
        Spatial.requireFloat(ctx, x, "X");
        long[] xs = x.shape();
        if (xs.length < 2) {
            throw ctx.error("X must have rank >= 2 (N x C x spatial...), got shape " + Arrays.toString(xs));
        }
        double p = ctx.attrFloat("p", 2f);
        if (kind == 'p' && !(p > 0)) {
            throw ctx.error("p must be positive, got " + p);
        }
        int planes = (int) (xs[0] * xs[1]);
        int plane = planes == 0 ? 0 : (int) (x.size() / planes);
        double[] v = Spatial.doubles(x);
        double[] y = new double[planes];
        for (int pl = 0; pl < planes; pl++) {
            double acc = kind == 'm' ? Double.NEGATIVE_INFINITY : 0;
            for (int i = pl * plane, e = i + plane; i < e; i++) {
                double a = v[i];
                switch (kind) {
                    case 'm' -> acc = a > acc || Double.isNaN(a) ? a : acc;
                    case 'a' -> acc += a;
                    default -> acc += Math.pow(Math.abs(a), p);
                }
            }
            y[pl] = switch (kind) {
                case 'a' -> plane == 0 ? Double.NaN : acc / plane;
                case 'm' -> plane == 0 ? Double.NaN : acc;
                default -> Math.pow(acc, 1.0 / p);
            };
        }
        long[] out = new long[xs.length];
        Arrays.fill(out, 1);
        out[0] = xs[0];
        out[1] = xs[1];
        ctx.output(0, Tensors.fromDoubles(x.type(), out, y));
    }
}
