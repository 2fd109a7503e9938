package dev.modelx.oracle.onnxruntime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.modelx.exporter.onnx.OnnxExporter;
import dev.modelx.format.onnx.proto.OnnxProtos;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.SessionOptions;
import dev.modelx.runtime.value.Value;
import dev.modelx.verify.ModelSource;
import dev.modelx.verify.Oracle;
import dev.modelx.verify.OracleSession;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ONNX Runtime (CPU) as an oracle. Runs the ONNX file itself when the model was read from one, else modelx's ONNX
 * serialisation of the in-memory model. Sessions use basic graph optimisations only (constant folding and
 * redundant-node elimination keep the math; the fused contrib kernels of higher levels approximate sequences of
 * ops) and {@value #THREADS_PROPERTY} intra-op threads (default 1).
 * <p>
 * For bisection it reports intermediate values: every node output of the main graph is added as a graph output of
 * a second session, and fetched in batches of {@value #BATCH} in topological order, so at most one batch of
 * values is held at a time (each batch is one run of the model).
 */
public final class OnnxRuntimeOracle implements Oracle {

    public static final String NAME = "onnxruntime";
    public static final String THREADS_PROPERTY = "modelx.onnxruntime.threads";
    static final int BATCH = 64;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "ONNX Runtime " + env().getVersion() + " (CPU, basic graph optimisations)";
    }

    static OrtEnvironment env() {
        return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    }

    @Override
    public String whyNot(ModelSource source) {
        String f = source.format();
        if (source.file() == null || f.isEmpty() || f.equals("onnx")) {
            return null;
        }
        return "it runs ONNX models, and " + source.file() + " is " + f + " (running modelx's own conversion of it would not be an"
                + " independent check)";
    }

    static OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(Integer.getInteger(THREADS_PROPERTY, 1));
        o.setInterOpNumThreads(1);
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
        o.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        return o;
    }

    @Override
    public OracleSession open(ModelSource source, long seed) throws Exception {
        OrtEnvironment env = env();
        OrtSession session;
        try (OrtSession.SessionOptions o = options()) {
            boolean fromFile = source.file() != null && "onnx".equals(source.format());
            session = fromFile ? env.createSession(source.file().toString(), o)
                    : env.createSession(new OnnxExporter().toBytes(source.model()), o);
        }
        return new Opened(source.model(), session);
    }

    private static final class Opened implements OracleSession {
        private final Model model;
        private final OrtSession session;
        private OrtSession observing;

        Opened(Model model, OrtSession session) {
            this.model = model;
            this.session = session;
        }

        @Override
        public Map<String, Value> run(Map<String, Tensor> feeds) throws OrtException {
            return run(session, feeds, null);
        }

        @Override
        public boolean observesIntermediates() {
            return true;
        }

        @Override
        public Map<String, Value> run(Map<String, Tensor> feeds, SessionOptions.ValueObserver observer) throws Exception {
            if (observer == null) {
                return run(feeds);
            }
            List<Node> order = Graphs.topologicalOrder(model.graph());
            Map<String, Node> producer = new LinkedHashMap<>();
            for (Node n : order) {
                for (String o : n.outputs()) {
                    if (!o.isEmpty()) {
                        producer.putIfAbsent(o, n);
                    }
                }
            }
            if (observing == null) {
                OnnxProtos.ModelProto.Builder m = new OnnxExporter().toProto(model).toBuilder();
                OnnxProtos.GraphProto.Builder g = m.getGraphBuilder();
                Set<String> present = new HashSet<>();
                g.getOutputList().forEach(o -> present.add(o.getName()));
                for (String name : producer.keySet()) {
                    if (present.add(name)) {
                        g.addOutput(OnnxProtos.ValueInfoProto.newBuilder().setName(name));
                    }
                }
                try (OrtSession.SessionOptions o = options()) {
                    observing = env().createSession(m.build().toByteArray(), o);
                }
            }
            List<String> names = new ArrayList<>(producer.keySet());
            for (int start = 0; start < names.size(); start += BATCH) {
                List<String> batch = names.subList(start, Math.min(names.size(), start + BATCH));
                Map<String, Value> values = run(observing, feeds, new LinkedHashSet<>(batch));
                for (String name : batch) {
                    Value v = values.get(name);
                    if (v != null) {
                        observer.onOutput(producer.get(name), name, v);
                    }
                }
            }
            return run(feeds);
        }

        private static Map<String, Value> run(OrtSession s, Map<String, Tensor> feeds, Set<String> wanted) throws OrtException {
            OrtEnvironment env = env();
            Map<String, OnnxTensor> in = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, Tensor> e : feeds.entrySet()) {
                    in.put(e.getKey(), OrtValues.toOrt(env, e.getValue()));
                }
                Map<String, Value> out = new LinkedHashMap<>();
                try (OrtSession.Result r = wanted == null ? s.run(in) : s.run(in, wanted)) {
                    for (Map.Entry<String, OnnxValue> e : r) {
                        out.put(e.getKey(), OrtValues.fromOrt(e.getKey(), e.getValue()));
                    }
                }
                return out;
            } finally {
                for (OnnxTensor t : in.values()) {
                    t.close();
                }
            }
        }

        @Override
        public void close() {
            try {
                session.close();
                if (observing != null) {
                    observing.close();
                }
            } catch (OrtException e) {
                throw new IllegalStateException("closing the ONNX Runtime session: " + e.getMessage(), e);
            }
        }
    }
}
