package dev.modelx.conformance;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TolerancesTest {

    @Test
    void parsesOverridesWithReasons() {
        Tolerances t = Tolerances.parse("""
                # comment
                test_a = 1e-2,1e-5  # float16 reference data
                test_b=2e-3, 0 # computed in float32
                """, "t");
        assertEquals(new Tolerance(1e-2, 1e-5, "float16 reference data"), t.override("test_a").orElseThrow());
        assertEquals(2e-3, t.override("test_b").orElseThrow().rtol());
        assertTrue(t.override("test_c").isEmpty());
    }

    @Test
    void rejectsOverridesLooserThanTheCap() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tolerances.parse("test_a = 0.02,1e-7  # too loose\n", "t"));
        assertTrue(e.getMessage().contains("t:1") && e.getMessage().contains("rtol 0.02"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tolerances.parse("test_a = 1e-3,0.5  # too loose\n", "t"));
        assertThrows(IllegalArgumentException.class, () -> Tolerances.parse("test_a = -1,0  # negative\n", "t"));
        assertThrows(IllegalArgumentException.class, () -> Tolerances.parse("test_a = NaN,0  # not a number\n", "t"));
    }

    @Test
    void rejectsOverridesWithoutReasonOrMalformed() {
        assertThrows(IllegalArgumentException.class, () -> Tolerances.parse("test_a = 1e-3,1e-7\n", "t"));
        assertThrows(IllegalArgumentException.class, () -> Tolerances.parse("test_a = 1e-3,1e-7  #  \n", "t"));
        assertThrows(IllegalArgumentException.class, () -> Tolerances.parse("test_a = 1e-3  # one number\n", "t"));
        assertThrows(IllegalArgumentException.class, () -> Tolerances.parse("test_a = 1e-3,1e-7 # x\ntest_a = 1e-3,1e-7 # y\n", "t"));
    }

    @Test
    void bundledOverridesLoadAndStayWithinTheCap() {
        Tolerances t = Tolerances.bundled();
        t.all().forEach((name, tol) -> {
            assertTrue(tol.rtol() <= Tolerances.MAX_RTOL && tol.atol() <= Tolerances.MAX_ATOL, name);
            assertTrue(tol.reason() != null && !tol.reason().isBlank(), name);
        });
    }

    @Test
    void knownFailuresLoad() {
        KnownFailures.bundled().all().forEach((name, reason) -> assertTrue(!reason.isBlank(), name));
    }
}
