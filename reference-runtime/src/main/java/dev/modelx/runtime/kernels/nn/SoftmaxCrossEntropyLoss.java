package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/**
 * SoftmaxCrossEntropyLoss (op sets 12, 13): log-softmax of the scores over the class axis 1, then the
 * negative log-likelihood loss; output 1 (optional) is the log-probabilities.
 */
public final class SoftmaxCrossEntropyLoss {

    private SoftmaxCrossEntropyLoss() {
    }

    public static void run(OpContext c) {
        Tensor scores = c.input(0);
        Nn.requireFloat(c, scores, "scores");
        long[] s = scores.shape();
        if (s.length < 2) {
            throw c.error("scores must be (N, C, d1, ...), got " + Arrays.toString(s));
        }
        double[] v = Nn.doubles(scores);
        double[] logp = new double[v.length];
        int n = (int) s[0];
        int classes = (int) s[1];
        int d = Nn.prod(s, 2, s.length);
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < d; k++) {
                Softmax.apply(Softmax.Kind.LOG_SOFTMAX, v, logp, b * classes * d + k, classes, d);
            }
        }
        c.output(0, NegativeLogLikelihoodLoss.loss(c, logp, s, scores.type(), c.input(1), c.optionalInput(2)));
        if (c.wantsOutput(1)) {
            c.output(1, Tensors.fromDoubles(scores.type(), s, logp));
        }
    }
}
