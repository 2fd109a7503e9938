package dev.modelx.exporter.tensorflow;

import dev.modelx.format.tensorflow.proto.GraphDef;
import dev.modelx.format.tensorflow.proto.VersionDef;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.UnsupportedOpsException;
import dev.modelx.graph.ValueInfo;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns a graph model (ONNX semantics) into a TF GraphDef: graph inputs become Placeholders, initializers
 * Consts (or resource variables), every node goes through its emitter, and each graph output is an
 * Identity node named after it. Unsupported ops are all reported before anything is written.
 */
public final class TfGraphEmitter {

    /** The GraphDef producer version written (TF 2.12's; TF 2.18 reads it). */
    static final int PRODUCER = 1394;

    private TfGraphEmitter() {
    }

    /** The emitted graph, and which TF node stands for each graph-model input and output. */
    public record Emitted(GraphDef graphDef, Map<String, String> inputs, Map<String, String> outputs,
                          Map<String, ValueInfo> inputInfo, Map<String, ValueInfo> outputInfo,
                          List<EmitContext.Variable> variables) {
    }

    /** The graph-model ops this exporter writes (count and names, for reports). */
    public static java.util.Set<String> supportedOps() {
        return new TreeSet<>(Emitters.standard().all().keySet());
    }

    public static Emitted emit(Model model, Path file, boolean weightsAsVariables) {
        Model m = model.copy().resolveOpsetVersions();
        Graph g = m.graph();
        checkSupported(g, file);
        EmitContext c = new EmitContext(file, weightsAsVariables);
        Map<String, String> inputs = new LinkedHashMap<>();
        Map<String, String> outputs = new LinkedHashMap<>();
        Map<String, ValueInfo> inInfo = new LinkedHashMap<>();
        Map<String, ValueInfo> outInfo = new LinkedHashMap<>();
        for (ValueInfo in : g.feedInputs()) {
            inputs.put(in.name(), c.unique(in.name()));
            inInfo.put(in.name(), in);
        }
        for (ValueInfo o : g.outputs()) {
            outputs.put(o.name(), c.unique(o.name()));
            outInfo.put(o.name(), o);
        }
        for (Map.Entry<String, Tensor> e : g.initializers().entrySet()) {
            c.nameConstant(e.getValue(), e.getKey());
            c.define(e.getKey(), Val.constant(e.getValue()));
        }
        for (ValueInfo in : g.feedInputs()) {
            if (!(in.type() instanceof Type.TensorType tt)) {
                throw new TfExportException(file, "input '" + in.name() + "' is not a tensor (" + in.type() + ")");
            }
            long[] shape = shapeOf(tt);
            String name = inputs.get(in.name());
            c.opNamed("Placeholder", name).type("dtype", tt.elementType()).shape("shape", shape);
            c.define(in.name(), Val.of(name, tt.elementType(), shape, c.frame));
        }
        emitNodes(c, g);
        c.node = null;
        for (ValueInfo o : g.outputs()) {
            Val v = c.lookup(c.frame, o.name());
            c.opNamed("Identity", outputs.get(o.name())).in(c.t(v)).type("T", v.type());
        }
        GraphDef.Builder gd = GraphDef.newBuilder().setVersions(VersionDef.newBuilder().setProducer(PRODUCER));
        for (TfOp op : c.ops) {
            gd.addNode(op.def);
        }
        GraphDef cleaned = GraphCleanup.run(gd.build(), outputs.values(), inputs.values());
        return new Emitted(cleaned, inputs, outputs, inInfo, outInfo, c.variables);
    }

    /** Emits {@code g}'s nodes in dependency order into the context's current frame. */
    static void emitNodes(EmitContext c, Graph g) {
        for (Node n : Graphs.topologicalOrder(g)) {
            OpEmitter e = Emitters.standard().find(n.opType()).orElseThrow();
            c.begin(n);
            try {
                e.emit(c);
            } catch (TfExportException ex) {
                throw ex;
            } catch (RuntimeException ex) {
                throw c.error(ex.getClass().getSimpleName() + ": " + ex.getMessage());
            }
        }
    }

    private static long[] shapeOf(Type.TensorType tt) {
        if (tt.shape() == null) {
            return null;
        }
        long[] s = new long[tt.shape().rank()];
        for (int i = 0; i < s.length; i++) {
            Dim d = tt.shape().dim(i);
            s[i] = d.isStatic() ? d.value() : -1;
        }
        return s;
    }

    private static void checkSupported(Graph g, Path file) {
        TreeSet<String> missing = new TreeSet<>();
        Graphs.forEachNode(g, n -> {
            if (!n.domain().isEmpty()) {
                missing.add(n.domain() + "." + n.opType());
            } else if (Emitters.standard().find(n.opType()).isEmpty()) {
                missing.add(n.opType());
            }
        });
        if (!missing.isEmpty()) {
            throw new UnsupportedOpsException(file, "graph-model ops (for TensorFlow export)", missing);
        }
    }
}
