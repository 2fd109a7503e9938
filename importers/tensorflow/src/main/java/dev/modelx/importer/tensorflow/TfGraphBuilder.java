package dev.modelx.importer.tensorflow;

import dev.modelx.format.tensorflow.proto.FunctionDef;
import dev.modelx.format.tensorflow.proto.GraphDef;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Type;
import dev.modelx.graph.UnsupportedOpsException;
import dev.modelx.graph.ValueInfo;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Builds the common model from a GraphDef given its inputs (bound names) and outputs (named TF tensors). */
final class TfGraphBuilder {

    static final int OPSET = ConstantFolder.OPSET;

    /** A graph input: its model name, the TF tensor it feeds and its declared type. */
    record Input(String name, TfRef tensor, DataType type, Shape shape) {
    }

    /** A graph output: its model name and the TF tensor it reads. */
    record Output(String name, TfRef tensor) {
    }

    private TfGraphBuilder() {
    }

    static Model build(Path file, String format, GraphDef gd, List<Input> inputs, List<Output> outputs,
                       VariableStore variables, String graphName) {
        Map<String, FunctionDef> library = new LinkedHashMap<>();
        for (FunctionDef f : gd.getLibrary().getFunctionList()) {
            library.put(f.getSignature().getName(), f);
        }
        OpRegistry registry = OpRegistry.standard();
        TfSource source = TfSource.ofGraph(gd.getNodeList());
        Graph g = new Graph(graphName);
        ImportSession session = new ImportSession(file, format, g, registry, library, variables);
        inputs.forEach(i -> session.reserve(i.name()));
        outputs.forEach(o -> session.reserve(o.name()));
        Scope scope = new Scope(session, source, g, "");
        for (Input in : inputs) {
            g.input(new ValueInfo(in.name(), new Type.TensorType(in.type(), in.shape())));
            session.types.put(in.name(), in.type());
            if (in.shape() != null) {
                session.shapes.put(in.name(), in.shape());
            }
            scope.bind(in.tensor(), in.name());
        }
        List<TfRef> refs = outputs.stream().map(Output::tensor).toList();
        checkSupported(file, source, refs, scope, session);
        List<String> values = scope.convert(refs);
        for (int i = 0; i < outputs.size(); i++) {
            String name = outputs.get(i).name();
            String v = values.get(i);
            if (!v.equals(name)) {
                scope.identityNamed(v, name);
            }
            DataType t = session.types.get(v);
            Shape s = session.shapes.get(v);
            g.output(new ValueInfo(name, t == null ? null : new Type.TensorType(t, s)));
        }
        TransposeOptimizer.run(g);
        DeadCode.remove(g);
        Model m = Model.of(g, session.opset()).producerName("modelx").sourceFormat(format);
        return m.resolveOpsetVersions();
    }

    /** Every op reachable from the outputs (loop bodies and called functions included) must have a converter. */
    private static void checkSupported(Path file, TfSource source, List<TfRef> outputs, Scope scope, ImportSession session) {
        Set<String> missing = new TreeSet<>();
        Set<String> checkedFunctions = new HashSet<>();
        Deque<TfRef> q = new ArrayDeque<>(outputs);
        Set<String> seen = new HashSet<>();
        while (!q.isEmpty()) {
            TfRef r = q.poll();
            if (scope.isBound(r) || !seen.add(r.node())) {
                continue;
            }
            TfNode n = source.node(r.node());
            if (n == null) {
                continue;
            }
            checkNode(n, session, missing, checkedFunctions);
            q.addAll(n.inputs());
        }
        if (!missing.isEmpty()) {
            throw new UnsupportedOpsException(file, "TensorFlow ops", missing);
        }
    }

    private static void checkNode(TfNode n, ImportSession session, Set<String> missing, Set<String> checkedFunctions) {
        if (!session.registry.supports(n.op()) && !session.library.containsKey(n.op())) {
            missing.add(n.op());
        }
        List<String> called = new ArrayList<>(FunctionalOps.calledFunctions(n));
        if (session.library.containsKey(n.op())) {
            called.add(n.op());
        }
        for (String f : called) {
            if (session.library.containsKey(f) && checkedFunctions.add(f)) {
                for (TfNode inner : session.function(f).nodes().values()) {
                    checkNode(inner, session, missing, checkedFunctions);
                }
            }
        }
    }
}
