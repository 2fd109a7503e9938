package dev.modelx.passes.precision;

import java.util.List;

/**
 * What the automatic mode did: how many ops it could convert ({@code candidates}), how many trial
 * conversions it ran, which ops it kept in float32, and the largest deviation of the final model's outputs
 * from float32 over the samples, with the tolerance it was held to ({@code toleranceUsed}: the largest
 * {@code |error| / (atol + rtol * |float32|)} over all output elements; at most 1 when within tolerance).
 */
public record AutoReport(int candidates, int attempts, int samples, List<String> keptByAuto, double rtol, double atol,
                         double maxAbsError, double toleranceUsed, String worstOutput, boolean finalWithinTolerance) {

    public AutoReport {
        keptByAuto = List.copyOf(keptByAuto);
    }

    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "auto: %d of %d candidate ops kept in float32 after %d trial conversions on %d samples; max |error| %.3g on '%s' (%.0f%% of the tolerance rtol %.3g atol %.3g)%s",
                keptByAuto.size(), candidates, attempts, samples, maxAbsError, worstOutput, 100 * toleranceUsed, rtol, atol,
                finalWithinTolerance ? "" : " (NOT within tolerance)");
    }
}
