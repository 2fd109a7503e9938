package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.Options;
import dev.modelx.format.tflite.RnnOptions;
import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM as one ONNX LSTM where the cell fits it (input gate present, no projection,
 * layer norm or cell clip, tanh or relu activation), which also takes a dynamic sequence length; otherwise as
 * its expansion, unrolled over the (static) sequence length, which covers every variant TFLite has: CIFG (no input gate), peepholes, per-gate layer normalisation,
 * projection, cell and projection clipping. Per step, with act the fused activation (usually tanh):
 * <pre>
 *   gate_g = x_t W_g^T + h W_rg^T (+ c_prev * p_g)      then LayerNorm(gate_g) * ln_g + b_g, or + b_g
 *   i = sigmoid(gate_i) (CIFG: 1 - f), f = sigmoid(gate_f), g = act(gate_c)
 *   c = clip(f * c_prev + i * g), o = sigmoid(gate_o with peephole on the new c)
 *   h = clip(proj(o * act(c)))
 * </pre>
 * Fully integer cells (int8 input and weights, int16 cell state) go to {@link IntegerLstm}, which reproduces
 * TFLite's integer kernel exactly; the float paths below approximate them.
 * Inputs: 0 input, 1-4 input weights (i, f, c, o), 5-8 recurrent weights, 9-11 peepholes (i, f, o), 12-15
 * gate biases, 16-17 projection weights/bias, 18-19 output/cell state, 20-23 layer-norm weights.
 */
final class LstmOps {

    /** TFLite's layer-norm epsilon in its LSTM kernels. */
    private static final float LAYER_NORM_EPSILON = 1e-8f;
    private static final int MAX_UNROLL = 4096;

    private LstmOps() {
    }

    static void register(OpRegistry r) {
        r.register("UNIDIRECTIONAL_SEQUENCE_LSTM", LstmOps::sequenceLstm);
    }

    private static void sequenceLstm(OpContext ctx) {
        RnnOptions.UnidirectionalSequenceLstm o = RnnOptions.UnidirectionalSequenceLstm.of(ctx.op());
        if (IntegerLstm.convert(ctx, o)) {
            return;
        }
        String onnxMisses = onnxLstmMisses(ctx, o);
        if (onnxMisses == null) {
            onnxLstm(ctx, o);
            return;
        }
        int[] shape = ctx.inShape(0);
        int[] sig = ctx.inTensor(0).shapeSignature();
        int timeAxis = o.timeMajor() ? 0 : 1;
        if (shape.length != 3 || shape[timeAxis] <= 0 || (sig.length == 3 && sig[timeAxis] < 0)) {
            throw ctx.unsupported("sequence length not static in input shape " + java.util.Arrays.toString(sig.length > 0 ? sig : shape)
                    + ", and the cell has " + onnxMisses + ", which ONNX LSTM lacks");
        }
        int steps = shape[timeAxis];
        if (steps > MAX_UNROLL) {
            throw ctx.unsupported("sequence length " + steps + " above the unrolling limit " + MAX_UNROLL);
        }
        int act = o.fusedActivation();
        boolean cifg = !ctx.hasInput(1);
        String h = ctx.in(18);
        String c = ctx.in(19);
        String axis = ctx.constLongs(timeAxis);
        List<String> hs = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            String x = ctx.op1Node("Gather", ctx.in(0), ctx.constLongScalar(t)).attr("axis", (long) timeAxis).outputs().get(0);
            String f = ctx.op1("Sigmoid", gate(ctx, x, h, c, 2, 6, 10, 13, 21));
            String i = cifg ? ctx.op1("Sub", ctx.constFloatScalar(1f), f) : ctx.op1("Sigmoid", gate(ctx, x, h, c, 1, 5, 9, 12, 20));
            String g = activation(ctx, act, gate(ctx, x, h, c, 3, 7, -1, 14, 22));
            String cNew = ctx.op1("Add", ctx.op1("Mul", f, c), ctx.op1("Mul", i, g));
            if (o.cellClip() > 0) {
                cNew = clip(ctx, cNew, o.cellClip());
            }
            String out = ctx.op1("Sigmoid", gate(ctx, x, h, cNew, 4, 8, 11, 15, 23));
            String hNew = ctx.op1("Mul", out, activation(ctx, act, cNew));
            if (ctx.hasInput(16)) {
                List<String> ins = new ArrayList<>(List.of(hNew, ctx.in(16)));
                if (ctx.hasInput(17)) {
                    ins.add(ctx.in(17));
                }
                hNew = ctx.fresh("projection");
                ctx.add("Gemm", ins, List.of(hNew)).attr("transB", 1L);
                if (o.projClip() > 0) {
                    hNew = clip(ctx, hNew, o.projClip());
                }
            }
            h = hNew;
            c = cNew;
            hs.add(ctx.op1("Unsqueeze", h, axis));
        }
        if (hs.size() == 1) {
            ctx.emit("Identity", ctx.out(0), hs.get(0));
        } else {
            ctx.emit("Concat", ctx.out(0), hs.toArray(String[]::new)).attr("axis", (long) timeAxis);
        }
    }

    /**
     * What keeps this cell from being one ONNX LSTM, or null when it fits: ONNX LSTM has no projection, no
     * layer normalisation, and clips gate inputs rather than the cell state; its input_forget coupling is
     * defined the other way round from TFLite's CIFG (which derives the input gate from the forget gate).
     */
    private static String onnxLstmMisses(OpContext ctx, RnnOptions.UnidirectionalSequenceLstm o) {
        if (!ctx.hasInput(1)) {
            return "no input gate (CIFG)";
        }
        if (ctx.hasInput(16)) {
            return "a projection";
        }
        for (int k = 20; k <= 23; k++) {
            if (ctx.hasInput(k)) {
                return "layer normalisation";
            }
        }
        if (o.cellClip() > 0) {
            return "cell clipping";
        }
        if (o.diagonalRecurrentTensors()) {
            return "diagonal recurrent weights";
        }
        if (onnxActivation(o.fusedActivation()) == null) {
            return "activation " + o.fusedActivation();
        }
        int[] w = ctx.inShape(1);
        if (ctx.inRank(0) != 3 || w.length != 2 || w[0] <= 0) {
            return "input weights of shape " + java.util.Arrays.toString(w);
        }
        return null;
    }

    private static String onnxActivation(int act) {
        return switch (act) {
            case Options.ACT_TANH -> "Tanh";
            case Options.ACT_RELU -> "Relu";
            default -> null;
        };
    }

    /**
     * One ONNX LSTM (any sequence length, including a dynamic one): TFLite's per-gate tensors (i, f, c, o)
     * are concatenated in ONNX's gate order (i, o, f, c), the recurrence bias is zero, and the states are
     * given a direction axis.
     */
    private static void onnxLstm(OpContext ctx, RnnOptions.UnidirectionalSequenceLstm o) {
        int hidden = ctx.inShape(1)[0];
        String zero = ctx.constTensor(Tensor.zeros(DataType.FLOAT, hidden));
        String dir = ctx.constLongs(0);
        String w = ctx.op1("Unsqueeze", concat(ctx, zero, 1, 4, 2, 3), dir);
        String r = ctx.op1("Unsqueeze", concat(ctx, zero, 5, 8, 6, 7), dir);
        String wb = concat(ctx, zero, 12, 15, 13, 14);
        String rb = ctx.constTensor(Tensor.zeros(DataType.FLOAT, 4L * hidden));
        String b = ctx.op1("Unsqueeze", ctx.op1Node("Concat", wb, rb).attr("axis", 0L).outputs().get(0), dir);
        boolean peephole = ctx.hasInput(9) || ctx.hasInput(10) || ctx.hasInput(11);
        String p = peephole ? ctx.op1("Unsqueeze", concat(ctx, zero, 9, 11, 10), dir) : "";
        // States are [1, B, H], or [B, 1, H] with layout 1.
        String stateAxis = ctx.constLongs(o.timeMajor() ? 0 : 1);
        String h0 = ctx.op1("Unsqueeze", ctx.in(18), stateAxis);
        String c0 = ctx.op1("Unsqueeze", ctx.in(19), stateAxis);
        String y = ctx.fresh("lstm_y");
        String act = onnxActivation(o.fusedActivation());
        Node n = ctx.add("LSTM", List.of(ctx.in(0), w, r, b, "", h0, c0, p), List.of(y)).attr("hidden_size", (long) hidden)
                .attr("layout", o.timeMajor() ? 0L : 1L)
                .attr(Attribute.strings("activations", List.of("Sigmoid", act, act)));
        if (p.isEmpty()) {
            n.inputs().remove(7);
        }
        // Y is [T, 1, B, H] (time major) or [B, T, 1, H].
        ctx.emit("Squeeze", ctx.out(0), y, ctx.constLongs(o.timeMajor() ? 1 : 2));
    }

    /** The gate tensors at {@code inputs} concatenated along axis 0; an omitted one reads as zeros. */
    private static String concat(OpContext ctx, String zero, int... inputs) {
        String[] parts = new String[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            parts[i] = ctx.hasInput(inputs[i]) ? ctx.in(inputs[i]) : zero;
        }
        return ctx.op1Node("Concat", parts).attr("axis", 0L).outputs().get(0);
    }

    /** x W^T + h R^T (+ peephole * c), then layer norm with bias, or the bias alone. */
    private static String gate(OpContext ctx, String x, String h, String c, int w, int r, int peephole, int bias, int norm) {
        String sum = ctx.op1("Add", matmulT(ctx, x, ctx.in(w)), matmulT(ctx, h, ctx.in(r)));
        if (peephole >= 0 && ctx.hasInput(peephole)) {
            sum = ctx.op1("Add", sum, ctx.op1("Mul", c, ctx.in(peephole)));
        }
        if (ctx.hasInput(norm)) {
            String b = ctx.hasInput(bias) ? ctx.in(bias) : "";
            return ctx.op1Node("LayerNormalization", sum, ctx.in(norm), b).attr("axis", -1L)
                    .attr("epsilon", LAYER_NORM_EPSILON).outputs().get(0);
        }
        return ctx.hasInput(bias) ? ctx.op1("Add", sum, ctx.in(bias)) : sum;
    }

    private static String matmulT(OpContext ctx, String a, String b) {
        String y = ctx.fresh("gemm");
        ctx.add("Gemm", List.of(a, b), List.of(y)).attr("transB", 1L);
        return y;
    }

    private static String activation(OpContext ctx, int act, String x) {
        String y = ctx.fresh("act");
        ctx.activation(act, x, y);
        return y;
    }

    private static String clip(OpContext ctx, String x, float bound) {
        return ctx.op1("Clip", x, ctx.constFloatScalar(-bound), ctx.constFloatScalar(bound));
    }
}
