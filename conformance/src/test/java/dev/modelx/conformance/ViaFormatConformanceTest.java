package dev.modelx.conformance;

import dev.modelx.format.onnx.OnnxFiles;
import dev.modelx.graph.io.Corpus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backend node tests through the exporters ({@code onnx-backend --via FORMAT}), on a representative slice: one
 * test per op under test (the shortest-named, ~200 tests across every op family). Each test's model is exported; a
 * TensorFlow export runs in TensorFlow Java (the oracles/tensorflow plug-in is a test dependency), a Paddle or ONNX
 * export is re-imported and run on the reference runtime; the outputs are compared with the stored expected ones.
 * The full run is the CLI command ({@code modelx conformance onnx-backend --via FORMAT}); docs/conformance.md has its
 * counts. Floors: raise one when more tests pass, never lower one to hide a regression.
 */
class ViaFormatConformanceTest {

    /** Passes of the slice through tf-savedmodel with TensorFlow Java judging (the normal case here). */
    static final int MIN_PASS_TF_SAVEDMODEL = 170;
    /**
     * ... re-imported with modelx's TF importer and run on the reference runtime (also when TF Java is absent).
     * Once lowered from 110/109 to 108/107 with a reason: the TF exporter refuses the float8 FNUZ and 2-bit types that
     * TensorFlow 2.18 cannot load (two slice tests had passed only by re-importing files TensorFlow rejects).
     */
    static final int MIN_PASS_TF_SAVEDMODEL_REIMPORTED = 169;
    static final int MIN_PASS_TF_GRAPHDEF = 170;
    static final int MIN_PASS_TF_GRAPHDEF_REIMPORTED = 169;
    static final int MIN_PASS_PADDLE = 109;
    static final int MIN_PASS_PADDLE_PIR = 106;
    static final int MIN_PASS_ONNX = 196;

    private static List<String> slice;

    @Test
    void tfSavedModel() {
        runSlice("tf-savedmodel", MIN_PASS_TF_SAVEDMODEL, MIN_PASS_TF_SAVEDMODEL_REIMPORTED);
    }

    /** The same exports read back by modelx's own TF importer (a round trip, not TensorFlow's judgement). */
    @Test
    void tfSavedModelReimported() {
        runSlice(ViaFormat.of("tf-savedmodel", false), MIN_PASS_TF_SAVEDMODEL_REIMPORTED, MIN_PASS_TF_SAVEDMODEL_REIMPORTED);
    }

    @Test
    void tfGraphDefReimported() {
        runSlice(ViaFormat.of("tf-graphdef", false), MIN_PASS_TF_GRAPHDEF_REIMPORTED, MIN_PASS_TF_GRAPHDEF_REIMPORTED);
    }

    @Test
    void tfGraphDef() {
        runSlice("tf-graphdef", MIN_PASS_TF_GRAPHDEF, MIN_PASS_TF_GRAPHDEF_REIMPORTED);
    }

    @Test
    void paddle() {
        runSlice("paddle", MIN_PASS_PADDLE, MIN_PASS_PADDLE);
    }

    @Test
    void paddlePir() {
        runSlice("paddle-pir", MIN_PASS_PADDLE_PIR, MIN_PASS_PADDLE_PIR);
    }

    @Test
    void onnxReserialised() {
        runSlice("onnx", MIN_PASS_ONNX, MIN_PASS_ONNX);
    }

    /** Without the corpus: a covered op passes, a wrong expected value fails, an op no exporter has is "not covered". */
    @Test
    void fakeCorpusThroughEveryFormat(@TempDir Path dir) throws IOException {
        Path data = FakeCorpus.write(dir.resolve("data"));
        for (String format : ViaFormat.FORMATS) {
            OnnxBackendRunner runner = OnnxBackendRunner.builder().data(data)
                    .filter(Pattern.compile("^test_fake_(abs|abs_wrong|missing_op)$")).knownFailures(KnownFailures.none())
                    .via(format).build();
            ConformanceReport r = runner.run();
            Map<String, CaseResult> byName = r.cases().stream().collect(Collectors.toMap(CaseResult::name, c -> c));
            assertEquals(CaseStatus.PASSED, byName.get("test_fake_abs").status(), format + ": " + byName.get("test_fake_abs"));
            CaseResult wrong = byName.get("test_fake_abs_wrong");
            assertEquals(CaseStatus.FAILED, wrong.status(), format);
            assertTrue(wrong.reason().startsWith("output 0 'y'"), format + ": " + wrong.reason());
            CaseResult missing = byName.get("test_fake_missing_op");
            if (!format.equals("onnx")) {
                assertEquals(CaseStatus.SKIPPED, missing.status(), format + ": " + missing);
                assertEquals("not covered by the " + format + " exporter: ops NoSuchOp", missing.reason());
                assertEquals(List.of("NoSuchOp"), ViaSummary.missingOps(missing));
            }
            assertEquals(format, r.via());
            assertNotNull(r.ranIn());
            assertTrue(r.ranIn().startsWith(runner.via().runsInOracle() ? "ran in: tensorflow" : "ran in: reference runtime after re-import"),
                    r.ranIn());
            assertTrue(r.toJson().contains("\"via\""));
            assertTrue(HtmlReport.render(r).contains("exported to <b>" + format + "</b>"));
        }
    }

    private static void runSlice(String format, int minPassInOracle, int minPassReimported) {
        runSlice(ViaFormat.of(format), minPassInOracle, minPassReimported);
    }

    private static void runSlice(ViaFormat via, int minPassInOracle, int minPassReimported) {
        String format = via.format();
        Path data = Corpus.onnxBackendTests();
        Assumptions.assumeTrue(Files.isDirectory(data.resolve("node")), Corpus.missingMessage("onnx-backend-tests"));
        List<String> names = slice(data);
        String regex = names.stream().map(Pattern::quote).collect(Collectors.joining("|", "^(?:", ")$"));
        OnnxBackendRunner runner = OnnxBackendRunner.builder().data(data).folders(List.of("node")).filter(Pattern.compile(regex))
                .via(via).build();
        if (ViaFormat.isTensorFlow(format) && via.note() != null) {
            System.out.println("NOTE: TensorFlow Java is not on the test class path (" + via.note() + "): the " + format
                    + " exports are re-imported and run on the reference runtime, not in TensorFlow");
        }
        ConformanceReport report = runner.run();

        Path out = Path.of(System.getProperty("modelx.conformance.out", "target/conformance"));
        String file = "onnx-backend-via-" + format + (ViaFormat.isTensorFlow(format) && !via.runsInOracle() ? "-reimported" : "");
        report.writeJson(out.resolve(file + ".json"));
        report.writeHtml(out.resolve(file + ".html"));

        ViaSummary s = ViaSummary.of(report);
        System.out.println("ONNX backend node tests via " + format + " (slice: " + names.size() + " tests, one per op), "
                + report.ranIn() + ": " + report.summaryLine()
                + String.format(Locale.ROOT, " in %.1f s on %d threads", report.wallMillis() / 1000.0, report.threads()));
        System.out.println("  " + s.line());
        ViaSummary.topFailureReasons(report.cases(), 8).forEach((k, v) -> System.out.println("  " + v + "x " + k));
        System.out.println("  ops not covered: " + ViaSummary.topMissingOps(report.cases(), 200).keySet());

        assertEquals(names.size(), report.cases().size(), "every slice test ran");
        int min = via.runsInOracle() ? minPassInOracle : minPassReimported;
        int passed = report.summary().passed();
        assertTrue(passed >= min, format + ": " + passed + " passed, below the floor of " + min + " (" + report.summaryLine() + ")");
        if (ViaFormat.isTensorFlow(format) && via.runsInOracle()) {
            // what the TF exporter writes, TensorFlow loads, runs and agrees with; the only failures are refusals
            assertEquals(0, s.failed() - s.refused(), format + ": failures after export: " + ViaSummary.topFailureReasons(report.cases(), 8));
        }
    }

    /** One node test per op under test: the one with the shortest name (ties: the first by name). */
    static synchronized List<String> slice(Path data) {
        if (slice == null) {
            Map<String, String> byOp = new TreeMap<>();
            for (BackendCase c : BackendCorpus.discover(data, List.of("node"), null)) {
                List<String> ops = OpsUnderTest.of(c, OnnxFiles.readModel(c.model()));
                String op = ops.isEmpty() ? "" : ops.get(0);
                byOp.merge(op, c.name(), (a, b) -> b.length() < a.length() || b.length() == a.length() && b.compareTo(a) < 0 ? b : a);
            }
            slice = List.copyOf(byOp.values());
        }
        return slice;
    }
}
