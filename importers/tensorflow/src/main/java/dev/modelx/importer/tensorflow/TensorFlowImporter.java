package dev.modelx.importer.tensorflow;

import dev.modelx.format.tensorflow.TfArchives;
import dev.modelx.format.tensorflow.TfDataTypes;
import dev.modelx.format.tensorflow.TfModelFiles;
import dev.modelx.format.tensorflow.TfTensors;
import dev.modelx.format.tensorflow.TensorBundle;
import dev.modelx.format.tensorflow.proto.GraphDef;
import dev.modelx.format.tensorflow.proto.MetaGraphDef;
import dev.modelx.format.tensorflow.proto.NodeDef;
import dev.modelx.format.tensorflow.proto.SavedModel;
import dev.modelx.format.tensorflow.proto.SignatureDef;
import dev.modelx.format.tensorflow.proto.TensorInfo;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Model;
import dev.modelx.graph.ModelFormatException;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.graph.io.ModelImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Imports TensorFlow models: a frozen GraphDef (.pb), a SavedModel folder, or a .tar/.tar.gz/.zip of
 * either. Options: {@code tag} (SavedModel tag set, default "serve"), {@code signature} (default
 * "serving_default"), and for GraphDefs {@code inputs} / {@code outputs} (comma-separated tensor names;
 * by default every reachable Placeholder is an input and every tensor no node consumes is an output).
 */
public class TensorFlowImporter implements ModelImporter {

    public static final String GRAPHDEF = "tf-graphdef";
    public static final String SAVEDMODEL = "tf-savedmodel";

    private static final Set<String> NOT_OUTPUTS = Set.of("Const", "NoOp", "Placeholder", "PlaceholderWithDefault", "Assert",
            "SaveV2", "RestoreV2", "Save", "Restore", "MergeV2Checkpoints", "Assign", "AssignVariableOp", "VariableV2", "VarHandleOp");

    private final String format;

    public TensorFlowImporter() {
        this(GRAPHDEF);
    }

    protected TensorFlowImporter(String format) {
        this.format = format;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public boolean canRead(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (format.equals(SAVEDMODEL)) {
            return TfModelFiles.isSavedModelDir(path) || name.equals(TfModelFiles.SAVED_MODEL_PB) || TfArchives.isArchive(path);
        }
        return Files.isRegularFile(path) && name.endsWith(".pb") && !name.equals(TfModelFiles.SAVED_MODEL_PB);
    }

    @Override
    public Model read(Path path, ImportOptions options) throws IOException {
        if (TfArchives.isArchive(path) && Files.isRegularFile(path)) {
            Path dir = Files.createTempDirectory("modelx-tf-");
            try {
                TfArchives.extract(path, dir, TfArchives.DEFAULT_MAX_BYTES);
                Path model = TfModelFiles.locateModel(dir, path);
                return readModel(model, options);
            } finally {
                deleteTree(dir);
            }
        }
        return readModel(path, options);
    }

    private Model readModel(Path path, ImportOptions options) throws IOException {
        if (Files.isDirectory(path)) {
            return readSavedModel(path, options);
        }
        if (path.getFileName().toString().equals(TfModelFiles.SAVED_MODEL_PB)) {
            return readSavedModel(path.toAbsolutePath().getParent(), options);
        }
        return readGraphDef(path, options);
    }

    private Model readGraphDef(Path file, ImportOptions options) throws IOException {
        GraphDef gd = TfModelFiles.readGraphDef(file);
        Map<String, NodeDef> nodes = new TreeMap<>();
        gd.getNodeList().forEach(n -> nodes.put(n.getName(), n));
        List<TfGraphBuilder.Input> inputs = new ArrayList<>();
        for (String name : list(options.get("inputs"))) {
            TfRef r = TfRef.parse(name);
            NodeDef n = nodes.get(r.node());
            if (n == null) {
                throw new ModelFormatException(file, "input '" + name + "' names no node");
            }
            TfNode tn = new TfNode(n);
            DataType t = tn.outputType(r.index()).orElseThrow(() -> new ModelFormatException(file,
                    "cannot tell the type of input '" + name + "'"));
            inputs.add(new TfGraphBuilder.Input(r.toString(), r, t, tn.shape("shape").map(TfTensors::shape).orElse(null)));
        }
        List<TfGraphBuilder.Output> outputs = new ArrayList<>();
        List<String> requested = list(options.get("outputs"));
        if (requested.isEmpty()) {
            requested = defaultOutputs(gd);
        }
        for (String name : requested) {
            TfRef r = TfRef.parse(name);
            if (!nodes.containsKey(r.node())) {
                throw new ModelFormatException(file, "output '" + name + "' names no node");
            }
            outputs.add(new TfGraphBuilder.Output(r.toString(), r));
        }
        if (outputs.isEmpty()) {
            throw new ModelFormatException(file, "the graph has no outputs (give them with the 'outputs' option)");
        }
        return TfGraphBuilder.build(file, format, gd, inputs, outputs, null, stem(file));
    }

    /** Tensors that no node reads (data or control), of nodes that compute something. */
    static List<String> defaultOutputs(GraphDef gd) {
        Set<String> consumed = new HashSet<>();
        Set<String> consumedNodes = new HashSet<>();
        for (NodeDef n : gd.getNodeList()) {
            for (String in : n.getInputList()) {
                TfRef r = TfRef.parse(in);
                consumedNodes.add(r.node());
                consumed.add(r.key());
            }
        }
        List<String> out = new ArrayList<>();
        for (NodeDef n : gd.getNodeList()) {
            if (consumedNodes.contains(n.getName()) || NOT_OUTPUTS.contains(n.getOp())) {
                continue;
            }
            int count = outputCount(n);
            for (int k = 0; k < count; k++) {
                out.add(TfRef.of(n.getName(), k).toString());
            }
        }
        return out;
    }

    private static int outputCount(NodeDef n) {
        for (String a : List.of("T", "Tout", "output_types")) {
            var v = n.getAttrOrDefault(a, null);
            if (v != null && v.hasList() && (n.getOp().contains("While") || n.getOp().contains("If")
                    || n.getOp().contains("Call") || n.getOp().equals("IdentityN"))) {
                return Math.max(1, v.getList().getTypeCount());
            }
        }
        return 1;
    }

    private Model readSavedModel(Path dir, ImportOptions options) throws IOException {
        String tag = options.get("tag").orElse("serve");
        String sigName = options.get("signature").orElse("serving_default");
        Path pb = dir.resolve(TfModelFiles.SAVED_MODEL_PB);
        SavedModel sm = TfModelFiles.readSavedModel(dir);
        MetaGraphDef mg = TfModelFiles.selectMetaGraph(sm, tag, pb);
        SignatureDef sig = mg.getSignatureDefMap().get(sigName);
        if (sig == null) {
            throw new ModelFormatException(pb, "no signature '" + sigName + "' in tag set '" + tag + "'; available: "
                    + new TreeMap<>(mg.getSignatureDefMap()).keySet());
        }
        checkSignature(pb, sigName, sig, mg.getGraphDef());
        List<TfGraphBuilder.Input> inputs = new ArrayList<>();
        for (Map.Entry<String, TensorInfo> e : new TreeMap<>(sig.getInputsMap()).entrySet()) {
            TensorInfo info = e.getValue();
            DataType t = TfDataTypes.toDataType(info.getDtypeValue()).orElseThrow(() -> new ModelFormatException(pb,
                    "signature '" + sigName + "' input '" + e.getKey() + "' has unsupported dtype " + TfDataTypes.name(info.getDtypeValue())));
            inputs.add(new TfGraphBuilder.Input(e.getKey(), TfRef.parse(info.getName()), t,
                    info.hasTensorShape() ? TfTensors.shape(info.getTensorShape()) : null));
        }
        List<TfGraphBuilder.Output> outputs = new ArrayList<>();
        for (Map.Entry<String, TensorInfo> e : new TreeMap<>(sig.getOutputsMap()).entrySet()) {
            if (e.getValue().getName().isEmpty()) {
                throw new ModelFormatException(pb, "signature '" + sigName + "' output '" + e.getKey() + "' is a sparse or composite tensor (not supported)");
            }
            outputs.add(new TfGraphBuilder.Output(e.getKey(), TfRef.parse(e.getValue().getName())));
        }
        Optional<TensorBundle> bundle = TfModelFiles.openVariables(dir);
        VariableStore vars = bundle.map(b -> new VariableStore(pb, b, mg.hasObjectGraphDef() ? mg.getObjectGraphDef() : null)).orElse(null);
        Model m = TfGraphBuilder.build(pb, format, mg.getGraphDef(), inputs, outputs, vars, sigName);
        m.metadata().put("tf.signature", sigName);
        m.metadata().put("tf.tags", tag);
        return m;
    }

    /** Sparse/composite inputs and serialized tf.Example inputs are refused, naming the signature. */
    private static void checkSignature(Path pb, String sigName, SignatureDef sig, GraphDef gd) {
        Set<String> parsers = new HashSet<>();
        for (NodeDef n : gd.getNodeList()) {
            if (n.getOp().startsWith("ParseExample") || n.getOp().startsWith("ParseSingleExample")) {
                for (String in : n.getInputList()) {
                    parsers.add(TfRef.parse(in).node());
                }
            }
        }
        for (Map.Entry<String, TensorInfo> e : sig.getInputsMap().entrySet()) {
            TensorInfo info = e.getValue();
            if (info.getName().isEmpty()) {
                throw new ModelFormatException(pb, "signature '" + sigName + "' input '" + e.getKey()
                        + "' is a sparse or composite tensor (not supported)");
            }
            boolean stringInput = info.getDtypeValue() == 7;
            boolean exampleMethod = sig.getMethodName().endsWith("/classify") || sig.getMethodName().endsWith("/regress");
            if (stringInput && (exampleMethod || parsers.contains(TfRef.parse(info.getName()).node()))) {
                throw new ModelFormatException(pb, "signature '" + sigName + "' takes serialized tf.Example strings (input '"
                        + e.getKey() + "', method " + sig.getMethodName() + "); tf.Example parsing is not supported");
            }
        }
    }

    private static List<String> list(Optional<String> v) {
        return v.map(s -> Stream.of(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList()).orElse(List.of());
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temp folder left behind is harmless
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
