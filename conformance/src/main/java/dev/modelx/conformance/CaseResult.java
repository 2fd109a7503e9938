package dev.modelx.conformance;

import java.util.List;

/**
 * The result of one backend test.
 *
 * @param ops       op types of the model's main graph, most specific first (see {@link OpsUnderTest})
 * @param maxAbsErr largest absolute error over compared numeric elements; NaN when nothing was compared
 * @param maxRelErr largest relative error (over elements whose expected value is not 0); NaN when nothing was compared
 * @param reason    null for a pass; otherwise a one-line reason
 * @param known     the documented reason from known-failures.properties, or null
 * @param detail    the failure's stack trace when the run asked for them, or null
 */
public record CaseResult(String name, String folder, List<String> ops, CaseStatus status, double maxAbsErr,
                         double maxRelErr, String reason, long millis, String known, String detail) {

    public CaseResult {
        ops = List.copyOf(ops);
    }

    /** The op the test is counted under: the first of {@link #ops}, or "" when unknown. */
    public String op() {
        return ops.isEmpty() ? "" : ops.get(0);
    }

    public static CaseResult skipped(BackendCase c, String reason, String known) {
        return new CaseResult(c.name(), c.folder(), List.of(), CaseStatus.SKIPPED, Double.NaN, Double.NaN, reason, 0, known, null);
    }

    public CaseResult withKnown(String k) {
        return new CaseResult(name, folder, ops, status, maxAbsErr, maxRelErr, reason, millis, k, detail);
    }
}
