package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.modelx.runtime.kernels.nn.NnRun.check;
import static dev.modelx.runtime.kernels.nn.NnRun.f;
import static dev.modelx.runtime.kernels.nn.NnRun.fails;
import static dev.modelx.runtime.kernels.nn.NnRun.run;
import static dev.modelx.runtime.kernels.nn.NnRun.s;

/** Hidden size 1, input size 1: each step is a scalar recurrence that is easy to follow by hand. */
class RecurrentTest {

    private static double sig(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void rnnForwardAndReverseWithSequenceLengths() {
        // h_t = relu(x_t + 2 h_{t-1}); batch 0 has length 2, batch 1 length 1
        Tensor x = f(s(2, 2, 1), 1, 5, 3, 7);
        Node fwd = Node.of("RNN").name("rnn").inputs("x", "w", "r", "", "len").outputs("y", "yh")
                .attr("hidden_size", 1L).attr(dev.modelx.graph.Attribute.strings("activations", java.util.List.of("Relu")));
        Map<String, Tensor> out = run(fwd, 14, "x", x, "w", f(s(1, 1, 1), 1), "r", f(s(1, 1, 1), 2),
                "len", Tensor.ofInts(s(2), 2, 1));
        check(out.get("y"), s(2, 1, 2, 1), 1, 5, 5, 0);
        check(out.get("yh"), s(1, 2, 1), 5, 5);
        Node rev = Node.of("RNN").name("rnn").inputs("x", "w", "r", "", "len").outputs("y", "yh")
                .attr("hidden_size", 1L).attr("direction", "reverse")
                .attr(dev.modelx.graph.Attribute.strings("activations", java.util.List.of("Relu")));
        out = run(rev, 14, "x", x, "w", f(s(1, 1, 1), 1), "r", f(s(1, 1, 1), 2), "len", Tensor.ofInts(s(2), 2, 1));
        // batch 0 reversed: t=1: 3, then t=0: 1 + 6 = 7
        check(out.get("y"), s(2, 1, 2, 1), 7, 5, 3, 0);
        check(out.get("yh"), s(1, 2, 1), 7, 5);
    }

    @Test
    void rnnBatchFirstLayout() {
        // layout 1: X [batch, seq, input]; default tanh; W = 1, R = 0 -> y = tanh(x)
        Node n = Node.of("RNN").name("rnn").inputs("x", "w", "r").outputs("y", "yh").attr("hidden_size", 1L).attr("layout", 1L);
        Map<String, Tensor> out = run(n, 14, "x", f(s(2, 2, 1), 1, 2, 3, 4), "w", f(s(1, 1, 1), 1), "r", f(s(1, 1, 1), 0));
        check(out.get("y"), s(2, 2, 1, 1), Math.tanh(1), Math.tanh(2), Math.tanh(3), Math.tanh(4));
        check(out.get("yh"), s(2, 1, 1), Math.tanh(2), Math.tanh(4));
    }

    @Test
    void gruSingleStep() {
        // W rows z, r, h = 1, 1, 1; R = 0; H0 = 0.5 -> z = r = sig(x), h~ = tanh(x), H = (1-z) h~ + z H0
        Node n = Node.of("GRU").name("gru").inputs("x", "w", "r", "", "", "h0").outputs("", "yh").attr("hidden_size", 1L);
        Map<String, Tensor> out = run(n, 14, "x", f(s(1, 1, 1), 0.3), "w", f(s(1, 3, 1), 1, 1, 1),
                "r", f(s(1, 3, 1), 0, 0, 0), "h0", f(s(1, 1, 1), 0.5));
        double z = sig(0.3);
        check(out.get("yh"), s(1, 1, 1), (1 - z) * Math.tanh(0.3) + z * 0.5);
    }

    @Test
    void gruLinearBeforeResetAppliesResetAfterRecurrentProduct() {
        // x = 0, W = 0; R = [0, 0, 2], Rb_h = 1, H0 = 1: r = z = 0.5
        // default: h~ = tanh(2 * (0.5 * 1) + 1) = tanh(2); linear_before_reset: tanh(0.5 * (2 + 1)) = tanh(1.5)
        Tensor b = f(s(1, 6), 0, 0, 0, 0, 0, 1);
        Object[] feeds = {"x", f(s(1, 1, 1), 0), "w", f(s(1, 3, 1), 0, 0, 0), "r", f(s(1, 3, 1), 0, 0, 2), "b", b,
            "h0", f(s(1, 1, 1), 1)};
        Node plain = Node.of("GRU").name("gru").inputs("x", "w", "r", "b", "", "h0").outputs("", "yh").attr("hidden_size", 1L);
        check(run(plain, 14, feeds).get("yh"), s(1, 1, 1), 0.5 * Math.tanh(2) + 0.5);
        Node lbr = Node.of("GRU").name("gru").inputs("x", "w", "r", "b", "", "h0").outputs("", "yh")
                .attr("hidden_size", 1L).attr("linear_before_reset", 1L);
        check(run(lbr, 14, feeds).get("yh"), s(1, 1, 1), 0.5 * Math.tanh(1.5) + 0.5);
    }

    @Test
    void lstmSingleStepWithPeepholes() {
        // W gates i, o, f, c all 1; R = 0; C0 = 1; P = (i 1, o 1, f 1); x = 0.2
        Node n = Node.of("LSTM").name("lstm").inputs("x", "w", "r", "", "", "", "c0", "p").outputs("y", "yh", "yc")
                .attr("hidden_size", 1L);
        Map<String, Tensor> out = run(n, 14, "x", f(s(1, 1, 1), 0.2), "w", f(s(1, 4, 1), 1, 1, 1, 1),
                "r", f(s(1, 4, 1), 0, 0, 0, 0), "c0", f(s(1, 1, 1), 1), "p", f(s(1, 3), 1, 1, 1));
        double i = sig(0.2 + 1);
        double fg = sig(0.2 + 1);
        double c = fg * 1 + i * Math.tanh(0.2);
        double o = sig(0.2 + c);
        check(out.get("yc"), s(1, 1, 1), c);
        check(out.get("yh"), s(1, 1, 1), o * Math.tanh(c));
        check(out.get("y"), s(1, 1, 1, 1), o * Math.tanh(c));
    }

    @Test
    void bidirectionalStacksDirections() {
        // identity activations, W = 1, R = 1: forward cumulative sums, reverse cumulative from the end
        Node n = Node.of("RNN").name("rnn").inputs("x", "w", "r").outputs("y", "yh").attr("hidden_size", 1L)
                .attr("direction", "bidirectional")
                .attr(dev.modelx.graph.Attribute.strings("activations", java.util.List.of("Affine", "Affine")));
        Map<String, Tensor> out = run(n, 14, "x", f(s(3, 1, 1), 1, 2, 3), "w", f(s(2, 1, 1), 1, 1), "r", f(s(2, 1, 1), 1, 1));
        check(out.get("y"), s(3, 2, 1, 1), 1, 6, 3, 5, 6, 3);
        check(out.get("yh"), s(2, 1, 1), 6, 6);
    }

    @Test
    void rejectsWeightsOfWrongShape() {
        Node n = Node.of("LSTM").name("lstm").inputs("x", "w", "r").outputs("y").attr("hidden_size", 2L);
        fails("W has shape [1, 4, 1]", n, 14, "x", f(s(1, 1, 1), 1), "w", f(s(1, 4, 1), 1, 1, 1, 1), "r", f(s(1, 8, 2), new double[16]));
        Node bad = Node.of("RNN").name("rnn").inputs("x", "w", "r").outputs("y").attr("hidden_size", 1L).attr("direction", "up");
        fails("direction must be", bad, 14, "x", f(s(1, 1, 1), 1), "w", f(s(1, 1, 1), 1), "r", f(s(1, 1, 1), 1));
    }
}
