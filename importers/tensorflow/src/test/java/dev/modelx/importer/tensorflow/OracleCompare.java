package dev.modelx.importer.tensorflow;

import dev.modelx.graph.Tensor;
import java.util.Arrays;

/** Output comparisons for the oracle cases. */
final class OracleCompare {

    private OracleCompare() {
    }

    /** Same dtype and shape; floats within {@code atol + rtol * |want|} (NaN matches NaN), others exact. */
    static void elementwise(String output, Tensor want, Tensor got, double rtol, double atol) {
        sameTypeAndShape(output, want, got);
        if (want.type() == dev.modelx.graph.DataType.STRING) {
            if (!Arrays.equals(want.strings(), got.strings())) {
                throw new AssertionError(output + ": TF " + Arrays.toString(want.strings()) + ", modelx " + Arrays.toString(got.strings()));
            }
            return;
        }
        double[] w = want.toDoubleArray();
        double[] g = got.toDoubleArray();
        boolean exact = !want.type().isFloatingPoint();
        double maxErr = 0;
        int worst = -1;
        for (int i = 0; i < w.length; i++) {
            if (Double.isNaN(w[i]) && Double.isNaN(g[i]) || w[i] == g[i]) {
                continue;
            }
            double err = Math.abs(w[i] - g[i]);
            double allowed = exact ? 0 : atol + rtol * Math.abs(w[i]);
            if (Double.isNaN(err) || err > allowed) {
                if (worst < 0 || Double.isNaN(err) || err > maxErr) {
                    maxErr = Double.isNaN(err) ? Double.NaN : err;
                    worst = i;
                }
            }
        }
        if (worst >= 0) {
            throw new AssertionError(output + ": max error " + maxErr + " at element " + worst + " (TF " + w[worst] + ", modelx "
                    + g[worst] + ")" + (w.length <= 16 ? "; TF " + Arrays.toString(w) + ", modelx " + Arrays.toString(g) : ""));
        }
    }

    static void sameTypeAndShape(String output, Tensor want, Tensor got) {
        if (want.type() != got.type()) {
            throw new AssertionError(output + ": dtype TF " + want.type() + ", modelx " + got.type());
        }
        if (!Arrays.equals(want.shape(), got.shape())) {
            throw new AssertionError(output + ": shape TF " + Arrays.toString(want.shape()) + ", modelx " + Arrays.toString(got.shape()));
        }
    }

    /** Random ops: same dtype and shape, every value within [lo, hi], and the mean within {@code meanTol} of {@code mean}. */
    static OracleCase.Checker distribution(double lo, double hi, double mean, double meanTol) {
        return (output, want, got, rtol, atol) -> {
            sameTypeAndShape(output, want, got);
            double[] g = got.toDoubleArray();
            double sum = 0;
            for (double v : g) {
                if (!(v >= lo && v <= hi)) {
                    throw new AssertionError(output + ": value " + v + " outside [" + lo + ", " + hi + "]");
                }
                sum += v;
            }
            double m = sum / g.length;
            if (Math.abs(m - mean) > meanTol) {
                throw new AssertionError(output + ": mean " + m + ", expected " + mean + " +- " + meanTol);
            }
        };
    }
}
