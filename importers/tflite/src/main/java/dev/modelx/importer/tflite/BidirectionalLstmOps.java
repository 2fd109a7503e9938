package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.Options;
import dev.modelx.format.tflite.RnnOptions;
import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.util.List;

/**
 * BIDIRECTIONAL_SEQUENCE_LSTM as one ONNX LSTM with direction "bidirectional". Operands: 0 input; forward
 * weights 1-4 (i, f, c, o), recurrent 5-8, peepholes 9-11, biases 12-15, projection 16-17; the backward
 * cell the same at 18-34; states 35-38 (forward h, c, backward h, c); auxiliary input 39-47. Cells that
 * ONNX LSTM cannot express (CIFG, projection, cell clip, auxiliary input, other activations) are reported
 * as unsupported rather than approximated.
 */
final class BidirectionalLstmOps {

    private static final int BACKWARD = 17;

    private BidirectionalLstmOps() {
    }

    static void register(OpRegistry r) {
        r.register("BIDIRECTIONAL_SEQUENCE_LSTM", BidirectionalLstmOps::convert);
    }

    private static String misses(OpContext ctx, RnnOptions.BidirectionalSequenceLstm o) {
        if (!ctx.hasInput(1) || !ctx.hasInput(1 + BACKWARD)) {
            return "no input gate (CIFG)";
        }
        if (ctx.hasInput(16) || ctx.hasInput(16 + BACKWARD)) {
            return "a projection";
        }
        if (ctx.hasInput(39)) {
            return "an auxiliary input";
        }
        if (o.cellClip() > 0) {
            return "cell clipping";
        }
        if (o.fusedActivation() != Options.ACT_TANH && o.fusedActivation() != Options.ACT_RELU) {
            return "activation " + o.fusedActivation();
        }
        int[] w = ctx.inShape(1);
        if (ctx.inRank(0) != 3 || w.length != 2 || w[0] <= 0) {
            return "input weights of shape " + java.util.Arrays.toString(w);
        }
        return null;
    }

    private static void convert(OpContext ctx) {
        RnnOptions.BidirectionalSequenceLstm o = RnnOptions.BidirectionalSequenceLstm.of(ctx.op());
        String miss = misses(ctx, o);
        if (miss != null) {
            throw ctx.unsupported("a cell with " + miss + ", which ONNX LSTM lacks");
        }
        int hidden = ctx.inShape(1)[0];
        String zero = ctx.constTensor(Tensor.zeros(DataType.FLOAT, hidden));
        String w = both(ctx, zero, 1, 4, 2, 3);
        String r = both(ctx, zero, 5, 8, 6, 7);
        String rb = ctx.constTensor(Tensor.zeros(DataType.FLOAT, 4L * hidden));
        String bf = ctx.op1Node("Concat", gates(ctx, zero, 0, 12, 15, 13, 14), rb).attr("axis", 0L).outputs().get(0);
        String bb = ctx.op1Node("Concat", gates(ctx, zero, BACKWARD, 12, 15, 13, 14), rb).attr("axis", 0L).outputs().get(0);
        String b = stack(ctx, bf, bb);
        boolean peephole = ctx.hasInput(9) || ctx.hasInput(10) || ctx.hasInput(11);
        String p = peephole ? both(ctx, zero, 9, 11, 10) : "";
        // States are [2, B, H], or [B, 2, H] with layout 1.
        long stateAxis = o.timeMajor() ? 0 : 1;
        String h0 = states(ctx, ctx.in(35), ctx.in(37), stateAxis);
        String c0 = states(ctx, ctx.in(36), ctx.in(38), stateAxis);
        String act = o.fusedActivation() == Options.ACT_RELU ? "Relu" : "Tanh";
        String y = ctx.fresh("lstm_y");
        Node n = ctx.add("LSTM", List.of(ctx.in(0), w, r, b, "", h0, c0, p), List.of(y)).attr("hidden_size", (long) hidden)
                .attr("direction", "bidirectional").attr("layout", o.timeMajor() ? 0L : 1L)
                .attr(Attribute.strings("activations", List.of("Sigmoid", act, act, "Sigmoid", act, act)));
        if (p.isEmpty()) {
            n.inputs().remove(7);
        }
        // Y: [T, 2, B, H] (time major) or [B, T, 2, H]; bring the direction axis next to H.
        String y2 = o.timeMajor() ? NhwcOps.transpose(ctx, y, new long[] {0, 2, 1, 3}) : y;
        if (o.mergeOutputs()) {
            ctx.emit("Reshape", ctx.out(0), y2, ctx.constLongs(0, 0, -1));
            return;
        }
        String fw = ctx.fresh("forward");
        String bw = ctx.fresh("backward");
        ctx.add("Split", List.of(y2), List.of(fw, bw)).attr("axis", 2L).attr("num_outputs", 2L);
        ctx.emit("Squeeze", ctx.out(0), fw, ctx.constLongs(2));
        ctx.emit("Squeeze", ctx.out(1), bw, ctx.constLongs(2));
    }

    /** Forward and backward gate tensors, each concatenated in ONNX's order, stacked on a direction axis. */
    private static String both(OpContext ctx, String zero, int... forward) {
        return stack(ctx, gates(ctx, zero, 0, forward), gates(ctx, zero, BACKWARD, forward));
    }

    private static String gates(OpContext ctx, String zero, int offset, int... inputs) {
        String[] parts = new String[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            int k = inputs[i] + offset;
            parts[i] = ctx.hasInput(k) ? ctx.in(k) : zero;
        }
        return ctx.op1Node("Concat", parts).attr("axis", 0L).outputs().get(0);
    }

    private static String states(OpContext ctx, String forward, String backward, long axis) {
        String a = ctx.constLongs(axis);
        return ctx.op1Node("Concat", ctx.op1("Unsqueeze", forward, a), ctx.op1("Unsqueeze", backward, a))
                .attr("axis", axis).outputs().get(0);
    }

    private static String stack(OpContext ctx, String forward, String backward) {
        String dir = ctx.constLongs(0);
        return ctx.op1Node("Concat", ctx.op1("Unsqueeze", forward, dir), ctx.op1("Unsqueeze", backward, dir))
                .attr("axis", 0L).outputs().get(0);
    }
}
