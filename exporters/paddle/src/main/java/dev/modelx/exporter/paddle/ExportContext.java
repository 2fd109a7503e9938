package dev.modelx.exporter.paddle;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state of translating one graph into one Paddle block: the ops written so far, the variables they
 * declare, the parameters (persistable tensors), which graph values already exist as variables, and what is
 * known about each value (constant contents, producer, consumers, element type and dims). Constants are
 * written lazily: an emitter that reads a constant as an attribute never causes a variable for it.
 * <p>
 * A control-flow body (If branch, Loop body) is translated in a child context: its own block of ops and
 * variables, reading the values of enclosing graphs through its parent (outer-scope capture), and sharing
 * the parameters, the value types and the names taken with the whole program.
 */
public final class ExportContext {

    /** Tensors of at most this many elements that are not initializers become assign_value ops, larger ones parameters. */
    static final int MAX_INLINE_ELEMENTS = 1024;

    /** What every block of one program shares. */
    private static final class Shared {
        final Path file;
        final ValueTypes types;
        final Map<String, Tensor> params = new LinkedHashMap<>();
        final Set<Node> absorbed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        final Set<String> usedNames = new HashSet<>();
        final Map<String, Integer> counters = new HashMap<>();
        /** Variables declared with a LoD level (LoD feeds); the rest have lod_level 0. */
        final Map<String, Integer> lodLevels = new HashMap<>();
        /** Graph inputs that are LoD offsets: they travel inside their feed and cannot be read as variables. */
        final Set<String> lodOffsets = new HashSet<>();

        Shared(Path file, ValueTypes types) {
            this.file = file;
            this.types = types;
        }
    }

    private final Shared shared;
    private final ExportContext parent;
    private final Graph graph;
    private final Path file;
    private final ValueTypes types;
    private final Map<String, Node> producers = new HashMap<>();
    private final Map<String, List<Node>> consumers = new HashMap<>();
    private final Set<String> graphOutputs = new HashSet<>();
    private final List<PaddleOp> ops = new ArrayList<>();
    private final Map<String, VarDecl> vars = new LinkedHashMap<>();
    private final Map<String, Tensor> params;
    private final Set<String> defined = new HashSet<>();
    /** Graph values held by a variable of another name (a body input bound to its loop variable). */
    private final Map<String, String> aliases = new HashMap<>();
    private final Set<String> eager = new HashSet<>();
    private final Set<Node> absorbed;
    private final Set<String> usedNames;
    private final Map<String, Integer> counters;
    private final Map<String, Integer> lodLevels;
    private final Set<String> lodOffsets;
    private Node current;
    /** Index of the first op written for the current node: lazily materialized constants go before it. */
    private int nodeStart = -1;

    public ExportContext(Graph graph, Path file, ValueTypes types) {
        this(new Shared(file, types), null, graph);
    }

    private ExportContext(Shared shared, ExportContext parent, Graph graph) {
        this.shared = shared;
        this.parent = parent;
        this.graph = graph;
        this.file = shared.file;
        this.types = shared.types;
        this.params = shared.params;
        this.absorbed = shared.absorbed;
        this.usedNames = shared.usedNames;
        this.counters = shared.counters;
        this.lodLevels = shared.lodLevels;
        this.lodOffsets = shared.lodOffsets;
        for (Node n : graph.nodes()) {
            for (String o : n.outputs()) {
                producers.put(o, n);
                usedNames.add(o);
            }
            for (String i : n.inputs()) {
                if (!i.isEmpty()) {
                    consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
                }
            }
            // a control-flow node also reads every value its bodies read (outer-scope capture)
            for (Graph sub : n.subgraphs()) {
                dev.modelx.graph.Graphs.forEachNode(sub, inner -> {
                    inner.outputs().forEach(usedNames::add);
                    for (String i : inner.inputs()) {
                        if (!i.isEmpty()) {
                            List<Node> cs = consumers.computeIfAbsent(i, k -> new ArrayList<>());
                            if (!cs.contains(n)) {
                                cs.add(n);
                            }
                        }
                    }
                });
                sub.outputs().forEach(o -> {
                    List<Node> cs = consumers.computeIfAbsent(o.name(), k -> new ArrayList<>());
                    if (!cs.contains(n)) {
                        cs.add(n);
                    }
                });
                sub.inputs().forEach(v -> usedNames.add(v.name()));
            }
        }
        graph.inputs().forEach(v -> usedNames.add(v.name()));
        usedNames.addAll(graph.initializers().keySet());
        graph.outputs().forEach(v -> graphOutputs.add(v.name()));
        usedNames.add("feed");
        usedNames.add("fetch");
    }

    /** A context for the block of a control-flow body whose enclosing block is this one. */
    public ExportContext child(Graph body) {
        return new ExportContext(shared, this, body);
    }

    /** The enclosing block's context (null for the main block). */
    public ExportContext parent() {
        return parent;
    }

    /** Marks a Constant node's value to be written where the node stands (it is yielded by a body). */
    void eager(String value) {
        eager.add(value);
    }

    boolean isEager(String value) {
        return eager.contains(value);
    }

    /** Binds graph value {@code value} to the existing variable {@code var} in this block. */
    public void alias(String value, String var) {
        aliases.put(value, var);
    }

    /** The declaration of {@code var} in this block or an enclosing one (null when none). */
    public VarDecl varDecl(String var) {
        if (var == null) {
            return null;
        }
        for (ExportContext c = this; c != null; c = c.parent) {
            VarDecl d = c.vars.get(var);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    /** Whether {@code value} is a value of this block's own graph (an input, initializer or node output). */
    private boolean isLocal(String value) {
        return producers.containsKey(value) || graph.initializers().containsKey(value)
                || graph.inputs().stream().anyMatch(v -> v.name().equals(value));
    }

    public Graph graph() {
        return graph;
    }

    public Path file() {
        return file;
    }

    public ValueTypes types() {
        return types;
    }

    public List<PaddleOp> ops() {
        return ops;
    }

    public Map<String, VarDecl> vars() {
        return vars;
    }

    public Map<String, Tensor> params() {
        return params;
    }

    public Node current() {
        return current;
    }

    void current(Node n) {
        current = n;
        nodeStart = n == null ? -1 : ops.size();
    }

    // ---- facts about graph values ----

    public DataType dtype(String value) {
        return types.dtype(value);
    }

    public int rank(String value) {
        int r = types.rank(value);
        if (r < 0) {
            throw new IllegalArgumentException("the rank of '" + value + "' is unknown");
        }
        return r;
    }

    public long[] dims(String value) {
        return types.dims(value);
    }

    /** The constant held by {@code value}: an initializer or a Constant node's tensor. */
    public Optional<Tensor> constant(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        // An initializer also listed as a graph input (the pre-IR-4 style) is no feed of the exported program
        // (feedInputs() leaves it out), so it is a parameter like any other.
        Tensor t = graph.initializers().get(value);
        if (t != null) {
            return Optional.of(t);
        }
        Node p = producers.get(value);
        if (p != null && p.opType().equals("Constant")) {
            Tensor k = constantValue(p);
            if (k != null) {
                return Optional.of(k);
            }
        }
        return parent != null && !isLocal(value) && !aliases.containsKey(value) ? parent.constant(value) : Optional.empty();
    }

    /** A Constant node's tensor: its value attribute, or one of the value_float(s) / value_int(s) forms. */
    private static Tensor constantValue(Node p) {
        if (p.hasAttribute("value")) {
            return p.attribute("value").asTensor();
        }
        if (p.hasAttribute("value_float")) {
            return Tensor.ofFloats(new long[0], p.attrFloat("value_float", 0f));
        }
        if (p.hasAttribute("value_int")) {
            return Tensor.ofLongs(new long[0], p.attrLong("value_int", 0));
        }
        if (p.hasAttribute("value_floats")) {
            float[] f = p.attribute("value_floats").asFloats();
            return Tensor.ofFloats(new long[] {f.length}, f);
        }
        if (p.hasAttribute("value_ints")) {
            long[] v = p.attrLongs("value_ints", new long[0]);
            return Tensor.ofLongs(new long[] {v.length}, v);
        }
        return null;
    }

    /** The constant's values as longs, or null when {@code value} is not a constant. */
    public long[] constLongs(String value) {
        return constant(value).map(Tensor::toLongArray).orElse(null);
    }

    /** A scalar (one-element) constant as a double, or null. */
    public Double constScalar(String value) {
        return constant(value).filter(t -> t.size() == 1).map(t -> t.toDoubleArray()[0]).orElse(null);
    }

    public Node producer(String value) {
        Node p = producers.get(value);
        return p == null && parent != null && !isLocal(value) ? parent.producer(value) : p;
    }

    public List<Node> consumers(String value) {
        return consumers.getOrDefault(value, List.of());
    }

    public boolean isGraphOutput(String value) {
        return graphOutputs.contains(value);
    }

    /** Whether {@code value} is read only by {@code node} and is no graph output (so it may be fused away). */
    public boolean onlyFeeds(String value, Node node) {
        List<Node> c = consumers(value);
        return !isGraphOutput(value) && c.size() == 1 && c.get(0) == node;
    }

    /** Marks a later node as written by the current emitter (fused into its op). */
    public void absorb(Node n) {
        absorbed.add(n);
    }

    public boolean isAbsorbed(Node n) {
        return absorbed.contains(n);
    }

    // ---- variables ----

    /** The variable holding {@code value}, materializing a constant (parameter or assign_value) on first use. */
    public String var(String value) {
        String a = aliases.get(value);
        if (a != null) {
            return a.equals(value) ? a : var(a);
        }
        if (defined.contains(value)) {
            return value;
        }
        if (lodOffsets.contains(value)) {
            throw new IllegalArgumentException("the LoD offsets '" + value + "' are read by an op that is not a Paddle sequence op;"
                    + " only the sequence_pool pattern of the Paddle importer is written back as LoD");
        }
        if (parent != null && !isLocal(value)) {
            return parent.var(value); // outer-scope value: defined, or a constant materialized, in the enclosing block
        }
        Optional<Tensor> k = constant(value);
        if (k.isPresent()) {
            Tensor t = k.get();
            if (graph.initializers().containsKey(value) || t.size() > MAX_INLINE_ELEMENTS || !ConstantOps.INLINE_TYPES.contains(t.type())) {
                param(value, t);
            } else if (nodeStart >= 0 && nodeStart <= ops.size()) {
                // emitters often create their op before naming its inputs: the constant must come first
                ops.add(nodeStart++, ConstantOps.assignValue(this, value, t));
            } else {
                ops.add(ConstantOps.assignValue(this, value, t));
            }
            return value;
        }
        throw new IllegalArgumentException("value '" + value + "' is read before it is written");
    }

    /** Declares {@code value} as a parameter holding {@code t}. */
    public void param(String value, Tensor t) {
        ExportContext root = this;
        while (root.parent != null) {
            root = root.parent;
        }
        params.put(value, t);
        root.vars.put(value, new VarDecl(value, t.type(), t.shape(), true));
        root.defined.add(value);
        defined.add(value);
    }

    /** Declares the graph value {@code value} as a (non-persistable) variable written by the op being emitted. */
    public String out(String value) {
        ValueTypes.Info i = types.get(value);
        return declare(value, i == null || i.dtype() == null ? DataType.FLOAT : i.dtype(), i == null ? null : i.dims());
    }

    public String declare(String value, DataType t, long[] dims) {
        vars.put(value, new VarDecl(value, t, dims == null ? new long[0] : dims, false));
        defined.add(value);
        usedNames.add(value);
        return value;
    }

    /** Declares a STEP_SCOPES variable (the Scope / StepScopes output of conditional_block and while), named as Paddle names it. */
    public String stepScopes() {
        String name;
        do {
            int n = counters.merge("_generated_var", 1, Integer::sum) - 1;
            name = "_generated_var_" + n;
        } while (usedNames.contains(name));
        usedNames.add(name);
        vars.put(name, VarDecl.stepScopes(name));
        defined.add(name);
        return name;
    }

    /** Declares a fresh tensor array (LOD_TENSOR_ARRAY) of elements of type {@code t}, named as Paddle names arrays. */
    public String tensorArray(DataType t, long[] elementDims) {
        String name;
        do {
            int n = counters.merge("array", 1, Integer::sum) - 1;
            name = "array_" + n + ".out";
        } while (usedNames.contains(name));
        usedNames.add(name);
        vars.put(name, VarDecl.tensorArray(name, t, elementDims == null ? new long[0] : elementDims));
        defined.add(name);
        return name;
    }

    /** A fresh variable named as Paddle names temporaries ("reshape2_0.tmp_1"), for outputs the graph does not have. */
    public String temp(String opType, DataType t, long[] dims) {
        String name;
        do {
            int n = counters.merge(opType, 1, Integer::sum) - 1;
            name = opType + "_" + n + ".tmp_0";
        } while (usedNames.contains(name));
        return declare(name, t, dims);
    }

    /** A fresh name for an intermediate of a multi-op emission. */
    public String tempLike(String value, DataType t, long[] dims) {
        String base = value + ".paddle";
        String name = base;
        for (int k = 1; usedNames.contains(name); k++) {
            name = base + k;
        }
        return declare(name, t, dims);
    }

    /** Whether {@code name} is taken by a graph value or a declared variable. */
    public boolean isNameUsed(String name) {
        return usedNames.contains(name);
    }

    public Map<String, Integer> lodLevels() {
        return lodLevels;
    }

    void lodOffsets(String value) {
        lodOffsets.add(value);
    }

    public boolean isDefined(String value) {
        return defined.contains(value) || aliases.containsKey(value);
    }

    void defineInput(String value, DataType t, long[] dims) {
        vars.put(value, new VarDecl(value, t, dims, false));
        defined.add(value);
    }

    /** Adds an op, labelled with the node being emitted. */
    public PaddleOp add(PaddleOp op) {
        if (current != null) {
            op.label(current.name() == null || current.name().isEmpty() ? current.opType() : current.name());
        }
        ops.add(op);
        return op;
    }

    public PaddleOp op(String type) {
        return add(new PaddleOp(type));
    }

    /** XShape-style output: dims [0] + dims of {@code x}. */
    public String xshape(String opType, String x) {
        long[] d = dims(x);
        long[] xs = new long[d == null ? 1 : d.length + 1];
        if (d != null) {
            System.arraycopy(d, 0, xs, 1, d.length);
        }
        return temp(opType, dtype(x), xs);
    }
}
