package dev.modelx.runtime;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.AttributeKind;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Function;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.SparseTensor;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.UnsupportedOpsException;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Runs a model on the reference CPU kernels. Created once per model ({@link #create}), which checks that
 * every op has a kernel and reports all missing ones at once; {@link #run} then executes the graph in
 * topological order, freeing each intermediate value after its last use.
 */
public final class Session implements AutoCloseable {

    private final Model model;
    private final SessionOptions options;
    private final KernelRegistry registry;
    private final Map<String, Function> functions = new HashMap<>();
    private final Random random;

    private Session(Model model, SessionOptions options) {
        this.model = model;
        this.options = options;
        this.registry = options.registry();
        this.random = new Random(options.seed());
        for (Function f : model.functions()) {
            functions.put(functionKey(f.domain(), f.name(), f.overload()), f);
        }
        checkSupported();
    }

    public static Session create(Model model) {
        return new Session(model, SessionOptions.defaults());
    }

    public static Session create(Model model, SessionOptions options) {
        return new Session(model, options);
    }

    public Model model() {
        return model;
    }

    /** Inputs a caller must feed (graph inputs that are not initializers), in order. */
    public List<ValueInfo> inputs() {
        return model.graph().feedInputs();
    }

    public List<ValueInfo> outputs() {
        return model.graph().outputs();
    }

    public List<String> inputNames() {
        return inputs().stream().map(ValueInfo::name).toList();
    }

    public List<String> outputNames() {
        return outputs().stream().map(ValueInfo::name).toList();
    }

    /** Runs with tensor feeds and returns tensor outputs (an error if an output is not a tensor). */
    public Map<String, Tensor> runTensors(Map<String, Tensor> feeds) {
        Map<String, Value> in = new LinkedHashMap<>();
        feeds.forEach((k, v) -> in.put(k, new TensorValue(v)));
        Map<String, Tensor> out = new LinkedHashMap<>();
        run(in).forEach((k, v) -> {
            if (!(v instanceof TensorValue tv)) {
                throw new KernelException("Output '" + k + "' is " + v.describe() + ", not a tensor");
            }
            out.put(k, tv.tensor());
        });
        return out;
    }

    /** Runs the model; returns every graph output by name, in the graph's order. */
    public Map<String, Value> run(Map<String, Value> feeds) {
        checkFeeds(feeds);
        Map<String, Value> env = new HashMap<>(feeds);
        List<Value> outs = runGraph(model.graph(), env, null, true);
        Map<String, Value> result = new LinkedHashMap<>();
        List<ValueInfo> outputs = model.graph().outputs();
        for (int i = 0; i < outputs.size(); i++) {
            result.put(outputs.get(i).name(), outs.get(i));
        }
        return result;
    }

    // ---- execution ----

    private final class Scope {
        final Map<String, Value> values;
        final Scope parent;

        Scope(Map<String, Value> values, Scope parent) {
            this.values = values;
            this.parent = parent;
        }

        Value get(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                Value v = s.values.get(name);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }

        boolean has(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                if (s.values.containsKey(name)) {
                    return true;
                }
            }
            return false;
        }
    }

    private List<Value> runGraph(Graph g, Map<String, Value> bound, Scope parent, boolean isMain) {
        Map<String, Value> local = new HashMap<>();
        for (Map.Entry<String, Tensor> e : g.initializers().entrySet()) {
            local.put(e.getKey(), new TensorValue(e.getValue()));
        }
        for (Map.Entry<String, SparseTensor> e : g.sparseInitializers().entrySet()) {
            local.put(e.getKey(), new TensorValue(SparseTensors.densify(e.getValue())));
        }
        local.putAll(bound);
        Scope scope = new Scope(local, parent);
        List<Node> order = Graphs.topologicalOrder(g);
        Map<String, Integer> lastUse = lastUses(g, order);
        for (int step = 0; step < order.size(); step++) {
            Node node = order.get(step);
            execute(node, scope, g);
            for (String in : Graphs.allInputs(node)) {
                Integer last = lastUse.get(in);
                if (last != null && last == step && !bound.containsKey(in) && !g.initializers().containsKey(in)) {
                    local.remove(in);
                }
            }
        }
        List<Value> outs = new ArrayList<>();
        for (ValueInfo o : g.outputs()) {
            Value v = scope.get(o.name());
            if (v == null) {
                throw new KernelException("Graph '" + g.name() + "' output '" + o.name() + "' was not produced");
            }
            outs.add(v);
        }
        return outs;
    }

    /** Index in {@code order} of the last node reading each value; graph outputs are never freed. */
    private static Map<String, Integer> lastUses(Graph g, List<Node> order) {
        Map<String, Integer> last = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            for (String in : Graphs.allInputs(order.get(i))) {
                last.put(in, i);
            }
        }
        for (ValueInfo o : g.outputs()) {
            last.remove(o.name());
        }
        return last;
    }

    private void execute(Node node, Scope scope, Graph graph) {
        List<Value> inputs = new ArrayList<>(node.inputs().size());
        for (String in : node.inputs()) {
            if (in.isEmpty()) {
                inputs.add(null);
            } else {
                Value v = scope.get(in);
                if (v == null && !scope.has(in)) {
                    throw new KernelException(node.describe() + ": input '" + in + "' has no value");
                }
                inputs.add(v);
            }
        }
        Value[] outputs;
        Function f = functions.get(functionKey(node.domain(), node.opType(), node.overload()));
        if (f != null) {
            outputs = callFunction(f, node, inputs, scope);
        } else {
            int opset = opsetOf(node);
            Kernel kernel = registry.lookup(node.domain(), node.opType(), opset)
                    .orElseThrow(() -> new KernelException(node.describe() + ": no kernel for op-set version " + opset));
            OpContext ctx = new OpContext(node, opset, inputs, (g, subInputs) -> runSubgraph(g, subInputs, scope), random).graph(graph);
            try {
                kernel.run(ctx);
            } catch (KernelException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new KernelException(node.describe() + ": " + e, e);
            }
            outputs = ctx.outputs();
        }
        for (int i = 0; i < node.outputs().size(); i++) {
            String name = node.outputs().get(i);
            if (name.isEmpty()) {
                continue;
            }
            Value v = i < outputs.length ? outputs[i] : null;
            if (v == null) {
                throw new KernelException(node.describe() + ": output " + i + " ('" + name + "') was not produced");
            }
            scope.values.put(name, v);
            if (options.observer() != null) {
                options.observer().onOutput(node, name, v);
            }
        }
    }

    private List<Value> runSubgraph(Graph g, List<Value> inputs, Scope scope) {
        if (inputs.size() != g.inputs().size()) {
            throw new KernelException("Sub-graph '" + g.name() + "' takes " + g.inputs().size() + " inputs, got " + inputs.size());
        }
        Map<String, Value> bound = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) != null) {
                bound.put(g.inputs().get(i).name(), inputs.get(i));
            }
        }
        return runGraph(g, bound, scope, false);
    }

    /** Runs a model-local function body with the caller's attributes bound to its references. */
    private Value[] callFunction(Function f, Node caller, List<Value> inputs, Scope scope) {
        Map<String, Attribute> bound = new HashMap<>();
        for (Attribute a : f.attributeDefaults()) {
            bound.put(a.name(), a);
        }
        bound.putAll(caller.attributes());
        Graph body = new Graph(f.name());
        for (int i = 0; i < f.inputs().size(); i++) {
            body.input(new ValueInfo(f.inputs().get(i), null));
        }
        for (String o : f.outputs()) {
            body.output(new ValueInfo(o, null));
        }
        for (Node n : f.nodes()) {
            Node copy = n.copy();
            if (copy.opsetVersion() == 0) {
                Long v = f.opsetImports().get(copy.domain());
                copy.opsetVersion(v != null ? v.intValue() : opsetOf(copy));
            }
            bindReferences(copy, bound);
            body.add(copy);
        }
        Map<String, Value> args = new HashMap<>();
        for (int i = 0; i < f.inputs().size(); i++) {
            if (i < inputs.size() && inputs.get(i) != null) {
                args.put(f.inputs().get(i), inputs.get(i));
            }
        }
        List<Value> outs = runGraph(body, args, null, false);
        return outs.toArray(new Value[0]);
    }

    private static void bindReferences(Node n, Map<String, Attribute> bound) {
        for (Attribute a : new ArrayList<>(n.attributes().values())) {
            if (a.kind() == AttributeKind.REFERENCE) {
                Attribute value = bound.get(a.refAttrName());
                if (value == null) {
                    n.attributes().remove(a.name());
                } else {
                    n.attributes().put(a.name(), value.withName(a.name()));
                }
            } else {
                for (Graph sub : a.subgraphs()) {
                    Graphs.forEachNode(sub, inner -> bindReferences(inner, bound));
                }
            }
        }
    }

    private int opsetOf(Node n) {
        if (n.opsetVersion() > 0) {
            return n.opsetVersion();
        }
        return model.opset(n.domain()).map(Long::intValue).orElse(0);
    }

    // ---- checks ----

    private void checkSupported() {
        TreeSet<String> missing = new TreeSet<>();
        collectMissing(model.graph(), missing);
        for (Function f : model.functions()) {
            for (Node n : f.nodes()) {
                checkNode(n, missing);
            }
        }
        if (!missing.isEmpty()) {
            throw new UnsupportedOpsException(null, "reference runtime: ops", missing);
        }
    }

    private void collectMissing(Graph g, TreeSet<String> missing) {
        for (Node n : g.nodes()) {
            checkNode(n, missing);
        }
    }

    private void checkNode(Node n, TreeSet<String> missing) {
        if (!functions.containsKey(functionKey(n.domain(), n.opType(), n.overload()))) {
            int opset = opsetOf(n);
            if (registry.lookup(n.domain(), n.opType(), opset).isEmpty()) {
                String d = n.domain().isEmpty() ? "" : n.domain() + ".";
                missing.add(d + n.opType() + (registry.supports(n.domain(), n.opType()) ? "(opset " + opset + ")" : ""));
            }
        }
        for (Graph sub : n.subgraphs()) {
            collectMissing(sub, missing);
        }
    }

    private void checkFeeds(Map<String, Value> feeds) {
        List<String> names = inputNames();
        for (String k : feeds.keySet()) {
            if (!names.contains(k) && !model.graph().initializers().containsKey(k)) {
                throw new IllegalArgumentException("Unknown input '" + k + "', expected one of " + names);
            }
        }
        Map<String, Long> symbols = new HashMap<>();
        for (ValueInfo in : inputs()) {
            Value v = feeds.get(in.name());
            if (v == null) {
                if (in.type() instanceof Type.OptionalType) {
                    continue;
                }
                throw new IllegalArgumentException("Missing input '" + in.name() + "' (" + in.type() + ")");
            }
            if (in.type() instanceof Type.TensorType tt && v instanceof TensorValue tv) {
                checkTensorFeed(in.name(), tt, tv.tensor(), symbols);
            }
        }
    }

    private static void checkTensorFeed(String name, Type.TensorType declared, Tensor t, Map<String, Long> symbols) {
        if (declared.elementType() != DataType.UNDEFINED && declared.elementType() != t.type()) {
            throw new IllegalArgumentException("Input '" + name + "' must be " + declared.elementType().displayName()
                    + ", got " + t.type().displayName());
        }
        if (declared.shape() == null) {
            return;
        }
        long[] shape = t.shape();
        if (declared.shape().rank() != shape.length) {
            throw new IllegalArgumentException("Input '" + name + "' must have shape " + declared.shape() + ", got "
                    + java.util.Arrays.toString(shape));
        }
        for (int i = 0; i < shape.length; i++) {
            Dim d = declared.shape().dim(i);
            if (d.isStatic() && d.value() != shape[i]) {
                throw new IllegalArgumentException("Input '" + name + "' dimension " + i + " must be " + d.value() + ", got "
                        + shape[i] + " (shape " + java.util.Arrays.toString(shape) + ")");
            }
            if (d.isSymbolic()) {
                Long prev = symbols.putIfAbsent(d.param(), shape[i]);
                if (prev != null && prev != shape[i]) {
                    throw new IllegalArgumentException("Input '" + name + "' dimension '" + d.param() + "' is " + shape[i]
                            + " but another input bound it to " + prev);
                }
            }
        }
    }

    private static String functionKey(String domain, String name, String overload) {
        return domain + "\u0000" + name + "\u0000" + (overload == null ? "" : overload);
    }

    @Override
    public void close() {
        // Nothing native to release; AutoCloseable so callers can treat CPU and GPU sessions alike.
    }
}
