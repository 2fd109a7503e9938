package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.util.Arrays;

/**
 * Window geometry shared by convolutions and pools: kernel, strides, dilations, pads (explicit or from
 * auto_pad) and the resulting output size per spatial axis. Also small tensor helpers of the package.
 */
final class Spatial {

    final int rank;
    final int[] in;
    final int[] kernel;
    final int[] stride;
    final int[] dilation;
    final int[] padBegin;
    final int[] padEnd;
    final int[] out;

    private Spatial(int rank) {
        this.rank = rank;
        in = new int[rank];
        kernel = new int[rank];
        stride = new int[rank];
        dilation = new int[rank];
        padBegin = new int[rank];
        padEnd = new int[rank];
        out = new int[rank];
    }

    /** Reads kernel_shape (or {@code kernelFromWeights}), strides, dilations, pads and auto_pad for input dims {@code xShape}. */
    static Spatial read(OpContext ctx, long[] xShape, long[] kernelFromWeights, boolean ceilMode) {
        if (xShape.length < 3) {
            throw ctx.error("input must have rank >= 3 (N x C x spatial...), got shape " + Arrays.toString(xShape));
        }
        int r = xShape.length - 2;
        Spatial s = new Spatial(r);
        long[] k = ctx.hasAttr("kernel_shape") ? ctx.attrLongs("kernel_shape", null) : kernelFromWeights;
        if (k == null) {
            throw ctx.error("attribute 'kernel_shape' is required");
        }
        if (kernelFromWeights != null && ctx.hasAttr("kernel_shape") && !Arrays.equals(k, kernelFromWeights)) {
            throw ctx.error("kernel_shape " + Arrays.toString(k) + " does not match the weights' spatial dims "
                    + Arrays.toString(kernelFromWeights));
        }
        long[] st = ctx.attrLongs("strides", null);
        long[] di = ctx.attrLongs("dilations", null);
        long[] pads = ctx.attrLongs("pads", null);
        check(ctx, "kernel_shape", k, r);
        check(ctx, "strides", st, r);
        check(ctx, "dilations", di, r);
        if (pads != null && pads.length != 2 * r) {
            throw ctx.error("pads " + Arrays.toString(pads) + " must have " + 2 * r + " values");
        }
        for (int i = 0; i < r; i++) {
            s.in[i] = toInt(ctx, xShape[i + 2]);
            s.kernel[i] = toInt(ctx, k[i]);
            s.stride[i] = st == null ? 1 : toInt(ctx, st[i]);
            s.dilation[i] = di == null ? 1 : toInt(ctx, di[i]);
            if (s.kernel[i] < 1 || s.stride[i] < 1 || s.dilation[i] < 1) {
                throw ctx.error("kernel_shape, strides and dilations must be positive, got kernel " + Arrays.toString(k)
                        + ", strides " + Arrays.toString(st) + ", dilations " + Arrays.toString(di));
            }
            if (pads != null) {
                s.padBegin[i] = toInt(ctx, pads[i]);
                s.padEnd[i] = toInt(ctx, pads[i + r]);
                if (s.padBegin[i] < 0 || s.padEnd[i] < 0) {
                    throw ctx.error("pads must be non-negative, got " + Arrays.toString(pads));
                }
            }
        }
        String autoPad = ctx.attrString("auto_pad", "NOTSET");
        for (int i = 0; i < r; i++) {
            int window = (s.kernel[i] - 1) * s.dilation[i] + 1;
            switch (autoPad) {
                case "NOTSET", "" -> {
                    long span = (long) s.in[i] + s.padBegin[i] + s.padEnd[i] - window;
                    long o;
                    if (ceilMode) {
                        o = Math.floorDiv(span + s.stride[i] - 1, s.stride[i]) + 1;
                        // the last window must start inside the input or its leading padding
                        if (o > 0 && (o - 1) * s.stride[i] >= (long) s.in[i] + s.padBegin[i]) {
                            o--;
                        }
                    } else {
                        o = Math.floorDiv(span, s.stride[i]) + 1;
                    }
                    s.out[i] = (int) Math.max(0, o);
                }
                case "VALID" -> {
                    s.padBegin[i] = 0;
                    s.padEnd[i] = 0;
                    s.out[i] = Math.max(0, Math.floorDiv(s.in[i] - window, s.stride[i]) + 1);
                }
                case "SAME_UPPER", "SAME_LOWER" -> {
                    s.out[i] = (s.in[i] + s.stride[i] - 1) / s.stride[i];
                    int total = Math.max(0, (s.out[i] - 1) * s.stride[i] + window - s.in[i]);
                    int small = total / 2;
                    s.padBegin[i] = autoPad.equals("SAME_UPPER") ? small : total - small;
                    s.padEnd[i] = total - s.padBegin[i];
                }
                default -> throw ctx.error("auto_pad must be NOTSET, SAME_UPPER, SAME_LOWER or VALID, got '" + autoPad + "'");
            }
        }
        return s;
    }

    private static void check(OpContext ctx, String name, long[] v, int rank) {
        if (v != null && v.length != rank) {
            throw ctx.error(name + " " + Arrays.toString(v) + " must have " + rank + " values (one per spatial axis)");
        }
    }

    static int toInt(OpContext ctx, long v) {
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw ctx.error("value " + v + " is too large");
        }
        return (int) v;
    }

    int inSize() {
        return product(in);
    }

    int outSize() {
        return product(out);
    }

    int kernelSize() {
        return product(kernel);
    }

    static int product(int[] a) {
        long p = 1;
        for (int v : a) {
            p *= v;
            if (p > Integer.MAX_VALUE) {
                throw new ArithmeticException("size overflow");
            }
        }
        return (int) p;
    }

    long[] outShape(long n, long c) {
        long[] s = new long[rank + 2];
        s[0] = n;
        s[1] = c;
        for (int i = 0; i < rank; i++) {
            s[i + 2] = out[i];
        }
        return s;
    }

    /** The dims of this geometry padded to 3 spatial axes with leading 1s (for the 3-D loops). */
    static int[] to3(int[] a, int fill) {
        if (a.length > 3) {
            throw new IllegalArgumentException("more than 3 spatial axes");
        }
        int[] r = new int[3];
        Arrays.fill(r, fill);
        System.arraycopy(a, 0, r, 3 - a.length, a.length);
        return r;
    }

    // ---- tensor helpers ----

    /** Elements as doubles; no copy for DOUBLE. */
    static double[] doubles(Tensor t) {
        if (t.type() == DataType.DOUBLE) {
            return t.doubles();
        }
        if (t.type() == DataType.FLOAT) {
            float[] f = t.floats();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        return t.toDoubleArray();
    }

    static void requireFloat(OpContext ctx, Tensor t, String name) {
        DataType ty = t.type();
        if (!(ty == DataType.FLOAT || ty == DataType.DOUBLE || ty == DataType.FLOAT16 || ty == DataType.BFLOAT16)) {
            throw ctx.error(name + " must be a floating-point tensor, got " + ty.displayName());
        }
    }

    static void checkAlloc(OpContext ctx, long[] shape, DataType type) {
        long n;
        try {
            n = Tensor.elementCount(shape);
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw ctx.error("output shape " + Arrays.toString(shape) + " is invalid: " + e.getMessage());
        }
        Tensor.checkAllocatable(n, type);
    }
}
