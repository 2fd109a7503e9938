package dev.modelx.runtime.kernels.misc.ml;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

/** ai.onnx.ml Binarizer (1): 1 where the value exceeds 'threshold', else 0, in the input's type. */
public final class Binarizer {

    private Binarizer() {
    }

    public static void v1(OpContext ctx) {
        Tensor x = ctx.input(0);
        if (!x.type().isFloatingPoint() && !x.type().isInteger()) {
            throw ctx.error("input must be numeric, got " + x.type().displayName());
        }
        double threshold = ctx.attrFloat("threshold", 0f);
        double[] v = new double[(int) x.size()];
        for (int i = 0; i < v.length; i++) {
            double e = x.getDouble(i);
            v[i] = e > threshold ? 1 : 0;
        }
        ctx.output(0, Tensors.fromDoubles(x.type(), x.shape(), v));
    }
}
