package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;
import dev.modelx.runtime.Tensors;

/** RMSNormalization (op set 23): X / sqrt(mean(X^2 over [axis, rank)) + epsilon) * scale. */
public final class RmsNormalization {

    private RmsNormalization() {
    }

    public static void v23(OpContext c) {
        Tensor x = c.input(0);
        Tensor scale = c.input(1);
        Nn.requireFloat(c, x, "X");
        long[] s = x.shape();
        int axis = Shapes.axis(c, c.attrLong("axis", -1), s.length);
        var stash = Nn.stashType(c, c.attrLong("stash_type", 1));
        double eps = c.attrFloat("epsilon", 1e-5f);
        int[] si = Nn.unidirectional(c, scale, s, "scale");
        double[] sc = Nn.doubles(scale);
        int rows = Nn.prod(s, 0, axis);
        int cols = Nn.prod(s, axis, s.length);
        double[] v = Nn.doubles(x);
        double[] y = new double[v.length];
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            double sq = 0;
            for (int j = 0; j < cols; j++) {
                sq += v[off + j] * v[off + j];
            }
            double rms = Math.sqrt(sq / cols + eps);
            for (int j = 0; j < cols; j++) {
                y[off + j] = Nn.roundTo(stash, v[off + j] / rms) * sc[si[off + j]];
            }
        }
        c.output(0, Tensors.fromDoubles(x.type(), s, y));
    }
}
