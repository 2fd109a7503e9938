package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/**
 * AveragePool (1, 7, 10, 11, 19, 22), MaxPool (1, 8, 10, 11, 12, 22) and LpPool (1, 2, 11, 18, 22) over 1 to 3
 * spatial axes. Attributes a version does not define (ceil_mode, dilations, ...) are simply absent and take
 * their defaults, so one kernel serves all versions; LpPool-1 has a float {@code p}.
 */
public final class Pool {

    private enum Kind { AVG, MAX, LP }

    private Pool() {
    }

    public static void average(OpContext ctx) {
        run(ctx, Kind.AVG);
    }

    public static void max(OpContext ctx) {
        run(ctx, Kind.MAX);
    }

    public static void lp(OpContext ctx) {
        run(ctx, Kind.LP);
    }

    private static void run(OpContext ctx, Kind kind) {
        Tensor x = ctx.input(0);
        DataType type = x.type();
        boolean intOk = kind == Kind.MAX && (type == DataType.INT8 || type == DataType.UINT8);
        if (!intOk) {
            Spatial.requireFloat(ctx, x, "X");
        }
        long[] xs = x.shape();
        if (xs.length > 5) {
            throw ctx.error("only 1 to 3 spatial axes are supported, got X shape " + Arrays.toString(xs));
        }
        boolean ceil = ctx.attrLong("ceil_mode", 0) != 0;
        Spatial g = Spatial.read(ctx, xs, null, ceil);
        long[] outShape = g.outShape(xs[0], xs[1]);
        Spatial.checkAlloc(ctx, outShape, type);
        boolean includePad = ctx.attrLong("count_include_pad", 0) != 0;
        double p = kind == Kind.LP ? lpExponent(ctx) : 0;
        boolean wantIndices = kind == Kind.MAX && ctx.wantsOutput(1);
        boolean colMajor = ctx.attrLong("storage_order", 0) != 0;

        int[] in = Spatial.to3(g.in, 1);
        int[] k = Spatial.to3(g.kernel, 1);
        int[] s = Spatial.to3(g.stride, 1);
        int[] d = Spatial.to3(g.dilation, 1);
        int[] pb = Spatial.to3(g.padBegin, 0);
        int[] pe = Spatial.to3(g.padEnd, 0);
        int[] o = Spatial.to3(g.out, 1);
        // column-major strides of the spatial index for storage_order = 1
        int[] idxStride = colMajor ? new int[] {1, in[0], in[0] * in[1]} : new int[] {in[1] * in[2], in[2], 1};

        double[] xv = Spatial.doubles(x);
        int planes = (int) (xs[0] * xs[1]);
        int inSize = in[0] * in[1] * in[2];
        int outSize = o[0] * o[1] * o[2];
        double[] y = new double[planes * outSize];
        long[] indices = wantIndices ? new long[y.length] : null;
        for (int pl = 0; pl < planes; pl++) {
            int xBase = pl * inSize;
            int yi = pl * outSize;
            for (int o0 = 0; o0 < o[0]; o0++) {
                for (int o1 = 0; o1 < o[1]; o1++) {
                    for (int o2 = 0; o2 < o[2]; o2++, yi++) {
                        double acc = kind == Kind.MAX ? Double.NEGATIVE_INFINITY : 0;
                        int count = 0;
                        int padCount = 0;
                        int best = -1;
                        for (int k0 = 0; k0 < k[0]; k0++) {
                            int i0 = o0 * s[0] - pb[0] + k0 * d[0];
                            if (i0 < -pb[0] || i0 >= in[0] + pe[0]) {
                                continue;
                            }
                            for (int k1 = 0; k1 < k[1]; k1++) {
                                int i1 = o1 * s[1] - pb[1] + k1 * d[1];
                                if (i1 < -pb[1] || i1 >= in[1] + pe[1]) {
                                    continue;
                                }
                                for (int k2 = 0; k2 < k[2]; k2++) {
                                    int i2 = o2 * s[2] - pb[2] + k2 * d[2];
                                    if (i2 < -pb[2] || i2 >= in[2] + pe[2]) {
                                        continue;
                                    }
                                    padCount++;
                                    if (i0 < 0 || i0 >= in[0] || i1 < 0 || i1 >= in[1] || i2 < 0 || i2 >= in[2]) {
                                        continue;
                                    }
                                    double v = xv[xBase + (i0 * in[1] + i1) * in[2] + i2];
                                    count++;
                                    switch (kind) {
                                        case MAX -> {
                                            if (v > acc || best < 0 && !(v < acc)) {
                                                acc = v;
                                                best = i0 * idxStride[0] + i1 * idxStride[1] + i2 * idxStride[2];
                                            }
                                        }
                                        case AVG -> acc += v;
                                        case LP -> acc += Math.pow(Math.abs(v), p);
                                    }
                                }
                            }
                        }
                        switch (kind) {
                            case MAX -> {
                                y[yi] = best < 0 ? Double.NaN : acc;
                                if (indices != null) {
                                    indices[yi] = (long) pl * inSize + Math.max(best, 0);
                                }
                            }
                            case AVG -> {
                                int n = includePad ? padCount : count;
                                y[yi] = n == 0 ? Double.NaN : acc / n;
                            }
                            case LP -> y[yi] = Math.pow(acc, 1.0 / p);
                        }
                    }
                }
            }
        }
        ctx.output(0, Tensors.fromDoubles(type, outShape, y));
        if (indices != null) {
            ctx.output(1, Tensor.of(DataType.INT64, outShape, indices));
        }
    }

    private static double lpExponent(OpContext ctx) {
        // a float before op set 2, an int after: asFloat reads either
        double p = ctx.attrFloat("p", 2f);
        if (!(p > 0)) {
            throw ctx.error("p must be positive, got " + p);
        }
        return p;
    }
}
