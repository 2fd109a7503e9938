package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/**
 * BatchNormalization. Inference normalises with the given mean and variance. Training (op set 14+: the
 * training_mode attribute; before: when any of the training-only outputs 1-4 is requested) normalises with
 * the batch statistics (biased variance) and outputs running = given * momentum + batch * (1 - momentum);
 * before op set 14 outputs 3 and 4 are the batch mean and variance. Before op set 9, spatial = 0 keeps one
 * statistic per (C, D1, ...) element instead of per channel.
 */
public final class BatchNormalization {

    private BatchNormalization() {
    }

    /** Op sets 1 to 7 ('spatial' attribute). */
    public static void v1(OpContext c) {
        run(c, c.attrLong("spatial", 1) != 0, anyWanted(c), false);
    }

    public static void v9(OpContext c) {
        run(c, true, anyWanted(c), false);
    }

    public static void v14(OpContext c) {
        run(c, true, c.attrLong("training_mode", 0) != 0, true);
    }

    private static boolean anyWanted(OpContext c) {
        for (int i = 1; i <= 4; i++) {
            if (c.wantsOutput(i)) {
                return true;
            }
        }
        return false;
    }

    private static void run(OpContext c, boolean spatial, boolean training, boolean v14) {
        Tensor x = c.input(0);
        Nn.requireFloat(c, x, "X");
        long[] s = x.shape();
        if (s.length < 2) {
            throw c.error("X must be at least [N, C], got " + Arrays.toString(s));
        }
        int n = (int) s[0];
        int ch = (int) s[1];
        int inner = Nn.prod(s, 2, s.length);
        int slots = spatial ? ch : ch * inner;
        int perSlot = spatial ? inner : 1;
        Tensor[] p = new Tensor[4];
        String[] names = {"scale", "B", "input_mean", "input_var"};
        for (int i = 0; i < 4; i++) {
            p[i] = c.input(i + 1);
            Nn.requireFloat(c, p[i], names[i]);
            if (p[i].size() != slots) {
                throw c.error(names[i] + " of shape " + Arrays.toString(p[i].shape()) + " must hold " + slots
                        + " values for X of shape " + Arrays.toString(s));
            }
        }
        double[] scale = Nn.doubles(p[0]);
        double[] bias = Nn.doubles(p[1]);
        double[] mean = Nn.doubles(p[2]);
        double[] var = Nn.doubles(p[3]);
        double eps = c.attrFloat("epsilon", 1e-5f);
        double[] xv = Nn.doubles(x);
        double[] useMean = mean;
        double[] useVar = var;
        double[] batchMean = null;
        double[] batchVar = null;
        if (training) {
            batchMean = new double[slots];
            batchVar = new double[slots];
            long count = (long) n * perSlot;
            for (int b = 0; b < n; b++) {
                for (int k = 0; k < slots; k++) {
                    int base = (b * slots + k) * perSlot;
                    for (int j = 0; j < perSlot; j++) {
                        batchMean[k] += xv[base + j];
                    }
                }
            }
            for (int k = 0; k < slots; k++) {
                batchMean[k] /= count;
            }
            for (int b = 0; b < n; b++) {
                for (int k = 0; k < slots; k++) {
                    int base = (b * slots + k) * perSlot;
                    for (int j = 0; j < perSlot; j++) {
                        double d = xv[base + j] - batchMean[k];
                        batchVar[k] += d * d;
                    }
                }
            }
            for (int k = 0; k < slots; k++) {
                batchVar[k] /= count;
            }
            useMean = batchMean;
            useVar = batchVar;
        }
        double[] y = new double[xv.length];
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < slots; k++) {
                double a = scale[k] / Math.sqrt(useVar[k] + eps);
                double sh = bias[k] - useMean[k] * a;
                int base = (b * slots + k) * perSlot;
                for (int j = 0; j < perSlot; j++) {
                    y[base + j] = xv[base + j] * a + sh;
                }
            }
        }
        c.output(0, Tensors.fromDoubles(x.type(), s, y));
        if (!training) {
            return;
        }
        double momentum = c.attrFloat("momentum", 0.9f);
        double[] runMean = new double[slots];
        double[] runVar = new double[slots];
        for (int k = 0; k < slots; k++) {
            runMean[k] = mean[k] * momentum + batchMean[k] * (1 - momentum);
            runVar[k] = var[k] * momentum + batchVar[k] * (1 - momentum);
        }
        long[] ps = p[2].shape();
        c.output(1, Tensors.fromDoubles(p[2].type(), ps, runMean));
        c.output(2, Tensors.fromDoubles(p[3].type(), p[3].shape(), runVar));
        if (!v14) {
            c.output(3, Tensors.fromDoubles(p[2].type(), ps, batchMean));
            c.output(4, Tensors.fromDoubles(p[3].type(), p[3].shape(), batchVar));
        }
    }
}
