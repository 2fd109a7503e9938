package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/**
 * NegativeLogLikelihoodLoss (op sets 12, 13, 22): loss[n, d] = -input[n, target[n, d], d] * weight[target],
 * zero where target == ignore_index; reduction none, sum, or mean (divided by the summed weights of the
 * counted elements).
 */
public final class NegativeLogLikelihoodLoss {

    private NegativeLogLikelihoodLoss() {
    }

    public static void run(OpContext c) {
        Tensor input = c.input(0);
        Nn.requireFloat(c, input, "input");
        double[] v = Nn.doubles(input);
        c.output(0, loss(c, v, input.shape(), input.type(), c.input(1), c.optionalInput(2)));
    }

    /** The reduced loss of log-probabilities {@code logp} of shape (N, C, d1, ...). */
    static Tensor loss(OpContext c, double[] logp, long[] shape, DataType type, Tensor target, Tensor weight) {
        String reduction = c.attrString("reduction", "mean");
        if (!reduction.equals("none") && !reduction.equals("sum") && !reduction.equals("mean")) {
            throw c.error("reduction must be none, sum or mean, got '" + reduction + "'");
        }
        if (shape.length < 2) {
            throw c.error("input must be (N, C, d1, ...), got " + Arrays.toString(shape));
        }
        if (target.type() != DataType.INT32 && target.type() != DataType.INT64) {
            throw c.error("target must be int32 or int64, got " + target.type().displayName());
        }
        long[] ts = target.shape();
        long[] expected = new long[shape.length - 1];
        expected[0] = shape[0];
        System.arraycopy(shape, 2, expected, 1, shape.length - 2);
        if (!Arrays.equals(ts, expected)) {
            throw c.error("target of shape " + Arrays.toString(ts) + " must be " + Arrays.toString(expected)
                    + " for input of shape " + Arrays.toString(shape));
        }
        int classes = (int) shape[1];
        double[] w = null;
        if (weight != null) {
            if (weight.rank() != 1 || weight.dim(0) != classes) {
                throw c.error("weight of shape " + Arrays.toString(weight.shape()) + " must be [" + classes + "]");
            }
            w = Nn.doubles(weight);
        }
        boolean hasIgnore = c.hasAttr("ignore_index");
        long ignore = c.attrLong("ignore_index", 0);
        int n = (int) shape[0];
        int d = Nn.prod(shape, 2, shape.length);
        long[] t = target.toLongArray();
        double[] loss = new double[t.length];
        double weightSum = 0;
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < d; k++) {
                int i = b * d + k;
                long cls = t[i];
                if (hasIgnore && cls == ignore) {
                    continue;
                }
                if (cls < 0 || cls >= classes) {
                    throw c.error("target value " + cls + " is outside [0, " + classes + ")");
                }
                double wt = w == null ? 1 : w[(int) cls];
                loss[i] = -logp[(b * classes + (int) cls) * d + k] * wt;
                weightSum += wt;
            }
        }
        if (reduction.equals("none")) {
            return Tensors.fromDoubles(type, ts, loss);
        }
        double sum = 0;
        for (double l : loss) {
            sum += l;
        }
        if (reduction.equals("mean")) {
            sum = w == null && !hasIgnore ? sum / loss.length : sum / weightSum;
        }
        return Tensors.fromDoubles(type, new long[0], new double[] {sum});
    }
}
