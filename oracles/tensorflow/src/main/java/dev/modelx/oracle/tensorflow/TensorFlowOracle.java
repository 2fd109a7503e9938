package dev.modelx.oracle.tensorflow;

import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;
import dev.modelx.verify.ModelSource;
import dev.modelx.verify.Oracle;
import dev.modelx.verify.OracleSession;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_Version;

/**
 * TensorFlow (the TF 2.18 runtime that TF Java 1.1.0 ships, CPU) as an oracle: runs the original SavedModel folder
 * (tag "serve", signature "serving_default" or the first one) or frozen GraphDef file that a model was read from.
 * Inputs and outputs are found by the modelx model's names: a signature key, or a tensor name ({@code op:0} or
 * {@code op}). Set {@code TF_ENABLE_ONEDNN_OPTS=0} for stable float results (the ./modelx launcher does). It does not
 * report intermediate values; bisection then runs the source on the reference runtime.
 *
 * <p>The session runs through TensorFlow's C API ({@link NativeSession}), not TF Java's {@code Session}: inputs and
 * outputs cross as raw tensor bytes, so every TensorFlow 2.18 element type is fed and fetched exactly, including those
 * TF Java has no tensor class for (int8, int16, uint32, uint64, float8 e4m3fn/e5m2, int4, uint4) and strings. The
 * model runs unchanged: no op is added to or rewritten in its graph.
 */
public final class TensorFlowOracle implements Oracle {

    public static final String NAME = "tensorflow";
    public static final String TAG = "serve";
    static final String DEFAULT_SIGNATURE = "serving_default";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "TensorFlow " + TF_Version().getString() + " (TF Java, CPU)";
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
            NativeSession s = NativeSession.loadSavedModel(file, TAG);
            SignatureDef sig = signature(s.metaGraph().getSignatureDefMap());
            return new Opened(s, names(inputs, sig == null ? Map.of() : sig.getInputsMap()),
                    names(outputs, sig == null ? Map.of() : sig.getOutputsMap()));
        }
        NativeSession s = NativeSession.importGraphDef(Files.readAllBytes(file));
        return new Opened(s, names(inputs, Map.of()), names(outputs, Map.of()));
    }

    /** The "serving_default" signature, else the first one; null when there is none. */
    private static SignatureDef signature(Map<String, SignatureDef> signatures) {
        SignatureDef d = signatures.get(DEFAULT_SIGNATURE);
        return d != null || signatures.isEmpty() ? d : signatures.values().iterator().next();
    }

    /** Each modelx name to the TF tensor it stands for: a signature key's tensor, a signature tensor of that name, or itself. */
    private static Map<String, String> names(List<String> modelxNames, Map<String, TensorInfo> signature) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : modelxNames) {
            String tf = n;
            TensorInfo d = signature.get(n);
            if (d != null) {
                tf = d.getName();
            } else {
                for (TensorInfo x : signature.values()) {
                    if (x.getName().equals(n) || x.getName().equals(n + ":0")) {
                        tf = x.getName();
                    }
                }
            }
            out.put(n, tf);
        }
        return out;
    }

    private static final class Opened implements OracleSession {
        private final NativeSession session;
        private final Map<String, String> feed;
        private final Map<String, String> fetch;

        Opened(NativeSession session, Map<String, String> feed, Map<String, String> fetch) {
            this.session = session;
            this.feed = feed;
            this.fetch = fetch;
        }

        @Override
        public Map<String, Value> run(Map<String, Tensor> feeds) {
            Map<String, Tensor> in = new LinkedHashMap<>();
            feeds.forEach((k, v) -> in.put(feed.getOrDefault(k, k), v));
            List<String> names = new ArrayList<>(fetch.keySet());
            List<Tensor> got = session.run(in, names.stream().map(fetch::get).toList());
            Map<String, Value> out = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                out.put(names.get(i), new TensorValue(got.get(i)));
            }
            return out;
        }

        @Override
        public void close() {
            session.close();
        }
    }
}
