package dev.modelx.runtime.kernels.nn;

/** Mean / variance helpers of the normalisation kernels. */
final class Stats {

    private Stats() {
    }

    static double mean(double[] v, int off, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += v[off + i];
        }
        return s / len;
    }

    /** Biased variance around {@code mean}. */
    static double variance(double[] v, int off, int len, double mean) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            double d = v[off + i] - mean;
            s += d * d;
        }
        return s / len;
    }

    /** y[off..off+len) = scale * (x - mean) / sqrt(var + eps) + bias over that contiguous run. */
    static void normalize(double[] x, double[] y, int off, int len, double eps, double scale, double bias) {
        double m = mean(x, off, len);
        double inv = 1 / Math.sqrt(variance(x, off, len, m) + eps);
        for (int i = 0; i < len; i++) {
            y[off + i] = (x[off + i] - m) * inv * scale + bias;
        }
    }
}
