package dev.modelx.runtime;

import dev.modelx.graph.Node;
import dev.modelx.runtime.value.Value;

/** Settings of a {@link Session}: the random seed, the kernel registry, and an optional observer of every value. */
public final class SessionOptions {

    /** Sees each node's outputs as they are computed (used by verification to find the first divergence). */
    @FunctionalInterface
    public interface ValueObserver {
        void onOutput(Node node, String name, Value value);
    }

    private long seed = 0;
    private KernelRegistry registry;
    private ValueObserver observer;

    public static SessionOptions defaults() {
        return new SessionOptions();
    }

    public long seed() {
        return seed;
    }

    public SessionOptions seed(long s) {
        this.seed = s;
        return this;
    }

    public KernelRegistry registry() {
        return registry != null ? registry : Kernels.defaultRegistry();
    }

    public SessionOptions registry(KernelRegistry r) {
        this.registry = r;
        return this;
    }

    public ValueObserver observer() {
        return observer;
    }

    public SessionOptions observer(ValueObserver o) {
        this.observer = o;
        return this;
    }
}
