package dev.modelx.runtime.kernels.misc.training;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/**
 * The ai.onnx.preview.training optimizers (op set 1): Adagrad, Adam and Momentum (standard and Nesterov).
 * Inputs are R (learning rate), T (update count), then k tensors X, their gradients G and their state
 * tensors; each X is updated independently with the shared R and T.
 */
public final class Optimizers {

    private Optimizers() {
    }

    /** Per-element update: given x, g and state values, writes new x and new states. */
    private interface Step {
        void apply(double x, double g, double[] state, double[] out);
    }

    public static void adagrad(OpContext ctx) {
        double decay = ctx.attrFloat("decay_factor", 0f);
        double eps = ctx.attrFloat("epsilon", 0f);
        double norm = ctx.attrFloat("norm_coefficient", 0f);
        double r0 = learningRate(ctx);
        long t = updateCount(ctx);
        double r = r0 / (1 + t * decay);
        run(ctx, 1, (x, g, s, out) -> {
            double gr = norm * x + g;
            double h = s[0] + gr * gr;
            out[0] = x - r * gr / (Math.sqrt(h) + eps);
            out[1] = h;
        });
    }

    public static void adam(OpContext ctx) {
        double alpha = ctx.attrFloat("alpha", 0.9f);
        double beta = ctx.attrFloat("beta", 0.999f);
        double eps = ctx.attrFloat("epsilon", 0f);
        double norm = ctx.attrFloat("norm_coefficient", 0f);
        double post = ctx.attrFloat("norm_coefficient_post", 0f);
        double r = learningRate(ctx);
        long t = updateCount(ctx);
        double rAdj = t > 0 ? r * Math.sqrt(1 - Math.pow(beta, t)) / (1 - Math.pow(alpha, t)) : r;
        run(ctx, 2, (x, g, s, out) -> {
            double gr = norm * x + g;
            double v = alpha * s[0] + (1 - alpha) * gr;
            double h = beta * s[1] + (1 - beta) * gr * gr;
            double xNew = x - rAdj * v / (Math.sqrt(h) + eps);
            out[0] = (1 - post) * xNew;
            out[1] = v;
            out[2] = h;
        });
    }

    public static void momentum(OpContext ctx) {
        for (String a : new String[]{"alpha", "beta", "mode", "norm_coefficient"}) {
            if (!ctx.hasAttr(a)) {
                throw ctx.error("attribute '" + a + "' is required");
            }
        }
        double alpha = ctx.attrFloat("alpha", 0f);
        double beta = ctx.attrFloat("beta", 0f);
        double norm = ctx.attrFloat("norm_coefficient", 0f);
        String mode = ctx.attrString("mode", "");
        if (!mode.equals("standard") && !mode.equals("nesterov")) {
            throw ctx.error("mode must be 'standard' or 'nesterov', got '" + mode + "'");
        }
        boolean nesterov = mode.equals("nesterov");
        double r = learningRate(ctx);
        double betaAdj = updateCount(ctx) > 0 ? beta : 1;
        run(ctx, 1, (x, g, s, out) -> {
            double gr = norm * x + g;
            double v = alpha * s[0] + betaAdj * gr;
            out[0] = nesterov ? x - r * (gr + alpha * v) : x - r * v;
            out[1] = v;
        });
    }

    private static double learningRate(OpContext ctx) {
        Tensor r = ctx.input(0);
        if (r.size() != 1 || !r.type().isFloatingPoint()) {
            throw ctx.error("learning rate R must be a float scalar, got " + r.type().displayName() + OpContext.shape(r.shape()));
        }
        return r.getDouble(0);
    }

    private static long updateCount(OpContext ctx) {
        Tensor t = ctx.input(1);
        if (t.size() != 1 || !t.type().isInteger()) {
            throw ctx.error("update count T must be an int64 scalar, got " + t.type().displayName() + OpContext.shape(t.shape()));
        }
        return t.getLong(0);
    }

    /** Applies {@code step} to each of the k optimized tensors ({@code states} state tensors per X). */
    private static void run(OpContext ctx, int states, Step step) {
        int groups = 2 + states;
        int rest = ctx.inputCount() - 2;
        if (rest <= 0 || rest % groups != 0) {
            throw ctx.error("expected R, T and " + groups + " groups of k tensors (X, G and " + states
                    + " state tensors each), got " + ctx.inputCount() + " inputs");
        }
        int k = rest / groups;
        for (int i = 0; i < k; i++) {
            Tensor x = ctx.input(2 + i);
            Tensor g = ctx.input(2 + k + i);
            Tensor[] s = new Tensor[states];
            for (int j = 0; j < states; j++) {
                s[j] = ctx.input(2 + (2 + j) * k + i);
            }
            for (Tensor o : concat(g, s)) {
                if (!Arrays.equals(o.shape(), x.shape())) {
                    throw ctx.error("tensor " + i + ": shapes " + OpContext.shape(x.shape()) + " and " + OpContext.shape(o.shape())
                            + " differ; X, its gradient and its state tensors must match");
                }
            }
            if (!x.type().isFloatingPoint()) {
                throw ctx.error("optimized tensor " + i + " must be float or double, got " + x.type().displayName());
            }
            int n = (int) x.size();
            double[][] outs = new double[1 + states][n];
            double[] sv = new double[states];
            double[] ov = new double[1 + states];
            for (int e = 0; e < n; e++) {
                for (int j = 0; j < states; j++) {
                    sv[j] = s[j].getDouble(e);
                }
                step.apply(x.getDouble(e), g.getDouble(e), sv, ov);
                for (int j = 0; j <= states; j++) {
                    outs[j][e] = ov[j];
                }
            }
            for (int j = 0; j <= states; j++) {
                int slot = j * k + i;
                if (ctx.wantsOutput(slot)) {
                    ctx.output(slot, Tensors.fromDoubles(x.type(), x.shape(), outs[j]));
                }
            }
        }
    }

    private static Tensor[] concat(Tensor g, Tensor[] s) {
        Tensor[] all = new Tensor[s.length + 1];
        all[0] = g;
        System.arraycopy(s, 0, all, 1, s.length);
        return all;
    }
}
