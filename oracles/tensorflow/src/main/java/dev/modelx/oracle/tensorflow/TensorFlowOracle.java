package dev.modelx.oracle.tensorflow;

import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;
import dev.modelx.verify.ModelSource;
import dev.modelx.verify.Oracle;
import dev.modelx.verify.OracleSession;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.GraphDef;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TensorFlow (TF Java 1.1.0, TF 2.18 runtime, CPU) as an oracle: runs the original SavedModel folder (tag "serve",
 * signature "serving_default" or the first one) or frozen GraphDef file that a model was read from. Inputs and
 * outputs are found by the modelx model's names: a signature key, or a tensor name ({@code op:0} or {@code op}).
 * Set {@code TF_ENABLE_ONEDNN_OPTS=0} for stable float results (the ./modelx launcher does). It does not report
 * intermediate values; bisection then runs the source on the reference runtime.
 */
public final class TensorFlowOracle implements Oracle {

    public static final String NAME = "tensorflow";
    public static final String TAG = "serve";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "TensorFlow " + TensorFlow.version() + " (TF Java, CPU)";
    }

    private static boolean savedModel(ModelSource s) {
        return s.format().equals("tf-savedmodel") || s.file() != null && Files.isRegularFile(s.file().resolve("saved_model.pb"));
    }

    private static boolean graphDef(ModelSource s) {
        return s.format().equals("tf-graphdef") || s.format().isEmpty() && s.file() != null && s.file().toString().endsWith(".pb");
    }

    @Override
    public String whyNot(ModelSource source) {
        if (source.file() == null) {
            return "it runs TensorFlow SavedModel folders and frozen GraphDef files, and this model was built in code";
        }
        if (savedModel(source) || graphDef(source)) {
            return null;
        }
        return "it runs TensorFlow SavedModel folders and frozen GraphDef files, and " + source.file() + " is "
                + source.formatOrDefault();
    }

    @Override
    public OracleSession open(ModelSource source, long seed) throws Exception {
        Path file = source.file();
        List<String> inputs = source.model().graph().feedInputs().stream().map(ValueInfo::name).toList();
        List<String> outputs = source.model().graph().outputs().stream().map(ValueInfo::name).toList();
        if (savedModel(source)) {
            SavedModelBundle bundle = SavedModelBundle.load(file.toString(), TAG);
            Signature sig = null;
            for (Signature s : bundle.signatures()) {
                if (s.key().equals(Signature.DEFAULT_KEY) || sig == null) {
                    sig = s;
                }
            }
            Map<String, String> feed = names(inputs, sig == null ? Map.of() : sig.getInputs());
            Map<String, String> fetch = names(outputs, sig == null ? Map.of() : sig.getOutputs());
            return new Opened(bundle.session(), feed, fetch, bundle);
        }
        Graph g = new Graph();
        try {
            g.importGraphDef(GraphDef.parseFrom(Files.readAllBytes(file)));
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
        Session s = new Session(g);
        return new Opened(s, names(inputs, Map.of()), names(outputs, Map.of()), () -> {
            s.close();
            g.close();
        });
    }

    /** Each modelx name to the TF tensor it stands for: a signature key's tensor, a signature tensor of that name, or itself. */
    private static Map<String, String> names(List<String> modelxNames, Map<String, Signature.TensorDescription> signature) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : modelxNames) {
            String tf = n;
            Signature.TensorDescription d = signature.get(n);
            if (d != null) {
                tf = d.name;
            } else {
                for (Signature.TensorDescription x : signature.values()) {
                    if (x.name.equals(n) || x.name.equals(n + ":0")) {
                        tf = x.name;
                    }
                }
            }
            out.put(n, tf);
        }
        return out;
    }

    private static final class Opened implements OracleSession {
        private final Session session;
        private final Map<String, String> feed;
        private final Map<String, String> fetch;
        private final AutoCloseable owner;

        Opened(Session session, Map<String, String> feed, Map<String, String> fetch, AutoCloseable owner) {
            this.session = session;
            this.feed = feed;
            this.fetch = fetch;
            this.owner = owner;
        }

        @Override
        public Map<String, Value> run(Map<String, Tensor> feeds) {
            List<org.tensorflow.Tensor> in = new ArrayList<>();
            try {
                Session.Runner runner = session.runner();
                for (Map.Entry<String, Tensor> e : feeds.entrySet()) {
                    org.tensorflow.Tensor t = TfValues.toTf(e.getValue());
                    in.add(t);
                    runner.feed(feed.getOrDefault(e.getKey(), e.getKey()), t);
                }
                List<String> names = new ArrayList<>(fetch.keySet());
                for (String n : names) {
                    runner.fetch(fetch.get(n));
                }
                Map<String, Value> out = new LinkedHashMap<>();
                try (Result r = runner.run()) {
                    for (int i = 0; i < names.size(); i++) {
                        out.put(names.get(i), new TensorValue(TfValues.fromTf(r.get(i))));
                    }
                }
                return out;
            } finally {
                in.forEach(org.tensorflow.Tensor::close);
            }
        }

        @Override
        public void close() {
            try {
                owner.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the TensorFlow session: " + e.getMessage(), e);
            }
        }
    }
}
