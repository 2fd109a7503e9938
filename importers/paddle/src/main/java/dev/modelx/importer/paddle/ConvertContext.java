package dev.modelx.importer.paddle;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.ModelFormatException;
import dev.modelx.graph.Node;
import dev.modelx.graph.Provenance;
import dev.modelx.graph.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state of converting one block into one graph: which graph value currently holds each Paddle variable
 * (Paddle writes variables in place, the graph is SSA, so each write makes a fresh value), the LoD offset
 * values that travel with LoD variables, and helpers to emit nodes with provenance. A child context (for a
 * Loop/If body) sees its parents' bindings as outer-scope values.
 */
public final class ConvertContext {

    /** State shared by every context of one model. */
    public static final class Shared {
        final Path file;
        final String format;
        final Map<String, VarInfo> vars;
        final Map<String, Integer> opVersions;
        final OpRegistry registry;
        final Set<String> usedNames = new HashSet<>();
        final Map<String, List<String>> lod = new HashMap<>();
        /** Variables some op (or a fetch, or a block's yield) reads. */
        final Set<String> read = new HashSet<>();
        int counter;

        public Shared(Path file, String format, Map<String, VarInfo> vars, Map<String, Integer> opVersions, OpRegistry registry) {
            this.file = file;
            this.format = format;
            this.vars = vars;
            this.opVersions = opVersions;
            this.registry = registry;
        }
    }

    private final Shared shared;
    private final ConvertContext parent;
    private final Graph graph;
    private final Map<String, String> bindings = new HashMap<>();
    /** Writes of the op being converted; applied after it, so an in-place op still reads the old value. */
    private final Map<String, String> pending = new java.util.LinkedHashMap<>();
    private SourceOp current;

    public ConvertContext(Shared shared, Graph graph) {
        this(shared, null, graph);
    }

    private ConvertContext(Shared shared, ConvertContext parent, Graph graph) {
        this.shared = shared;
        this.parent = parent;
        this.graph = graph;
    }

    /** A context for a nested graph (Loop/If body) whose outer scope is this one. */
    public ConvertContext child(Graph body) {
        ConvertContext c = new ConvertContext(shared, this, body);
        c.current = current;
        return c;
    }

    public Graph graph() {
        return graph;
    }

    public Path file() {
        return shared.file;
    }

    public String format() {
        return shared.format;
    }

    /** The op_version_map entry of {@code opType} (0 when the file records none). */
    public int opVersion(String opType) {
        if (shared.format.equals(PirImporter.FORMAT)) {
            return Integer.MAX_VALUE; // PIR files are written by Paddle 3: every op at its newest definition
        }
        return shared.opVersions.getOrDefault(opType, 0);
    }

    public SourceOp currentOp() {
        return current;
    }

    // ---- converting ----

    /** Converts {@code ops} in order into this context's graph. */
    public void convertAll(List<SourceOp> ops) {
        for (SourceOp op : ops) {
            convert(op);
        }
    }

    public void convert(SourceOp op) {
        OpConverter conv = shared.registry.get(op.type());
        if (conv == null) {
            throw new ModelFormatException(shared.file, "op " + op.label() + ": no converter for Paddle op '" + op.type() + "'");
        }
        SourceOp saved = current;
        current = op;
        try {
            conv.convert(this, op);
            bindings.putAll(pending);
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFormatException(shared.file, "op " + op.label() + " (" + op.type() + "): " + e.getMessage(), e);
        } finally {
            pending.clear();
            current = saved;
        }
        shareLod(op);
    }

    /** Paddle's ShareLoD: outputs declared with LoD inherit the first LoD input's offsets unless a converter set them. */
    private void shareLod(SourceOp op) {
        List<String> source = null;
        for (List<String> vars : op.inputs().values()) {
            for (String v : vars) {
                if (source == null && shared.lod.containsKey(v)) {
                    source = shared.lod.get(v);
                }
            }
        }
        if (source == null) {
            return;
        }
        for (List<String> vars : op.outputs().values()) {
            for (String v : vars) {
                VarInfo info = shared.vars.get(v);
                if (info != null && info.lodLevel() > 0 && !shared.lod.containsKey(v)) {
                    shared.lod.put(v, source);
                }
            }
        }
    }

    // ---- variables ----

    /** Records what {@code ops} (their nested blocks included) read: inputs, variable-valued attributes, yields. */
    public void markRead(List<SourceOp> ops) {
        for (SourceOp op : ops) {
            op.inputs().values().forEach(shared.read::addAll);
            op.attrs().values().forEach(a -> {
                if (a instanceof String v) {
                    shared.read.add(v);
                } else if (a instanceof List<?> l) {
                    l.forEach(v -> shared.read.add(String.valueOf(v)));
                }
            });
            for (SourceBlock b : op.blocks()) {
                shared.read.addAll(b.yields());
                markRead(b.ops());
            }
        }
    }

    public void markRead(String var) {
        shared.read.add(var);
    }

    /** Whether any op of the program reads {@code var} (an output nothing reads need not be computed). */
    public boolean isRead(String var) {
        return shared.read.contains(var);
    }

    /** The graph value currently holding {@code var}. */
    public String value(String var) {
        for (ConvertContext c = this; c != null; c = c.parent) {
            String v = c.bindings.get(var);
            if (v != null) {
                return v;
            }
        }
        throw new IllegalArgumentException("variable '" + var + "' is read before any op writes it");
    }

    public boolean isDefined(String var) {
        for (ConvertContext c = this; c != null; c = c.parent) {
            if (c.bindings.containsKey(var)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code var} is bound in this context itself (not an outer one). */
    public boolean isLocal(String var) {
        return bindings.containsKey(var);
    }

    /**
     * A fresh value for a write of {@code var}, bound in this context once the current op is converted (reads
     * of {@code var} by the same op still see the previous value, as for Paddle's in-place ops).
     */
    public String define(String var) {
        String name = fresh(var);
        if (current == null) {
            bindings.put(var, name);
        } else {
            pending.put(var, name);
        }
        return name;
    }

    public void bind(String var, String value) {
        bindings.put(var, value);
    }

    /** A graph-unique name starting with {@code hint}. */
    public String fresh(String hint) {
        String base = hint == null || hint.isEmpty() ? "t" : hint;
        String name = base;
        while (!shared.usedNames.add(name)) {
            name = base + "__" + (++shared.counter);
        }
        return name;
    }

    /** Marks {@code name} as taken (graph inputs, initializers). */
    public void reserve(String name) {
        shared.usedNames.add(name);
    }

    public String in(SourceOp op, String slot) {
        return value(op.input(slot));
    }

    public Optional<String> optIn(SourceOp op, String slot) {
        return op.hasInput(slot) ? Optional.of(value(op.input(slot))) : Optional.empty();
    }

    public List<String> ins(SourceOp op, String slot) {
        List<String> out = new ArrayList<>();
        for (String v : op.inputs(slot)) {
            out.add(value(v));
        }
        return out;
    }

    public String out(SourceOp op, String slot) {
        return define(op.output(slot));
    }

    public VarInfo info(String var) {
        VarInfo i = shared.vars.get(var);
        return i == null ? new VarInfo(null, null, 0) : i;
    }

    /** Declared element type of {@code var}, FLOAT when the file does not say. */
    public DataType dtype(String var) {
        DataType t = info(var).dtype();
        return t == null ? DataType.FLOAT : t;
    }

    /** Declared rank of {@code var}; a format error when unknown and a converter needs it. */
    public int rank(String var) {
        int r = info(var).rank();
        if (r < 0) {
            throw new IllegalArgumentException("the rank of '" + var + "' is not declared");
        }
        return r;
    }

    public long[] dims(String var) {
        long[] d = info(var).dims();
        if (d == null) {
            throw new IllegalArgumentException("the shape of '" + var + "' is not declared");
        }
        return d;
    }

    public List<String> lod(String var) {
        return shared.lod.get(var);
    }

    public void setLod(String var, List<String> offsets) {
        shared.lod.put(var, List.copyOf(offsets));
    }

    // ---- emitting ----

    public Node emit(String opType, List<String> inputs, List<String> outputs) {
        Node n = Node.of(opType).inputs(inputs).outputs(outputs);
        String label = current == null ? "paddle" : current.label();
        n.name(fresh(label + "/" + opType));
        n.provenance(Provenance.of(shared.format, label));
        graph.add(n);
        return n;
    }

    public Node emit(String opType, String output, String... inputs) {
        return emit(opType, List.of(inputs), List.of(output));
    }

    /** Emits {@code opType} with one fresh output and returns the node. */
    public Node op(String opType, String... inputs) {
        return emit(opType, List.of(inputs), List.of(fresh(hint() + "_" + opType.toLowerCase())));
    }

    /** Emits {@code opType} with one fresh output and returns the output name. */
    public String op1(String opType, String... inputs) {
        return op(opType, inputs).output(0);
    }

    private String hint() {
        return current == null || current.outputs().isEmpty() ? "t" : current.outputs().values().stream()
                .filter(l -> !l.isEmpty()).map(l -> l.get(0)).findFirst().orElse("t");
    }

    public String constant(Tensor t) {
        return emit("Constant", List.of(), List.of(fresh(hint() + "_const"))).attr("value", t).output(0);
    }

    public String constI64(long... v) {
        return constant(Tensor.ofLongs(new long[] {v.length}, v));
    }

    public String scalarI64(long v) {
        return constant(Tensor.ofLongs(new long[0], v));
    }

    /** A scalar of element type {@code t} holding {@code v}. */
    public String scalar(DataType t, double v) {
        return constant(Tensors.scalar(t, v));
    }

    public String cast(String value, DataType to) {
        return op("Cast", value).attr("to", (long) to.code()).output(0);
    }
}
