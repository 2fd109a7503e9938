package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/**
 * GroupNormalization: statistics per (N, group of C / num_groups channels) over those channels and the
 * spatial dims. Op set 18 takes scale and bias per group, op set 21 per channel.
 */
public final class GroupNormalization {

    private GroupNormalization() {
    }

    public static void v18(OpContext c) {
        run(c, false);
    }

    public static void v21(OpContext c) {
        run(c, true);
    }

    private static void run(OpContext c, boolean perChannel) {
        Tensor x = c.input(0);
        Tensor scale = c.input(1);
        Tensor bias = c.input(2);
        Nn.requireFloat(c, x, "X");
        long[] s = x.shape();
        if (s.length < 2) {
            throw c.error("X must be at least [N, C], got " + Arrays.toString(s));
        }
        long g = c.requireAttr("num_groups").asLong();
        int ch = (int) s[1];
        if (g <= 0 || ch % g != 0) {
            throw c.error("num_groups " + g + " must be positive and divide C = " + ch);
        }
        int groups = (int) g;
        int want = perChannel ? ch : groups;
        if (scale.size() != want || bias.size() != want) {
            throw c.error("scale " + Arrays.toString(scale.shape()) + " and bias " + Arrays.toString(bias.shape())
                    + " must hold " + want + (perChannel ? " values (one per channel)" : " values (one per group)"));
        }
        double eps = c.attrFloat("epsilon", 1e-5f);
        int inner = Nn.prod(s, 2, s.length);
        int perGroup = ch / groups * inner;
        double[] v = Nn.doubles(x);
        double[] sc = Nn.doubles(scale);
        double[] b = Nn.doubles(bias);
        double[] y = new double[v.length];
        int n = (int) s[0];
        for (int k = 0; k < n * groups; k++) {
            int off = k * perGroup;
            double m = Stats.mean(v, off, perGroup);
            double inv = 1 / Math.sqrt(Stats.variance(v, off, perGroup, m) + eps);
            for (int j = 0; j < perGroup; j++) {
                int p = perChannel ? (k % groups) * (ch / groups) + j / inner : k % groups;
                y[off + j] = (v[off + j] - m) * inv * sc[p] + b[p];
            }
        }
        c.output(0, Tensors.fromDoubles(x.type(), s, y));
    }
}
