package dev.modelx.conformance;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs numbered jobs on threads of their own, at most {@code threads} at once, each under a time limit: the loop of
 * {@link OnnxBackendRunner} and of the conformance matrix. A heavy job holds every worker permit, so it runs alone, and
 * gets the longer limit. A job still running when its limit expires is completed with its {@link Jobs#timedOut} result,
 * its thread interrupted and, if it has not stopped after a grace period, stopped, so one hung kernel cannot stall the
 * run. Results come back by job index whatever order the jobs finish in; start and finish calls are serialised.
 */
public final class TimeLimitedWorkers {

    private static final long STOP_GRACE_MILLIS = 5_000;

    /** The jobs of one run, by index. */
    public interface Jobs<R> {

        int count();

        /** A heavy job runs alone, under the heavy time limit. */
        boolean heavy(int index);

        String threadName(int index);

        /** Runs job {@code index} on its worker thread; it passes the ops found so far to {@code opsSeen}. */
        R run(int index, Consumer<List<String>> opsSeen);

        /** The result of job {@code index} when its limit expired; {@code worker} is its thread, still running. */
        R timedOut(int index, List<String> opsSeen, String reason, long millis, Thread worker);

        default void started(int index) {
        }

        default void finished(int index, R result) {
        }
    }

    /** The settings of a builder whose runs go through these workers; {@code B} is that builder. */
    public abstract static class Limits<B extends Limits<B>> {
        private int threads = Runtime.getRuntime().availableProcessors();
        private Duration timeout = Duration.ofSeconds(60);
        private Duration heavyTimeout = Duration.ofMinutes(5);

        /** Parallel workers (default: available processors). */
        public B threads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + n);
            }
            this.threads = n;
            return self();
        }

        /** Time limit of one case or cell (default 60 s). */
        public B timeout(Duration d) {
            this.timeout = d;
            return self();
        }

        /** Time limit of one heavy model's case or cell (default 5 min). */
        public B heavyTimeout(Duration d) {
            this.heavyTimeout = d;
            return self();
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** Workers with these settings; {@code name} prefixes the watchdog thread's name. */
        protected TimeLimitedWorkers workers(String name) {
            return new TimeLimitedWorkers(name, threads, timeout, heavyTimeout);
        }
    }

    private final String name;
    private final int threads;
    private final Duration timeout;
    private final Duration heavyTimeout;

    private TimeLimitedWorkers(String name, int threads, Duration timeout, Duration heavyTimeout) {
        this.name = name;
        this.threads = threads;
        this.timeout = timeout;
        this.heavyTimeout = heavyTimeout;
    }

    public int threads() {
        return threads;
    }

    /** Starts the jobs in {@code order} (every index once) and returns their results by index once all have ended. */
    public <R> List<R> run(List<Integer> order, Jobs<R> jobs) {
        Execution<R> ex = new Execution<>(jobs);
        try {
            for (int index : order) {
                ex.workers.acquireUninterruptibly(ex.weight(index));
                ex.start(index);
            }
            awaitUninterruptibly(ex.done);
        } finally {
            ex.watchdog.shutdownNow();
        }
        return List.of(ex.results);
    }

    /** The state of one {@link #run}: worker permits, results by index, the watchdog. */
    private final class Execution<R> {
        final Jobs<R> jobs;
        final R[] results;
        final Semaphore workers = new Semaphore(threads);
        final CountDownLatch done;
        final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-watchdog");
            t.setDaemon(true);
            return t;
        });

        @SuppressWarnings("unchecked")
        Execution(Jobs<R> jobs) {
            this.jobs = jobs;
            this.results = (R[]) new Object[jobs.count()];
            this.done = new CountDownLatch(jobs.count());
        }

        /** Worker permits job {@code index} holds while it runs: all of them for a heavy job, so it runs alone. */
        int weight(int index) {
            return jobs.heavy(index) ? threads : 1;
        }

        /** Starts job {@code index} on a thread of its own; its {@link #weight} in permits is held already. */
        void start(int index) {
            AtomicReference<List<String>> ops = new AtomicReference<>(List.of());
            AtomicBoolean finished = new AtomicBoolean();
            Consumer<R> complete = r -> {
                if (!finished.compareAndSet(false, true)) {
                    return;
                }
                results[index] = r;
                synchronized (this) {
                    jobs.finished(index, r);
                }
                workers.release(weight(index));
                done.countDown();
            };
            synchronized (this) {
                jobs.started(index);
            }
            Thread worker = new Thread(() -> complete.accept(jobs.run(index, ops::set)), jobs.threadName(index));
            worker.setDaemon(true);
            Duration limit = jobs.heavy(index) ? heavyTimeout : timeout;
            long begun = System.nanoTime();
            worker.start();
            watchdog.schedule(() -> {
                if (finished.get()) {
                    return;
                }
                long millis = (System.nanoTime() - begun) / 1_000_000;
                complete.accept(jobs.timedOut(index, ops.get(), "timed out after " + limit.toSeconds() + " s", millis, worker));
                worker.interrupt();
                watchdog.schedule(() -> stop(worker), STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }, limit.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Where a timed-out job's thread is, for stack-trace options. */
    public static String whereStuck(Thread t) {
        StringBuilder sb = new StringBuilder("still running at:\n");
        for (StackTraceElement e : t.getStackTrace()) {
            sb.append("\tat ").append(e).append('\n');
        }
        return sb.toString();
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
