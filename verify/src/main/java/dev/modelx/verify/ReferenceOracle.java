package dev.modelx.verify;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.SessionOptions;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.util.LinkedHashMap;
import java.util.Map;

/** The built-in oracle: modelx's reference CPU runtime, which runs any model the graph model holds. */
public final class ReferenceOracle implements Oracle {

    public static final String NAME = "reference";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "modelx reference runtime (CPU)";
    }

    @Override
    public String whyNot(ModelSource source) {
        return null;
    }

    @Override
    public OracleSession open(ModelSource source, long seed) {
        // Created once to report every unsupported op up front.
        dev.modelx.runtime.Session.create(source.model(), SessionOptions.defaults().seed(seed)).close();
        return new Session(source, seed);
    }

    /** An opened model: each run builds its own (cheap) runtime session, carrying that run's observer. */
    static final class Session implements OracleSession {
        private final ModelSource source;
        private final long seed;

        Session(ModelSource source, long seed) {
            this.source = source;
            this.seed = seed;
        }

        @Override
        public Map<String, Value> run(Map<String, Tensor> feeds) {
            return run(feeds, null);
        }

        @Override
        public boolean observesIntermediates() {
            return true;
        }

        @Override
        public Map<String, Value> run(Map<String, Tensor> feeds, SessionOptions.ValueObserver observer) {
            Map<String, Value> in = new LinkedHashMap<>();
            feeds.forEach((k, v) -> in.put(k, new TensorValue(v)));
            try (dev.modelx.runtime.Session s = dev.modelx.runtime.Session.create(source.model(),
                    SessionOptions.defaults().seed(seed).observer(observer))) {
                return s.run(in);
            }
        }

        @Override
        public void close() {
        }
    }
}
