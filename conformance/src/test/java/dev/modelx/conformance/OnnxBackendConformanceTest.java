package dev.modelx.conformance;

import dev.modelx.graph.io.Corpus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole ONNX backend test suite (all 1,951 models, one JVM) through the importer and the reference runtime.
 * Writes {@code conformance/onnx-backend.json} and {@code .html} under the build directory and holds the pass counts
 * to floors: raise a floor when more tests pass, never lower one to hide a regression.
 */
class OnnxBackendConformanceTest {

    static final int MIN_PASS_NODE = 1790;
    static final int MIN_PASS_SIMPLE = 23;
    static final int MIN_PASS_PYTORCH_CONVERTED = 82;
    static final int MIN_PASS_PYTORCH_OPERATOR = 35;
    static final int MIN_PASS_LIGHT = 9;

    @Test
    void onnxBackendTests() {
        Path data = Corpus.onnxBackendTests();
        Assumptions.assumeTrue(Files.isDirectory(data.resolve("node")), Corpus.missingMessage("onnx-backend-tests"));

        ConformanceReport report = OnnxBackendRunner.builder().data(data).build().run();

        Path out = Path.of(System.getProperty("modelx.conformance.out", "target/conformance"));
        report.writeJson(out.resolve("onnx-backend.json"));
        report.writeHtml(out.resolve("onnx-backend.html"));

        System.out.println("ONNX backend tests: " + report.summaryLine()
                + String.format(Locale.ROOT, " in %.1f s on %d threads", report.wallMillis() / 1000.0, report.threads()));
        report.folders().forEach((f, c) -> System.out.println("  " + f + ": " + ConformanceReport.summaryLine(c)));
        for (CaseResult r : report.withStatus(CaseStatus.FAILED)) {
            System.out.println("  FAIL " + r.name() + ": " + r.reason() + (r.known() != null ? " [known: " + r.known() + "]" : ""));
        }
        List<String> stale = KnownFailures.bundled().all().keySet().stream()
                .filter(n -> report.cases().stream().anyMatch(r -> r.name().equals(n) && r.status() == CaseStatus.PASSED))
                .toList();
        if (!stale.isEmpty()) {
            System.out.println("  known-failures.properties lists tests that now pass (remove them): " + stale);
        }
        System.out.println("  reports: " + out.toAbsolutePath().resolve("onnx-backend.html"));

        floor(report, "node", MIN_PASS_NODE);
        floor(report, "simple", MIN_PASS_SIMPLE);
        floor(report, "pytorch-converted", MIN_PASS_PYTORCH_CONVERTED);
        floor(report, "pytorch-operator", MIN_PASS_PYTORCH_OPERATOR);
        floor(report, "light", MIN_PASS_LIGHT);
    }

    private static void floor(ConformanceReport report, String folder, int min) {
        int passed = report.folder(folder).passed();
        assertTrue(passed >= min, folder + ": " + passed + " passed, below the floor of " + min + " ("
                + ConformanceReport.summaryLine(report.folder(folder)) + ")");
    }
}
