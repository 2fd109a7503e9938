package dev.modelx.runtime.kernels.fast;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs independent tasks 0..count-1 on a fork/join pool. The kernels give every task its own slice of the
 * output, so results never depend on how many threads there are or which thread ran what.
 */
public final class Parallel {

    private static final class Shared {
        static final Parallel INSTANCE = new Parallel(newPool(Runtime.getRuntime().availableProcessors()));
    }

    private final ForkJoinPool pool;

    private Parallel(ForkJoinPool pool) {
        this.pool = pool;
    }

    /** The pool shared by all fast kernels, one daemon thread per available processor (created on first use). */
    public static Parallel shared() {
        return Shared.INSTANCE;
    }

    /** Runs every task on the calling thread. */
    public static Parallel serial() {
        return new Parallel(null);
    }

    /** Runs the tasks on {@code pool}. */
    public static Parallel on(ForkJoinPool pool) {
        return new Parallel(pool);
    }

    /** A pool of {@code threads} daemon worker threads named modelx-kernels-N. */
    public static ForkJoinPool newPool(int threads) {
        AtomicInteger id = new AtomicInteger();
        return new ForkJoinPool(Math.max(1, threads), p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("modelx-kernels-" + id.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    public int threads() {
        return pool == null ? 1 : pool.getParallelism();
    }

    /** Runs {@code body} for every task index in [0, count) and returns when all are done. */
    public void forEach(int count, IntConsumer body) {
        if (pool == null || count <= 1 || pool.getParallelism() == 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        Range all = new Range(0, count, body);
        if (ForkJoinTask.getPool() == pool) {
            all.invoke();
        } else {
            pool.invoke(all);
        }
    }

    private static final class Range extends RecursiveAction {
        private final int from;
        private final int to;
        private final IntConsumer body;

        Range(int from, int to, IntConsumer body) {
            this.from = from;
            this.to = to;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                body.accept(from);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Range(from, mid, body), new Range(mid, to, body));
        }
    }
}
