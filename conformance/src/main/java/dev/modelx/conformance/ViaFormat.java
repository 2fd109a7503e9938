package dev.modelx.conformance;

import dev.modelx.exporter.tensorflow.TfGraphEmitter;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.UnsupportedOpsException;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.Formats;
import dev.modelx.graph.io.ModelExporter;
import dev.modelx.graph.io.ModelImporter;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.Session;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;
import dev.modelx.verify.ModelSource;
import dev.modelx.verify.NameMatching;
import dev.modelx.verify.Oracle;
import dev.modelx.verify.OracleSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The backend tests through another format ({@code modelx conformance onnx-backend --via FORMAT}): each test's
 * imported model is exported to FORMAT in a temporary folder, and the written model is run and compared with the
 * test's expected outputs.
 * <p>
 * Who runs it: for {@code tf-savedmodel} and {@code tf-graphdef}, TensorFlow itself when an {@link Oracle} named
 * "tensorflow" is on the class path (the oracles/tensorflow plug-in: the real judge); otherwise (and always for
 * {@code paddle}, {@code paddle-pir} and {@code onnx}, whose runtimes are not available here) the written model is
 * read back with FORMAT's importer and run on the reference runtime. {@link #ranIn()} says which, for reports.
 * <p>
 * Graph inputs and outputs are matched by name, else by position (exporters may sanitise names). A model using an op
 * the exporter does not cover ({@link UnsupportedOpsException}) is "not covered": skipped, with the ops in the reason.
 */
public final class ViaFormat {

    /** The formats a backend run can go through. */
    public static final List<String> FORMATS = List.of("tf-savedmodel", "tf-graphdef", "paddle", "paddle-pir", "onnx");

    /** The oracle that judges TensorFlow exports. */
    public static final String TENSORFLOW = "tensorflow";

    /** {@link #ranIn()} when the written model is read back and run by modelx. */
    public static final String REFERENCE_AFTER_REIMPORT = "reference runtime after re-import";

    /** How a not-covered case's reason starts: {@code not covered by the FORMAT exporter: ops A, B}. */
    static final String NOT_COVERED = "not covered by the ";

    private final String format;
    private final ModelExporter exporter;
    private final ModelImporter importer;
    private final Oracle oracle;
    private final String oracleDescription;
    private final String note;
    private final Object rootLock = new Object();
    private Path root;

    private ViaFormat(String format, ModelExporter exporter, ModelImporter importer, Oracle oracle, String oracleDescription,
                      String note) {
        this.format = format;
        this.exporter = exporter;
        this.importer = importer;
        this.oracle = oracle;
        this.oracleDescription = oracleDescription;
        this.note = note;
    }

    /** Through {@code format}, run in TensorFlow where that applies and its oracle is on the class path. */
    public static ViaFormat of(String format) {
        return of(format, true);
    }

    /**
     * Through {@code format}; {@code useOracle} false always re-imports and runs on the reference runtime (also for
     * TensorFlow formats when TensorFlow is available).
     */
    public static ViaFormat of(String format, boolean useOracle) {
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("Unknown --via format '" + format + "', expected one of " + FORMATS);
        }
        ModelExporter exporter = Formats.exporter(format);
        ModelImporter importer = Formats.importer(format);
        if (!isTensorFlow(format)) {
            return new ViaFormat(format, exporter, importer, null, null, null);
        }
        if (!useOracle) {
            return new ViaFormat(format, exporter, importer, null, null, null);
        }
        Oracle tf = null;
        try {
            for (Oracle o : ServiceLoader.load(Oracle.class)) {
                if (o.name().equals(TENSORFLOW)) {
                    tf = o;
                    break;
                }
            }
        } catch (java.util.ServiceConfigurationError e) {
            return new ViaFormat(format, exporter, importer, null, null, "the oracle plug-ins could not be loaded: " + e.getMessage());
        }
        if (tf == null) {
            return new ViaFormat(format, exporter, importer, null, null,
                    "TensorFlow Java is not on the class path (no oracle named '" + TENSORFLOW + "'; build oracles/tensorflow)");
        }
        String description;
        try {
            description = tf.description(); // loads the native library: a broken install shows here, not in every case
        } catch (Throwable t) {
            return new ViaFormat(format, exporter, importer, null, null,
                    "the TensorFlow oracle is on the class path but did not load: " + FailureReasons.oneLine(t));
        }
        return new ViaFormat(format, exporter, importer, tf, description, null);
    }

    static boolean isTensorFlow(String format) {
        return format.startsWith("tf-");
    }

    public String format() {
        return format;
    }

    /** True when TensorFlow runs the written models; false when they are re-imported and run on the reference runtime. */
    public boolean runsInOracle() {
        return oracle != null;
    }

    /** What runs the written models: "tensorflow" or "reference runtime after re-import". */
    public String ranIn() {
        return oracle != null ? oracle.name() : REFERENCE_AFTER_REIMPORT;
    }

    /** One line for reports: what runs the written models, and for TensorFlow formats why not TensorFlow if it does not. */
    public String describe() {
        if (oracle != null) {
            return "ran in: " + oracle.name() + " (" + oracleDescription + ")";
        }
        return "ran in: " + REFERENCE_AFTER_REIMPORT + " (" + format + " importer)" + (note != null ? "; " + note : "");
    }

    /** Why a TensorFlow format does not run in TensorFlow although asked to (TF Java missing or broken), or null. */
    public String note() {
        return note;
    }

    /** The file or folder a case's model is written to inside its own folder. */
    private Path target(Path caseDir) {
        return switch (format) {
            case "onnx" -> caseDir.resolve("model.onnx");
            case "tf-graphdef" -> caseDir.resolve("model.pb");
            default -> caseDir.resolve("model");
        };
    }

    /** A new empty folder for one case, under this run's temporary folder. */
    Path caseFolder(String caseName) throws IOException {
        synchronized (rootLock) {
            if (root == null || !Files.isDirectory(root)) {
                root = Files.createTempDirectory("modelx-via-" + format + "-");
            }
            return Files.createTempDirectory(root, caseName.replaceAll("[^A-Za-z0-9_.-]", "_") + "-");
        }
    }

    /** Removes this run's temporary folder (best effort: a case still running on a timed-out thread may hold files). */
    void cleanUp() {
        synchronized (rootLock) {
            if (root != null) {
                TempTrees.delete(root);
                root = null;
            }
        }
    }

    /** Writes {@code model} into {@code caseDir}; returns the written file or folder. */
    Path export(Model model, Path caseDir) throws IOException {
        Path out = target(caseDir);
        exporter.write(model, out, ExportOptions.defaults());
        return out;
    }

    /** The exporter's not-covered error in {@code t} or its causes, or null. */
    static UnsupportedOpsException unsupported(Throwable t) {
        for (Throwable x = t; x != null; x = x.getCause()) {
            if (x instanceof UnsupportedOpsException u) {
                return u;
            }
            if (x.getCause() == x) {
                break;
            }
        }
        return null;
    }

    /** The skip reason of a case whose model uses ops the exporter does not cover. */
    String notCovered(UnsupportedOpsException u) {
        return NOT_COVERED + format + " exporter: ops " + String.join(", ", u.sortedOps());
    }

    /**
     * Opens the model {@code written} from {@code original} for running: in TensorFlow, or re-imported and on the
     * reference runtime. Failures come as {@link ViaException}s whose message says where ("tensorflow: ...",
     * "re-import: ...").
     */
    Runner open(Model original, Path written) {
        return oracle != null ? openInOracle(original, written) : openReimported(original, written);
    }

    /** Runs an opened model: feeds and outputs by the original model's names. */
    interface Runner extends AutoCloseable {
        Map<String, Value> run(Map<String, Value> feeds);

        @Override
        void close();
    }

    /** A failure while opening or running the written model; the message already says where. */
    static final class ViaException extends RuntimeException {
        ViaException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Runner openReimported(Model original, Path written) {
        Model back;
        try {
            back = importer.read(written);
        } catch (Throwable t) {
            if (t instanceof ThreadDeath d) {
                throw d;
            }
            throw new ViaException("re-import: " + FailureReasons.oneLine(t), t);
        }
        List<String> origIn = names(original.graph().feedInputs());
        List<String> backIn = names(back.graph().feedInputs());
        Map<String, String> in = pairs(origIn, backIn);
        Map<String, String> out = pairs(names(original.graph().outputs()), names(back.graph().outputs()));
        Session session;
        try {
            session = Session.create(back);
        } catch (RuntimeException e) {
            throw new ViaException("re-imported model: " + FailureReasons.oneLine(e), e);
        }
        return new Runner() {
            @Override
            public Map<String, Value> run(Map<String, Value> feeds) {
                Map<String, Value> renamed = new LinkedHashMap<>();
                feeds.forEach((k, v) -> {
                    String b = in.get(k);
                    if (b != null) {
                        renamed.put(b, v);
                    }
                });
                return fromBack(session.run(renamed), out);
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    private Runner openInOracle(Model original, Path written) {
        // The oracle finds TF tensors by the model's names: a SavedModel's signature keys are the graph-model names;
        // a frozen GraphDef is fed and fetched by node names, which the exporter derives (and may sanitise) from them.
        Model names = original;
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : names(original.graph().outputs())) {
            out.put(n, n);
        }
        Map<String, String> in = new LinkedHashMap<>();
        for (String n : names(original.graph().feedInputs())) {
            in.put(n, n);
        }
        if (format.equals("tf-graphdef")) {
            TfGraphEmitter.Emitted e = TfGraphEmitter.emit(original, written, false);
            Graph g = new Graph(original.graph().name());
            for (ValueInfo v : original.graph().feedInputs()) {
                String tf = e.inputs().getOrDefault(v.name(), v.name());
                in.put(v.name(), tf);
                g.input(new ValueInfo(tf, v.type()));
            }
            for (ValueInfo v : original.graph().outputs()) {
                String tf = e.outputs().getOrDefault(v.name(), v.name());
                out.put(v.name(), tf);
                g.output(new ValueInfo(tf, v.type()));
            }
            names = new Model(g);
        }
        OracleSession session;
        try {
            String why = oracle.whyNot(ModelSource.of(names, written, format));
            if (why != null) {
                throw new IllegalStateException(why);
            }
            session = oracle.open(ModelSource.of(names, written, format), 0);
        } catch (Throwable t) {
            if (t instanceof ThreadDeath d) {
                throw d;
            }
            throw new ViaException(oracle.name() + ": loading the written model: " + FailureReasons.oneLine(t), t);
        }
        return new Runner() {
            @Override
            public Map<String, Value> run(Map<String, Value> feeds) {
                Map<String, Tensor> tensors = new LinkedHashMap<>();
                feeds.forEach((k, v) -> {
                    if (!(v instanceof TensorValue tv)) {
                        throw new ViaException(oracle.name() + ": input '" + k + "' is not a tensor (" + v.getClass().getSimpleName()
                                + "); TensorFlow is fed tensors only", null);
                    }
                    tensors.put(in.getOrDefault(k, k), tv.tensor());
                });
                try {
                    return fromBack(session.run(tensors), out);
                } catch (ViaException e) {
                    throw e;
                } catch (Throwable t) {
                    if (t instanceof ThreadDeath d) {
                        throw d;
                    }
                    throw new ViaException(oracle.name() + ": " + FailureReasons.oneLine(t), t);
                }
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    /** The outputs of the written model, renamed to the original model's names ({@code out}: original to written). */
    private static Map<String, Value> fromBack(Map<String, Value> got, Map<String, String> out) {
        Map<String, Value> renamed = new LinkedHashMap<>();
        out.forEach((orig, back) -> {
            if (back != null && got.containsKey(back)) {
                renamed.put(orig, got.get(back));
            }
        });
        return renamed;
    }

    /** Original names to the written model's: by name, else by position (null: no counterpart). */
    private static Map<String, String> pairs(List<String> original, List<String> back) {
        Map<String, String> m = new LinkedHashMap<>();
        for (NameMatching.Pair p : NameMatching.match(original, back)) {
            m.put(p.a(), p.b());
        }
        return m;
    }

    private static List<String> names(List<ValueInfo> vs) {
        List<String> out = new ArrayList<>(vs.size());
        vs.forEach(v -> out.add(v.name()));
        return out;
    }
}
