package dev.modelx.importer.tensorflow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every supported TF op against TensorFlow Java (TF 2.18): each case's single-op graph is built and run by
 * TF Java, and the same GraphDef bytes are imported and run on the reference runtime.
 */
class TfOpOracleTest {

    private static final String REF_FLOW = "ref-typed control flow comes from TF1 while loops over ref variables; "
            + "TF Java's while builder makes only value-typed Enter/Merge/Switch/NextIteration/Exit";

    /** Ops the importer supports that no GraphDef run by TF Java can check here, and why. */
    static final Map<String, String> NOT_TESTABLE = new TreeMap<>(Map.of(
            "PlaceholderV2", "removed from GraphDef version 23 on; TF 2.18 refuses to run it (older graphs still hold it)",
            "RefEnter", REF_FLOW, "RefExit", REF_FLOW, "RefMerge", REF_FLOW, "RefNextIteration", REF_FLOW, "RefSwitch", REF_FLOW,
            "RefIdentity", "RefIdentity is only made by TF1's ref-variable machinery (tf.Variable snapshots in TF1 graph rewrites); "
                    + "TF Java builds no graph that feeds a fetched output through it"));

    private static final List<OracleCase> CASES = OracleCases.all();
    private static final Map<String, String> FAILURES = new ConcurrentHashMap<>();
    private static final Set<String> PASSED = ConcurrentHashMap.newKeySet();

    @TempDir
    static Path dir;

    @TestFactory
    Stream<DynamicTest> eachOpMatchesTensorFlow() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++) {
            OracleCase c = CASES.get(i);
            int index = i;
            tests.add(DynamicTest.dynamicTest(c.displayName(), () -> {
                try {
                    OracleRunner.run(c, dir, index);
                    PASSED.add(c.displayName());
                } catch (Throwable t) {
                    FAILURES.put(c.displayName(), String.valueOf(t.getMessage()).lines().findFirst().orElse(""));
                    throw t;
                }
            }));
        }
        return tests.stream();
    }

    /** Every converter has oracle cases or a stated reason why TF Java cannot run it; at least 150 ops are checked. */
    @Test
    void everySupportedOpHasAnOracleCaseOrAReason() {
        Set<String> checked = new TreeSet<>();
        CASES.forEach(c -> checked.add(c.op()));
        Set<String> missing = new TreeSet<>();
        for (String op : OpRegistry.standard().all().keySet()) {
            if (!checked.contains(op) && !NOT_TESTABLE.containsKey(op)) {
                missing.add(op);
            }
        }
        Set<String> unknown = new TreeSet<>(checked);
        unknown.removeAll(OpRegistry.standard().all().keySet());
        assertTrue(missing.isEmpty(), "ops without an oracle case: " + missing);
        assertTrue(unknown.isEmpty(), "oracle cases for ops the importer does not register: " + unknown);
        assertTrue(checked.size() >= 150, "only " + checked.size() + " ops checked against TF Java");
    }

    @AfterAll
    static void summary() {
        Set<String> ops = new TreeSet<>();
        Set<String> failedOps = new TreeSet<>();
        CASES.forEach(c -> ops.add(c.op()));
        FAILURES.keySet().forEach(k -> failedOps.add(k.substring(0, k.indexOf(' '))));
        StringBuilder sb = new StringBuilder();
        sb.append("TF Java oracle: ").append(CASES.size()).append(" cases over ").append(ops.size()).append(" ops; ")
                .append(PASSED.size()).append(" cases passed, ").append(FAILURES.size()).append(" failed (")
                .append(failedOps.size()).append(" ops); ").append(NOT_TESTABLE.size()).append(" ops not testable in TF Java\n");
        new TreeMap<>(FAILURES).forEach((k, v) -> sb.append("  FAIL ").append(k).append(": ").append(v).append('\n'));
        NOT_TESTABLE.forEach((k, v) -> sb.append("  NOT TESTABLE ").append(k).append(": ").append(v).append('\n'));
        System.out.println(sb);
    }
}
