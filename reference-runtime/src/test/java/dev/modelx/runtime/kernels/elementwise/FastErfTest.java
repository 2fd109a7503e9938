package dev.modelx.runtime.kernels.elementwise;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The piecewise Taylor erf against the reference erf in double, across every piece and its edges. */
class FastErfTest {

    @Test
    void agreesWithTheReferenceInDouble() {
        double worst = 0;
        for (int i = -600000; i <= 600000; i++) {
            double x = i * 1e-5 * 7; // [-4.2, 4.2], crossing every piece boundary (odd multiples of 1/8)
            double ref = MathFunctions.erf(x);
            double got = FastErf.erf(x);
            double err = Math.abs(got - ref);
            if (Math.abs(x) < FastErf.SATURATED) {
                worst = Math.max(worst, err / Math.max(Math.abs(ref), 1e-300));
                assertTrue(err <= 1e-14 * Math.abs(ref) + 1e-300, "erf(" + x + "): " + got + " vs " + ref);
            } else {
                assertEquals(Math.signum(x), got, 0.0, "saturated at " + x);
                assertEquals((float) ref, (float) got, 0f, "float at " + x);
            }
        }
        System.out.println("[FastErf] worst relative difference from the reference erf below 4.125: " + worst);
    }

    @Test
    void tinyArgumentsKeepTheirRelativeAccuracy() {
        for (double x : new double[] {1e-30, -3e-12, 1e-7, Double.MIN_VALUE}) {
            assertEquals(MathFunctions.erf(x), FastErf.erf(x), 1e-15 * Math.abs(MathFunctions.erf(x)), "erf(" + x + ")");
        }
    }
}
