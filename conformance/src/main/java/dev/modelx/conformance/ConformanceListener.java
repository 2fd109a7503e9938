package dev.modelx.conformance;

/**
 * Hears of each case as it starts and finishes (for progress display). Calls come from worker threads but never
 * concurrently: the runner delivers them one at a time. {@code index} is the case's position in the report,
 * {@code total} the number of cases.
 */
public interface ConformanceListener {

    ConformanceListener NONE = new ConformanceListener() {
    };

    default void caseStarted(BackendCase c, int index, int total) {
    }

    default void caseFinished(CaseResult result, int index, int total) {
    }
}
