package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/** InstanceNormalization (op sets 1, 6, 22): per (N, C) mean and variance over the spatial dims. */
public final class InstanceNormalization {

    private InstanceNormalization() {
    }

    public static void run(OpContext c) {
        Tensor x = c.input(0);
        Tensor scale = c.input(1);
        Tensor bias = c.input(2);
        Nn.requireFloat(c, x, "input");
        long[] s = x.shape();
        if (s.length < 2) {
            throw c.error("input must be at least [N, C], got " + Arrays.toString(s));
        }
        int ch = (int) s[1];
        if (scale.size() != ch || bias.size() != ch) {
            throw c.error("scale " + Arrays.toString(scale.shape()) + " and B " + Arrays.toString(bias.shape())
                    + " must hold C = " + ch + " values");
        }
        int groups = (int) s[0] * ch;
        int inner = Nn.prod(s, 2, s.length);
        double[] v = Nn.doubles(x);
        double[] sc = Nn.doubles(scale);
        double[] b = Nn.doubles(bias);
        double eps = c.attrFloat("epsilon", 1e-5f);
        double[] y = new double[v.length];
        for (int g = 0; g < groups; g++) {
            int k = g % ch;
            Stats.normalize(v, y, g * inner, inner, eps, sc[k], b[k]);
        }
        c.output(0, Tensors.fromDoubles(x.type(), s, y));
    }
}
