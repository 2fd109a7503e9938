package dev.modelx.importer.paddle.ops;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.importer.paddle.ConvertContext;
import dev.modelx.importer.paddle.OpRegistry;
import dev.modelx.importer.paddle.SourceOp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fluid's LoD recurrent ops lstm and gru (dynamic_lstm / dynamic_gru). Their Input is already projected
 * ([N, 4D] / [N, 3D] rows split into sequences by the finest LoD level); the rows are gathered into a padded
 * [T, B, .] batch, run through ONNX LSTM/GRU with sequence_lens (W a gate permutation, so the input is not projected
 * again) and gathered back into rows. lstm's Cell output (every step's cell state) has no ONNX counterpart and is
 * not produced: a program that reads it fails to import naming the variable.
 */
public final class RecurrentOps {

    private RecurrentOps() {
    }

    public static void register(OpRegistry r) {
        r.add("lstm", RecurrentOps::lstm);
        r.add("gru", RecurrentOps::gru);
    }

    /** Row data as a padded batch. */
    record Padded(String data, String starts, String lens) {
    }

    static Padded pad(ConvertContext c, String x, String offsets) {
        String starts = c.op1("Slice", offsets, c.constI64(0), c.constI64(-1));
        String ends = c.op1("Slice", offsets, c.constI64(1), c.constI64(Long.MAX_VALUE));
        String lens = c.op1("Sub", ends, starts);
        String maxLen = c.op("ReduceMax", lens).attr("keepdims", 0L).output(0);
        String t = c.op1("Unsqueeze", c.op1("Range", c.scalarI64(0), maxLen, c.scalarI64(1)), c.constI64(1)); // [T, 1]
        String idx = c.op1("Add", t, c.op1("Unsqueeze", starts, c.constI64(0)));
        String inside = c.op1("Less", t, c.op1("Unsqueeze", lens, c.constI64(0)));
        idx = c.op1("Where", inside, idx, c.scalarI64(0));
        return new Padded(c.op("Gather", x, idx).attr("axis", 0L).output(0), starts, lens);
    }

    /** y [T, B, D] back to the rows of {@code rowsOf} [N, .]: row n of sequence b at step t is y[t, b]. */
    static String unpad(ConvertContext c, String y, String rowsOf, Padded p, String out) {
        String n = c.op("Gather", c.op1("Shape", rowsOf), c.scalarI64(0)).attr("axis", 0L).output(0);
        String rows = c.op1("Range", c.scalarI64(0), n, c.scalarI64(1));
        String ends = c.op1("Add", p.starts(), p.lens());
        String done = c.cast(c.op1("LessOrEqual", c.op1("Unsqueeze", ends, c.constI64(0)), c.op1("Unsqueeze", rows, c.constI64(1))), DataType.INT64);
        String seq = c.op("ReduceSum", done, c.constI64(1)).attr("keepdims", 0L).output(0);
        String step = c.op1("Sub", rows, c.op("Gather", p.starts(), seq).attr("axis", 0L).output(0));
        String at = c.op("Concat", c.op1("Unsqueeze", step, c.constI64(1)), c.op1("Unsqueeze", seq, c.constI64(1))).attr("axis", 1L).output(0);
        return c.emit("GatherND", out, y, at).output(0);
    }

    private static String activation(SourceOp op, String attr, String dflt) {
        String a = op.s(attr, dflt).toLowerCase(Locale.ROOT);
        return switch (a) {
            case "sigmoid" -> "Sigmoid";
            case "tanh" -> "Tanh";
            case "relu" -> "Relu";
            default -> throw new IllegalArgumentException(op.type() + " " + attr + " '" + a + "' is not supported");
        };
    }

    private static long hiddenSize(ConvertContext c, SourceOp op) {
        long[] w = c.dims(op.input("Weight"));
        if (w.length != 2 || w[0] <= 0) {
            throw new IllegalArgumentException(op.type() + " Weight shape " + java.util.Arrays.toString(w) + " does not give the hidden size");
        }
        return w[0];
    }

    private static String identity(ConvertContext c, long size) {
        String zeros = c.op("ConstantOfShape", c.constI64(size, size)).attr("value", Tensor.ofFloats(new long[] {1}, 0f)).output(0);
        return c.op1("EyeLike", zeros);
    }

    private static long[] blocks(long d, int... order) {
        long[] idx = new long[(int) (order.length * d)];
        for (int g = 0; g < order.length; g++) {
            for (int j = 0; j < d; j++) {
                idx[(int) (g * d + j)] = order[g] * d + j;
            }
        }
        return idx;
    }

    /**
     * Paddle gates are (candidate, input, forget, output) in Input, Weight and Bias; ONNX wants (input, output,
     * forget, cell). Bias [1, 7D] adds the peepholes (W_ic, W_fc, W_oc); ONNX P is (i, o, f).
     */
    private static void lstm(ConvertContext c, SourceOp op) {
        String x = c.in(op, "Input");
        long d = hiddenSize(c, op);
        String offsets = SequenceOps.offsetsOf(c, op, "Input");
        Padded p = pad(c, x, offsets);
        String perm = c.constI64(blocks(d, 1, 3, 2, 0));
        String w = c.op1("Unsqueeze", c.op("Gather", identity(c, 4 * d), perm).attr("axis", 0L).output(0), c.constI64(0));
        String weight = c.in(op, "Weight");
        String r = c.op1("Unsqueeze", c.op("Transpose", c.op("Gather", weight, perm).attr("axis", 1L).output(0)).ints("perm", 1, 0).output(0),
                c.constI64(0));
        String bias = c.op1("Reshape", c.in(op, "Bias"), c.constI64(-1));
        String zeros = c.constant(Tensor.ofFloats(new long[] {4 * d}, new float[(int) (4 * d)]));
        String b = c.op1("Unsqueeze", c.op("Concat", c.op("Gather", bias, perm).attr("axis", 0L).output(0), zeros).attr("axis", 0L).output(0),
                c.constI64(0));
        List<String> ins = new ArrayList<>(List.of(p.data(), w, r, b, c.cast(p.lens(), DataType.INT32)));
        ins.add(op.hasInput("H0") ? c.op1("Unsqueeze", c.in(op, "H0"), c.constI64(0)) : "");
        ins.add(op.hasInput("C0") ? c.op1("Unsqueeze", c.in(op, "C0"), c.constI64(0)) : "");
        if (op.b("use_peepholes", true)) {
            long[] pIdx = new long[(int) (3 * d)];
            long[] from = {4 * d, 6 * d, 5 * d};
            for (int g = 0; g < 3; g++) {
                for (int j = 0; j < d; j++) {
                    pIdx[(int) (g * d + j)] = from[g] + j;
                }
            }
            ins.add(c.op1("Unsqueeze", c.op("Gather", bias, c.constI64(pIdx)).attr("axis", 0L).output(0), c.constI64(0)));
        }
        String y = c.fresh(op.output("Hidden") + "_padded");
        c.emit("LSTM", ins, List.of(y)).attr("hidden_size", d).attr("direction", op.b("is_reverse", false) ? "reverse" : "forward")
                .attr(Attribute.strings("activations", List.of(activation(op, "gate_activation", "sigmoid"),
                        activation(op, "candidate_activation", "tanh"), activation(op, "cell_activation", "tanh"))));
        unpad(c, c.op1("Squeeze", y, c.constI64(1)), x, p, c.out(op, "Hidden"));
    }

    /**
     * Paddle gates are (update, reset, candidate); Weight's buffer is a [D, 2D] update/reset matrix followed by a
     * [D, D] candidate matrix. ONNX GRU's H = z * H_prev + (1 - z) * h is Paddle's origin_mode; otherwise
     * z = 1 - u = sigmoid(-pre-activation), so the update gate's inputs, weights and bias are negated.
     */
    private static void gru(ConvertContext c, SourceOp op) {
        String x = c.in(op, "Input");
        long d = hiddenSize(c, op);
        boolean origin = op.b("origin_mode", false);
        String gate = activation(op, "gate_activation", "sigmoid");
        if (!origin && !gate.equals("Sigmoid")) {
            throw new IllegalArgumentException("gru without origin_mode needs gate_activation sigmoid, got " + gate);
        }
        String offsets = SequenceOps.offsetsOf(c, op, "Input");
        Padded p = pad(c, x, offsets);
        float[] sign = new float[(int) (3 * d)];
        java.util.Arrays.fill(sign, 1f);
        if (!origin) {
            java.util.Arrays.fill(sign, 0, (int) d, -1f);
        }
        String s = c.constant(Tensor.ofFloats(new long[] {3 * d}, sign));
        String w = c.op1("Unsqueeze", c.op1("Mul", identity(c, 3 * d), s), c.constI64(0));
        String flat = c.op1("Reshape", c.in(op, "Weight"), c.constI64(-1));
        String wg = c.op1("Reshape", c.op1("Slice", flat, c.constI64(0), c.constI64(2 * d * d)), c.constI64(d, 2 * d));
        String wc = c.op1("Reshape", c.op1("Slice", flat, c.constI64(2 * d * d), c.constI64(3 * d * d)), c.constI64(d, d));
        String rT = c.op("Concat", c.op("Transpose", wg).ints("perm", 1, 0).output(0), c.op("Transpose", wc).ints("perm", 1, 0).output(0))
                .attr("axis", 0L).output(0);
        String r = c.op1("Unsqueeze", c.op1("Mul", rT, c.op1("Unsqueeze", s, c.constI64(1))), c.constI64(0));
        String zeros = c.constant(Tensor.ofFloats(new long[] {3 * d}, new float[(int) (3 * d)]));
        String wb = op.hasInput("Bias") ? c.op1("Mul", c.op1("Reshape", c.in(op, "Bias"), c.constI64(-1)), s) : zeros;
        String b = c.op1("Unsqueeze", c.op("Concat", wb, zeros).attr("axis", 0L).output(0), c.constI64(0));
        List<String> ins = new ArrayList<>(List.of(p.data(), w, r, b, c.cast(p.lens(), DataType.INT32)));
        if (op.hasInput("H0")) {
            ins.add(c.op1("Unsqueeze", c.in(op, "H0"), c.constI64(0)));
        }
        String y = c.fresh(op.output("Hidden") + "_padded");
        c.emit("GRU", ins, List.of(y)).attr("hidden_size", d).attr("direction", op.b("is_reverse", false) ? "reverse" : "forward")
                .attr("linear_before_reset", 0L)
                .attr(Attribute.strings("activations", List.of(gate, activation(op, "activation", "tanh"))));
        unpad(c, c.op1("Squeeze", y, c.constI64(1)), x, p, c.out(op, "Hidden"));
    }
}
