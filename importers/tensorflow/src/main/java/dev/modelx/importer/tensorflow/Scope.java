package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Provenance;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Converts the nodes of one TF body ({@link TfSource}) into one target graph. Bindings map TF tensors
 * to values that already exist (function arguments, loop-carried values, signature inputs); every other
 * tensor needed is converted once, in dependency order. Sub-scopes convert function bodies and loop
 * bodies, either inline (same target graph) or into a sub-graph.
 */
final class Scope {

    final ImportSession session;
    final TfSource source;
    final Graph graph;
    private final String prefix;
    private final Map<String, String> values = new HashMap<>();
    private TfNode current;
    /** Tf1ControlFlow's Merge predicates, by node name (asked for repeatedly while ordering). */
    final Map<String, Optional<Tf1Cond.Selection>> mergeSelections = new HashMap<>();
    /** Tf1Cond's Merge dependencies (the predicate and what the branches read from outside), by node name. */
    final Map<String, List<TfRef>> mergeDependencies = new HashMap<>();

    Scope(ImportSession session, TfSource source, Graph graph, String prefix) {
        this.session = session;
        this.source = source;
        this.graph = graph;
        this.prefix = prefix;
    }

    /** A scope over {@code src} writing into {@code target}, for a function body or loop body. */
    Scope child(TfSource src, Graph target, String childPrefix) {
        return new Scope(session, src, target, childPrefix);
    }

    String prefix() {
        return prefix;
    }

    void bind(TfRef ref, String value) {
        values.put(ref.key(), value);
    }

    /** Binds a function argument (referenced by bare name) to {@code value}. */
    void bindArg(String arg, String value) {
        values.put(arg + ":0", value);
    }

    boolean isBound(TfRef ref) {
        return values.containsKey(ref.key());
    }

    /** Converts what {@code outputs} need and returns their value names. */
    List<String> convert(List<TfRef> outputs) {
        for (TfNode n : order(outputs)) {
            convertNode(n);
        }
        List<String> out = new ArrayList<>();
        for (TfRef r : outputs) {
            out.add(value(r));
        }
        return out;
    }

    /** Converts the nodes {@code refs} need (and the nodes themselves), without reading their values. */
    void ensureConverted(List<TfRef> refs) {
        for (TfNode n : order(refs)) {
            convertNode(n);
        }
    }

    /** A scope over the same body writing into {@code target} that sees every tensor this scope has converted (a cond branch). */
    Scope branch(Graph target, String branchPrefix) {
        Scope c = new Scope(session, source, target, branchPrefix);
        c.values.putAll(values);
        return c;
    }

    private void convertNode(TfNode n) {
        OpConverter c = session.registry.find(n.op()).orElseGet(() -> session.library.containsKey(n.op())
                ? FunctionalOps::call : null);
        if (c == null) {
            throw new TfImportException(n.describe() + " has no converter");
        }
        TfNode previous = current;
        current = n;
        try {
            c.convert(n, this);
        } catch (TfImportException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TfImportException(session.file, n.describe() + ": " + e.getMessage(), e);
        } finally {
            current = previous;
        }
    }

    /** The nodes {@code outputs} depend on, dependencies first; stops at bound tensors. */
    List<TfNode> order(List<TfRef> outputs) {
        List<TfNode> result = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> onStack = new HashSet<>();
        Deque<Object[]> stack = new ArrayDeque<>();
        for (TfRef r : outputs) {
            pushIfNeeded(r, stack, done, onStack);
            while (!stack.isEmpty()) {
                Object[] top = stack.peek();
                TfNode n = (TfNode) top[0];
                List<TfRef> deps = dependencies(n);
                int i = (Integer) top[1];
                if (i < deps.size()) {
                    top[1] = i + 1;
                    TfRef d = deps.get(i);
                    if (onStack.contains(d.node()) && !isBound(d)) {
                        throw new TfImportException(n.describe() + " is part of a cycle through '" + d.node()
                                + "' that is not a recognised loop");
                    }
                    pushIfNeeded(d, stack, done, onStack);
                } else {
                    stack.pop();
                    onStack.remove(n.name());
                    done.add(n.name());
                    result.add(n);
                }
            }
        }
        return result;
    }

    private void pushIfNeeded(TfRef r, Deque<Object[]> stack, Set<String> done, Set<String> onStack) {
        if (isBound(r) || done.contains(r.node()) || onStack.contains(r.node())) {
            return;
        }
        TfNode n = source.node(r.node());
        if (n == null) {
            throw new TfImportException("tensor '" + r + "' is needed but " + (source.args().contains(r.node())
                    ? "function argument '" + r.node() + "' is not bound" : "no node is named '" + r.node() + "'")
                    + " (in " + source.name() + ")");
        }
        onStack.add(n.name());
        stack.push(new Object[]{n, 0});
    }

    /** Data inputs, except for ops whose converter reads a different set (TF1 loop exits). */
    List<TfRef> dependencies(TfNode n) {
        if (n.op().equals("Exit") || n.op().equals("RefExit")) {
            return Tf1ControlFlow.outerInputs(n, this);
        }
        if (n.op().equals("Merge") || n.op().equals("RefMerge")) {
            return Tf1Cond.mergeDependencies(n, this);
        }
        if (n.op().equals("PlaceholderWithDefault") && isBound(TfRef.of(n.name(), 0))) {
            return List.of();
        }
        return n.inputs();
    }

    // ---- values ----

    String value(TfRef r) {
        String v = values.get(r.key());
        if (v == null) {
            throw new TfImportException("tensor '" + r + "' has not been converted (in " + source.name() + ")");
        }
        return v;
    }

    String in(TfNode n, int i) {
        if (i >= n.inputCount()) {
            throw new TfImportException(n.describe() + " needs input " + i + ", has " + n.inputCount());
        }
        return value(n.input(i));
    }

    /** Binds output {@code k} of {@code n} to {@code value} and records its TF type when the value has none yet. */
    void out(TfNode n, int k, String value) {
        bind(TfRef.of(n.name(), k), value);
        if (!session.types.containsKey(value)) {
            n.outputType(k).ifPresent(t -> session.types.put(value, t));
        }
        if (!session.shapes.containsKey(value) && n.has("_output_shapes")) {
            var list = n.attr("_output_shapes").getList();
            if (list.getShapeCount() > k) {
                Shape s = dev.modelx.format.tensorflow.TfTensors.shape(list.getShape(k));
                if (s != null) {
                    session.shapes.put(value, s);
                }
            }
        }
        RankInference.record(n, k, value, this);
    }

    /** A fresh value name for output {@code k} of the node being converted. */
    String name(TfNode n, int k) {
        return session.fresh(prefix + (k == 0 ? n.name() : n.name() + ":" + k));
    }

    String freshName(String hint) {
        return session.fresh(prefix + (current == null ? "" : current.name() + "/") + hint);
    }

    /** The TF name this scope's nodes stem from when no single node is being converted. */
    private String origin() {
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return p.isEmpty() ? source.name() : p;
    }

    // ---- emitting ----

    /** Adds {@code node} (with provenance of the node being converted), folding it when all its inputs are constant. */
    Node add(Node node) {
        if (node.name().isEmpty()) {
            node.name(node.output(0));
        }
        node.provenance(Provenance.of(session.format, current != null ? prefix + current.name() : origin()));
        if (!session.folder.tryFold(node, session)) {
            graph.add(node);
        }
        return node;
    }

    /** Emits {@code opType(inputs)} with one fresh output and returns the node (to add attributes, call {@link #add}). */
    Node node(String opType, String... inputs) {
        return Node.of(opType).inputs(inputs).outputs(freshName(opType));
    }

    /** Emits {@code opType(inputs)} and returns its output. */
    String op(String opType, String... inputs) {
        return add(node(opType, inputs)).output(0);
    }

    String constant(Tensor t, String hint) {
        return session.constant(t, prefix + (current == null ? "" : current.name() + "/") + hint);
    }

    String constLongs(String hint, long... v) {
        return constant(Tensor.ofLongs(new long[]{v.length}, v), hint);
    }

    String scalarLong(String hint, long v) {
        return constant(Tensor.ofLongs(new long[0], v), hint);
    }

    Optional<Tensor> constantValue(String value) {
        return Optional.ofNullable(session.constants.get(value));
    }

    /** Input {@code i} as a constant; an error naming the node when it is computed at run time. */
    Tensor requireConstant(TfNode n, int i, String what) {
        return constantValue(in(n, i)).orElseThrow(() -> new TfImportException(session.file, n.describe() + ": " + what
                + " (input " + i + ", '" + n.input(i) + "') must be a constant", null));
    }

    Optional<DataType> type(String value) {
        return Optional.ofNullable(session.types.get(value));
    }

    Optional<Shape> shape(String value) {
        return Optional.ofNullable(session.shapes.get(value));
    }

    Optional<Integer> rank(String value) {
        return shape(value).map(Shape::rank);
    }

    /** {@code value} cast to {@code t} (no node when it already has that type). */
    String cast(String value, DataType t) {
        if (type(value).orElse(null) == t) {
            return value;
        }
        String out = add(node("Cast", value).attr("to", (long) t.code())).output(0);
        session.types.put(out, t);
        return out;
    }

    /** The model type of {@code value}: a sequence for TensorList handles, else its tensor type when known. */
    dev.modelx.graph.Type valueType(String value) {
        DataType seq = session.sequences.get(value);
        if (seq != null) {
            return new dev.modelx.graph.Type.SequenceType(new dev.modelx.graph.Type.TensorType(seq, null));
        }
        DataType t = session.types.get(value);
        return t == null ? null : new dev.modelx.graph.Type.TensorType(t, null);
    }

    /** Marks {@code to} a sequence of the same element type when {@code from} is one (loop and branch results). */
    void sameKind(String from, String to) {
        DataType seq = session.sequences.get(from);
        if (seq != null) {
            session.sequences.put(to, seq);
        }
    }

    void setType(String value, DataType t) {
        session.types.put(value, t);
    }

    /** An Identity of {@code value} named {@code name} (graph and sub-graph outputs must be node outputs). */
    String identityNamed(String value, String name) {
        Node n = Node.of("Identity").inputs(value).outputs(name).name(name);
        n.provenance(Provenance.of(session.format, current != null ? prefix + current.name() : origin()));
        graph.add(n);
        type(value).ifPresent(t -> session.types.put(name, t));
        shape(value).ifPresent(s -> session.shapes.put(name, s));
        return name;
    }

    Set<String> boundKeys() {
        return new LinkedHashSet<>(values.keySet());
    }
}
