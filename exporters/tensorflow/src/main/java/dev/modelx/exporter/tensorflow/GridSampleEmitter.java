package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * GridSample (2-D and N-D) by gathers: X goes channels-last and flat ([N * pixels, C]); per spatial axis the
 * grid coordinate is denormalised, padded (border clamp or reflection) and turned into taps (source index
 * and weight: 1 for nearest, 2 for linear, 4 cubic with A = -0.75); every combination of taps is one
 * Gather of pixel rows, weighted by the product of its axis weights (zero where a zero pad falls). The
 * output stays channels-last ([N, out..., C]) with a layout perm. Needs X's spatial dims to be static.
 */
final class GridSampleEmitter {

    private GridSampleEmitter() {
    }

    static void register(Emitters r) {
        r.register(GridSampleEmitter::emit, "GridSample");
    }

    private record Tap(String index, String weight) {
    }

    private static void emit(EmitContext c) {
        Val x = c.require(0, "X");
        Val grid = c.require(1, "grid");
        int rank = c.rank(x, "X");
        int r = rank - 2;
        if (r < 1 || grid.rank() >= 0 && grid.rank() != rank) {
            throw c.error("X of rank " + rank + " and a grid of rank " + grid.rank() + " do not fit GridSample");
        }
        String mode = switch (c.node.attrString("mode", c.node.opsetVersion() >= 20 ? "linear" : "bilinear")) {
            case "bilinear", "linear" -> "linear";
            case "bicubic", "cubic" -> "cubic";
            case "nearest" -> "nearest";
            default -> throw c.error("GridSample mode '" + c.node.attrString("mode", "") + "' is not supported");
        };
        String padding = c.node.attrString("padding_mode", "zeros");
        if (!List.of("zeros", "border", "reflection").contains(padding)) {
            throw c.error("GridSample padding_mode '" + padding + "' is not supported");
        }
        boolean align = c.node.attrLong("align_corners", 0) != 0;
        long[] dims = new long[r];
        long pixels = 1;
        for (int i = 0; i < r; i++) {
            dims[i] = x.dim(2 + i);
            if (dims[i] <= 0) {
                throw c.error("GridSample needs X's spatial dims to be static and non-zero to write it for TensorFlow, got "
                        + java.util.Arrays.toString(x.shape()));
            }
            pixels *= dims[i];
        }
        DataType t = x.type();
        DataType gt = grid.type();
        int[] cl = Perms.toChannelsLast(rank);
        String xs = c.phys(x, cl);
        String rows = Ops.reshape(c, xs, t, Ops.concat(c, DataType.INT64, 0, c.longs(-1),
                Ops.slice1d(c, Ops.shape(c, xs, t), DataType.INT64, rank - 1, -1)));
        TfOp coords = c.op("Unpack", "coords").in(c.t(grid)).type("T", gt).i("num", r).i("axis", -1);
        String n = c.op("GatherV2", "batch").in(Ops.shape(c, c.t(grid), gt)).in(c.constant(Tensor.scalar(0L)))
                .in(c.constant(Tensor.scalar(0L))).type("Tparams", DataType.INT64).type("Tindices", DataType.INT64)
                .type("Taxis", DataType.INT64).out();
        String base = c.op("Range", "batch_rows").in(c.constant(Tensor.scalar(0L))).in(Ops.bin(c, "Mul", n, c.constant(Tensor.scalar(pixels)),
                DataType.INT64)).in(c.constant(Tensor.scalar(pixels))).type("Tidx", DataType.INT64).out();
        long[] bshape = new long[rank - 1];
        java.util.Arrays.fill(bshape, 1);
        bshape[0] = -1;
        base = Ops.reshape(c, base, DataType.INT64, c.longs(bshape));
        List<List<Tap>> taps = new ArrayList<>();
        long stride = pixels;
        for (int i = 0; i < r; i++) {
            stride /= dims[i];
            taps.add(axisTaps(c, coords.out(r - 1 - i), gt, t, dims[i], align, padding, mode, stride));
        }
        String acc = null;
        int[] pick = new int[r];
        int per = taps.get(0).size();
        int combos = (int) Math.pow(per, r);
        for (int combo = 0; combo < combos; combo++) {
            int rest = combo;
            for (int i = r - 1; i >= 0; i--) {
                pick[i] = rest % per;
                rest /= per;
            }
            String index = base;
            String weight = null;
            for (int i = 0; i < r; i++) {
                Tap tp = taps.get(i).get(pick[i]);
                index = Ops.bin(c, "AddV2", index, tp.index, DataType.INT64);
                weight = weight == null ? tp.weight : Ops.bin(c, "Mul", weight, tp.weight, t);
            }
            String g = c.op("GatherV2", "gather").in(rows).in(index).in(c.constant(Tensor.scalar(0L))).type("Tparams", t)
                    .type("Tindices", DataType.INT64).type("Taxis", DataType.INT64).out();
            String term = Ops.bin(c, "Mul", g, Ops.expandDims(c, weight, t, -1), t);
            acc = acc == null ? term : Ops.bin(c, "AddV2", acc, term, t);
        }
        long[] shape = new long[rank];
        shape[0] = x.dim(0) >= 0 ? x.dim(0) : grid.dim(0);
        shape[1] = x.dim(1);
        for (int i = 0; i < r; i++) {
            shape[2 + i] = grid.dim(1 + i);
        }
        c.out(0, new Val(acc, t, shape, cl, null, c.frame));
    }

    /** The taps of one axis: flat row offsets (index * stride) and weights in X's type. */
    private static List<Tap> axisTaps(EmitContext c, String g, DataType gt, DataType t, long len, boolean align, String padding,
                                      String mode, long stride) {
        double lo = align ? 0 : -0.5;
        double hi = align ? len - 1 : len - 0.5;
        String p = align
                ? Ops.bin(c, "Mul", Ops.bin(c, "AddV2", g, c.scalar(gt, 1), gt), c.scalar(gt, (len - 1) / 2.0), gt)
                : Ops.bin(c, "RealDiv", Ops.bin(c, "Sub", Ops.bin(c, "Mul", Ops.bin(c, "AddV2", g, c.scalar(gt, 1), gt),
                c.scalar(gt, len), gt), c.scalar(gt, 1), gt), c.scalar(gt, 2), gt);
        if (mode.equals("nearest")) {
            p = Ops.un(c, "Rint", p, gt);
        }
        if (padding.equals("border")) {
            p = clamp(c, p, gt, 0, len - 1);
        } else if (padding.equals("reflection")) {
            p = reflect(c, p, gt, lo, hi);
        }
        List<Tap> out = new ArrayList<>();
        if (mode.equals("nearest")) {
            out.add(tap(c, p, gt, t, len, padding, lo, hi, stride, null));
            return out;
        }
        String f = Ops.un(c, "Floor", p, gt);
        String frac = Ops.bin(c, "Sub", p, f, gt);
        if (mode.equals("linear")) {
            out.add(tap(c, f, gt, t, len, padding, lo, hi, stride, Ops.bin(c, "Sub", c.scalar(gt, 1), frac, gt)));
            out.add(tap(c, Ops.bin(c, "AddV2", f, c.scalar(gt, 1), gt), gt, t, len, padding, lo, hi, stride, frac));
            return out;
        }
        double a = -0.75;
        for (int j = 0; j < 4; j++) {
            // distance |j - 1 - frac|: 1 + frac, frac, 1 - frac, 2 - frac
            String d = switch (j) {
                case 0 -> Ops.bin(c, "AddV2", c.scalar(gt, 1), frac, gt);
                case 1 -> frac;
                case 2 -> Ops.bin(c, "Sub", c.scalar(gt, 1), frac, gt);
                default -> Ops.bin(c, "Sub", c.scalar(gt, 2), frac, gt);
            };
            String w = j == 1 || j == 2
                    ? poly(c, d, gt, a + 2, -(a + 3), 0, 1)
                    : poly(c, d, gt, a, -5 * a, 8 * a, -4 * a);
            String at = Ops.bin(c, "AddV2", f, c.scalar(gt, j - 1), gt);
            out.add(tap(c, at, gt, t, len, padding, lo, hi, stride, w));
        }
        return out;
    }

    /** ((k3 d + k2) d + k1) d + k0. */
    private static String poly(EmitContext c, String d, DataType gt, double k3, double k2, double k1, double k0) {
        String v = Ops.bin(c, "AddV2", Ops.bin(c, "Mul", d, c.scalar(gt, k3), gt), c.scalar(gt, k2), gt);
        v = Ops.bin(c, "AddV2", Ops.bin(c, "Mul", v, d, gt), c.scalar(gt, k1), gt);
        return Ops.bin(c, "AddV2", Ops.bin(c, "Mul", v, d, gt), c.scalar(gt, k0), gt);
    }

    private static Tap tap(EmitContext c, String at, DataType gt, DataType t, long len, String padding, double lo, double hi,
                           long stride, String weight) {
        String w = weight;
        String i;
        if (padding.equals("zeros")) {
            String inside = c.op("LogicalAnd", "inside").in(Ops.bin(c, "GreaterEqual", at, c.scalar(gt, 0), gt))
                    .in(Ops.bin(c, "Less", at, c.scalar(gt, len), gt)).out();
            String mask = Ops.cast(c, inside, DataType.BOOL, gt);
            w = w == null ? mask : Ops.bin(c, "Mul", w, mask, gt);
            i = Ops.cast(c, clamp(c, at, gt, 0, len - 1), gt, DataType.INT64);
        } else if (padding.equals("border")) {
            i = Ops.cast(c, clamp(c, at, gt, 0, len - 1), gt, DataType.INT64);
        } else {
            i = Ops.cast(c, reflect(c, at, gt, lo, hi), gt, DataType.INT64);
            i = clampInt(c, i, len - 1);
        }
        if (w == null) {
            w = c.op("OnesLike", "one").in(at).type("T", gt).out();
        }
        return new Tap(Ops.bin(c, "Mul", i, c.constant(Tensor.scalar(stride)), DataType.INT64), Ops.cast(c, w, gt, t));
    }

    private static String clamp(EmitContext c, String v, DataType gt, double lo, double hi) {
        return Ops.bin(c, "Minimum", Ops.bin(c, "Maximum", v, c.scalar(gt, lo), gt), c.scalar(gt, hi), gt);
    }

    private static String clampInt(EmitContext c, String v, long hi) {
        return Ops.bin(c, "Minimum", Ops.bin(c, "Maximum", v, c.constant(Tensor.scalar(0L)), DataType.INT64),
                c.constant(Tensor.scalar(hi)), DataType.INT64);
    }

    /** Reflects values outside [lo, hi] back in, bouncing between the two borders. */
    private static String reflect(EmitContext c, String x, DataType gt, double lo, double hi) {
        double range = hi - lo;
        String below = Ops.bin(c, "Less", x, c.scalar(gt, lo), gt);
        String above = Ops.bin(c, "Greater", x, c.scalar(gt, hi), gt);
        if (range <= 0) {
            String out = c.op("LogicalOr", "outside").in(below).in(above).out();
            return Ops.select(c, out, c.op("Fill", "lo").in(Ops.shape(c, x, gt)).in(c.scalar(gt, lo)).type("T", gt)
                    .type("index_type", DataType.INT64).out(), x, gt);
        }
        String dx = Ops.select(c, below, Ops.bin(c, "Sub", c.scalar(gt, lo), x, gt), Ops.bin(c, "Sub", x, c.scalar(gt, hi), gt), gt);
        String nTimes = Ops.un(c, "Floor", Ops.bin(c, "RealDiv", dx, c.scalar(gt, range), gt), gt);
        String rem = Ops.bin(c, "Sub", dx, Ops.bin(c, "Mul", nTimes, c.scalar(gt, range), gt), gt);
        String even = Ops.bin(c, "Equal", Ops.bin(c, "FloorMod", nTimes, c.scalar(gt, 2), gt), c.scalar(gt, 0), gt);
        String loPlus = Ops.bin(c, "AddV2", c.scalar(gt, lo), rem, gt);
        String hiMinus = Ops.bin(c, "Sub", c.scalar(gt, hi), rem, gt);
        String fromBelow = Ops.select(c, even, loPlus, hiMinus, gt);
        String fromAbove = Ops.select(c, even, hiMinus, loPlus, gt);
        return Ops.select(c, below, fromBelow, Ops.select(c, above, fromAbove, x, gt), gt);
    }
}
