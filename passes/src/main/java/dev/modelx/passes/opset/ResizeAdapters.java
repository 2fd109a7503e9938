package dev.modelx.passes.opset;

import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.util.List;

/**
 * Resize across its versions (10, 11, 13, 18, 19) and Upsample. Resize-10 (like Upsample) maps output pixel x
 * to input coordinate x / scale and, for nearest, floors when enlarging and ceils when shrinking; from 11 the
 * mapping is set by coordinate_transformation_mode and nearest_mode. Going down to 10, the node's per-axis
 * index (nearest) or coordinate (linear) mapping is computed for both versions over the input's known shape
 * and must agree everywhere.
 */
final class ResizeAdapters {

    private ResizeAdapters() {
    }

    static void register() {
        Adapters.up("Resize", 11, ResizeAdapters::up11);
        Adapters.down("Resize", 11, ResizeAdapters::down11);
        Adapters.down("Resize", 13, s -> {
            Node n = s.node;
            if (!s.has(1)) {
                InputAttributeAdapters.setInput(n, 1, emptyFloats(s, "roi"));
            }
            if (!s.has(2)) {
                InputAttributeAdapters.setInput(n, 2, emptyFloats(s, "scales"));
            }
        });
        Adapters.down("Resize", 18, ResizeAdapters::down18);
        Adapters.down("Resize", 19, ResizeAdapters::down19);
        Adapters.expand("Resize", s -> {
            // Resize-10 computes exactly what Upsample-9 does.
            Node n = s.node;
            if (s.target() < 9 && s.constant(s.in(1)) == null) {
                s.block("Resize with computed scales needs op set 9 or later (Upsample takes constant scales before 9)");
                return;
            }
            Node u = s.make("Upsample", List.of(n.input(0), n.input(1)), List.of(n.output(0)));
            u.attr("mode", n.attrString("mode", "nearest"));
            s.before(u, 9);
            s.remove();
        });
        Adapters.expand("Upsample", ResizeAdapters::upsampleToResize);
    }

    /**
     * Upsample (deprecated at op set 10) as Resize: Resize-10 for a target of 10; beyond, directly the Resize-11
     * form with asymmetric coordinates and, for nearest, floor, since Upsample's scales are never below 1.
     */
    static void upsampleToResize(Step s) {
        Node n = s.node;
        String mode = n.attrString("mode", "nearest");
        if (mode.equals("bilinear") || mode.equals("trilinear")) {
            mode = "linear";
        }
        Node r;
        if (s.target() >= 11) {
            r = s.make("Resize", List.of(n.input(0), emptyFloats(s, "roi"), n.input(1)), List.of(n.output(0)));
            r.attr("coordinate_transformation_mode", "asymmetric");
            if (mode.equals("nearest")) {
                r.attr("nearest_mode", "floor");
            }
            r.attr("mode", mode);
            s.before(r, 11);
        } else {
            r = s.make("Resize", List.of(n.input(0), n.input(1)), List.of(n.output(0)));
            r.attr("mode", mode);
            s.before(r, 10);
        }
        s.remove();
    }

    private static String emptyFloats(Step s, String what) {
        return s.constant(Tensor.ofFloats(new long[]{0}), s.out(0) + "_" + what);
    }

    private static void up11(Step s) {
        Node n = s.node;
        String mode = n.attrString("mode", "nearest");
        Tensor scales = s.constant(s.in(1));
        if (mode.equals("nearest")) {
            if (scales == null) {
                s.block("Resize-10 nearest floors when enlarging and ceils when shrinking; with computed scales the "
                        + "nearest_mode to use from op set 11 is unknown");
                return;
            }
            boolean up = false;
            boolean down = false;
            for (float f : scales.toFloatArray()) {
                up |= f > 1;
                down |= f < 1;
            }
            if (up && down) {
                s.block("Resize-10 nearest enlarges some axes and shrinks others; op set 11 has one nearest_mode for all");
                return;
            }
            n.attr("nearest_mode", down ? "ceil" : "floor");
        }
        n.attr("coordinate_transformation_mode", "asymmetric");
        n.inputs(n.input(0), emptyFloats(s, "roi"), n.input(1));
    }

    private static void down11(Step s) {
        Node n = s.node;
        String mode = n.attrString("mode", "nearest");
        String ctm = n.attrString("coordinate_transformation_mode", "half_pixel");
        String nearest = n.attrString("nearest_mode", "round_prefer_floor");
        if (mode.equals("cubic")) {
            s.block("Resize mode 'cubic' needs op set 11");
            return;
        }
        if (ctm.equals("tf_crop_and_resize")) {
            s.block("Resize coordinate_transformation_mode 'tf_crop_and_resize' needs op set 11");
            return;
        }
        long[] in = s.staticShape(s.in(0));
        Tensor scalesT = s.has(2) ? s.constant(s.in(2)) : null;
        boolean hasScales = scalesT != null && scalesT.size() > 0;
        Tensor sizesT = s.has(3) ? s.constant(s.in(3)) : null;
        if (!hasScales && s.has(2) && scalesT == null) {
            s.block("Resize scales come from a computed value; op set 10 needs them known to check the coordinate mapping");
            return;
        }
        double[] scale11;
        long[] out;
        float[] scale10;
        if (hasScales) {
            float[] f = scalesT.toFloatArray();
            scale10 = f;
            scale11 = new double[f.length];
            out = in == null ? null : new long[in.length];
            for (int i = 0; i < f.length; i++) {
                scale11[i] = f[i];
                if (out != null) {
                    out[i] = (long) Math.floor(in[i] * (double) f[i]);
                }
            }
        } else {
            if (sizesT == null || in == null) {
                s.block("Resize by " + (sizesT == null ? "computed sizes" : "sizes on an input of unknown shape")
                        + " needs op set 11 (Resize-10 takes scales)");
                return;
            }
            out = sizesT.toLongArray();
            scale11 = new double[out.length];
            scale10 = new float[out.length];
            for (int i = 0; i < out.length; i++) {
                scale11[i] = in[i] == 0 ? 1.0 : (double) out[i] / in[i];
                float f = (float) scale11[i];
                while (Math.floor(in[i] * (double) f) < out[i]) {
                    f = Math.nextUp(f);
                }
                while (Math.floor(in[i] * (double) f) > out[i]) {
                    f = Math.nextDown(f);
                }
                scale10[i] = f;
            }
        }
        if (in != null && out != null) {
            for (int a = 0; a < in.length; a++) {
                String why = compareAxis((int) in[a], (int) out[a], scale11[a], scale10[a], mode, ctm, nearest);
                if (why != null) {
                    s.block("Resize (" + mode + ", " + ctm + (mode.equals("nearest") ? ", " + nearest : "") + ") maps axis " + a
                            + " differently from Resize-10: " + why);
                    return;
                }
            }
        } else {
            boolean ok = ctm.equals("asymmetric") && (mode.equals("linear") || nearestCompatible(nearest, scale10));
            if (!ok) {
                s.block("Resize (" + mode + ", " + ctm + ") on an input of unknown shape: only asymmetric coordinates "
                        + "with floor (enlarging) or ceil (shrinking) nearest match Resize-10");
                return;
            }
        }
        n.attributes().clear();
        n.attr("mode", mode);
        n.inputs(n.input(0), s.constant(Tensor.ofFloats(new long[]{scale10.length}, scale10), s.out(0) + "_scales"));
    }

    private static boolean nearestCompatible(String nearest, float[] scales) {
        boolean up = false;
        boolean down = false;
        for (float f : scales) {
            up |= f > 1;
            down |= f < 1;
        }
        return !(up && down) && (!up || nearest.equals("floor")) && (!down || nearest.equals("ceil"));
    }

    /** Null when Resize-11+ with these settings maps every output index of the axis as Resize-10 does. */
    static String compareAxis(int in, int out, double scale11, float scale10, String mode, String ctm, String nearest) {
        if (in == out && Math.abs(scale11 - 1) < 1e-9 && Math.abs(scale10 - 1) < 1e-9) {
            return null;
        }
        double outF = in * scale11;
        for (int o = 0; o < out; o++) {
            double x11 = original(o, in, out, outF, scale11, ctm);
            double x10 = o / (double) scale10;
            if (mode.equals("nearest")) {
                long i11 = clamp(nearestIndex(x11, nearest), in);
                long i10 = clamp(scale10 < 1 ? (long) Math.ceil(x10) : (long) Math.floor(x10), in);
                if (i11 != i10) {
                    return "output " + o + " reads input " + i11 + " instead of " + i10;
                }
            } else {
                double c11 = Math.max(0, Math.min(in - 1, x11));
                double c10 = Math.max(0, Math.min(in - 1, x10));
                if (Math.abs(c11 - c10) > 1e-5) {
                    return "output " + o + " samples input coordinate " + c11 + " instead of " + c10;
                }
            }
        }
        return null;
    }

    private static long clamp(long i, int len) {
        return Math.max(0, Math.min(len - 1, i));
    }

    private static long nearestIndex(double x, String mode) {
        double fl = Math.floor(x);
        double frac = x - fl;
        return switch (mode) {
            case "round_prefer_ceil" -> frac >= 0.5 ? (long) fl + 1 : (long) fl;
            case "floor" -> (long) fl;
            case "ceil" -> (long) Math.ceil(x);
            default -> frac > 0.5 ? (long) fl + 1 : (long) fl;
        };
    }

    private static double original(int o, int inLen, int outLen, double outF, double scale, String ctm) {
        return switch (ctm) {
            case "align_corners" -> outLen == 1 ? 0 : o * (inLen - 1) / (double) (outLen - 1);
            case "asymmetric" -> o / scale;
            case "pytorch_half_pixel" -> outLen == 1 ? -0.5 : (o + 0.5) / scale - 0.5;
            case "half_pixel_symmetric" -> {
                double adjustment = outLen / outF;
                double offset = inLen / 2.0 * (1 - adjustment);
                yield offset + (o + 0.5) / scale - 0.5;
            }
            case "tf_half_pixel_for_nn" -> (o + 0.5) / scale;
            default -> (o + 0.5) / scale - 0.5;
        };
    }

    private static void down18(Step s) {
        Node n = s.node;
        int rank = s.rank(s.in(0));
        long[] axes = n.attrLongs("axes", null);
        String policy = n.attrString("keep_aspect_ratio_policy", "stretch");
        long antialias = n.attrLong("antialias", 0);
        n.attributes().remove("axes");
        n.attributes().remove("keep_aspect_ratio_policy");
        n.attributes().remove("antialias");
        Tensor scalesT = s.has(2) ? s.constant(s.in(2)) : null;
        Tensor sizesT = s.has(3) ? s.constant(s.in(3)) : null;
        if (antialias != 0) {
            if (n.attrString("mode", "nearest").equals("nearest")) {
                // antialias does not apply to nearest
            } else {
                boolean shrinks;
                if (scalesT != null && scalesT.size() > 0) {
                    shrinks = false;
                    for (float f : scalesT.toFloatArray()) {
                        shrinks |= f < 1;
                    }
                } else {
                    long[] in = s.staticShape(s.in(0));
                    shrinks = true;
                    if (sizesT != null && in != null) {
                        shrinks = false;
                        long[] sz = sizesT.toLongArray();
                        for (int i = 0; i < sz.length; i++) {
                            int a = axes == null ? i : (int) (axes[i] < 0 ? axes[i] + in.length : axes[i]);
                            shrinks |= sz[i] < in[a];
                        }
                    }
                }
                if (shrinks) {
                    s.block("Resize antialias=1 when shrinking needs op set 18");
                    return;
                }
            }
        }
        if (axes != null) {
            if (rank < 0) {
                s.block("Resize axes need op set 18 (the input's rank is unknown, so they cannot be spread over all axes)");
                return;
            }
            if (s.has(1)) {
                Tensor roi = s.constant(s.in(1));
                if (roi == null) {
                    s.block("Resize axes with a computed roi need op set 18");
                    return;
                }
                if (roi.size() > 0) {
                    double[] r = roi.toDoubleArray();
                    double[] full = new double[2 * rank];
                    java.util.Arrays.fill(full, rank, 2 * rank, 1.0);
                    for (int i = 0; i < axes.length; i++) {
                        int a = (int) (axes[i] < 0 ? axes[i] + rank : axes[i]);
                        full[a] = r[i];
                        full[rank + a] = r[axes.length + i];
                    }
                    n.inputs().set(1, s.constant(Consts.of(roi.type(), new long[]{2L * rank}, full), s.out(0) + "_roi"));
                }
            }
            if (scalesT != null && scalesT.size() > 0) {
                double[] v = scalesT.toDoubleArray();
                double[] full = new double[rank];
                java.util.Arrays.fill(full, 1.0);
                for (int i = 0; i < axes.length; i++) {
                    full[(int) (axes[i] < 0 ? axes[i] + rank : axes[i])] = v[i];
                }
                n.inputs().set(2, s.constant(Consts.of(scalesT.type(), new long[]{rank}, full), s.out(0) + "_scales"));
            } else if (sizesT != null && sizesT.size() > 0) {
                long[] in = s.staticShape(s.in(0));
                if (in == null) {
                    s.block("Resize sizes for some axes on an input of unknown shape need op set 18");
                    return;
                }
                long[] v = sizesT.toLongArray();
                long[] full = in.clone();
                for (int i = 0; i < axes.length; i++) {
                    full[(int) (axes[i] < 0 ? axes[i] + rank : axes[i])] = v[i];
                }
                n.inputs().set(3, s.constLongs(s.out(0) + "_sizes", full));
                sizesT = Tensor.ofLongs(new long[]{full.length}, full);
            } else {
                s.block("Resize axes with computed scales or sizes need op set 18");
                return;
            }
        }
        if (!policy.equals("stretch") && s.has(3)) {
            long[] in = s.staticShape(s.in(0));
            if (sizesT == null || in == null) {
                s.block("Resize keep_aspect_ratio_policy '" + policy + "' needs op set 18 (or constant sizes on an input of "
                        + "known shape)");
                return;
            }
            long[] sz = sizesT.toLongArray();
            double sc = policy.equals("not_larger") ? Double.POSITIVE_INFINITY : 0;
            boolean[] on = new boolean[in.length];
            for (int i = 0; i < in.length; i++) {
                on[i] = axes == null || contains(axes, i, in.length);
                if (on[i]) {
                    double r = (double) sz[i] / in[i];
                    sc = policy.equals("not_larger") ? Math.min(sc, r) : Math.max(sc, r);
                }
            }
            float f = (float) sc;
            float[] scales = new float[in.length];
            for (int i = 0; i < in.length; i++) {
                scales[i] = on[i] ? f : 1f;
                long want = on[i] ? (long) (sc * in[i] + 0.5) : in[i];
                if ((long) Math.floor(in[i] * (double) scales[i]) != want || Math.abs(f - sc) > 1e-12 * sc) {
                    s.block("Resize keep_aspect_ratio_policy '" + policy + "' gives sizes that scales cannot reproduce before "
                            + "op set 18");
                    return;
                }
            }
            n.inputs().set(2, s.constant(Tensor.ofFloats(new long[]{scales.length}, scales), s.out(0) + "_scales"));
            n.inputs().set(3, "");
        }
    }

    private static boolean contains(long[] axes, int a, int rank) {
        for (long x : axes) {
            if ((x < 0 ? x + rank : x) == a) {
                return true;
            }
        }
        return false;
    }

    private static void down19(Step s) {
        Node n = s.node;
        if (!n.attrString("coordinate_transformation_mode", "half_pixel").equals("half_pixel_symmetric")) {
            return;
        }
        long[] in = s.staticShape(s.in(0));
        Tensor scalesT = s.has(2) ? s.constant(s.in(2)) : null;
        boolean exact = false;
        if (s.has(3) && (scalesT == null || scalesT.size() == 0)) {
            exact = s.constant(s.in(3)) != null;
        } else if (scalesT != null && in != null) {
            exact = true;
            float[] f = scalesT.toFloatArray();
            for (int i = 0; i < f.length && i < in.length; i++) {
                double o = in[i] * (double) f[i];
                exact &= o == Math.floor(o);
            }
        }
        if (!exact) {
            s.block("Resize coordinate_transformation_mode 'half_pixel_symmetric' needs op set 19 unless every output size "
                    + "is exactly input size times scale");
            return;
        }
        n.attr("coordinate_transformation_mode", "half_pixel");
    }
}
