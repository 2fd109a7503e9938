package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;
import dev.modelx.runtime.Tensors;

/** MeanVarianceNormalization (op sets 9, 13): (X - mean) / (sqrt(variance) + 1e-9) over the given axes. */
public final class MeanVarianceNormalization {

    private static final double EPSILON = 1e-9;

    private MeanVarianceNormalization() {
    }

    public static void run(OpContext c) {
        Tensor x = c.input(0);
        Nn.requireFloat(c, x, "X");
        long[] s = x.shape();
        long[] axes = c.attrLongs("axes", new long[] {0, 2, 3});
        long[] reduced = s.clone();
        for (long a : axes) {
            reduced[Shapes.axis(c, a, s.length)] = 1;
        }
        int[] group = Shapes.broadcastIndex(reduced, s);
        int groups = (int) Shapes.size(reduced);
        double[] v = Nn.doubles(x);
        double[] sum = new double[groups];
        double[] count = new double[groups];
        for (int i = 0; i < v.length; i++) {
            sum[group[i]] += v[i];
            count[group[i]]++;
        }
        for (int g = 0; g < groups; g++) {
            sum[g] /= count[g];
        }
        double[] var = new double[groups];
        for (int i = 0; i < v.length; i++) {
            double d = v[i] - sum[group[i]];
            var[group[i]] += d * d;
        }
        double[] y = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int g = group[i];
            y[i] = (v[i] - sum[g]) / (Math.sqrt(var[g] / count[g]) + EPSILON);
        }
        c.output(0, Tensors.fromDoubles(x.type(), s, y));
    }
}
