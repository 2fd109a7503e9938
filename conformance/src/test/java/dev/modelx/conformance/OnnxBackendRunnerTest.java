package dev.modelx.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner end to end over a hand-made corpus: discovery, each status, reasons, timeout, order, reports. */
class OnnxBackendRunnerTest {

    @TempDir
    static Path dir;
    static Path data;
    static ConformanceReport report;
    static Map<String, CaseResult> byName;
    static List<String> events = new ArrayList<>();

    @BeforeAll
    static void runOnce() throws Exception {
        data = FakeCorpus.write(dir.resolve("data"));
        report = OnnxBackendRunner.builder().data(data).threads(2).timeout(Duration.ofSeconds(2))
                .tolerances(Tolerances.none()).knownFailures(KnownFailures.none()).build()
                .run(new ConformanceListener() {
                    @Override
                    public void caseStarted(BackendCase c, int index, int total) {
                        events.add("start " + c.name());
                    }

                    @Override
                    public void caseFinished(CaseResult r, int index, int total) {
                        events.add("end " + r.name());
                    }
                });
        byName = report.cases().stream().collect(Collectors.toMap(CaseResult::name, Function.identity()));
    }

    @Test
    void reportsCasesInFolderThenNameOrder() {
        assertEquals(List.of("test_fake_abs", "test_fake_abs_wrong", "test_fake_bernoulli", "test_fake_hang",
                "test_fake_missing_op", "test_fake_sequence", "test_light_tiny", "test_zoo"),
                report.cases().stream().map(CaseResult::name).toList());
        assertEquals(16, events.size());
    }

    @Test
    void passesMatchingOutputs() {
        CaseResult abs = byName.get("test_fake_abs");
        assertEquals(CaseStatus.PASSED, abs.status(), abs.reason());
        assertEquals(List.of("Abs"), abs.ops());
        assertEquals(0, abs.maxAbsErr());
        assertEquals(CaseStatus.PASSED, byName.get("test_fake_sequence").status(), byName.get("test_fake_sequence").reason());
        assertEquals(CaseStatus.PASSED, byName.get("test_light_tiny").status(), byName.get("test_light_tiny").reason());
    }

    @Test
    void failuresSayWhy() {
        CaseResult wrong = byName.get("test_fake_abs_wrong");
        assertEquals(CaseStatus.FAILED, wrong.status());
        assertEquals("output 0 'y': max abs err 0.3 at index [1, 2] (expected 1.2, got 1.5)", wrong.reason());
        assertEquals(0.3, wrong.maxAbsErr(), 1e-6);
        CaseResult missing = byName.get("test_fake_missing_op");
        assertEquals(CaseStatus.FAILED, missing.status());
        assertEquals("reference runtime: ops not supported: NoSuchOp", missing.reason());
        assertTrue(Double.isNaN(missing.maxAbsErr()));
    }

    @Test
    void hungCaseTimesOut() {
        CaseResult hang = byName.get("test_fake_hang");
        assertEquals(CaseStatus.FAILED, hang.status());
        assertEquals("timed out after 2 s", hang.reason());
        assertEquals(List.of("Loop"), hang.ops());
    }

    @Test
    void randomOpsAreCheckedByStatistics() {
        CaseResult b = byName.get("test_fake_bernoulli");
        assertEquals(CaseStatus.STATISTICAL, b.status(), b.reason());
        assertTrue(b.reason().startsWith("checked by statistics: output 0 'y': Bernoulli values in {0, 1}"), b.reason());
    }

    @Test
    void realModelsAreSkipped() {
        CaseResult zoo = byName.get("test_zoo");
        assertEquals(CaseStatus.SKIPPED, zoo.status());
        assertEquals("model-zoo URL only, not downloadable here", zoo.reason());
    }

    @Test
    void summaryAndFolders() {
        assertEquals(new ConformanceReport.Counts(3, 3, 1, 1), report.summary());
        assertEquals(new ConformanceReport.Counts(2, 3, 0, 1), report.folder("node"));
        assertEquals(new ConformanceReport.Counts(1, 0, 0, 0), report.folder("light"));
        assertEquals("3 passed, 3 failed, 1 skipped, 1 checked by statistics (not passes)", report.summaryLine());
        assertEquals(new ConformanceReport.Counts(1, 1, 0, 0), report.ops().get("Abs").counts());
    }

    @Test
    void writesJsonAndHtml() throws Exception {
        Path json = dir.resolve("out/r.json");
        Path html = dir.resolve("out/r.html");
        report.writeJson(json);
        report.writeHtml(html);
        String j = Files.readString(json);
        assertTrue(j.contains("\"summary\": {\n    \"passed\": 3,\n    \"failed\": 3,\n    \"skipped\": 1,\n    \"statistical\": 1"), j);
        assertTrue(j.contains("\"name\": \"test_fake_abs_wrong\""));
        assertTrue(j.contains("\"max_abs_err\": null"), "NaN errors are written as null");
        String h = Files.readString(html);
        assertTrue(h.startsWith("<!DOCTYPE html>"));
        assertTrue(h.contains("<svg") && !h.contains("<script") && !h.contains("http-equiv") && !h.contains("<link"));
        assertTrue(h.contains("test_fake_abs_wrong") && h.contains("timed out after 2 s"));
    }

    @Test
    void mainPrintsOneLinePerCaseAndTheSummary() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BackendTestMain.run(new String[] {"--data", data.toString(), "--folder", "node,real", "abs|zoo"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, text + err);
        assertTrue(text.startsWith("""
                PASS test_fake_abs
                FAIL test_fake_abs_wrong: output 0 'y': max abs err 0.3 at index [1, 2] (expected 1.2, got 1.5)
                SKIP test_zoo: model-zoo URL only, not downloadable here
                """), text);
        assertTrue(Pattern.compile("(?m)^1 passed, 1 failed, 1 skipped \\(").matcher(text).find(), text);
        assertEquals(2, BackendTestMain.run(new String[] {"--data", data.toString(), "--folder", "nodes"},
                new PrintStream(out), new PrintStream(err)));
    }

    @Test
    void lightModelsStartFirst() {
        List<BackendCase> cases = OnnxBackendRunner.builder().data(data).build().cases();
        int light = cases.stream().map(BackendCase::name).toList().indexOf("test_light_tiny");
        List<Integer> order = OnnxBackendRunner.executionOrder(cases);
        assertEquals(light, order.get(0));
        assertEquals(cases.size(), order.stream().distinct().count());
    }
}
