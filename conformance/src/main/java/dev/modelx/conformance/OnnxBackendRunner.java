package dev.modelx.conformance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Runs the ONNX backend tests against the ONNX importer and the reference runtime.
 * <p>
 * Cases run in parallel on {@link TimeLimitedWorkers.Limits#threads} workers; the report lists them in discovery order
 * whatever order they finish in. Each case has a time limit: a case still running when it expires is reported as
 * failed, its thread interrupted and, if it has not stopped after a grace period, stopped, so one hung kernel cannot
 * stall the run ({@link TimeLimitedWorkers}).
 * Light models (whole networks) run first, each alone, since they take longest and need the most memory (vgg19 needs
 * more than 2 GiB of heap in the reference runtime), with their own, longer time limit.
 * <p>
 * With {@link Builder#via}, each test's model is exported to another format and the written model is what runs and
 * is compared (see {@link ViaFormat}); tests using ops the exporter does not cover are skipped.
 */
public final class OnnxBackendRunner {

    private final Path data;
    private final Set<String> folders;
    private final Pattern filter;
    private final Tolerances tolerances;
    private final KnownFailures known;
    private final boolean stackTraces;
    private final ViaFormat via;
    private final Integer targetOpset;
    private final TimeLimitedWorkers workers;

    private OnnxBackendRunner(Builder b, TimeLimitedWorkers workers) {
        this.data = b.data;
        this.folders = Set.copyOf(b.folders);
        this.filter = b.filter;
        this.tolerances = b.tolerances;
        this.known = b.known;
        this.stackTraces = b.stackTraces;
        this.via = b.via;
        this.targetOpset = b.targetOpset;
        this.workers = workers;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Also takes the worker count and time limits ({@link TimeLimitedWorkers.Limits}; light models get the longer one). */
    public static final class Builder extends TimeLimitedWorkers.Limits<Builder> {
        private Path data = BackendCorpus.defaultDataDir();
        private final Set<String> folders = new LinkedHashSet<>();
        private Pattern filter;
        private Tolerances tolerances = Tolerances.bundled();
        private KnownFailures known = KnownFailures.bundled();
        private boolean stackTraces;
        private ViaFormat via;
        private Integer targetOpset;

        /** The folder holding node/, simple/, ... (default {@code Corpus.onnxBackendTests()}). */
        public Builder data(Path d) {
            this.data = d;
            return this;
        }

        /** Only these folders (default: all). */
        public Builder folders(Collection<String> f) {
            folders.clear();
            folders.addAll(f);
            return this;
        }

        /** Only tests whose name the pattern finds (default: all). */
        public Builder filter(Pattern p) {
            this.filter = p;
            return this;
        }

        public Builder tolerances(Tolerances t) {
            this.tolerances = t;
            return this;
        }

        public Builder knownFailures(KnownFailures k) {
            this.known = k;
            return this;
        }

        /** Keep each failure's stack trace in {@link CaseResult#detail()}. */
        public Builder stackTraces(boolean s) {
            this.stackTraces = s;
            return this;
        }

        /**
         * Export each test's model to {@code format} (tf-savedmodel, tf-graphdef, paddle, paddle-pir, onnx) and run
         * the written model: in TensorFlow when its oracle is on the class path (TF formats), otherwise re-imported
         * on the reference runtime. Null: the imported model runs directly (the default).
         */
        public Builder via(String format) {
            this.via = format == null ? null : ViaFormat.of(format);
            return this;
        }

        /** Like {@link #via(String)}, with a prepared {@link ViaFormat} (e.g. one that never uses an oracle). */
        public Builder via(ViaFormat v) {
            this.via = v;
            return this;
        }

        /**
         * Convert each test's model to this ai.onnx op set (dev.modelx.passes.opset) before running it; a model the
         * converter refuses is skipped with the converter's reason. Null: run at the model's own op set.
         */
        public Builder targetOpset(Integer opset) {
            this.targetOpset = opset;
            return this;
        }

        public OnnxBackendRunner build() {
            return new OnnxBackendRunner(this, workers("conformance"));
        }
    }

    /** The format the tests go through, or null when the imported models run directly. */
    public ViaFormat via() {
        return via;
    }

    /** The cases this runner would run, in report order. */
    public List<BackendCase> cases() {
        return BackendCorpus.discover(data, folders, filter);
    }

    public ConformanceReport run() {
        return run(ConformanceListener.NONE);
    }

    public ConformanceReport run(ConformanceListener listener) {
        long start = System.nanoTime();
        List<BackendCase> cases = cases();
        List<CaseResult> results;
        try {
            // light models first, each alone (they take longest and need the most memory); then the rest in parallel
            results = workers.run(executionOrder(cases), new CaseJobs(cases, listener));
        } finally {
            if (via != null) {
                via.cleanUp();
            }
        }
        long wall = (System.nanoTime() - start) / 1_000_000;
        if (via != null) {
            return new ConformanceReport(data.toString(), results, wall, workers.threads(), via.format(), via.describe());
        }
        return new ConformanceReport(data.toString(), results, wall, workers.threads());
    }

    /** The cases of one {@link #run} as jobs: each result carries its documented known failure where that applies. */
    private final class CaseJobs implements TimeLimitedWorkers.Jobs<CaseResult> {
        final List<BackendCase> cases;
        final ConformanceListener listener;
        final CaseRunner runner = new CaseRunner(tolerances, stackTraces, via, targetOpset);

        CaseJobs(List<BackendCase> cases, ConformanceListener listener) {
            this.cases = cases;
            this.listener = listener;
        }

        @Override
        public int count() {
            return cases.size();
        }

        @Override
        public boolean heavy(int index) {
            return cases.get(index).heavy();
        }

        @Override
        public String threadName(int index) {
            return "conformance-" + cases.get(index).name();
        }

        @Override
        public CaseResult run(int index, Consumer<List<String>> opsSeen) {
            BackendCase c = cases.get(index);
            return withKnown(c, runner.run(c, opsSeen));
        }

        @Override
        public CaseResult timedOut(int index, List<String> opsSeen, String reason, long millis, Thread worker) {
            BackendCase c = cases.get(index);
            return withKnown(c, new CaseResult(c.name(), c.folder(), opsSeen, CaseStatus.FAILED, Double.NaN, Double.NaN, reason,
                    millis, null, stackTraces ? TimeLimitedWorkers.whereStuck(worker) : null));
        }

        @Override
        public void started(int index) {
            listener.caseStarted(cases.get(index), index, cases.size());
        }

        @Override
        public void finished(int index, CaseResult result) {
            listener.caseFinished(result, index, cases.size());
        }

        private CaseResult withKnown(BackendCase c, CaseResult r) {
            // the documented reasons are the reference runtime's: in a via run they explain only failures there
            boolean knownApplies = via == null ? r.status() == CaseStatus.FAILED || r.status() == CaseStatus.SKIPPED
                    : !via.runsInOracle() && r.status() == CaseStatus.FAILED;
            return knownApplies ? known.reason(c.name()).map(r::withKnown).orElse(r) : r;
        }
    }

    /** Indices of {@code cases} in the order to start them: the light models first, then the rest in report order. */
    static List<Integer> executionOrder(List<BackendCase> cases) {
        List<Integer> order = new ArrayList<>(cases.size());
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < cases.size(); i++) {
                if (cases.get(i).heavy() == (pass == 0)) {
                    order.add(i);
                }
            }
        }
        return order;
    }
}
