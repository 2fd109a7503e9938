package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/** Conv (1, 11, 22), ConvInteger (10) and QLinearConv (10): direct convolution in double. */
public final class Conv {

    private Conv() {
    }

    public static void v1(OpContext ctx) {
        Tensor x = ctx.input(0);
        Tensor w = ctx.input(1);
        Tensor b = ctx.optionalInput(2);
        Spatial.requireFloat(ctx, x, "X");
        Spatial.requireFloat(ctx, w, "W");
        long group = ctx.attrLong("group", 1);
        Spatial g = ConvCore.geometry(ctx, x, w, group);
        int m = (int) w.dim(0);
        double[] bias = bias(ctx, b, m);
        double[] y = ConvCore.conv(Spatial.doubles(x), (int) x.dim(0), (int) x.dim(1), Spatial.doubles(w), m, (int) group, g, bias);
        ctx.output(0, Tensors.fromDoubles(x.type(), g.outShape(x.dim(0), m), y));
    }

    static double[] bias(OpContext ctx, Tensor b, int m) {
        if (b == null) {
            return null;
        }
        if (b.size() != m) {
            throw ctx.error("bias B of shape " + Arrays.toString(b.shape()) + " must have " + m + " elements (one per output channel)");
        }
        return Spatial.doubles(b);
    }

    public static void convInteger(OpContext ctx) {
        Tensor x = ctx.input(0);
        Tensor w = ctx.input(1);
        requireInt8(ctx, x, "x");
        requireInt8(ctx, w, "w");
        long group = ctx.attrLong("group", 1);
        Spatial g = ConvCore.geometry(ctx, x, w, group);
        int m = (int) w.dim(0);
        double[] xd = minusZeroPoint(ctx, x, ctx.optionalInput(2), 1, "x_zero_point");
        double[] wd = minusZeroPoint(ctx, w, ctx.optionalInput(3), m, "w_zero_point");
        double[] y = ConvCore.conv(xd, (int) x.dim(0), (int) x.dim(1), wd, m, (int) group, g, null);
        long[] out = new long[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (long) y[i];
        }
        ctx.output(0, Tensors.fromLongs(DataType.INT32, g.outShape(x.dim(0), m), out));
    }

    public static void qlinear(OpContext ctx) {
        Tensor x = ctx.input(0);
        Tensor xScale = ctx.input(1);
        Tensor xZero = ctx.input(2);
        Tensor w = ctx.input(3);
        Tensor wScale = ctx.input(4);
        Tensor wZero = ctx.input(5);
        Tensor yScale = ctx.input(6);
        Tensor yZero = ctx.input(7);
        Tensor b = ctx.optionalInput(8);
        requireInt8(ctx, x, "x");
        requireInt8(ctx, w, "w");
        requireInt8(ctx, yZero, "y_zero_point");
        long group = ctx.attrLong("group", 1);
        Spatial g = ConvCore.geometry(ctx, x, w, group);
        int m = (int) w.dim(0);
        double[] xd = minusZeroPoint(ctx, x, xZero, 1, "x_zero_point");
        double[] wd = minusZeroPoint(ctx, w, wZero, m, "w_zero_point");
        double[] bias = bias(ctx, b, m);
        double[] acc = ConvCore.conv(xd, (int) x.dim(0), (int) x.dim(1), wd, m, (int) group, g, bias);
        double xs = scalar(ctx, xScale, "x_scale");
        double ys = scalar(ctx, yScale, "y_scale");
        double yz = scalar(ctx, yZero, "y_zero_point");
        double[] ws = perChannel(ctx, wScale, m, "w_scale");
        long lowest = yZero.type() == DataType.UINT8 ? 0 : -128;
        long highest = yZero.type() == DataType.UINT8 ? 255 : 127;
        int outSize = g.outSize();
        long[] out = new long[acc.length];
        for (int i = 0; i < acc.length; i++) {
            int oc = (i / outSize) % m;
            // scales are float32 in the spec: multiply them in float like the reference does
            double scale = (float) ((float) xs * (float) ws[oc]) / (float) ys;
            double v = Math.rint(acc[i] * scale) + yz;
            out[i] = Math.max(lowest, Math.min(highest, (long) v));
        }
        ctx.output(0, Tensors.fromLongs(yZero.type(), g.outShape(x.dim(0), m), out));
    }

    private static void requireInt8(OpContext ctx, Tensor t, String name) {
        if (t.type() != DataType.INT8 && t.type() != DataType.UINT8) {
            throw ctx.error(name + " must be int8 or uint8, got " + t.type().displayName());
        }
    }

    private static double scalar(OpContext ctx, Tensor t, String name) {
        if (t.size() != 1) {
            throw ctx.error(name + " must be a scalar, got shape " + Arrays.toString(t.shape()));
        }
        return t.getDouble(0);
    }

    private static double[] perChannel(OpContext ctx, Tensor t, int m, String name) {
        double[] v = new double[m];
        if (t.size() == 1) {
            Arrays.fill(v, t.getDouble(0));
        } else if (t.rank() == 1 && t.size() == m) {
            for (int i = 0; i < m; i++) {
                v[i] = t.getDouble(i);
            }
        } else {
            throw ctx.error(name + " must be a scalar or have " + m + " elements (one per output channel), got shape "
                    + Arrays.toString(t.shape()));
        }
        return v;
    }

    /** t - zero point, where the zero point is a scalar or (for {@code channels} > 1) one value per leading-axis slice. */
    private static double[] minusZeroPoint(OpContext ctx, Tensor t, Tensor zero, int channels, String name) {
        double[] v = t.toDoubleArray();
        if (zero == null) {
            return v;
        }
        if (zero.type() != t.type()) {
            throw ctx.error(name + " type " + zero.type().displayName() + " must match its tensor's type " + t.type().displayName());
        }
        if (channels == 1 && zero.size() != 1) {
            throw ctx.error(name + " must be a scalar, got shape " + Arrays.toString(zero.shape()));
        }
        double[] z = perChannel(ctx, zero, channels, name);
        int per = v.length / Math.max(1, channels);
        for (int i = 0; i < v.length; i++) {
            v[i] -= z[channels == 1 ? 0 : i / per];
        }
        return v;
    }
}
