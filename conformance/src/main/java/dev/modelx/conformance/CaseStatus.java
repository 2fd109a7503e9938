package dev.modelx.conformance;

import java.util.Locale;

/** The outcome of one backend test. */
public enum CaseStatus {
    PASSED,
    FAILED,
    SKIPPED,
    /** A random op's outputs differ from numpy's draws but are statistically plausible: checked, not passed. */
    STATISTICAL;

    /** Lower-case name as written in reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
