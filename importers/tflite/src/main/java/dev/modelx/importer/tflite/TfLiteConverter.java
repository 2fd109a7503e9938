package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.ControlFlowOptions;
import dev.modelx.format.tflite.Operator;
import dev.modelx.format.tflite.OperatorCode;
import dev.modelx.format.tflite.SignatureDef;
import dev.modelx.format.tflite.SubGraph;
import dev.modelx.format.tflite.TfLiteFormatException;
import dev.modelx.format.tflite.TfLiteModel;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.UnsupportedOpsException;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;

/** Converts a parsed TFLite model (its main sub-graph, or a signature's) into a graph model. */
public final class TfLiteConverter {

    /** ONNX op set of the result: 21 has int16 QuantizeLinear/DequantizeLinear and Split(num_outputs). */
    public static final long OPSET = 21;

    private final OpRegistry registry;

    public TfLiteConverter(OpRegistry registry) {
        this.registry = registry;
    }

    public TfLiteConverter() {
        this(OpRegistry.standard());
    }

    /** Converts the sub-graph of {@code signature} (a signature key), or sub-graph 0 when null. */
    public Model convert(TfLiteModel model, Path file, String signature) {
        if (model.subgraphCount() == 0) {
            throw new TfLiteFormatException(file, "the model has no sub-graphs", null);
        }
        int main = 0;
        if (signature != null) {
            main = -1;
            for (SignatureDef s : model.signatureDefs()) {
                if (s.signatureKey().equals(signature)) {
                    main = (int) s.subgraphIndex();
                }
            }
            if (main < 0) {
                throw new TfLiteFormatException(file, "no signature '" + signature + "' in the model", null);
            }
        }
        checkSupported(model, file, main);
        ImportSession session = new ImportSession(model, file, registry);
        SubGraph sg = session.subgraph(main, "the model");
        Graph g = new Graph(sg.name().isEmpty() ? "main" : sg.name());
        try {
            new SubgraphConverter(session, g, main, "").convert(null);
        } catch (TfLiteFormatException e) {
            throw e.file() != null || file == null ? e : new TfLiteFormatException(file, e.getMessage(), e);
        }
        Model m = Model.of(g, OPSET);
        m.producerName("modelx tflite importer").sourceFormat(TfLiteImporter.FORMAT);
        String desc = model.description();
        if (!desc.isEmpty()) {
            m.docString(desc);
        }
        m.metadata().put("tflite.schema_version", Long.toString(model.version()));
        m.resolveOpsetVersions();
        return m;
    }

    /** Every op of every sub-graph reachable from {@code main} that has no converter, reported at once. */
    private void checkSupported(TfLiteModel model, Path file, int main) {
        Set<String> missing = new TreeSet<>();
        BitSet seen = new BitSet();
        Deque<Integer> todo = new ArrayDeque<>();
        todo.add(main);
        while (!todo.isEmpty()) {
            int s = todo.pop();
            if (s < 0 || s >= model.subgraphCount() || seen.get(s)) {
                continue;
            }
            seen.set(s);
            SubGraph sg = model.subgraph(s);
            for (int i = 0; i < sg.operatorCount(); i++) {
                Operator op = sg.operator(i);
                OperatorCode code = model.operatorCodeOf(op);
                String name = code.name();
                if (registry.get(name) == null) {
                    missing.add(name);
                }
                if (name.equals("WHILE")) {
                    ControlFlowOptions.While w = ControlFlowOptions.While.of(op);
                    todo.add(w.condSubgraphIndex());
                    todo.add(w.bodySubgraphIndex());
                } else if (name.equals("IF")) {
                    ControlFlowOptions.If f = ControlFlowOptions.If.of(op);
                    todo.add(f.thenSubgraphIndex());
                    todo.add(f.elseSubgraphIndex());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new UnsupportedOpsException(file, "TFLite ops", missing);
        }
    }
}
