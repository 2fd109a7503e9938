package dev.modelx.runtime.kernels.misc.ml;

import dev.modelx.runtime.OpContext;

/** The post transforms of the ai.onnx.ml tree and linear models, applied row by row in place. */
final class PostTransform {

    static final int NONE = 0;
    static final int SOFTMAX = 1;
    static final int LOGISTIC = 2;
    static final int SOFTMAX_ZERO = 3;
    static final int PROBIT = 4;

    private PostTransform() {
    }

    static int parse(OpContext ctx, String name) {
        return switch (name) {
            case "NONE" -> NONE;
            case "SOFTMAX" -> SOFTMAX;
            case "LOGISTIC" -> LOGISTIC;
            case "SOFTMAX_ZERO" -> SOFTMAX_ZERO;
            case "PROBIT" -> PROBIT;
            default -> throw ctx.error("unknown post_transform '" + name + "'");
        };
    }

    static void apply(OpContext ctx, int kind, double[] v, int rows, int cols) {
        switch (kind) {
            case NONE -> {
            }
            case LOGISTIC -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = 1 / (1 + Math.exp(-v[i]));
                }
            }
            case PROBIT -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = Math.sqrt(2) * inverseErf(2 * v[i] - 1);
                }
            }
            case SOFTMAX, SOFTMAX_ZERO -> {
                for (int r = 0; r < rows; r++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < cols; c++) {
                        max = Math.max(max, v[r * cols + c]);
                    }
                    double sum = 0;
                    for (int c = 0; c < cols; c++) {
                        double x = v[r * cols + c];
                        double e = kind == SOFTMAX_ZERO && x == 0 ? 0 : Math.exp(x - max);
                        v[r * cols + c] = e;
                        sum += e;
                    }
                    for (int c = 0; c < cols; c++) {
                        v[r * cols + c] = sum == 0 ? 0 : v[r * cols + c] / sum;
                    }
                }
            }
            default -> throw ctx.error("post_transform " + kind + " is not one of 0..4");
        }
    }

    /** Inverse error function: Giles' single-precision approximation refined by two Newton steps. */
    static double inverseErf(double x) {
        if (x <= -1) {
            return Double.NEGATIVE_INFINITY;
        }
        if (x >= 1) {
            return Double.POSITIVE_INFINITY;
        }
        double w = -Math.log((1 - x) * (1 + x));
        double p;
        if (w < 5) {
            w -= 2.5;
            p = 2.81022636e-08;
            p = 3.43273939e-07 + p * w;
            p = -3.5233877e-06 + p * w;
            p = -4.39150654e-06 + p * w;
            p = 0.00021858087 + p * w;
            p = -0.00125372503 + p * w;
            p = -0.00417768164 + p * w;
            p = 0.246640727 + p * w;
            p = 1.50140941 + p * w;
        } else {
            w = Math.sqrt(w) - 3;
            p = -0.000200214257;
            p = 0.000100950558 + p * w;
            p = 0.00134934322 + p * w;
            p = -0.00367342844 + p * w;
            p = 0.00573950773 + p * w;
            p = -0.0076224613 + p * w;
            p = 0.00943887047 + p * w;
            p = 1.00167406 + p * w;
            p = 2.83297682 + p * w;
        }
        double y = p * x;
        for (int i = 0; i < 2; i++) {
            double err = erf(y) - x;
            y -= err / (2 / Math.sqrt(Math.PI) * Math.exp(-y * y));
        }
        return y;
    }

    /** erf to about 1e-15 via the complementary series / continued fraction split. */
    static double erf(double x) {
        double t = Math.abs(x);
        double r;
        if (t < 2.5) {
            double term = t;
            double sum = t;
            for (int n = 1; n < 200; n++) {
                term *= -t * t / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double f = 0;
            for (int n = 60; n >= 1; n--) {
                f = n / 2.0 / (t + f);
            }
            r = 1 - Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + f);
        }
        return x < 0 ? -r : r;
    }
}
