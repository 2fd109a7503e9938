package dev.modelx.runtime.kernels.elementwise;

/** Scalar functions java.lang.Math lacks: inverse hyperbolics and the error function. */
public final class MathFunctions {

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private MathFunctions() {
    }

    public static double asinh(double x) {
        double a = Math.abs(x);
        if (a > 1e150) {
            return Math.copySign(Math.log(a) + Math.log(2), x);
        }
        double r = Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
        return Math.copySign(r, x);
    }

    public static double acosh(double x) {
        if (x < 1 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x > 1e150) {
            return Math.log(x) + Math.log(2);
        }
        double t = x - 1;
        return Math.log1p(t + Math.sqrt(2 * t + t * t));
    }

    public static double atanh(double x) {
        double a = Math.abs(x);
        if (a > 1 || Double.isNaN(x)) {
            return Double.NaN;
        }
        return Math.copySign(0.5 * Math.log1p(2 * a / (1 - a)), x);
    }

    /** erf to near double precision: Maclaurin series below 2.5, the erfc continued fraction above. */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        if (a < 2.5) {
            double x2 = a * a;
            double term = a;
            double sum = a;
            for (int n = 1; n < 200; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return Math.copySign(TWO_OVER_SQRT_PI * sum, x);
        }
        if (a > 6) {
            return Math.copySign(1.0, x);
        }
        return Math.copySign(1 - erfcLarge(a), x);
    }

    /** erfc(a) for a >= 2.5 by backward evaluation of its continued fraction. */
    private static double erfcLarge(double a) {
        double f = a;
        for (int k = 80; k >= 1; k--) {
            f = a + (k / 2.0) / f;
        }
        return Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
    }
}
