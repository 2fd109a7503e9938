package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.modelx.runtime.kernels.nn.NnRun.check;
import static dev.modelx.runtime.kernels.nn.NnRun.f;
import static dev.modelx.runtime.kernels.nn.NnRun.fails;
import static dev.modelx.runtime.kernels.nn.NnRun.run;
import static dev.modelx.runtime.kernels.nn.NnRun.s;
import static dev.modelx.runtime.kernels.nn.NnRun.y;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class SoftmaxLossDropoutTest {

    private static final double E = Math.E;

    @Test
    void softmaxPerAxisFromOpSet13() {
        Node n = Node.of("Softmax").name("sm").inputs("x").outputs("y").attr("axis", 0L);
        // columns [0, 1] and [1, 1]
        Tensor r = y(n, 13, "x", f(s(2, 2), 0, 1, 1, 1));
        check(r, s(2, 2), 1 / (1 + E), 0.5, E / (1 + E), 0.5);
    }

    @Test
    void softmaxBefore13CoercesTo2D() {
        // axis 1 of [1, 2, 2]: one row of four values
        Node n = Node.of("Softmax").name("sm").inputs("x").outputs("y");
        double z = 3 + E;
        check(y(n, 11, "x", f(s(1, 2, 2), 0, 0, 0, 1)), s(1, 2, 2), 1 / z, 1 / z, 1 / z, E / z);
    }

    @Test
    void logSoftmaxAndHardmax() {
        double lse = Math.log(1 + E);
        check(y(Node.of("LogSoftmax").name("ls").inputs("x").outputs("y"), 13, "x", f(s(2), 0, 1)), s(2), -lse, 1 - lse);
        check(y(Node.of("Hardmax").name("hm").inputs("x").outputs("y"), 13, "x", f(s(2, 3), 1, 3, 3, 2, 0, 1)),
                s(2, 3), 0, 1, 0, 1, 0, 0);
        fails("axis 2 is out of range", Node.of("Softmax").name("sm").inputs("x").outputs("y").attr("axis", 2L), 13,
                "x", f(s(2, 2), 1, 2, 3, 4));
    }

    @Test
    void nllLossReductionsWithWeightsAndIgnoreIndex() {
        Tensor logp = f(s(3, 2), -1, -2, -3, -4, -5, -6);
        Tensor target = Tensor.ofLongs(s(3), 0, 1, 1);
        Tensor w = f(s(2), 1, 2);
        Node none = Node.of("NegativeLogLikelihoodLoss").name("nll").inputs("x", "t", "w").outputs("y")
                .attr("reduction", "none");
        check(y(none, 22, "x", logp, "t", target, "w", w), s(3), 1, 8, 12);
        Node mean = Node.of("NegativeLogLikelihoodLoss").name("nll").inputs("x", "t", "w").outputs("y")
                .attr("ignore_index", 1L);
        // only sample 0 counts: 1 * 1 / 1
        check(y(mean, 22, "x", logp, "t", target, "w", w), s(), 1);
        Node plain = Node.of("NegativeLogLikelihoodLoss").name("nll").inputs("x", "t").outputs("y");
        check(y(plain, 22, "x", logp, "t", target), s(), (1 + 4 + 6) / 3.0);
        fails("target value 2 is outside [0, 2)", plain, 22, "x", logp, "t", Tensor.ofLongs(s(3), 0, 2, 1));
    }

    @Test
    void softmaxCrossEntropyWithLogProb() {
        Node n = Node.of("SoftmaxCrossEntropyLoss").name("sce").inputs("x", "t").outputs("y", "lp")
                .attr("reduction", "sum");
        Map<String, Tensor> out = run(n, 13, "x", f(s(1, 2), 0, 1), "t", Tensor.ofLongs(s(1), 1));
        double lse = Math.log(1 + E);
        check(out.get("y"), s(), lse - 1);
        check(out.get("lp"), s(1, 2), -lse, 1 - lse);
    }

    @Test
    void dropoutInferencePassesThroughWithMaskOfOnes() {
        Tensor x = f(s(3), 1, 2, 3);
        Node n = Node.of("Dropout").name("d").inputs("x").outputs("y", "mask");
        Map<String, Tensor> out = run(n, 13, "x", x);
        assertSame(x, out.get("y"));
        assertEquals(DataType.BOOL, out.get("mask").type());
        check(out.get("mask"), s(3), 1, 1, 1);
        Map<String, Tensor> old = run(Node.of("Dropout").name("d").inputs("x").outputs("y", "mask").attr("ratio", 0.7f), 7, "x", x);
        assertEquals(DataType.FLOAT, old.get("mask").type());
    }

    @Test
    void dropoutTrainingScalesKeptElements() {
        Tensor x = f(s(1000), new double[1000]).reshape(1000);
        float[] ones = new float[1000];
        java.util.Arrays.fill(ones, 1f);
        Node n = Node.of("Dropout").name("d").inputs("x", "r", "t").outputs("y", "mask").attr("seed", 1f);
        Map<String, Tensor> out = run(n, 13, "x", Tensor.ofFloats(s(1000), ones), "r", f(s(), 0.75),
                "t", Tensor.ofBooleans(s(), true));
        int kept = 0;
        for (int i = 0; i < 1000; i++) {
            double v = out.get("y").getDouble(i);
            boolean m = out.get("mask").getLong(i) != 0;
            assertEquals(m ? 4.0 : 0.0, v, 1e-6);
            kept += m ? 1 : 0;
        }
        assertEquals(250, kept, 60);
    }
}
