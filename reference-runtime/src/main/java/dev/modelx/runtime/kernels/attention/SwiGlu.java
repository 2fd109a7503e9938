package dev.modelx.runtime.kernels.attention;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

/** SwiGLU (op set 28): Y = A * sigmoid(alpha * A) * B for A and B of identical shape (no broadcasting). */
public final class SwiGlu {

    private SwiGlu() {
    }

    public static void v28(OpContext ctx) {
        Tensor a = ctx.input(0);
        Tensor b = ctx.input(1);
        AttentionMath.requireFloat(ctx, a, "A");
        if (b.type() != a.type()) {
            throw ctx.error("A is " + a.type().displayName() + " but B is " + b.type().displayName());
        }
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw ctx.error("A " + OpContext.shape(a.shape()) + " and B " + OpContext.shape(b.shape())
                    + " must have the same shape");
        }
        double alpha = ctx.attrFloat("alpha", 1f);
        double[] x = Tensors.doubles(a);
        double[] lin = b.toDoubleArray();
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double g = x[i];
            y[i] = g / (1 + Math.exp(-alpha * g)) * lin[i];
        }
        ctx.output(0, Tensors.fromDoubles(a.type(), a.shape(), y));
    }
}
