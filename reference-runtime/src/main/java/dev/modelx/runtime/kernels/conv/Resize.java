package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;

import java.util.Arrays;

/**
 * Resize (10, 11, 13, 18, 19) and Upsample (1, 7, 9, 10). Interpolation is separable, so the tensor is resized
 * one axis at a time; along an axis each output position reads a few taps (edge-clamped) with weights from the
 * mode's kernel, following the coordinate transformation, nearest rounding, cubic, antialias and
 * exclude_outside rules of the spec.
 */
public final class Resize {

    private Resize() {
    }

    /** What one resize needs besides the data. */
    static final class Params {
        String mode = "nearest";
        String ctm = "half_pixel";
        String nearestMode = "round_prefer_floor";
        double cubicA = -0.75;
        boolean excludeOutside;
        double extrapolation;
        boolean antialias;
        /** Op sets before 11 (and Upsample): nearest takes floor when upsampling and ceil when downsampling. */
        boolean simpleNearest;
    }

    // ---- Resize ----

    public static void v10(OpContext ctx) {
        Tensor x = ctx.input(0);
        Params p = new Params();
        p.mode = mode(ctx, ctx.attrString("mode", "nearest"), false);
        p.ctm = "asymmetric";
        p.simpleNearest = true;
        double[] scales = scales(ctx, ctx.input(1), x.rank());
        run(ctx, x, p, scales, null, null, null);
    }

    public static void v11(OpContext ctx) {
        Tensor x = ctx.input(0);
        int rank = x.rank();
        Params p = new Params();
        p.mode = mode(ctx, ctx.attrString("mode", "nearest"), false);
        p.ctm = ctx.attrString("coordinate_transformation_mode", "half_pixel");
        p.nearestMode = ctx.attrString("nearest_mode", "round_prefer_floor");
        p.cubicA = ctx.attrFloat("cubic_coeff_a", -0.75f);
        p.excludeOutside = ctx.attrLong("exclude_outside", 0) != 0;
        p.extrapolation = ctx.attrFloat("extrapolation_value", 0f);
        p.antialias = ctx.attrLong("antialias", 0) != 0;
        checkModes(ctx, p);
        int[] axes = axes(ctx, rank);
        int n = axes == null ? rank : axes.length;
        Tensor roiT = ctx.optionalInput(1);
        Tensor scalesT = ctx.optionalInput(2);
        Tensor sizesT = ctx.optionalInput(3);
        boolean hasScales = scalesT != null && scalesT.size() > 0;
        boolean hasSizes = sizesT != null && sizesT.size() > 0;
        if (hasScales == hasSizes) {
            throw ctx.error("exactly one of 'scales' and 'sizes' must be given (non-empty)");
        }
        double[] roi = null;
        if (roiT != null && roiT.size() > 0) {
            roi = Spatial.doubles(roiT).clone();
            if (roi.length != 2 * n) {
                throw ctx.error("roi " + Arrays.toString(roi) + " must have " + 2 * n + " values");
            }
        }
        double[] scales = hasScales ? scales(ctx, scalesT, n) : null;
        long[] sizes = null;
        if (hasSizes) {
            sizes = sizesT.toLongArray();
            if (sizes.length != n) {
                throw ctx.error("sizes " + Arrays.toString(sizes) + " must have " + n + " values");
            }
            for (long s : sizes) {
                if (s < 0) {
                    throw ctx.error("sizes must be non-negative, got " + Arrays.toString(sizes));
                }
            }
        }
        if (axes != null) {
            // spread the per-axis values to all axes
            if (scales != null) {
                double[] full = new double[rank];
                Arrays.fill(full, 1.0);
                for (int i = 0; i < n; i++) {
                    full[axes[i]] = scales[i];
                }
                scales = full;
            }
            if (sizes != null) {
                long[] full = x.shape().clone();
                for (int i = 0; i < n; i++) {
                    full[axes[i]] = sizes[i];
                }
                sizes = full;
            }
            if (roi != null) {
                double[] full = new double[2 * rank];
                Arrays.fill(full, rank, 2 * rank, 1.0);
                for (int i = 0; i < n; i++) {
                    full[axes[i]] = roi[i];
                    full[rank + axes[i]] = roi[n + i];
                }
                roi = full;
            }
        }
        if (p.ctm.equals("tf_crop_and_resize") && roi == null) {
            throw ctx.error("coordinate_transformation_mode tf_crop_and_resize needs the roi input");
        }
        String policy = ctx.attrString("keep_aspect_ratio_policy", "stretch");
        run(ctx, x, p, scales, sizes, roi, new Object[] {policy, axes});
    }

    // ---- Upsample ----

    public static void upsampleV1(OpContext ctx) {
        Tensor x = ctx.input(0);
        if (x.rank() != 4) {
            throw ctx.error("Upsample-1 needs a rank-4 input, got shape " + Arrays.toString(x.shape()));
        }
        Params p = upsampleParams(ctx);
        double[] scales = {1, 1, ctx.attrFloat("height_scale", 1f), ctx.attrFloat("width_scale", 1f)};
        validateScales(ctx, scales);
        run(ctx, x, p, scales, null, null, null);
    }

    public static void upsampleV7(OpContext ctx) {
        Tensor x = ctx.input(0);
        float[] s = ctx.requireAttr("scales").asFloats();
        double[] scales = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            scales[i] = s[i];
        }
        if (scales.length != x.rank()) {
            throw ctx.error("scales " + Arrays.toString(s) + " must have " + x.rank() + " values");
        }
        validateScales(ctx, scales);
        run(ctx, x, upsampleParams(ctx), scales, null, null, null);
    }

    public static void upsampleV9(OpContext ctx) {
        Tensor x = ctx.input(0);
        run(ctx, x, upsampleParams(ctx), scales(ctx, ctx.input(1), x.rank()), null, null, null);
    }

    private static Params upsampleParams(OpContext ctx) {
        Params p = new Params();
        p.mode = mode(ctx, ctx.attrString("mode", "nearest"), true);
        p.ctm = "asymmetric";
        p.simpleNearest = true;
        return p;
    }

    // ---- shared ----

    private static String mode(OpContext ctx, String mode, boolean upsample) {
        return switch (mode) {
            case "nearest", "linear" -> mode;
            case "bilinear", "trilinear" -> {
                if (!upsample) {
                    throw ctx.error("mode must be nearest, linear or cubic, got '" + mode + "'");
                }
                yield "linear";
            }
            case "cubic" -> {
                if (upsample) {
                    throw ctx.error("mode must be nearest or linear, got '" + mode + "'");
                }
                yield mode;
            }
            default -> throw ctx.error("mode must be nearest, linear or cubic, got '" + mode + "'");
        };
    }

    private static void checkModes(OpContext ctx, Params p) {
        switch (p.ctm) {
            case "half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric",
                    "tf_crop_and_resize" -> { }
            case "tf_half_pixel_for_nn" -> { }
            default -> throw ctx.error("unknown coordinate_transformation_mode '" + p.ctm + "'");
        }
        switch (p.nearestMode) {
            case "round_prefer_floor", "round_prefer_ceil", "floor", "ceil" -> { }
            default -> throw ctx.error("unknown nearest_mode '" + p.nearestMode + "'");
        }
    }

    private static int[] axes(OpContext ctx, int rank) {
        long[] a = ctx.attrLongs("axes", null);
        if (a == null) {
            return null;
        }
        int[] axes = new int[a.length];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < a.length; i++) {
            axes[i] = Shapes.axis(ctx, a[i], rank);
            if (seen[axes[i]]) {
                throw ctx.error("axes " + Arrays.toString(a) + " repeat axis " + a[i]);
            }
            seen[axes[i]] = true;
        }
        return axes;
    }

    private static double[] scales(OpContext ctx, Tensor t, int n) {
        double[] s = Spatial.doubles(t).clone();
        if (s.length != n) {
            throw ctx.error("scales " + Arrays.toString(s) + " must have " + n + " values");
        }
        validateScales(ctx, s);
        return s;
    }

    private static void validateScales(OpContext ctx, double[] s) {
        for (double v : s) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw ctx.error("scales must be positive and finite, got " + Arrays.toString(s));
            }
        }
    }

    private static void run(OpContext ctx, Tensor x, Params p, double[] scales, long[] sizes, double[] roi, Object[] policyAxes) {
        long[] in = x.shape();
        int rank = in.length;
        long[] out = new long[rank];
        if (sizes != null) {
            scales = new double[rank];
            for (int i = 0; i < rank; i++) {
                scales[i] = in[i] == 0 ? 1.0 : (double) sizes[i] / in[i];
            }
            String policy = policyAxes == null ? "stretch" : (String) policyAxes[0];
            int[] axes = policyAxes == null ? null : (int[]) policyAxes[1];
            if (!policy.equals("stretch")) {
                if (!policy.equals("not_larger") && !policy.equals("not_smaller")) {
                    throw ctx.error("keep_aspect_ratio_policy must be stretch, not_larger or not_smaller, got '" + policy + "'");
                }
                boolean[] on = new boolean[rank];
                if (axes == null) {
                    Arrays.fill(on, true);
                } else {
                    for (int a : axes) {
                        on[a] = true;
                    }
                }
                double s = policy.equals("not_larger") ? Double.POSITIVE_INFINITY : 0;
                for (int i = 0; i < rank; i++) {
                    if (on[i]) {
                        s = policy.equals("not_larger") ? Math.min(s, scales[i]) : Math.max(s, scales[i]);
                    }
                }
                for (int i = 0; i < rank; i++) {
                    scales[i] = on[i] ? s : 1.0;
                    out[i] = on[i] ? (long) (s * in[i] + 0.5) : in[i];
                }
            } else {
                out = sizes.clone();
            }
        } else {
            for (int i = 0; i < rank; i++) {
                double o = Math.floor(in[i] * scales[i]);
                if (o > Integer.MAX_VALUE) {
                    throw ctx.error("output size " + o + " along axis " + i + " is too large");
                }
                out[i] = (long) o;
            }
        }
        Spatial.checkAlloc(ctx, out, x.type());
        double[] data = Spatial.doubles(x);
        long[] shape = in.clone();
        for (int a = 0; a < rank; a++) {
            boolean trivialRoi = roi == null || Math.abs(roi[a]) < 1e-9 && Math.abs(roi[a + rank] - 1) < 1e-9;
            if (Math.abs(scales[a] - 1) < 1e-9 && out[a] == in[a] && trivialRoi) {
                continue;
            }
            if (in[a] == 0 && out[a] > 0) {
                throw ctx.error("cannot resize an empty axis " + a + " to " + out[a]);
            }
            data = resizeAxis(data, shape, a, (int) out[a], scales[a], p, roi == null ? null : new double[] {roi[a], roi[a + rank]});
            shape[a] = out[a];
        }
        ctx.output(0, toTensor(x.type(), out, data));
    }

    /** Resizes {@code data} (of {@code shape}) along {@code axis} to {@code outLen}. */
    static double[] resizeAxis(double[] data, long[] shape, int axis, int outLen, double scale, Params p, double[] roi) {
        int inLen = (int) shape[axis];
        int outer = 1;
        int inner = 1;
        for (int i = 0; i < axis; i++) {
            outer *= (int) shape[i];
        }
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= (int) shape[i];
        }
        double[] res = new double[outer * outLen * inner];
        if (res.length == 0) {
            return res;
        }
        Taps taps = taps(inLen, outLen, scale, p, roi);
        int n = taps.n;
        for (int b = 0; b < outer; b++) {
            int inBase = b * inLen * inner;
            int outBase = b * outLen * inner;
            for (int o = 0; o < outLen; o++) {
                int dst = outBase + o * inner;
                if (taps.extrapolate[o]) {
                    Arrays.fill(res, dst, dst + inner, p.extrapolation);
                    continue;
                }
                for (int j = 0; j < n; j++) {
                    double c = taps.coeff[o * n + j];
                    if (c == 0 && n > 1) {
                        continue;
                    }
                    int src = inBase + taps.index[o * n + j] * inner;
                    if (n == 1) {
                        System.arraycopy(data, src, res, dst, inner);
                    } else {
                        for (int i = 0; i < inner; i++) {
                            res[dst + i] += c * data[src + i];
                        }
                    }
                }
            }
        }
        return res;
    }

    /** Per output position: n clamped source indices and their weights, or an extrapolation flag. */
    static final class Taps {
        int n;
        int[] index;
        double[] coeff;
        boolean[] extrapolate;
    }

    static Taps taps(int inLen, int outLen, double scale, Params p, double[] roi) {
        Taps t = new Taps();
        t.extrapolate = new boolean[outLen];
        double outF = scale * inLen;
        boolean nearest = p.mode.equals("nearest");
        double kScale = Math.min(scale, 1.0);
        int start;
        if (nearest) {
            t.n = 1;
        } else if (p.mode.equals("linear")) {
            start = p.antialias ? (int) Math.floor(-1 / kScale) + 1 : 0;
            t.n = p.antialias ? 2 - 2 * start : 2;
        } else {
            start = p.antialias ? (int) Math.floor(-2 / kScale) + 1 : -1;
            t.n = p.antialias ? 2 - 2 * start : 4;
        }
        int n = t.n;
        t.index = new int[outLen * n];
        t.coeff = new double[outLen * n];
        for (int o = 0; o < outLen; o++) {
            double xo = original(o, inLen, outLen, outF, scale, p.ctm, roi);
            if (p.ctm.equals("tf_crop_and_resize") && (xo < 0 || xo > inLen - 1)) {
                t.extrapolate[o] = true;
                continue;
            }
            if (nearest) {
                t.index[o] = clamp(nearestIndex(xo, scale, p), inLen);
                t.coeff[o] = 1;
                continue;
            }
            // the left neighbour is preferred: an integer position takes ratio 1 from the pixel before it
            double fl = Math.floor(xo);
            double ratio = xo - fl;
            long base = (long) fl;
            if (ratio == 0) {
                ratio = 1;
                base -= 1;
            }
            int first = 1 - n / 2;
            double sum = 0;
            for (int j = 0; j < n; j++) {
                int rel = first + j;
                double c = coefficient(p, rel, ratio, scale, kScale);
                long idx = base + rel;
                if (p.excludeOutside && (idx < 0 || idx >= inLen)) {
                    c = 0;
                }
                t.index[o * n + j] = clamp(idx, inLen);
                t.coeff[o * n + j] = c;
                sum += c;
            }
            if (p.antialias || p.excludeOutside) {
                double norm = sum == 0 ? 1 : sum;
                for (int j = 0; j < n; j++) {
                    t.coeff[o * n + j] /= norm;
                }
            }
        }
        return t;
    }

    /** Weight of the tap at {@code rel} (relative to the pixel left of the position) for fractional offset {@code ratio}. */
    private static double coefficient(Params p, int rel, double ratio, double scale, double kScale) {
        double dist = rel - ratio;
        if (p.mode.equals("linear")) {
            if (!p.antialias) {
                return rel == 0 ? 1 - ratio : ratio;
            }
            return Math.max(0, Math.min(1, 1 - Math.abs(dist * kScale)));
        }
        return cubic(p.antialias ? dist * kScale : dist, p.cubicA);
    }

    static double cubic(double x, double a) {
        x = Math.abs(x);
        if (x <= 1) {
            return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        if (x < 2) {
            return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
        }
        return 0;
    }

    private static long nearestIndex(double x, double scale, Params p) {
        if (p.simpleNearest) {
            return scale < 1 ? (long) Math.ceil(x) : (long) Math.floor(x);
        }
        double fl = Math.floor(x);
        double frac = x - fl;
        return switch (p.nearestMode) {
            case "round_prefer_ceil" -> frac >= 0.5 ? (long) fl + 1 : (long) fl;
            case "floor" -> (long) fl;
            case "ceil" -> (long) Math.ceil(x);
            default -> frac > 0.5 ? (long) fl + 1 : (long) fl;
        };
    }

    /** The input coordinate of output position {@code o}. */
    static double original(int o, int inLen, int outLen, double outF, double scale, String ctm, double[] roi) {
        return switch (ctm) {
            case "align_corners" -> outF == 1 ? 0 : o * (inLen - 1) / (outF - 1);
            case "asymmetric" -> o / scale;
            case "tf_crop_and_resize" -> {
                double x = outF == 1 ? (roi[1] - roi[0]) * (inLen - 1) / 2 : o * (roi[1] - roi[0]) * (inLen - 1) / (outF - 1);
                yield x + roi[0] * (inLen - 1);
            }
            case "pytorch_half_pixel" -> outF == 1 ? -0.5 : (o + 0.5) / scale - 0.5;
            case "half_pixel_symmetric" -> {
                double adjustment = outLen / outF;
                double offset = inLen / 2.0 * (1 - adjustment);
                yield offset + (o + 0.5) / scale - 0.5;
            }
            case "tf_half_pixel_for_nn" -> (o + 0.5) / scale;
            default -> (o + 0.5) / scale - 0.5;
        };
    }

    private static int clamp(long i, int len) {
        return (int) Math.max(0, Math.min(len - 1, i));
    }

    /** Floating types convert directly; integer types round half to even and saturate, as the reference does. */
    static Tensor toTensor(DataType type, long[] shape, double[] v) {
        if (type.isFloatingPoint() || type == DataType.BOOL) {
            return dev.modelx.runtime.Tensors.fromDoubles(type, shape, v);
        }
        long[] l = new long[v.length];
        double lo = lowest(type);
        double hi = highest(type);
        for (int i = 0; i < v.length; i++) {
            double r = Math.rint(v[i]);
            l[i] = r <= lo ? (long) lo : r >= hi ? (long) hi : (long) r;
        }
        if (type == DataType.UINT64) {
            for (int i = 0; i < v.length; i++) {
                double r = Math.max(0, Math.rint(v[i]));
                l[i] = r >= 0x1p63 ? (long) (r - 0x1p63) ^ Long.MIN_VALUE : (long) r;
            }
        }
        return dev.modelx.runtime.Tensors.fromLongs(type, shape, l);
    }

    private static double lowest(DataType t) {
        if (t.isUnsigned()) {
            return 0;
        }
        return -Math.pow(2, t.bits() - 1);
    }

    private static double highest(DataType t) {
        if (t.isUnsigned()) {
            return Math.pow(2, t.bits()) - 1;
        }
        return Math.pow(2, t.bits() - 1) - 1;
    }
}
