package dev.modelx.conformance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Runs the ONNX backend tests against the ONNX importer and the reference runtime.
 * <p>
 * Cases run in parallel on {@link Builder#threads} workers; the report lists them in discovery order whatever order
 * they finish in. Each case has a time limit: a case still running when it expires is reported as failed, its thread
 * interrupted and, if it has not stopped after a grace period, stopped, so one hung kernel cannot stall the run.
 * Light models (whole networks) run first, each alone, since they take longest and need the most memory (vgg19 needs
 * more than 2 GiB of heap in the reference runtime), with their own, longer time limit.
 * <p>
 * With {@link Builder#via}, each test's model is exported to another format and the written model is what runs and
 * is compared (see {@link ViaFormat}); tests using ops the exporter does not cover are skipped.
 */
public final class OnnxBackendRunner {

    private static final long STOP_GRACE_MILLIS = 5_000;

    private final Path data;
    private final Set<String> folders;
    private final Pattern filter;
    private final int threads;
    private final Duration timeout;
    private final Duration heavyTimeout;
    private final Tolerances tolerances;
    private final KnownFailures known;
    private final boolean stackTraces;
    private final ViaFormat via;
    private final Integer targetOpset;

    private OnnxBackendRunner(Builder b) {
        this.data = b.data;
        this.folders = Set.copyOf(b.folders);
        this.filter = b.filter;
        this.threads = b.threads;
        this.timeout = b.timeout;
        this.heavyTimeout = b.heavyTimeout;
        this.tolerances = b.tolerances;
        this.known = b.known;
        this.stackTraces = b.stackTraces;
        this.via = b.via;
        this.targetOpset = b.targetOpset;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Path data = BackendCorpus.defaultDataDir();
        private final Set<String> folders = new LinkedHashSet<>();
        private Pattern filter;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Duration timeout = Duration.ofSeconds(60);
        private Duration heavyTimeout = Duration.ofMinutes(5);
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

        /** Parallel workers (default: available processors). */
        public Builder threads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + n);
            }
            this.threads = n;
            return this;
        }

        /** Time limit of one case (default 60 s). */
        public Builder timeout(Duration d) {
            this.timeout = d;
            return this;
        }

        /** Time limit of one light model (default 5 min). */
        public Builder heavyTimeout(Duration d) {
            this.heavyTimeout = d;
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
            return new OnnxBackendRunner(this);
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
        Execution run = new Execution(cases, listener);
        try {
            // light models first, each alone (they take longest and need the most memory); then the rest in parallel
            for (int index : executionOrder(cases)) {
                run.workers.acquireUninterruptibly(run.weight(index));
                run.start(index);
            }
            awaitUninterruptibly(run.done);
        } finally {
            run.watchdog.shutdownNow();
            if (via != null) {
                via.cleanUp();
            }
        }
        long wall = (System.nanoTime() - start) / 1_000_000;
        if (via != null) {
            return new ConformanceReport(data.toString(), List.of(run.results), wall, threads, via.format(), via.describe());
        }
        return new ConformanceReport(data.toString(), List.of(run.results), wall, threads);
    }

    /** The state of one {@link #run}: worker permits, results by report index, the watchdog. */
    private final class Execution {
        final List<BackendCase> cases;
        final ConformanceListener listener;
        final CaseResult[] results;
        final Semaphore workers = new Semaphore(threads);
        final CountDownLatch done;
        final CaseRunner runner = new CaseRunner(tolerances, stackTraces, via, targetOpset);
        final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "conformance-watchdog");
            t.setDaemon(true);
            return t;
        });

        Execution(List<BackendCase> cases, ConformanceListener listener) {
            this.cases = cases;
            this.listener = listener;
            this.results = new CaseResult[cases.size()];
            this.done = new CountDownLatch(cases.size());
        }

        /** Worker permits case {@code index} holds while it runs: all of them for a light model, so it runs alone. */
        int weight(int index) {
            return cases.get(index).heavy() ? threads : 1;
        }

        /** Starts case {@code index} on a thread of its own; its {@link #weight} in permits is held already. */
        void start(int index) {
            BackendCase c = cases.get(index);
            int total = cases.size();
            AtomicReference<List<String>> ops = new AtomicReference<>(List.of());
            AtomicBoolean finished = new AtomicBoolean();
            Consumer<CaseResult> complete = r -> {
                if (!finished.compareAndSet(false, true)) {
                    return;
                }
                // the documented reasons are the reference runtime's: in a via run they explain only failures there
                boolean knownApplies = via == null ? r.status() == CaseStatus.FAILED || r.status() == CaseStatus.SKIPPED
                        : !via.runsInOracle() && r.status() == CaseStatus.FAILED;
                CaseResult withKnown = knownApplies ? known.reason(c.name()).map(r::withKnown).orElse(r) : r;
                results[index] = withKnown;
                synchronized (this) {
                    listener.caseFinished(withKnown, index, total);
                }
                workers.release(weight(index));
                done.countDown();
            };
            synchronized (this) {
                listener.caseStarted(c, index, total);
            }
            Thread worker = new Thread(() -> complete.accept(runner.run(c, ops::set)), "conformance-" + c.name());
            worker.setDaemon(true);
            Duration limit = c.heavy() ? heavyTimeout : timeout;
            long begun = System.nanoTime();
            worker.start();
            watchdog.schedule(() -> {
                if (finished.get()) {
                    return;
                }
                long millis = (System.nanoTime() - begun) / 1_000_000;
                complete.accept(new CaseResult(c.name(), c.folder(), ops.get(), CaseStatus.FAILED, Double.NaN, Double.NaN,
                        "timed out after " + limit.toSeconds() + " s", millis, null, stackTraces ? whereStuck(worker) : null));
                worker.interrupt();
                watchdog.schedule(() -> stop(worker), STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }, limit.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Where a timed-out case's thread is, for the stack-trace option. */
    private static String whereStuck(Thread t) {
        StringBuilder sb = new StringBuilder("still running at:\n");
        for (StackTraceElement e : t.getStackTrace()) {
            sb.append("\tat ").append(e).append('\n');
        }
        return sb.toString();
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

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Last resort against a kernel that ignores interruption: on JDK 17 Thread.stop still works. */
    @SuppressWarnings({"removal", "deprecation"})
    private static void stop(Thread t) {
        if (t.isAlive()) {
            try {
                t.stop();
            } catch (UnsupportedOperationException e) {
                // newer JDKs: the thread runs on as a daemon until it ends by itself
            }
        }
    }
}
