package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;
import dev.modelx.runtime.Tensors;

/**
 * LayerNormalization (op set 17): normalises over axes [axis, rank); Scale and B broadcast onto X. Mean and
 * InvStdDev (X's leading dims, then ones) are in the stash_type precision, as in the op's function body.
 */
public final class LayerNormalization {

    private LayerNormalization() {
    }

    public static void v17(OpContext c) {
        Tensor x = c.input(0);
        Tensor scale = c.input(1);
        Tensor bias = c.optionalInput(2);
        Nn.requireFloat(c, x, "X");
        long[] s = x.shape();
        int axis = Shapes.axis(c, c.attrLong("axis", -1), s.length);
        DataType stash = Nn.stashType(c, c.attrLong("stash_type", 1));
        double eps = c.attrFloat("epsilon", 1e-5f);
        int[] si = Nn.unidirectional(c, scale, s, "Scale");
        int[] bi = bias == null ? null : Nn.unidirectional(c, bias, s, "B");
        double[] sc = Nn.doubles(scale);
        double[] b = bias == null ? null : Nn.doubles(bias);
        int rows = Nn.prod(s, 0, axis);
        int cols = Nn.prod(s, axis, s.length);
        double[] v = Nn.doubles(x);
        double[] y = new double[v.length];
        double[] means = new double[rows];
        double[] invs = new double[rows];
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            double m = Stats.mean(v, off, cols);
            double inv = 1 / Math.sqrt(Stats.variance(v, off, cols, m) + eps);
            means[r] = m;
            invs[r] = inv;
            for (int j = 0; j < cols; j++) {
                int i = off + j;
                double norm = Nn.roundTo(stash, (v[i] - m) * inv);
                y[i] = norm * sc[si[i]] + (b == null ? 0 : b[bi[i]]);
            }
        }
        c.output(0, Tensors.fromDoubles(x.type(), s, y));
        long[] rs = Nn.reducedShape(s, axis);
        if (c.wantsOutput(1)) {
            c.output(1, Tensors.fromDoubles(stash, rs, means));
        }
        if (c.wantsOutput(2)) {
            c.output(2, Tensors.fromDoubles(stash, rs, invs));
        }
    }
}
