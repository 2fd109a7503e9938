package dev.modelx.runtime.kernels.nn;

import dev.modelx.runtime.OpContext;

import java.util.Locale;

/** An activation function of the recurrent ops, with its alpha and beta. */
final class Activation {

    private final String name;
    private final double alpha;
    private final double beta;

    private Activation(String name, double alpha, double beta) {
        this.name = name;
        this.alpha = alpha;
        this.beta = beta;
    }

    /**
     * The activations of a recurrent node: the 'activations' attribute, or {@code defaults} once per
     * direction. activation_alpha / activation_beta are consumed in order by the functions that take them.
     */
    static Activation[] of(OpContext c, String[] defaults, int dirs) {
        java.util.List<String> names;
        if (c.hasAttr("activations")) {
            names = c.attr("activations").asStrings();
        } else {
            names = new java.util.ArrayList<>();
            for (int d = 0; d < dirs; d++) {
                names.addAll(java.util.List.of(defaults));
            }
        }
        if (names.size() != defaults.length * dirs) {
            throw c.error("activations lists " + names.size() + " functions; " + defaults.length * dirs
                    + " are needed for " + dirs + " direction(s)");
        }
        float[] alphas = c.attrFloats("activation_alpha", new float[0]);
        float[] betas = c.attrFloats("activation_beta", new float[0]);
        int ai = 0;
        int bi = 0;
        Activation[] out = new Activation[names.size()];
        for (int i = 0; i < out.length; i++) {
            String n = names.get(i).toLowerCase(Locale.ROOT);
            double a;
            double b = 0;
            switch (n) {
                case "relu", "tanh", "sigmoid", "softsign", "softplus" -> a = 0;
                case "leakyrelu" -> a = ai < alphas.length ? alphas[ai++] : 0.01;
                case "thresholdedrelu", "elu" -> a = ai < alphas.length ? alphas[ai++] : 1.0;
                case "affine" -> {
                    a = ai < alphas.length ? alphas[ai++] : 1.0;
                    b = bi < betas.length ? betas[bi++] : 0.0;
                }
                case "scaledtanh" -> {
                    a = ai < alphas.length ? alphas[ai++] : 1.0;
                    b = bi < betas.length ? betas[bi++] : 1.0;
                }
                case "hardsigmoid" -> {
                    a = ai < alphas.length ? alphas[ai++] : 0.2;
                    b = bi < betas.length ? betas[bi++] : 0.5;
                }
                default -> throw c.error("unknown activation '" + names.get(i) + "'");
            }
            out[i] = new Activation(n, a, b);
        }
        return out;
    }

    double apply(double x) {
        return switch (name) {
            case "relu" -> Math.max(0, x);
            case "tanh" -> Math.tanh(x);
            case "sigmoid" -> 1 / (1 + Math.exp(-x));
            case "softsign" -> x / (1 + Math.abs(x));
            case "softplus" -> Math.log1p(Math.exp(x));
            case "leakyrelu" -> x >= 0 ? x : alpha * x;
            case "thresholdedrelu" -> x > alpha ? x : 0;
            case "elu" -> x >= 0 ? x : alpha * (Math.exp(x) - 1);
            case "affine" -> alpha * x + beta;
            case "scaledtanh" -> alpha * Math.tanh(beta * x);
            case "hardsigmoid" -> Math.max(0, Math.min(1, alpha * x + beta));
            default -> throw new IllegalStateException(name);
        };
    }
}
