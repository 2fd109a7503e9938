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
import static dev.modelx.runtime.kernels.nn.NnRun.y;

class NormalizationTest {

    @Test
    void batchNormInference() {
        // channel 0: (x - 1) / sqrt(4) * 2 + 1; channel 1: (x - 0) / 1 * 1 + 0
        Node n = Node.of("BatchNormalization").name("bn").inputs("x", "s", "b", "m", "v").outputs("y").attr("epsilon", 0f);
        Tensor r = y(n, 15, "x", f(s(1, 2, 2), 1, 3, 5, 7), "s", f(s(2), 2, 1), "b", f(s(2), 1, 0),
                "m", f(s(2), 1, 0), "v", f(s(2), 4, 1));
        check(r, s(1, 2, 2), 1, 3, 5, 7);
    }

    @Test
    void batchNormTrainingUpdatesRunningStats() {
        // one channel, values 1 and 3: batch mean 2, biased var 1 -> y = -1, 1
        Node n = Node.of("BatchNormalization").name("bn").inputs("x", "s", "b", "m", "v").outputs("y", "rm", "rv")
                .attr("epsilon", 0f).attr("training_mode", 1L).attr("momentum", 0.5f);
        Map<String, Tensor> out = run(n, 15, "x", f(s(2, 1), 1, 3), "s", f(s(1), 1), "b", f(s(1), 0),
                "m", f(s(1), 0), "v", f(s(1), 3));
        check(out.get("y"), s(2, 1), -1, 1);
        check(out.get("rm"), s(1), 1);
        check(out.get("rv"), s(1), 2);
    }

    @Test
    void batchNormRejectsWrongParameterSize() {
        Node n = Node.of("BatchNormalization").name("bn").inputs("x", "s", "b", "m", "v").outputs("y");
        fails("scale of shape [3]", n, 15, "x", f(s(1, 2), 1, 2), "s", f(s(3), 1, 1, 1), "b", f(s(2), 0, 0),
                "m", f(s(2), 0, 0), "v", f(s(2), 1, 1));
    }

    @Test
    void instanceNorm() {
        Node n = Node.of("InstanceNormalization").name("in").inputs("x", "s", "b").outputs("y").attr("epsilon", 0f);
        check(y(n, 6, "x", f(s(1, 1, 2), 2, 4), "s", f(s(1), 3), "b", f(s(1), 1)), s(1, 1, 2), -2, 4);
    }

    @Test
    void layerNormWithStatistics() {
        Node n = Node.of("LayerNormalization").name("ln").inputs("x", "s", "b").outputs("y", "mean", "inv")
                .attr("epsilon", 0f);
        Map<String, Tensor> out = run(n, 17, "x", f(s(2, 2), 1, 3, 0, 4), "s", f(s(2), 1, 2), "b", f(s(2), 0, 1));
        check(out.get("y"), s(2, 2), -1, 3, -1, 3);
        check(out.get("mean"), s(2, 1), 2, 2);
        check(out.get("inv"), s(2, 1), 1, 0.5);
    }

    @Test
    void layerNormRejectsBadAxis() {
        Node n = Node.of("LayerNormalization").name("ln").inputs("x", "s").outputs("y").attr("axis", 2L);
        fails("axis 2 is out of range", n, 17, "x", f(s(1, 2), 1, 2), "s", f(s(2), 1, 1));
    }

    @Test
    void groupNormScalesPerChannelFromOpSet21AndPerGroupBefore() {
        // two groups of one channel each, two values per channel: normalised -> -1, 1
        Tensor x = f(s(1, 2, 2), 0, 2, 10, 30);
        Node n21 = Node.of("GroupNormalization").name("gn").inputs("x", "s", "b").outputs("y")
                .attr("num_groups", 2L).attr("epsilon", 0f);
        check(y(n21, 21, "x", x, "s", f(s(2), 1, 2), "b", f(s(2), 0, 5)), s(1, 2, 2), -1, 1, 3, 7);
        // one group over both channels (mean 10.5); op set 18 takes one scale/bias per group
        Node n18 = Node.of("GroupNormalization").name("gn").inputs("x", "s", "b").outputs("y")
                .attr("num_groups", 1L).attr("epsilon", 0f);
        Tensor r = y(n18, 18, "x", f(s(1, 2, 1), 1, 3), "s", f(s(1), 2), "b", f(s(1), 1));
        check(r, s(1, 2, 1), -1, 3);
        fails("must be positive and divide C", n21.attr("num_groups", 3L), 21, "x", x, "s", f(s(2), 1, 1), "b", f(s(2), 0, 0));
    }

    @Test
    void rmsNorm() {
        // rms of [3, 4] = sqrt(12.5)
        Node n = Node.of("RMSNormalization").name("rms").inputs("x", "s").outputs("y").attr("epsilon", 0f);
        double rms = Math.sqrt(12.5);
        check(y(n, 23, "x", f(s(1, 2), 3, 4), "s", f(s(2), 1, 2)), s(1, 2), 3 / rms, 8 / rms);
    }

    @Test
    void meanVarianceNormalizationOverGivenAxes() {
        Node n = Node.of("MeanVarianceNormalization").name("mvn").inputs("x").outputs("y").ints("axes", 1);
        check(y(n, 13, "x", f(s(2, 2), 1, 3, 5, 5)), s(2, 2), -1 / (1 + 1e-9), 1 / (1 + 1e-9), 0, 0);
    }

    @Test
    void lpNormalization() {
        Node l2 = Node.of("LpNormalization").name("lp").inputs("x").outputs("y");
        check(y(l2, 22, "x", f(s(2, 2), 3, 4, 0, 0)), s(2, 2), 0.6, 0.8, 0, 0);
        Node l1 = Node.of("LpNormalization").name("lp").inputs("x").outputs("y").attr("p", 1L).attr("axis", 0L);
        check(y(l1, 22, "x", f(s(2, 2), 1, 2, 3, -2)), s(2, 2), 0.25, 0.5, 0.75, -0.5);
        fails("p must be 1 or 2", Node.of("LpNormalization").name("lp").inputs("x").outputs("y").attr("p", 3L), 22,
                "x", f(s(2), 1, 2));
    }
}
