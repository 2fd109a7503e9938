package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.Arrays;

/**
 * Resize for the cases TF's resize kernels cannot express (scales or sizes computed at run time, the axes
 * attribute, cubic, antialias, tf_crop_and_resize, any rank): ONNX's interpolation is separable, so each
 * resized axis becomes Gathers of source rows with in-graph coordinates and weights, following the same
 * coordinate transformation, nearest rounding, cubic, antialias and exclude_outside rules as the reference
 * runtime. Coordinates and weights are computed in double.
 */
final class ResizeByGather {

    private static final DataType D = DataType.DOUBLE;

    private ResizeByGather() {
    }

    /** What one resize needs besides the data. */
    private record Params(String mode, String ctm, String nearestMode, double cubicA, boolean excludeOutside, double extrapolation,
                          boolean simpleNearest, boolean antialias) {
    }

    static void emit(EmitContext c) {
        Val x = c.require(0, "X");
        int rank = c.rank(x, "the input");
        int opset = c.node.opsetVersion();
        boolean old = opset > 0 && opset < 11;
        boolean upsample = c.node.opType().equals("Upsample");
        String mode = c.node.attrString("mode", "nearest");
        if (upsample && (mode.equals("bilinear") || mode.equals("trilinear"))) {
            mode = "linear";
        }
        if (!mode.equals("nearest") && !mode.equals("linear") && !mode.equals("cubic")) {
            throw c.error("Resize mode '" + mode + "' is not supported (nearest, linear and cubic are)");
        }
        Params p = new Params(mode, old ? "asymmetric" : c.node.attrString("coordinate_transformation_mode", "half_pixel"),
                old ? "floor" : c.node.attrString("nearest_mode", "round_prefer_floor"), c.node.attrFloat("cubic_coeff_a", -0.75f),
                c.node.attrLong("exclude_outside", 0) != 0, c.node.attrFloat("extrapolation_value", 0f), old,
                !old && c.node.attrLong("antialias", 0) != 0 && !mode.equals("nearest"));
        switch (p.ctm) {
            case "half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_crop_and_resize",
                    "tf_half_pixel_for_nn" -> { }
            default -> throw c.error("coordinate_transformation_mode '" + p.ctm + "' is not supported");
        }
        int[] axes = axes(c, rank);
        int n = axes.length;
        Val roiV = old ? null : c.in(1);
        Val scalesV = old ? c.in(1) : c.in(2);
        if (upsample && c.node.hasAttribute("scales")) {
            float[] f = c.node.attrFloats("scales", null);
            scalesV = Val.constant(Tensor.ofFloats(new long[]{f.length}, f));
        } else if (upsample && rank == 4 && c.node.hasAttribute("height_scale")) {
            scalesV = Val.constant(Tensor.ofFloats(new long[]{4}, 1, 1, c.node.attrFloat("height_scale", 1f),
                    c.node.attrFloat("width_scale", 1f)));
        }
        Val sizesV = old ? null : c.in(3);
        boolean hasScales = present(scalesV);
        boolean hasSizes = present(sizesV);
        if (hasScales == hasSizes) {
            throw c.error("Resize needs exactly one of scales and sizes (non-empty)");
        }
        if (p.ctm.equals("tf_crop_and_resize") && !present(roiV)) {
            throw c.error("coordinate_transformation_mode tf_crop_and_resize needs the roi input");
        }
        Val given = hasScales ? scalesV : sizesV;
        if (given.dim(0) >= 0 && given.dim(0) != n) {
            throw c.error((hasScales ? "scales" : "sizes") + " has " + given.dim(0) + " values for " + n + " resized axes");
        }
        String policy = c.node.attrString("keep_aspect_ratio_policy", "stretch");
        if (hasSizes && !policy.equals("stretch") && !policy.equals("not_larger") && !policy.equals("not_smaller")) {
            throw c.error("keep_aspect_ratio_policy '" + policy + "' is not supported");
        }
        DataType t = x.type();
        String xt = c.t(x);
        String shape = Ops.shape(c, xt, t);
        String[] in = new String[n];
        for (int j = 0; j < n; j++) {
            long d = x.dim(axes[j]);
            in[j] = d >= 0 ? DynAxes.scalar(c, d) : DynAxes.at(c, shape, DataType.INT64, DynAxes.scalar(c, axes[j]));
        }
        String[] outLen = new String[n];
        String[] scale = new String[n];
        double[] constScales = hasScales ? ConstTensors.doubleValues(scalesV) : null;
        long[] constSizes = hasSizes ? ConstTensors.longValues(sizesV) : null;
        long[] outShape = x.shape() == null ? null : x.shape().clone();
        if (hasScales) {
            String sv = Ops.cast(c, c.t(scalesV), scalesV.type(), D);
            for (int j = 0; j < n; j++) {
                scale[j] = DynAxes.at(c, sv, D, DynAxes.scalar(c, j));
                String o = Ops.un(c, "Floor", Ops.bin(c, "Mul", Ops.cast(c, in[j], DataType.INT64, D), scale[j], D), D);
                outLen[j] = Ops.cast(c, o, D, DataType.INT64);
                if (outShape != null) {
                    long d = x.dim(axes[j]);
                    outShape[axes[j]] = constScales != null && d >= 0 ? (long) Math.floor(d * constScales[j]) : -1;
                }
            }
        } else {
            String sz = DynAxes.int64Vector(c, sizesV);
            for (int j = 0; j < n; j++) {
                outLen[j] = DynAxes.at(c, sz, DataType.INT64, DynAxes.scalar(c, j));
                String den = Ops.bin(c, "Maximum", Ops.cast(c, in[j], DataType.INT64, D), c.scalar(D, 1), D);
                scale[j] = Ops.bin(c, "RealDiv", Ops.cast(c, outLen[j], DataType.INT64, D), den, D);
                if (outShape != null) {
                    outShape[axes[j]] = constSizes != null && policy.equals("stretch") ? constSizes[j] : -1;
                }
            }
            if (!policy.equals("stretch")) {
                String s = scale[0];
                for (int j = 1; j < n; j++) {
                    s = Ops.bin(c, policy.equals("not_larger") ? "Minimum" : "Maximum", s, scale[j], D);
                }
                for (int j = 0; j < n; j++) {
                    scale[j] = s;
                    String o = Ops.un(c, "Floor", Ops.bin(c, "AddV2", Ops.bin(c, "Mul", s, Ops.cast(c, in[j], DataType.INT64, D), D),
                            c.scalar(D, 0.5), D), D);
                    outLen[j] = Ops.cast(c, o, D, DataType.INT64);
                }
            }
        }
        String roi = present(roiV) && p.ctm.equals("tf_crop_and_resize") ? Ops.cast(c, c.t(roiV), roiV.type(), D) : null;
        boolean nearest = mode.equals("nearest");
        String y = nearest ? xt : Ops.cast(c, xt, t, D);
        DataType yt = nearest ? t : D;
        for (int j = 0; j < n; j++) {
            if (roi == null && isIdentity(x, axes[j], constScales, constSizes, j, policy)) {
                continue;
            }
            String[] cropRange = roi == null ? null
                    : new String[]{DynAxes.at(c, roi, D, DynAxes.scalar(c, j)), DynAxes.at(c, roi, D, DynAxes.scalar(c, n + j))};
            y = resizeAxis(c, y, yt, rank, axes[j], in[j], outLen[j], scale[j], cropRange, p);
        }
        if (!nearest) {
            y = backTo(c, y, t);
        }
        c.out(0, c.val(y, t, outShape));
    }

    private static boolean present(Val v) {
        return v != null && v.dim(0) != 0 && v.rank() >= 0;
    }

    /** Known to leave the axis as it is: scale 1 or the same size (then every coordinate maps to itself). */
    private static boolean isIdentity(Val x, int axis, double[] scales, long[] sizes, int j, String policy) {
        if (scales != null) {
            return scales[j] == 1.0;
        }
        return sizes != null && policy.equals("stretch") && x.dim(axis) >= 0 && sizes[j] == x.dim(axis);
    }

    private static int[] axes(EmitContext c, int rank) {
        long[] a = c.node.attrLongs("axes", null);
        if (a == null) {
            return Perms.identity(rank);
        }
        int[] out = new int[a.length];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < a.length; i++) {
            if (a[i] < -rank || a[i] >= rank) {
                throw c.error("axes " + Arrays.toString(a) + " are out of range for rank " + rank);
            }
            out[i] = Shapes.axis(a[i], rank);
            if (seen[out[i]]) {
                throw c.error("axes " + Arrays.toString(a) + " repeat axis " + a[i]);
            }
            seen[out[i]] = true;
        }
        return out;
    }

    /** One axis: gather the taps of every output position and sum them with their weights. */
    private static String resizeAxis(EmitContext c, String y, DataType yt, int rank, int axis, String inLen, String outLen, String scale,
                                     String[] roi, Params p) {
        String len = Ops.cast(c, inLen, DataType.INT64, D);
        String o = Ops.cast(c, c.op("Range", "out_positions").in(DynAxes.scalar(c, 0)).in(outLen).in(DynAxes.scalar(c, 1))
                .type("Tidx", DataType.INT64).out(), DataType.INT64, D);
        String xo = Ops.select(c, unchanged(c, inLen, outLen, scale, roi), o, original(c, o, outLen, len, scale, roi, p.ctm), D);
        String last = Ops.bin(c, "Sub", inLen, DynAxes.scalar(c, 1), DataType.INT64);
        long[] col = new long[rank - axis];
        Arrays.fill(col, 1);
        col[0] = -1;
        String out;
        if (p.antialias) {
            out = antialiased(c, y, rank, axis, inLen, last, scale, xo, p);
        } else if (p.mode.equals("nearest")) {
            out = gather(c, y, yt, clamp(c, Ops.cast(c, nearestIndex(c, xo, scale, p), D, DataType.INT64), last), axis);
        } else {
            String fl = Ops.un(c, "Floor", xo, D);
            String ratio = Ops.bin(c, "Sub", xo, fl, D);
            String base = Ops.cast(c, fl, D, DataType.INT64);
            int[] rel = p.mode.equals("linear") ? new int[]{0, 1} : new int[]{-1, 0, 1, 2};
            String[] w = new String[rel.length];
            String[] idx = new String[rel.length];
            String sum = null;
            for (int k = 0; k < rel.length; k++) {
                w[k] = weight(c, rel[k], ratio, p);
                String at = Ops.bin(c, "AddV2", base, DynAxes.scalar(c, rel[k]), DataType.INT64);
                if (p.excludeOutside) {
                    w[k] = Ops.bin(c, "Mul", w[k], Ops.cast(c, inside(c, at, inLen), DataType.BOOL, D), D);
                    sum = sum == null ? w[k] : Ops.bin(c, "AddV2", sum, w[k], D);
                }
                idx[k] = clamp(c, at, last);
            }
            out = null;
            for (int k = 0; k < rel.length; k++) {
                String wk = w[k];
                if (sum != null) {
                    wk = Ops.bin(c, "DivNoNan", wk, sum, D);
                }
                String term = Ops.bin(c, "Mul", gather(c, y, yt, idx[k], axis), Ops.reshape(c, wk, D, c.longs(col)), D);
                out = out == null ? term : Ops.bin(c, "AddV2", out, term, D);
            }
        }
        if (roi != null) {
            String below = c.op("Less", "below").in(xo).in(c.scalar(D, 0)).type("T", D).out();
            String above = c.op("Greater", "above").in(xo).in(Ops.bin(c, "Sub", len, c.scalar(D, 1), D)).type("T", D).out();
            String outside = c.op("LogicalOr", "outside").in(below).in(above).out();
            String mask = Ops.reshape(c, outside, DataType.BOOL, c.longs(col));
            out = Ops.select(c, mask, c.scalar(yt, p.extrapolation), out, yt);
        }
        return out;
    }

    /**
     * Antialiased linear/cubic: the kernel is stretched by 1 / min(scale, 1), so the number of taps is
     * known only with the scale. The taps are a run-time Range of offsets: a 2-D Gather gives
     * [..., out, taps, ...], weighted and summed over the taps axis, weights normalised to sum 1.
     */
    private static String antialiased(EmitContext c, String y, int rank, int axis, String inLen, String last, String scale, String xo,
                                      Params p) {
        String k = Ops.bin(c, "Minimum", scale, c.scalar(D, 1), D);
        double support = p.mode.equals("linear") ? 1 : 2;
        String start = Ops.bin(c, "AddV2", Ops.un(c, "Floor", Ops.bin(c, "RealDiv", c.scalar(D, -support), k, D), D), c.scalar(D, 1), D);
        String first = Ops.cast(c, start, D, DataType.INT64);
        String rel = c.op("Range", "tap_offsets").in(first).in(Ops.bin(c, "Sub", DynAxes.scalar(c, 2), first, DataType.INT64))
                .in(DynAxes.scalar(c, 1)).type("Tidx", DataType.INT64).out();
        String fl = Ops.un(c, "Floor", xo, D);
        String ratio = Ops.expandDims(c, Ops.bin(c, "Sub", xo, fl, D), D, 1);
        String idx = Ops.bin(c, "AddV2", Ops.expandDims(c, Ops.cast(c, fl, D, DataType.INT64), DataType.INT64, 1), rel, DataType.INT64);
        String d = Ops.un(c, "Abs", Ops.bin(c, "Mul", Ops.bin(c, "Sub", Ops.cast(c, rel, DataType.INT64, D), ratio, D), k, D), D);
        String w;
        if (p.mode.equals("linear")) {
            w = Ops.bin(c, "Maximum", Ops.bin(c, "Sub", c.scalar(D, 1), d, D), c.scalar(D, 0), D);
        } else {
            String near = c.op("LessEqual", "near").in(d).in(c.scalar(D, 1)).type("T", D).out();
            String far = c.op("Less", "far").in(d).in(c.scalar(D, 2)).type("T", D).out();
            w = Ops.select(c, near, cubicNear(c, d, p.cubicA), Ops.select(c, far, cubicFar(c, d, p.cubicA), c.scalar(D, 0), D), D);
        }
        if (p.excludeOutside) {
            w = Ops.bin(c, "Mul", w, Ops.cast(c, inside(c, idx, inLen), DataType.BOOL, D), D);
        }
        String sum = c.op("Sum", "weight_sum").in(w).in(c.longs(1)).type("T", D).type("Tidx", DataType.INT64).b("keep_dims", true).out();
        w = Ops.bin(c, "DivNoNan", w, sum, D);
        long[] shape = new long[rank - axis + 1];
        Arrays.fill(shape, 1);
        shape[0] = -1;
        shape[1] = -1;
        // the taps axis is unknown in length, so reshape by the weights' own shape
        String wShape = Ops.concat(c, DataType.INT64, 0, Ops.shape(c, w, D), c.longs(Arrays.copyOfRange(shape, 2, shape.length)));
        String weighted = Ops.bin(c, "Mul", gather(c, y, D, clamp(c, idx, last), axis), Ops.reshape(c, w, D, wShape), D);
        return c.op("Sum", "taps_sum").in(weighted).in(c.longs(axis + 1)).type("T", D).type("Tidx", DataType.INT64).b("keep_dims", false)
                .out();
    }

    private static String inside(EmitContext c, String at, String inLen) {
        return c.op("LogicalAnd", "inside").in(c.op("GreaterEqual", "ge").in(at).in(DynAxes.scalar(c, 0)).type("T", DataType.INT64).out())
                .in(c.op("Less", "lt").in(at).in(inLen).type("T", DataType.INT64).out()).out();
    }

    /** The cubic kernel for |d| <= 1: ((a + 2) d - (a + 3)) d^2 + 1. */
    private static String cubicNear(EmitContext c, String d, double a) {
        String inner = Ops.bin(c, "Sub", Ops.bin(c, "Mul", c.scalar(D, a + 2), d, D), c.scalar(D, a + 3), D);
        return Ops.bin(c, "AddV2", Ops.bin(c, "Mul", inner, Ops.un(c, "Square", d, D), D), c.scalar(D, 1), D);
    }

    /** The cubic kernel for 1 < |d| < 2: ((a d - 5a) d + 8a) d - 4a. */
    private static String cubicFar(EmitContext c, String d, double a) {
        String k = Ops.bin(c, "Sub", Ops.bin(c, "Mul", c.scalar(D, a), d, D), c.scalar(D, 5 * a), D);
        k = Ops.bin(c, "AddV2", Ops.bin(c, "Mul", k, d, D), c.scalar(D, 8 * a), D);
        return Ops.bin(c, "Sub", Ops.bin(c, "Mul", k, d, D), c.scalar(D, 4 * a), D);
    }

    private static String gather(EmitContext c, String y, DataType yt, String idx, int axis) {
        return c.op("GatherV2", "taps").in(y).in(idx).in(DynAxes.scalar(c, axis)).type("Tparams", yt).type("Tindices", DataType.INT64)
                .type("Taxis", DataType.INT64).out();
    }

    private static String clamp(EmitContext c, String idx, String last) {
        String hi = Ops.bin(c, "Minimum", idx, last, DataType.INT64);
        return Ops.bin(c, "Maximum", hi, DynAxes.scalar(c, 0), DataType.INT64);
    }

    /**
     * Whether the axis keeps its length at scale 1 (with a whole-axis roi): the reference leaves such an
     * axis as it is, whatever the coordinate mode would say.
     */
    private static String unchanged(EmitContext c, String inLen, String outLen, String scale, String[] roi) {
        String same = c.op("LogicalAnd", "unchanged").in(c.op("Equal", "unit_scale").in(scale).in(c.scalar(D, 1)).type("T", D).out())
                .in(c.op("Equal", "same_length").in(outLen).in(inLen).type("T", DataType.INT64).out()).out();
        if (roi == null) {
            return same;
        }
        String from = c.op("Less", "roi_from_0").in(Ops.un(c, "Abs", roi[0], D)).in(c.scalar(D, 1e-9)).type("T", D).out();
        String to = c.op("Less", "roi_to_1").in(Ops.un(c, "Abs", Ops.bin(c, "Sub", roi[1], c.scalar(D, 1), D), D)).in(c.scalar(D, 1e-9))
                .type("T", D).out();
        return c.op("LogicalAnd", "unchanged").in(same).in(c.op("LogicalAnd", "whole_roi").in(from).in(to).out()).out();
    }

    /** The input coordinate of every output position {@code o} (double). */
    private static String original(EmitContext c, String o, String outLen, String len, String scale, String[] roi, String ctm) {
        String outF = Ops.bin(c, "Mul", scale, len, D);
        String centre = Ops.bin(c, "RealDiv", Ops.bin(c, "AddV2", o, c.scalar(D, 0.5), D), scale, D);
        String lenM1 = Ops.bin(c, "Sub", len, c.scalar(D, 1), D);
        String single = c.op("Equal", "single").in(outF).in(c.scalar(D, 1)).type("T", D).out();
        String outFM1 = Ops.bin(c, "Sub", outF, c.scalar(D, 1), D);
        return switch (ctm) {
            case "align_corners" -> Ops.select(c, single, c.scalar(D, 0),
                    Ops.bin(c, "DivNoNan", Ops.bin(c, "Mul", o, lenM1, D), outFM1, D), D);
            case "asymmetric" -> Ops.bin(c, "RealDiv", o, scale, D);
            case "tf_crop_and_resize" -> {
                String span = Ops.bin(c, "Mul", Ops.bin(c, "Sub", roi[1], roi[0], D), lenM1, D);
                String many = Ops.bin(c, "DivNoNan", Ops.bin(c, "Mul", o, span, D), outFM1, D);
                String one = Ops.bin(c, "Mul", span, c.scalar(D, 0.5), D);
                yield Ops.bin(c, "AddV2", Ops.select(c, single, one, many, D), Ops.bin(c, "Mul", roi[0], lenM1, D), D);
            }
            case "pytorch_half_pixel" -> Ops.select(c, single, c.scalar(D, -0.5), Ops.bin(c, "Sub", centre, c.scalar(D, 0.5), D), D);
            case "half_pixel_symmetric" -> {
                String adjustment = Ops.bin(c, "RealDiv", Ops.cast(c, outLen, DataType.INT64, D), outF, D);
                String offset = Ops.bin(c, "Mul", Ops.bin(c, "Mul", len, c.scalar(D, 0.5), D),
                        Ops.bin(c, "Sub", c.scalar(D, 1), adjustment, D), D);
                yield Ops.bin(c, "AddV2", offset, Ops.bin(c, "Sub", centre, c.scalar(D, 0.5), D), D);
            }
            case "tf_half_pixel_for_nn" -> centre;
            default -> Ops.bin(c, "Sub", centre, c.scalar(D, 0.5), D);
        };
    }

    /** The nearest_mode rounding (opset < 11: floor when upsampling, ceil when downsampling). */
    private static String nearestIndex(EmitContext c, String xo, String scale, Params p) {
        String fl = Ops.un(c, "Floor", xo, D);
        if (p.simpleNearest) {
            String down = c.op("Less", "downsampling").in(scale).in(c.scalar(D, 1)).type("T", D).out();
            return Ops.select(c, down, Ops.un(c, "Ceil", xo, D), fl, D);
        }
        String frac = Ops.bin(c, "Sub", xo, fl, D);
        return switch (p.nearestMode) {
            case "floor" -> fl;
            case "ceil" -> Ops.un(c, "Ceil", xo, D);
            case "round_prefer_ceil" -> Ops.bin(c, "AddV2", fl,
                    Ops.cast(c, c.op("GreaterEqual", "round_up").in(frac).in(c.scalar(D, 0.5)).type("T", D).out(), DataType.BOOL, D), D);
            case "round_prefer_floor" -> Ops.bin(c, "AddV2", fl,
                    Ops.cast(c, c.op("Greater", "round_up").in(frac).in(c.scalar(D, 0.5)).type("T", D).out(), DataType.BOOL, D), D);
            default -> throw c.error("nearest_mode '" + p.nearestMode + "' is not supported");
        };
    }

    /**
     * The weight of the tap at {@code rel} from the pixel left of the position, at fractional offset
     * {@code ratio} in [0, 1). For cubic each tap stays on one branch of the kernel over that range.
     */
    private static String weight(EmitContext c, int rel, String ratio, Params p) {
        if (p.mode.equals("linear")) {
            return rel == 0 ? Ops.bin(c, "Sub", c.scalar(D, 1), ratio, D) : ratio;
        }
        // |rel - ratio|
        String d = rel <= 0 ? Ops.bin(c, "AddV2", ratio, c.scalar(D, -rel), D) : Ops.bin(c, "Sub", c.scalar(D, rel), ratio, D);
        return rel == 0 || rel == 1 ? cubicNear(c, d, p.cubicA) : cubicFar(c, d, p.cubicA);
    }

    /** Floating types convert directly; integer types round half to even and saturate, as the reference does. */
    private static String backTo(EmitContext c, String y, DataType t) {
        if (t.isFloatingPoint()) {
            return Ops.cast(c, y, D, t);
        }
        String r = Ops.un(c, "Rint", y, D);
        double lo = t.isUnsigned() ? 0 : -Math.pow(2, t.bits() - 1);
        double hi = t.isUnsigned() ? Math.pow(2, t.bits()) - 1 : Math.pow(2, t.bits() - 1) - 1;
        r = c.op("ClipByValue", "saturate").in(r).in(c.scalar(D, lo)).in(c.scalar(D, hi)).type("T", D).out();
        return Ops.cast(c, r, D, t);
    }
}
