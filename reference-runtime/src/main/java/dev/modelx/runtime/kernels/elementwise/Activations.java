package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/** Element-wise activation functions with their attribute defaults. */
public final class Activations {

    private Activations() {
    }

    /** Relu; integer types from op set 14. */
    public static void relu(OpContext c) {
        Tensor x = c.input(0);
        if (!Ew.isFloat(x.type()) && c.opset() < 14) {
            Ew.requireFloat(c, x, "X");
        }
        boolean unsigned = x.type().isUnsigned();
        c.output(0, Ew.mapNumeric(c, x, v -> v < 0 ? 0 : v, v -> unsigned || v >= 0 ? v : 0));
    }

    public static void leakyRelu(OpContext c) {
        double alpha = c.attrFloat("alpha", 0.01f);
        Ew.unaryFloat(c, v -> v < 0 ? alpha * v : v);
    }

    /** PRelu before op set 7: a 1-D slope of length C holds one value per channel (axis 1). */
    public static void pReluV1(OpContext c) {
        pRelu(c, true);
    }

    /** PRelu from op set 7: slope broadcasts unidirectionally to X. */
    public static void pReluV7(OpContext c) {
        pRelu(c, false);
    }

    private static void pRelu(OpContext c, boolean perChannel) {
        Tensor x = c.input(0);
        Tensor slope = c.input(1);
        Ew.requireSameType(c, x, slope, "X and slope");
        long[] slopeShape = slope.shape();
        if (perChannel && slopeShape.length == 1 && x.rank() >= 2 && slopeShape[0] == x.dim(1) && slopeShape[0] != 1) {
            slopeShape = new long[x.rank() - 1];
            Arrays.fill(slopeShape, 1);
            slopeShape[0] = x.dim(1);
        }
        long[] out = Shapes.broadcast(c, x.shape(), slopeShape);
        if (!Arrays.equals(out, x.shape())) {
            throw c.error("slope of shape " + OpContext.shape(slope.shape()) + " does not broadcast to X "
                    + OpContext.shape(x.shape()));
        }
        int[] is = Shapes.broadcastIndex(slopeShape, out);
        if (Ew.isFloat(x.type())) {
            double[] v = Tensors.doubles(x);
            double[] s = slope.toDoubleArray();
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i] < 0 ? v[i] * s[is[i]] : v[i];
            }
            c.output(0, Ew.fromDoubles(x.type(), out, v));
            return;
        }
        Ew.requireNumeric(c, x, "X");
        long[] v = x.toLongArray();
        long[] s = slope.toLongArray();
        boolean unsigned = x.type().isUnsigned();
        for (int i = 0; i < v.length; i++) {
            v[i] = !unsigned && v[i] < 0 ? v[i] * s[is[i]] : v[i];
        }
        c.output(0, Tensors.fromLongs(x.type(), out, v));
    }

    public static void elu(OpContext c) {
        double alpha = c.attrFloat("alpha", 1f);
        Ew.unaryFloat(c, v -> v < 0 ? alpha * Math.expm1(v) : v);
    }

    public static void selu(OpContext c) {
        double alpha = c.attrFloat("alpha", 1.67326319217681884765625f);
        double gamma = c.attrFloat("gamma", 1.05070102214813232421875f);
        Ew.unaryFloat(c, v -> v > 0 ? gamma * v : gamma * alpha * Math.expm1(v));
    }

    public static void sigmoid(OpContext c) {
        Ew.unaryFloat(c, Activations::sigmoid);
    }

    static double sigmoid(double v) {
        if (v >= 0) {
            return 1 / (1 + Math.exp(-v));
        }
        double e = Math.exp(v);
        return e / (1 + e);
    }

    public static void hardSigmoid(OpContext c) {
        double alpha = c.attrFloat("alpha", 0.2f);
        double beta = c.attrFloat("beta", 0.5f);
        Ew.unaryFloat(c, v -> Math.max(0, Math.min(1, alpha * v + beta)));
    }

    public static void hardSwish(OpContext c) {
        Ew.unaryFloat(c, v -> v * Math.max(0, Math.min(1, v / 6 + 0.5)));
    }

    public static void softplus(OpContext c) {
        Ew.unaryFloat(c, Activations::softplus);
    }

    static double softplus(double v) {
        return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
    }

    public static void softsign(OpContext c) {
        Ew.unaryFloat(c, v -> v / (1 + Math.abs(v)));
    }

    public static void tanh(OpContext c) {
        Ew.unaryFloat(c, Math::tanh);
    }

    public static void thresholdedRelu(OpContext c) {
        double alpha = c.attrFloat("alpha", 1f);
        Ew.unaryFloat(c, v -> v > alpha ? v : 0);
    }

    public static void celu(OpContext c) {
        double alpha = c.attrFloat("alpha", 1f);
        if (alpha == 0) {
            throw c.error("attribute alpha must not be 0");
        }
        Ew.unaryFloat(c, v -> Math.max(0, v) + Math.min(0, alpha * Math.expm1(v / alpha)));
    }

    /** Gelu with approximate = "none" (erf) or "tanh". */
    public static void gelu(OpContext c) {
        String approximate = c.attrString("approximate", "none");
        switch (approximate) {
            case "none" -> Ew.unaryFloat(c, v -> 0.5 * v * (1 + MathFunctions.erf(v / Math.sqrt(2))));
            case "tanh" -> {
                double k = Math.sqrt(2 / Math.PI);
                Ew.unaryFloat(c, v -> 0.5 * v * (1 + Math.tanh(k * (v + 0.044715 * v * v * v))));
            }
            default -> throw c.error("attribute approximate must be 'none' or 'tanh', got '" + approximate + "'");
        }
    }

    public static void mish(OpContext c) {
        Ew.unaryFloat(c, v -> v * Math.tanh(softplus(v)));
    }

    /** Shrink; integer inputs compute in double and truncate back. */
    public static void shrink(OpContext c) {
        double lambd = c.attrFloat("lambd", 0.5f);
        double bias = c.attrFloat("bias", 0f);
        Tensor x = c.input(0);
        Ew.requireNumeric(c, x, "input");
        double[] v = x.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] < -lambd ? v[i] + bias : v[i] > lambd ? v[i] - bias : 0;
        }
        if (Ew.isFloat(x.type())) {
            c.output(0, Ew.fromDoubles(x.type(), x.shape(), v));
        } else {
            long[] l = new long[v.length];
            for (int i = 0; i < v.length; i++) {
                l[i] = Convert.truncate(v[i]);
            }
            c.output(0, Tensors.fromLongs(x.type(), x.shape(), l));
        }
    }

    public static void swish(OpContext c) {
        double alpha = c.attrFloat("alpha", 1f);
        Ew.unaryFloat(c, v -> v * sigmoid(alpha * v));
    }
}
