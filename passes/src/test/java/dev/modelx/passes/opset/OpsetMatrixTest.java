package dev.modelx.passes.opset;

import dev.modelx.graph.io.Corpus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A slice of the op-set conversion matrix ({@link OpsetMatrixMain} runs all of it): every 8th ONNX backend
 * node test, converted to every other target op set from 7 to 28, run on the reference runtime and compared
 * with the stored expected outputs. Every converted model must pass, and at least {@link #PASS_FLOOR} cases
 * must convert (refusals are allowed: they name what blocks the target).
 */
class OpsetMatrixTest {

    /** Passed cases of this slice when it was written (2,167 of 2,700); conversions must not regress below. */
    static final int PASS_FLOOR = 2_150;

    @Test
    void backendNodeTestsConvertToEveryOpSet() {
        Assumptions.assumeTrue(Files.isDirectory(Corpus.onnxBackendTests().resolve("node")),
                () -> "skipped: " + Corpus.missingMessage("onnx-backend-tests"));
        List<OpsetMatrix.Case> all = OpsetMatrix.cases(Corpus.onnxBackendTests(), null);
        List<OpsetMatrix.Case> slice = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 8) {
            slice.add(all.get(i));
        }
        List<Integer> targets = new ArrayList<>();
        for (int t = OpsetConverter.MIN_TARGET; t <= OpSchemas.MAX_OPSET; t += 2) {
            targets.add(t);
        }
        if (!targets.contains(OpSchemas.MAX_OPSET)) {
            targets.add(OpSchemas.MAX_OPSET);
        }
        OpsetMatrix.Table table = OpsetMatrix.runAll(slice, targets, Math.max(1, Runtime.getRuntime().availableProcessors()), 120,
                null);
        System.out.println("op-set matrix slice: " + slice.size() + " tests x " + targets.size() + " targets\n" + table.render());
        StringBuilder failures = new StringBuilder();
        for (OpsetMatrix.TestResult r : table.results) {
            for (OpsetMatrix.Outcome o : r.outcomes()) {
                if (o.status() == OpsetMatrix.Status.FAIL) {
                    failures.append("\n  ").append(r.test()).append(" at op set ").append(o.target()).append(": ").append(o.reason());
                }
            }
        }
        assertTrue(failures.length() == 0, "converted models that do not reproduce the expected outputs:" + failures);
        int passed = table.total(OpsetMatrix.Status.PASS);
        assertTrue(passed >= PASS_FLOOR, "only " + passed + " cases converted and passed, the floor is " + PASS_FLOOR);
    }
}
