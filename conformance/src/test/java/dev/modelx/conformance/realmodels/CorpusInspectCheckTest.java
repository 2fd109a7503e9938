package dev.modelx.conformance.realmodels;

import dev.modelx.graph.Model;
import dev.modelx.graph.inspect.ModelSummary;
import dev.modelx.graph.io.Corpus;
import dev.modelx.graph.validate.ModelValidator;
import dev.modelx.graph.validate.Problem;
import dev.modelx.importer.onnx.OnnxImporter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inspect and check, through the library, every {@code .onnx} of the ONNX backend test corpus in one JVM: each
 * must import, summarise ({@link ModelSummary#of}) and validate ({@link ModelValidator#problems}) without
 * problems, except the allow-listed models below whose reported problems are real violations of a rule.
 */
class CorpusInspectCheckTest {

    static final List<String> FOLDERS = List.of("node", "simple", "pytorch-converted", "pytorch-operator", "light");

    /** The corpus holds this many models in these folders (onnx 1.x backend test data as copied to the corpus). */
    static final int EXPECTED_MODELS = 1951;

    /**
     * Models (path relative to onnx-backend-tests/) whose validation problems are genuine violations of a rule,
     * mapped to a fragment every problem reported for that model must contain; give the reason in a comment beside
     * each entry. An entry that stops reporting a problem fails the test, so the list cannot go stale. Empty: every
     * corpus model validates cleanly (checked with the validator as of this test's writing).
     */
    static final Map<String, String> ALLOWED_PROBLEMS = Map.of();

    @Test
    void everyCorpusModelImportsSummarisesAndChecks() throws IOException {
        Path root = Corpus.onnxBackendTests();
        Assumptions.assumeTrue(Files.isDirectory(root), Corpus.missingMessage("onnx-backend-tests"));

        OnnxImporter importer = new OnnxImporter();
        Map<String, int[]> perFolder = new LinkedHashMap<>(); // models, imported, summarised, clean
        List<String> importFailures = new ArrayList<>();
        List<String> summaryFailures = new ArrayList<>();
        Map<String, List<Problem>> problems = new TreeMap<>();
        long nodes = 0;
        long started = System.nanoTime();
        int total = 0;
        for (String folder : FOLDERS) {
            Path dir = root.resolve(folder);
            int[] c = new int[4];
            perFolder.put(folder, c);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> models;
            try (Stream<Path> s = Files.walk(dir)) {
                models = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".onnx")).sorted().toList();
            }
            for (Path p : models) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                total++;
                c[0]++;
                Model m;
                try {
                    m = importer.read(p);
                    c[1]++;
                } catch (Exception | StackOverflowError e) {
                    importFailures.add(rel + ": " + e);
                    continue;
                }
                try {
                    Map<String, Object> s = ModelSummary.of(m, rel);
                    assertEquals(rel, s.get("file"));
                    assertEquals("onnx", s.get("format"));
                    int all = (Integer) s.get("nodes") + (Integer) s.get("nodes_in_subgraphs");
                    @SuppressWarnings("unchecked")
                    Map<String, Integer> histogram = (Map<String, Integer>) s.get("op_histogram");
                    assertEquals(all, histogram.values().stream().mapToInt(Integer::intValue).sum(), "op histogram total");
                    assertEquals(m.graph().outputs().size(), ((List<?>) s.get("outputs")).size(), "outputs listed");
                    assertTrue(ModelSummary.text(s).startsWith(rel + "\n"), "text form");
                    nodes += all;
                    c[2]++;
                } catch (Exception | AssertionError e) {
                    summaryFailures.add(rel + ": " + e);
                }
                List<Problem> found = ModelValidator.problems(m);
                if (found.isEmpty()) {
                    c[3]++;
                } else {
                    problems.put(rel, found);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        System.out.printf("[corpus inspect/check] %d models, %d nodes, %.1f s%n", total, nodes, seconds);
        System.out.printf("  %-18s %7s %9s %11s %6s%n", "folder", "models", "imported", "summarised", "clean");
        perFolder.forEach((f, c) -> System.out.printf("  %-18s %7d %9d %11d %6d%n", f, c[0], c[1], c[2], c[3]));
        importFailures.forEach(s -> System.out.println("  import failed: " + s));
        summaryFailures.forEach(s -> System.out.println("  summary failed: " + s));
        problems.forEach((rel, ps) -> ps.forEach(pr -> System.out.println("  problem " + rel + ": " + pr.kind() + " " + pr)));

        assertEquals(EXPECTED_MODELS, total, "models found under " + root + " in " + FOLDERS);
        assertTrue(importFailures.isEmpty(), importFailures.size() + " models failed to import:\n" + String.join("\n", importFailures));
        assertTrue(summaryFailures.isEmpty(), summaryFailures.size() + " models failed to summarise:\n" + String.join("\n", summaryFailures));

        List<String> unexpected = new ArrayList<>();
        problems.forEach((rel, ps) -> {
            String fragment = ALLOWED_PROBLEMS.get(rel);
            for (Problem pr : ps) {
                if (fragment == null || !pr.toString().contains(fragment)) {
                    unexpected.add(rel + ": " + pr.kind() + " " + pr);
                }
            }
        });
        assertTrue(unexpected.isEmpty(), unexpected.size() + " unexpected validation problems:\n" + String.join("\n", unexpected));
        for (String rel : ALLOWED_PROBLEMS.keySet()) {
            assertTrue(problems.containsKey(rel), "allow-listed " + rel + " no longer reports a problem: remove it from the list");
        }
    }
}
