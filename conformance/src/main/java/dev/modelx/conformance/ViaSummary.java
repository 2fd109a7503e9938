package dev.modelx.conformance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counts of a run through another format ({@link ViaFormat}): tests whose ops the exporter covers (passed, failed,
 * checked by statistics), tests it does not cover (skipped, by the ops it lacks), and the commonest failure reasons.
 * A covered test fails either at export (the exporter declines that use of the op with a reason: "export refused: ...",
 * e.g. axes given as a graph input where the format needs a constant) or after it (the written model does not load,
 * run or match).
 *
 * @param covered      tests whose every op the exporter covers (passed + failed + statistical)
 * @param passed       covered and passed
 * @param failed       covered and failed (refused + failed after export)
 * @param refused      covered, but the exporter declined to write the model, saying why
 * @param statistical  covered, random ops checked by statistics
 * @param notCovered   skipped because the exporter lacks an op
 * @param otherSkipped skipped for another reason (no data, URL only)
 */
public record ViaSummary(int covered, int passed, int failed, int refused, int statistical, int notCovered, int otherSkipped) {

    /** How the reason of a test starts when the exporter declined to write its model. */
    public static final String REFUSED = "export refused: ";

    public static ViaSummary of(ConformanceReport r) {
        return of(r.cases());
    }

    public static ViaSummary of(List<CaseResult> cases) {
        int passed = 0;
        int failed = 0;
        int statistical = 0;
        int refused = 0;
        int notCovered = 0;
        int other = 0;
        for (CaseResult c : cases) {
            switch (c.status()) {
                case PASSED -> passed++;
                case FAILED -> {
                    failed++;
                    if (c.reason() != null && c.reason().startsWith(REFUSED)) {
                        refused++;
                    }
                }
                case STATISTICAL -> statistical++;
                case SKIPPED -> {
                    if (isNotCovered(c)) {
                        notCovered++;
                    } else {
                        other++;
                    }
                }
            }
        }
        return new ViaSummary(passed + failed + statistical, passed, failed, refused, statistical, notCovered, other);
    }

    /** Covered tests that were written, run and compared: passed, statistical, and failed after export. */
    public int exported() {
        return covered - refused;
    }

    /**
     * One line: "ops covered N tests: P passed, F failed (R refused at export, W after export)[, S checked by
     * statistics]; not covered N[; skipped for other reasons N]".
     */
    public String line() {
        return "ops covered " + covered + " tests: " + passed + " passed, " + failed + " failed (" + refused + " refused at export, "
                + (failed - refused) + " after export)" + (statistical > 0 ? ", " + statistical + " checked by statistics" : "")
                + "; not covered " + notCovered + (otherSkipped > 0 ? "; skipped for other reasons " + otherSkipped : "");
    }

    static boolean isNotCovered(CaseResult c) {
        return c.status() == CaseStatus.SKIPPED && c.reason() != null && c.reason().startsWith(ViaFormat.NOT_COVERED);
    }

    /** The ops a not-covered test lacks (empty for any other result). */
    public static List<String> missingOps(CaseResult c) {
        if (!isNotCovered(c)) {
            return List.of();
        }
        int at = c.reason().indexOf(": ops ");
        if (at < 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String op : c.reason().substring(at + 6).split(", ")) {
            if (!op.isBlank()) {
                out.add(op.strip());
            }
        }
        return out;
    }

    /** Missing op to the number of tests it keeps from being covered, most first (ties by name), at most {@code n}. */
    public static Map<String, Integer> topMissingOps(List<CaseResult> cases, int n) {
        Map<String, Integer> counts = new TreeMap<>();
        for (CaseResult c : cases) {
            for (String op : missingOps(c)) {
                counts.merge(op, 1, Integer::sum);
            }
        }
        return top(counts, n);
    }

    /** Failure reasons with their details (numbers, quoted names) blanked, to their counts, most first, at most {@code n}. */
    public static Map<String, Integer> topFailureReasons(List<CaseResult> cases, int n) {
        Map<String, Integer> counts = new TreeMap<>();
        for (CaseResult c : cases) {
            if (c.status() == CaseStatus.FAILED) {
                counts.merge(reasonKind(c.reason()), 1, Integer::sum);
            }
        }
        return top(counts, n);
    }

    /** A failure reason with the parts that vary from test to test blanked, so that like failures group together. */
    static String reasonKind(String reason) {
        if (reason == null) {
            return "(no reason)";
        }
        String s = reason.replaceFirst("^data set \\d+: ", "")
                // TensorFlow's messages: the node, its op signature and the kernel list vary; the first clause says what
                .replaceFirst("(; NodeDef: | for '\\{\\{node | with input shapes:| Registered devices:| \\[\\[\\{\\{node ).*$", "")
                .replaceAll("\\{\\{node [^}]*\\}\\}", "{{node …}}")
                .replaceAll("'[^']*'", "'…'")
                .replaceAll("\\[[^\\]]*\\]", "[…]")
                .replaceAll("(?<![A-Za-z_\\d.])-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?", "#");
        return s.length() > 140 ? s.substring(0, 137) + "..." : s;
    }

    private static Map<String, Integer> top(Map<String, Integer> counts, int n) {
        List<Map.Entry<String, Integer>> list = new ArrayList<>(counts.entrySet());
        list.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : list) {
            if (out.size() >= n) {
                break;
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }
}
