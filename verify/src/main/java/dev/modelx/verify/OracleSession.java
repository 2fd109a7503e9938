package dev.modelx.verify;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.SessionOptions;
import dev.modelx.runtime.value.Value;

import java.util.Map;

/** A model opened by an {@link Oracle}, run once or more. */
public interface OracleSession extends AutoCloseable {

    /** Runs with {@code feeds} (by graph input name) and returns every graph output by name. */
    Map<String, Value> run(Map<String, Tensor> feeds) throws Exception;

    /** True when {@link #run(Map, SessionOptions.ValueObserver)} reports intermediate values (needed to bisect). */
    default boolean observesIntermediates() {
        return false;
    }

    /**
     * Runs like {@link #run(Map)}, handing every node output of the main graph to {@code observer} as it is
     * computed, with the node of the session's model that produced it.
     */
    default Map<String, Value> run(Map<String, Tensor> feeds, SessionOptions.ValueObserver observer) throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not report intermediate values");
    }

    @Override
    void close();
}
