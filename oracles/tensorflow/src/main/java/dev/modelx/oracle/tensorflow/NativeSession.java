package dev.modelx.oracle.tensorflow;

import dev.modelx.graph.Tensor;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_ImportGraphDefOptions;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.TF_Tensor;
import org.tensorflow.proto.MetaGraphDef;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.tensorflow.internal.c_api.global.tensorflow.*;

/**
 * A TensorFlow graph and session held through TensorFlow's C API (the natives TF Java ships, reached through JavaCPP),
 * fed and fetched as raw {@code TF_Tensor}s so that every element type TensorFlow 2.18 has can cross (TF Java's
 * {@code Session} makes Java tensor objects for its outputs, and has none for int8, int16, uint32, uint64, float8 or
 * 4-bit types). Errors from TensorFlow come as TF Java's exceptions ({@code org.tensorflow.exceptions}) with
 * TensorFlow's message.
 *
 * <p>Native memory: the graph and session are released by {@link #close()}; everything a run allocates (status,
 * input and output tensors) lives in a {@link PointerScope} closed when the run returns or fails.
 */
final class NativeSession implements AutoCloseable {

    private final TF_Graph graph;
    private final TF_Session session;
    private final MetaGraphDef metaGraph;

    private NativeSession(TF_Graph graph, TF_Session session, MetaGraphDef metaGraph) {
        this.graph = graph;
        this.session = session;
        this.metaGraph = metaGraph;
    }

    /** Loads the SavedModel folder {@code dir} with {@code tag}: variables restored, its init op run. */
    static NativeSession loadSavedModel(Path dir, String tag) throws Exception {
        try (PointerScope scope = new PointerScope()) {
            TF_Status status = TF_Status.newStatus();
            TF_Graph graph = TF_Graph.newGraph();
            TF_Buffer meta = TF_Buffer.newBuffer();
            TF_Session session = TF_Session.loadSessionFromSavedModel(TF_SessionOptions.newSessionOptions(), null,
                    dir.toString(), new String[] {tag}, graph, meta, status);
            status.throwExceptionIfNotOK();
            MetaGraphDef def = MetaGraphDef.parseFrom(meta.dataAsByteBuffer());
            return keep(graph, session, def);
        }
    }

    /** Imports the serialized GraphDef {@code graphDef} into a new graph and opens a session on it. */
    static NativeSession importGraphDef(byte[] graphDef) {
        try (PointerScope scope = new PointerScope()) {
            TF_Status status = TF_Status.newStatus();
            TF_Graph graph = TF_Graph.newGraph();
            TF_Buffer buffer = TF_Buffer.newBufferFromString(new BytePointer(graphDef));
            TF_GraphImportGraphDef(graph, buffer, TF_ImportGraphDefOptions.newImportGraphDefOptions(), status);
            status.throwExceptionIfNotOK();
            TF_Session session = TF_Session.newSession(graph, TF_SessionOptions.newSessionOptions(), status);
            status.throwExceptionIfNotOK();
            return keep(graph, session, null);
        }
    }

    /** Takes the graph and session out of the loading scope: they live until {@link #close()}. */
    private static NativeSession keep(TF_Graph graph, TF_Session session, MetaGraphDef def) {
        graph.retainReference();
        session.retainReference();
        return new NativeSession(graph, session, def);
    }

    /** The SavedModel's MetaGraphDef (signatures), or null for an imported GraphDef. */
    MetaGraphDef metaGraph() {
        return metaGraph;
    }

    /**
     * Runs the session: {@code feeds} by tensor name ({@code op:index}, or {@code op} for output 0), then the tensors
     * named in {@code fetches}, returned in that order as modelx tensors.
     */
    List<Tensor> run(Map<String, Tensor> feeds, List<String> fetches) {
        try (PointerScope scope = new PointerScope()) {
            int nIn = feeds.size();
            TF_Output inputs = new TF_Output(Math.max(nIn, 1));
            PointerPointer<TF_Tensor> inputValues = new PointerPointer<>(Math.max(nIn, 1));
            int i = 0;
            for (Map.Entry<String, Tensor> e : feeds.entrySet()) {
                output(inputs.getPointer(i), e.getKey(), "feed");
                inputValues.put(i, NativeTensors.toNative(e.getValue()));
                i++;
            }
            int nOut = fetches.size();
            TF_Output outputs = new TF_Output(Math.max(nOut, 1));
            for (int j = 0; j < nOut; j++) {
                output(outputs.getPointer(j), fetches.get(j), "fetch");
            }
            PointerPointer<TF_Tensor> outputValues = new PointerPointer<>(Math.max(nOut, 1));
            for (int j = 0; j < nOut; j++) {
                outputValues.put(j, (Pointer) null); // never take an unset slot for a tensor after a failed run
            }
            TF_Status status = TF_Status.newStatus();
            TF_SessionRun(session, null, inputs, inputValues, nIn, outputs, outputValues, nOut, null, 0, null, status);
            // whatever tensors TF put in the slots are ours to delete, also after a failed run: own them first
            List<TF_Tensor> owned = new ArrayList<>();
            for (int j = 0; j < nOut; j++) {
                TF_Tensor t = outputValues.get(TF_Tensor.class, j);
                owned.add(t == null || t.isNull() ? null : t.withDeallocator());
            }
            status.throwExceptionIfNotOK();
            List<Tensor> out = new ArrayList<>();
            for (int j = 0; j < nOut; j++) {
                if (owned.get(j) == null) {
                    throw new IllegalStateException("TensorFlow returned no tensor for fetch '" + fetches.get(j) + "'");
                }
                out.add(NativeTensors.fromNative(owned.get(j), "'" + fetches.get(j) + "'"));
            }
            return out;
        }
    }

    /** Points {@code out} at the graph tensor {@code name} ({@code op:index} or {@code op}). */
    private void output(TF_Output out, String name, String role) {
        String op = name;
        int index = 0;
        int colon = name.lastIndexOf(':');
        if (colon > 0 && colon < name.length() - 1 && name.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            op = name.substring(0, colon);
            try {
                index = Integer.parseInt(name.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the " + role + " '" + name + "' has an output index out of range", e);
            }
        }
        TF_Operation operation = TF_GraphOperationByName(graph, op);
        if (operation == null || operation.isNull()) {
            throw new IllegalArgumentException("the TensorFlow graph has no operation '" + op + "' to " + role + " '" + name
                    + "'");
        }
        int n = TF_OperationNumOutputs(operation);
        if (index >= n) {
            throw new IllegalArgumentException("the TensorFlow operation '" + op + "' has " + n + " outputs; cannot " + role
                    + " '" + name + "'");
        }
        out.oper(operation).index(index);
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
