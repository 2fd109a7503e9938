package dev.modelx.runtime.kernels.conv;

/** One-dimensional complex DFT in double: radix-2 FFT for powers of two, a direct sum with exact twiddles otherwise. */
final class Fourier {

    private Fourier() {
    }

    /** In-place transform of (re, im); {@code inverse} uses e^{+i...} without the 1/n factor. */
    static void transform(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        if (n <= 1) {
            return;
        }
        if ((n & (n - 1)) == 0) {
            fft(re, im, inverse);
        } else {
            direct(re, im, inverse);
        }
    }

    private static void direct(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        double[] cos = new double[n];
        double[] sin = new double[n];
        for (int k = 0; k < n; k++) {
            double a = 2 * Math.PI * k / n;
            cos[k] = Math.cos(a);
            sin[k] = inverse ? Math.sin(a) : -Math.sin(a);
        }
        double[] outRe = new double[n];
        double[] outIm = new double[n];
        for (int k = 0; k < n; k++) {
            double sr = 0;
            double si = 0;
            long idx = 0;
            for (int t = 0; t < n; t++) {
                int q = (int) idx;
                sr += re[t] * cos[q] - im[t] * sin[q];
                si += re[t] * sin[q] + im[t] * cos[q];
                idx += k;
                if (idx >= n) {
                    idx -= n;
                }
            }
            outRe[k] = sr;
            outIm[k] = si;
        }
        System.arraycopy(outRe, 0, re, 0, n);
        System.arraycopy(outIm, 0, im, 0, n);
    }

    private static void fft(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >> 1;
            for (int k = 0; k < half; k++) {
                double a = 2 * Math.PI * k / len;
                double wr = Math.cos(a);
                double wi = inverse ? Math.sin(a) : -Math.sin(a);
                for (int i = k; i < n; i += len) {
                    int j = i + half;
                    double xr = re[j] * wr - im[j] * wi;
                    double xi = re[j] * wi + im[j] * wr;
                    re[j] = re[i] - xr;
                    im[j] = im[i] - xi;
                    re[i] += xr;
                    im[i] += xi;
                }
            }
        }
    }
}
