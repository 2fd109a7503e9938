package dev.modelx.importer.paddle;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Counts the Paddle ops whose semantics a test checked: every op of every TestProgram that imported and ran in this
 * JVM (the converter tests then compare the results with hand-computed values). Runs after the other test classes
 * (junit-platform.properties orders classes by @Order); alone it has nothing to count and is skipped.
 */
@Order(Integer.MAX_VALUE)
class OpCoverageTest {

    static final int REQUIRED = 120;

    @Test
    void atLeast120OpsHaveSemanticTests() {
        Assumptions.assumeFalse(TestProgram.RAN.isEmpty(), "run with the module's converter tests");
        Set<String> registered = OpRegistry.standard().ops();
        Set<String> tested = new TreeSet<>(TestProgram.RAN);
        tested.retainAll(registered);
        Set<String> untested = new TreeSet<>(registered);
        untested.removeAll(tested);
        untested.removeIf(o -> o.startsWith("pir."));
        System.out.println("Paddle ops with semantic unit tests: " + tested.size() + " of " + registered.size() + " registered");
        System.out.println("Without a semantic unit test (" + untested.size() + "): " + String.join(", ", untested));
        assertTrue(tested.size() >= REQUIRED, tested.size() + " ops have semantic tests, fewer than " + REQUIRED);
    }
}
