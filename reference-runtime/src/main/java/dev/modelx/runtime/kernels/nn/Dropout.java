package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;
import java.util.Random;

/**
 * Dropout. Inference passes the data through with a mask of ones. Training (op set 12+: the training_mode
 * input with a non-zero ratio) keeps each element with probability 1 - ratio from ctx.random(), scales kept
 * ones by 1 / (1 - ratio) and reports them in the mask. Before op set 12 the runtime has no training flag
 * (op sets 1 and 6 name one, is_test, that exporters set for inference), so it always runs inference.
 * The mask has the data's type before op set 10, bool from then on.
 */
public final class Dropout {

    private Dropout() {
    }

    public static void v1(OpContext c) {
        run(c, 0, false, false);
    }

    public static void v10(OpContext c) {
        run(c, 0, false, true);
    }

    public static void v12(OpContext c) {
        Tensor r = c.optionalInput(1);
        double ratio = r == null ? 0.5 : Nn.scalar(c, r, "ratio");
        Tensor t = c.optionalInput(2);
        boolean training = t != null && Nn.scalar(c, t, "training_mode") != 0;
        if (training && !(ratio >= 0 && ratio <= 1)) {
            throw c.error("ratio must be in [0, 1], got " + ratio);
        }
        run(c, ratio, training, true);
    }

    private static void run(OpContext c, double ratio, boolean training, boolean boolMask) {
        Tensor x = c.input(0);
        Nn.requireNumeric(c, x, "data");
        long[] s = x.shape();
        int n = (int) x.size();
        boolean mask = c.wantsOutput(1);
        if (!training || ratio == 0) {
            c.output(0, x);
            if (mask) {
                c.output(1, boolMask ? ones(DataType.BOOL, s, n) : ones(x.type(), s, n));
            }
            return;
        }
        Random rnd = c.random();
        double scale = ratio == 1 ? 0 : 1 / (1 - ratio);
        double[] v = Nn.doubles(x);
        byte[] keep = new byte[n];
        for (int i = 0; i < n; i++) {
            boolean k = rnd.nextDouble() >= ratio;
            keep[i] = (byte) (k ? 1 : 0);
            v[i] = k ? v[i] * scale : 0;
        }
        c.output(0, Tensors.fromDoubles(x.type(), s, v));
        if (mask) {
            c.output(1, Tensor.of(DataType.BOOL, s, keep));
        }
    }

    private static Tensor ones(DataType type, long[] s, int n) {
        double[] one = new double[n];
        Arrays.fill(one, 1);
        return Tensors.fromDoubles(type, s, one);
    }
}
