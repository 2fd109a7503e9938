package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RNN, GRU and LSTM unrolled over their static sequence length: per direction the input projection
 * X W^T + Wb is one MatMul for all steps, then each step adds H R^T + Rb and applies the gates. A reverse
 * direction runs forward over the reversed input (ReverseSequence when sequence_lens is given, so each
 * sequence reverses within its own length) and reverses its outputs back; past a sequence's length the
 * state is held and Y is zero. Activations Sigmoid, Tanh, Relu, Softsign and Softplus are written.
 */
final class RecurrentEmitters {

    /** Longest sequence unrolled. */
    private static final long MAX_STEPS = 1024;

    private RecurrentEmitters() {
    }

    static void register(Emitters r) {
        r.register(c -> emit(c, Kind.RNN), "RNN");
        r.register(c -> emit(c, Kind.GRU), "GRU");
        r.register(c -> emit(c, Kind.LSTM), "LSTM");
    }

    private enum Kind {
        RNN(1, "Tanh"), GRU(3, "Sigmoid", "Tanh"), LSTM(4, "Sigmoid", "Tanh", "Tanh");

        final int gates;
        final String[] defaults;

        Kind(int gates, String... defaults) {
            this.gates = gates;
            this.defaults = defaults;
        }
    }

    private static void emit(EmitContext c, Kind kind) {
        Val xv = c.require(0, "X");
        DataType t = xv.type();
        boolean batchFirst = c.node.attrLong("layout", 0) != 0;
        String direction = c.node.attrString("direction", "forward");
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        if (!List.of("forward", "reverse", "bidirectional").contains(direction)) {
            throw c.error(kind + " direction '" + direction + "' is not supported");
        }
        if (c.rank(xv, "X") != 3) {
            throw c.error(kind + " X must have rank 3, got " + xv);
        }
        long steps = xv.dim(batchFirst ? 1 : 0);
        if (steps < 1 || steps > MAX_STEPS) {
            throw c.error(kind + " needs a static sequence length in [1, " + MAX_STEPS + "] to be unrolled for TensorFlow, got " + xv);
        }
        String[] acts = activations(c, kind, dirs);
        float clip = c.node.hasAttribute("clip") ? c.node.attrFloat("clip", 0f) : Float.NaN;
        boolean coupled = kind == Kind.LSTM && c.node.attrLong("input_forget", 0) != 0;
        boolean lbr = kind == Kind.GRU && c.node.attrLong("linear_before_reset", 0) != 0;
        String x = batchFirst ? c.transposed(c.t(xv), t, new int[]{1, 0, 2}) : c.t(xv);
        String w = c.t(c.require(1, "W"));
        String r = c.t(c.require(2, "R"));
        Val bv = c.in(3);
        Val lensV = c.in(4);
        String lens = lensV == null ? null : Ops.cast(c, c.t(lensV), lensV.type(), DataType.INT32);
        String h0 = state(c, 5, batchFirst);
        String c0 = kind == Kind.LSTM ? state(c, 6, batchFirst) : null;
        Val pv = kind == Kind.LSTM ? c.in(7) : null;
        String xShape = Ops.shape(c, x, t);
        String zeros = c.op("Fill", "zeros").in(Ops.concat(c, DataType.INT64, 0, Ops.slice1d(c, xShape, DataType.INT64, 1, 2),
                Ops.slice1d(c, Ops.shape(c, r, t), DataType.INT64, 2, 3))).in(c.scalar(t, 0)).type("T", t)
                .type("index_type", DataType.INT64).out();
        String flatX = Ops.reshape(c, x, t, Ops.concat(c, DataType.INT64, 0, c.longs(-1), Ops.slice1d(c, xShape, DataType.INT64, 2, 3)));
        List<String> ys = new ArrayList<>();
        List<String> hs = new ArrayList<>();
        List<String> cs = new ArrayList<>();
        for (int d = 0; d < dirs; d++) {
            boolean reverse = direction.equals("reverse") || d == 1;
            String wd = at(c, w, t, d);
            String rd = at(c, r, t, d);
            String xw = Ops.reshape(c, c.op("MatMul", "xw").in(flatX).in(wd).type("T", t).b("transpose_a", false).b("transpose_b", true)
                    .out(), t, Ops.concat(c, DataType.INT64, 0, Ops.slice1d(c, xShape, DataType.INT64, 0, 2), c.longs(-1)));
            String rb = null;
            if (bv != null) {
                TfOp halves = c.op("Split", "bias").in(c.constant(Tensor.ofInts(new long[0], 0))).in(at(c, c.t(bv), t, d)).type("T", t)
                        .i("num_split", 2);
                xw = Ops.bin(c, "AddV2", xw, halves.out(0), t);
                rb = halves.out(1);
            }
            if (reverse) {
                xw = reverse(c, xw, t, lens);
            }
            TfOp stepsIn = c.op("Unpack", "steps").in(xw).type("T", t).i("num", steps).i("axis", 0);
            String h = h0 == null ? zeros : at(c, h0, t, d);
            String cell = kind == Kind.LSTM ? (c0 == null ? zeros : at(c, c0, t, d)) : null;
            String[] p = pv == null ? null : split(c, at(c, c.t(pv), t, d), t, 3, 0);
            String[] a = java.util.Arrays.copyOfRange(acts, d * kind.gates, d * kind.gates + kind.defaults.length);
            String[] rGates = kind == Kind.GRU ? split(c, rd, t, 3, 0) : null;
            String[] rbGates = kind == Kind.GRU && rb != null ? split(c, rb, t, 3, 0) : null;
            List<String> y = new ArrayList<>();
            for (long s = 0; s < steps; s++) {
                String in = stepsIn.out((int) s);
                String hNew;
                String cNew = null;
                switch (kind) {
                    case RNN -> hNew = act(c, a[0], clip(c, Ops.bin(c, "AddV2", in, project(c, h, rd, rb, t), t), t, clip), t);
                    case GRU -> {
                        String[] xg = split(c, in, t, 3, 1);
                        String z = act(c, a[0], clip(c, add(c, t, xg[0], project(c, h, rGates[0], rbGates == null ? null : rbGates[0], t)), t, clip), t);
                        String rr = act(c, a[0], clip(c, add(c, t, xg[1], project(c, h, rGates[1], rbGates == null ? null : rbGates[1], t)), t, clip), t);
                        String rbh = rbGates == null ? null : rbGates[2];
                        String hr = lbr ? Ops.bin(c, "Mul", rr, project(c, h, rGates[2], rbh, t), t)
                                : project(c, Ops.bin(c, "Mul", rr, h, t), rGates[2], rbh, t);
                        String cand = act(c, a[1], clip(c, Ops.bin(c, "AddV2", xg[2], hr, t), t, clip), t);
                        hNew = Ops.bin(c, "AddV2", Ops.bin(c, "Mul", Ops.bin(c, "Sub", c.scalar(t, 1), z, t), cand, t),
                                Ops.bin(c, "Mul", z, h, t), t);
                    }
                    default -> {
                        String[] g = split(c, Ops.bin(c, "AddV2", in, project(c, h, rd, rb, t), t), t, 4, 1);
                        String it = act(c, a[0], clip(c, peep(c, g[0], p, 0, cell, t), t, clip), t);
                        String ft = coupled ? Ops.bin(c, "Sub", c.scalar(t, 1), it, t)
                                : act(c, a[0], clip(c, peep(c, g[2], p, 2, cell, t), t, clip), t);
                        String ct = act(c, a[1], clip(c, g[3], t, clip), t);
                        cNew = Ops.bin(c, "AddV2", Ops.bin(c, "Mul", ft, cell, t), Ops.bin(c, "Mul", it, ct, t), t);
                        String ot = act(c, a[0], clip(c, peep(c, g[1], p, 1, cNew, t), t, clip), t);
                        hNew = Ops.bin(c, "Mul", ot, act(c, a[2], cNew, t), t);
                    }
                }
                if (lens != null) {
                    String live = Ops.expandDims(c, Ops.bin(c, "Less", c.constant(Tensor.ofInts(new long[0], (int) s)), lens, DataType.INT32),
                            DataType.BOOL, 1);
                    y.add(Ops.select(c, live, hNew, zeros, t));
                    hNew = Ops.select(c, live, hNew, h, t);
                    if (cNew != null) {
                        cNew = Ops.select(c, live, cNew, cell, t);
                    }
                } else {
                    y.add(hNew);
                }
                h = hNew;
                cell = cNew;
            }
            String yd = pack(c, y, t, 0);
            ys.add(reverse ? reverse(c, yd, t, lens) : yd);
            hs.add(h);
            cs.add(cell);
        }
        String yAll = pack(c, ys, t, 1);
        String yh = pack(c, hs, t, 0);
        long batch = xv.dim(batchFirst ? 0 : 1);
        long hidden = c.require(2, "R").dim(-1);
        if (batchFirst) {
            c.out(0, c.val(c.transposed(yAll, t, new int[]{2, 0, 1, 3}), t, new long[]{batch, steps, dirs, hidden}));
            c.out(1, c.val(c.transposed(yh, t, new int[]{1, 0, 2}), t, new long[]{batch, dirs, hidden}));
        } else {
            c.out(0, c.val(yAll, t, new long[]{steps, dirs, batch, hidden}));
            c.out(1, c.val(yh, t, new long[]{dirs, batch, hidden}));
        }
        if (kind == Kind.LSTM && c.node.outputs().size() > 2) {
            String yc = pack(c, cs, t, 0);
            c.out(2, batchFirst ? c.val(c.transposed(yc, t, new int[]{1, 0, 2}), t, new long[]{batch, dirs, hidden})
                    : c.val(yc, t, new long[]{dirs, batch, hidden}));
        }
    }

    private static String[] activations(EmitContext c, Kind kind, int dirs) {
        int per = kind.defaults.length;
        String[] out = new String[kind.gates * dirs];
        List<String> given = c.node.hasAttribute("activations") ? c.node.attribute("activations").asStrings() : List.of();
        if (!given.isEmpty() && given.size() != per * dirs) {
            throw c.error(kind + " lists " + given.size() + " activations, expected " + per * dirs);
        }
        if (c.node.hasAttribute("activation_alpha") || c.node.hasAttribute("activation_beta")) {
            throw c.error(kind + " activation_alpha/activation_beta are not written for TensorFlow");
        }
        for (int d = 0; d < dirs; d++) {
            for (int i = 0; i < per; i++) {
                String name = given.isEmpty() ? kind.defaults[i] : given.get(d * per + i);
                String op = switch (name.toLowerCase(Locale.ROOT)) {
                    case "sigmoid" -> "Sigmoid";
                    case "tanh" -> "Tanh";
                    case "relu" -> "Relu";
                    case "softsign" -> "Softsign";
                    case "softplus" -> "Softplus";
                    default -> throw c.error(kind + " activation '" + name + "' is not written for TensorFlow");
                };
                out[d * kind.gates + i] = op;
            }
        }
        return out;
    }

    /** An initial state [dirs, batch, hidden] (layout 1: [batch, dirs, hidden]), or null when absent. */
    private static String state(EmitContext c, int i, boolean batchFirst) {
        Val v = c.in(i);
        if (v == null) {
            return null;
        }
        return batchFirst ? c.transposed(c.t(v), v.type(), new int[]{1, 0, 2}) : c.t(v);
    }

    private static String at(EmitContext c, String x, DataType t, long i) {
        return c.op("GatherV2", "dir").in(x).in(c.constant(Tensor.scalar(i))).in(c.constant(Tensor.scalar(0L))).type("Tparams", t)
                .type("Tindices", DataType.INT64).type("Taxis", DataType.INT64).out();
    }

    /** h R^T (+ Rb). */
    private static String project(EmitContext c, String h, String r, String rb, DataType t) {
        String y = c.op("MatMul", "hr").in(h).in(r).type("T", t).b("transpose_a", false).b("transpose_b", true).out();
        return rb == null ? y : Ops.bin(c, "AddV2", y, rb, t);
    }

    private static String add(EmitContext c, DataType t, String a, String b) {
        return Ops.bin(c, "AddV2", a, b, t);
    }

    private static String peep(EmitContext c, String gate, String[] p, int i, String cell, DataType t) {
        return p == null ? gate : Ops.bin(c, "AddV2", gate, Ops.bin(c, "Mul", p[i], cell, t), t);
    }

    private static String[] split(EmitContext c, String x, DataType t, int n, int axis) {
        TfOp s = c.op("Split", "split").in(c.constant(Tensor.ofInts(new long[0], axis))).in(x).type("T", t).i("num_split", n);
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = s.out(i);
        }
        return out;
    }

    private static String clip(EmitContext c, String x, DataType t, float clip) {
        if (Float.isNaN(clip)) {
            return x;
        }
        return Ops.bin(c, "Minimum", Ops.bin(c, "Maximum", x, c.scalar(t, -clip), t), c.scalar(t, clip), t);
    }

    private static String act(EmitContext c, String op, String x, DataType t) {
        return Ops.un(c, op, x, t);
    }

    private static String pack(EmitContext c, List<String> xs, DataType t, int axis) {
        TfOp p = c.op("Pack", "pack").type("T", t).i("N", xs.size()).i("axis", axis);
        xs.forEach(p::in);
        return p.out();
    }

    /** Reverses the time axis 0 (each batch row within its own length when lens is given). */
    private static String reverse(EmitContext c, String x, DataType t, String lens) {
        if (lens == null) {
            return c.op("ReverseV2", "reverse").in(x).in(c.longs(0)).type("T", t).type("Tidx", DataType.INT64).out();
        }
        return c.op("ReverseSequence", "reverse").in(x).in(lens).type("T", t).type("Tlen", DataType.INT32).i("seq_dim", 0)
                .i("batch_dim", 1).out();
    }
}
