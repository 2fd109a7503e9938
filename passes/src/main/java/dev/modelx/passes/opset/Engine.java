package dev.modelx.passes.opset;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.AttributeKind;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Domains;
import dev.modelx.graph.Function;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.passes.opset.OpSchemas.OpSchema;
import dev.modelx.runtime.ShapeInference;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Converts one model in place; see {@link OpsetConverter}. */
final class Engine {

    /** Nested replacements deeper than this mean an adapter loop. */
    private static final int MAX_DEPTH = 48;

    final Model model;
    final int source;
    final int target;
    private final OpsetConverter.Options options;
    private final Model original;
    private final Set<String> names = new HashSet<>();
    private final Set<String> usedValues = new HashSet<>();
    private final Map<Node, OpsetConversionException.Blocker> blockers = new IdentityHashMap<>();
    private final List<OpsetConversionException.Blocker> blockerOrder = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final IdentityHashMap<Graph, Integer> subgraphOpsets = new IdentityHashMap<>();
    private Map<String, Type> inferred;
    private boolean inferredShapesTrusted;
    private int nodesAdded;
    private int nodesRewritten;

    Engine(Model model, Model original, int source, int target, OpsetConverter.Options options) {
        this.model = model;
        this.original = original;
        this.source = source;
        this.target = target;
        this.options = options;
        Graphs.forEachGraph(model.graph(), g -> {
            collectNames(g);
            subgraphOpsets.put(g, source);
            g.outputs().forEach(v -> usedValues.add(v.name()));
            for (Node n : g.nodes()) {
                for (String in : n.inputs()) {
                    if (!in.isEmpty()) {
                        usedValues.add(in);
                    }
                }
            }
        });
        for (Function f : model.functions()) {
            names.addAll(f.inputs());
            names.addAll(f.outputs());
            usedValues.addAll(f.outputs());
            for (Node n : f.nodes()) {
                names.addAll(n.inputs());
                names.addAll(n.outputs());
                usedValues.addAll(n.inputs());
                for (Graph sub : n.subgraphs()) {
                    Graphs.forEachGraph(sub, this::collectNames);
                }
            }
        }
    }

    private void collectNames(Graph g) {
        g.inputs().forEach(v -> names.add(v.name()));
        g.outputs().forEach(v -> names.add(v.name()));
        g.valueInfos().forEach(v -> names.add(v.name()));
        names.addAll(g.initializers().keySet());
        names.addAll(g.sparseInitializers().keySet());
        for (Node n : g.nodes()) {
            names.addAll(n.inputs());
            names.addAll(n.outputs());
            if (!n.name().isEmpty()) {
                names.add(n.name());
            }
        }
    }

    // ---- driver ----

    void run() {
        GraphScope main = new GraphScope(model.graph(), null, false, true, source, model.irVersion());
        convertGraph(main);
        for (Function f : model.functions()) {
            Long v = f.opsetImports().get(Domains.ONNX);
            String key = Domains.ONNX;
            if (v == null) {
                v = f.opsetImports().get(Domains.ONNX_ALIAS);
                key = Domains.ONNX_ALIAS;
            }
            if (v == null) {
                continue;
            }
            Graph body = new Graph(f.name());
            for (String in : f.inputs()) {
                body.input(new ValueInfo(in, null));
            }
            for (String out : f.outputs()) {
                body.output(new ValueInfo(out, null));
            }
            body.nodes().addAll(f.nodes());
            Graphs.forEachGraph(body, g -> subgraphOpsets.put(g, source));
            GraphScope scope = new GraphScope(body, null, true, false, v.intValue(), model.irVersion());
            convertGraph(scope);
            f.nodes().clear();
            f.nodes().addAll(body.nodes());
            f.opsetImports().put(key, (long) target);
        }
    }

    List<OpsetConversionException.Blocker> blockers() {
        return blockerOrder;
    }

    List<String> notes() {
        return notes;
    }

    int nodesAdded() {
        return nodesAdded;
    }

    int nodesRewritten() {
        return nodesRewritten;
    }

    private void convertGraph(GraphScope scope) {
        Graph g = scope.graph;
        List<Node> order;
        try {
            order = Graphs.topologicalOrder(g);
        } catch (Graphs.CycleException e) {
            order = new ArrayList<>(g.nodes());
        }
        for (Node n : order) {
            for (Node c : convertNode(n, scope.opset, scope, n, 0)) {
                scope.out.add(c);
                for (String o : c.outputs()) {
                    if (!o.isEmpty()) {
                        scope.producers.put(o, c);
                    }
                }
            }
        }
        g.nodes().clear();
        g.nodes().addAll(scope.out);
    }

    /** Converts {@code n}, written at op set {@code from}, to the target; returns what replaces it, in order. */
    private List<Node> convertNode(Node n, int from, GraphScope scope, Node origin, int depth) {
        List<Node> result = new ArrayList<>();
        if (n != origin) {
            nodesAdded++;
        }
        if (depth > MAX_DEPTH) {
            block(origin, n, "the conversion of this node does not terminate (adapter loop)");
            result.add(n);
            return result;
        }
        if (!n.domain().isEmpty() || model.function(n.domain(), n.opType(), n.overload()).isPresent()) {
            convertSubgraphs(n, scope);
            result.add(n);
            return result;
        }
        String op = n.opType();
        if (!OpSchemas.known(op)) {
            block(origin, n, "'" + op + "' is not an ai.onnx operator of any op set up to " + OpSchemas.MAX_OPSET);
            result.add(n);
            return result;
        }
        if (OpSchemas.at(op, from) == null) {
            block(origin, n, op + " does not exist at op set " + from + ", which the node is written at (it starts at "
                    + OpSchemas.versions(op).get(0) + ")");
            result.add(n);
            return result;
        }
        int at = from;
        while (true) {
            Step step;
            int next;
            if (at < target) {
                next = OpSchemas.nextVersion(op, at);
                if (next < 0 || next > target) {
                    break;
                }
                step = new Step(this, scope, n, at, next, OpSchemas.at(op, at), OpSchemas.at(op, next));
                Adapters.upgrade(op, next).adapt(step);
            } else if (at > target) {
                OpSchema cur = OpSchemas.at(op, at);
                if (cur.since() <= target) {
                    break;
                }
                next = cur.since() - 1;
                OpSchema prev = OpSchemas.at(op, next);
                if (prev != null && prev.deprecated()) {
                    prev = null;
                }
                step = new Step(this, scope, n, at, next, cur, prev);
                if (prev == null) {
                    Adapter ex = Adapters.expansion(op);
                    if (ex == null) {
                        step.block(op + " does not exist before op set " + cur.since() + " and has no expansion into older ops");
                    } else {
                        ex.adapt(step);
                        if (step.blocked == null && !step.removed) {
                            step.block(op + " has no equivalent before op set " + cur.since());
                        }
                    }
                } else {
                    Adapters.downgrade(op, cur.since()).adapt(step);
                }
            } else {
                break;
            }
            if (step.blocked != null) {
                block(origin, n, step.blocked);
                result.add(n);
                return result;
            }
            if (step.removed || !step.before.isEmpty() || !step.after.isEmpty()) {
                if (n == origin) {
                    nodesRewritten++;
                }
                for (Step.Emit e : step.before) {
                    result.addAll(convertNode(e.node(), e.opset(), scope, origin, depth + 1));
                }
                if (!step.removed) {
                    result.addAll(convertNode(n, next, scope, origin, depth + 1));
                    nodesAdded--;
                }
                for (Step.Emit e : step.after) {
                    result.addAll(convertNode(e.node(), e.opset(), scope, origin, depth + 1));
                }
                return result;
            }
            at = next;
        }
        OpSchema ts = OpSchemas.at(op, target);
        if (ts == null || ts.deprecated()) {
            Adapter ex = Adapters.expansion(op);
            OpSchema cur = OpSchemas.at(op, at);
            Step step = new Step(this, scope, n, at, target, cur, null);
            if (ex == null) {
                step.block(op + (ts == null ? " does not exist" : " is deprecated") + " at op set " + target
                        + " and has no replacement");
            } else {
                ex.adapt(step);
                if (step.blocked == null && !step.removed) {
                    step.block(op + " is deprecated at op set " + target + " and cannot be replaced");
                }
            }
            if (step.blocked != null) {
                block(origin, n, step.blocked);
                result.add(n);
                return result;
            }
            for (Step.Emit e : step.before) {
                result.addAll(convertNode(e.node(), e.opset(), scope, origin, depth + 1));
            }
            for (Step.Emit e : step.after) {
                result.addAll(convertNode(e.node(), e.opset(), scope, origin, depth + 1));
            }
            return result;
        }
        finish(n, ts, scope, origin, result);
        return result;
    }

    /** The node is at the target's version: fit its types, convert its sub-graphs, learn its outputs' types. */
    private void finish(Node n, OpSchema ts, GraphScope scope, Node origin, List<Node> result) {
        List<Node> pre = new ArrayList<>();
        List<Node> post = new ArrayList<>();
        String why = TypeFit.fit(this, scope, n, ts, pre, post);
        if (why != null) {
            block(origin, n, why);
        }
        for (Node p : pre) {
            propagate(p, OpSchemas.at(p.opType(), target), scope);
            result.add(p);
            produces(p, scope);
        }
        convertSubgraphs(n, scope);
        propagate(n, ts, scope);
        produces(n, scope);
        recordConstant(n, scope);
        result.add(n);
        for (Node p : post) {
            propagate(p, OpSchemas.at(p.opType(), target), scope);
            result.add(p);
            produces(p, scope);
        }
        nodesAdded += pre.size() + post.size();
    }

    private static void produces(Node n, GraphScope scope) {
        for (String o : n.outputs()) {
            if (!o.isEmpty()) {
                scope.producers.put(o, n);
            }
        }
    }

    private void convertSubgraphs(Node n, GraphScope scope) {
        for (Attribute a : n.attributes().values()) {
            for (Graph sub : a.subgraphs()) {
                Integer opset = subgraphOpsets.get(sub);
                GraphScope child = new GraphScope(sub, scope, scope.function, false, opset == null ? source : opset,
                        model.irVersion());
                seedBodyInputs(n, sub, scope, child);
                convertGraph(child);
            }
        }
    }

    /** Types and shapes of Loop and Scan body inputs that the body does not declare, from the node's inputs. */
    private void seedBodyInputs(Node n, Graph body, GraphScope outer, GraphScope child) {
        List<ValueInfo> ins = body.inputs();
        if (n.opType().equals("Loop")) {
            if (ins.size() > 0) {
                child.setType(ins.get(0).name(), DataType.INT64);
                child.setShape(ins.get(0).name(), Shape.of(new long[0]));
            }
            if (ins.size() > 1) {
                child.setType(ins.get(1).name(), DataType.BOOL);
                child.setShape(ins.get(1).name(), Shape.of(new long[0]));
            }
            for (int i = 2; i < ins.size(); i++) {
                child.setType(ins.get(i).name(), type(outer, n.input(i)));
                child.setShape(ins.get(i).name(), shape(outer, n.input(i)));
            }
        } else if (n.opType().equals("Scan")) {
            boolean v8 = OpSchemas.at("Scan", target).since() < 9;
            int first = v8 ? 1 : 0;
            int m = (int) n.attrLong("num_scan_inputs", 0);
            int states = n.inputs().size() - first - m;
            long[] axes = n.attrLongs("scan_input_axes", null);
            for (int i = 0; i < ins.size() && first + i < n.inputs().size(); i++) {
                String in = n.input(first + i);
                child.setType(ins.get(i).name(), type(outer, in));
                Shape sh = shape(outer, in);
                if (sh == null || v8) {
                    continue;
                }
                if (i < states) {
                    child.setShape(ins.get(i).name(), sh);
                } else if (sh.rank() > 0) {
                    int j = i - states;
                    long a = axes != null && j < axes.length ? axes[j] : 0;
                    int ax = (int) (a < 0 ? a + sh.rank() : a);
                    List<Dim> dims = new ArrayList<>(sh.dims());
                    dims.remove(ax);
                    child.setShape(ins.get(i).name(), new Shape(dims));
                }
            }
        }
    }

    private void recordConstant(Node n, GraphScope scope) {
        if (!n.opType().equals("Constant") || n.outputs().isEmpty()) {
            return;
        }
        Tensor t = constantValue(n);
        if (t != null) {
            scope.constants.put(n.output(0), t);
            scope.setShape(n.output(0), Shape.of(t.shape()));
        }
    }

    /** The value a Constant node produces, or null (sparse or string-free forms it cannot hold). */
    static Tensor constantValue(Node n) {
        Attribute a;
        if ((a = n.attribute("value")) != null && a.kind() == AttributeKind.TENSOR) {
            return a.asTensor();
        }
        if ((a = n.attribute("value_float")) != null) {
            return Tensor.scalar(a.asFloat());
        }
        if ((a = n.attribute("value_floats")) != null) {
            float[] f = a.asFloats();
            return Tensor.ofFloats(new long[]{f.length}, f);
        }
        if ((a = n.attribute("value_int")) != null) {
            return Tensor.scalar(a.asLong());
        }
        if ((a = n.attribute("value_ints")) != null) {
            long[] l = a.asLongs();
            return Tensor.ofLongs(new long[]{l.length}, l);
        }
        if ((a = n.attribute("value_string")) != null) {
            return Tensor.ofStrings(new long[0], a.asString());
        }
        if ((a = n.attribute("value_strings")) != null) {
            return Tensor.ofStrings(new long[]{a.asStrings().size()}, a.asStrings().toArray(new String[0]));
        }
        if ((a = n.attribute("sparse_value")) != null) {
            return dev.modelx.runtime.SparseTensors.densify(a.asSparseTensor());
        }
        return null;
    }

    // ---- types ----

    /** Records the element types of {@code n}'s outputs (declared types win). */
    void propagate(Node n, OpSchema s, GraphScope scope) {
        for (int j = 0; j < n.outputs().size(); j++) {
            String o = n.output(j);
            if (o.isEmpty() || scope.types.containsKey(o)) {
                continue;
            }
            DataType t = TypeFit.outputType(this, scope, n, s, j);
            if (t != null) {
                scope.types.put(o, t);
            }
        }
        String kindOut = switch (n.opType()) {
            case "Optional" -> "optional";
            case "SequenceConstruct", "SequenceEmpty", "SequenceInsert", "SequenceErase", "SplitToSequence" -> "sequence";
            default -> null;
        };
        if (kindOut != null && !n.output(0).isEmpty()) {
            scope.kinds.putIfAbsent(n.output(0), kindOut.equals("optional") ? new Type.OptionalType(null)
                    : new Type.SequenceType(null));
        }
        List<Shape> shapes = ShapeRules.infer(n, v -> shape(scope, v), scope::constant);
        for (int j = 0; j < shapes.size(); j++) {
            String o = n.output(j);
            Shape sh = shapes.get(j);
            if (sh == null || o.isEmpty()) {
                continue;
            }
            Shape old = scope.shapes.get(o);
            if (old == null || !old.isStatic() && sh.isStatic() && old.rank() == sh.rank()) {
                scope.shapes.put(o, sh);
            }
        }
    }

    DataType type(GraphScope scope, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        DataType t = scope.type(value);
        if (t != null) {
            return t;
        }
        if (scope.constant(value) != null) {
            return scope.constant(value).type();
        }
        if (inferredVisible(scope, value) && inferred().get(value) instanceof Type.TensorType tt
                && tt.elementType() != DataType.UNDEFINED) {
            return tt.elementType();
        }
        return null;
    }

    Shape shape(GraphScope scope, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Tensor c = scope.constant(value);
        if (c != null) {
            return Shape.of(c.shape());
        }
        Shape s = scope.shape(value);
        if (s != null && s.isStatic()) {
            return s;
        }
        if (inferredVisible(scope, value) && inferred().get(value) instanceof Type.TensorType tt && tt.shape() != null) {
            Shape inf = tt.shape();
            if (!inferredShapesTrusted) {
                List<Dim> dims = new ArrayList<>();
                for (Dim d : inf.dims()) {
                    dims.add(d.isSymbolic() ? d : Dim.unknown());
                }
                inf = new Shape(dims);
            }
            if (s == null) {
                return inf;
            }
            if (s.rank() == inf.rank()) {
                List<Dim> dims = new ArrayList<>();
                for (int i = 0; i < s.rank(); i++) {
                    dims.add(s.dim(i).isStatic() ? s.dim(i) : inf.dim(i).isStatic() ? inf.dim(i) : s.dim(i));
                }
                return new Shape(dims);
            }
        }
        return s;
    }

    void setType(GraphScope scope, String value, DataType t) {
        scope.setType(value, t);
    }

    /** Inferred facts describe main-graph values of the original model only. */
    private boolean inferredVisible(GraphScope scope, String value) {
        if (!options.inferShapes()) {
            return false;
        }
        for (GraphScope s = scope; s != null; s = s.parent) {
            if (s.main) {
                return !s.function;
            }
            if (s.defined.contains(value) || s.constants.containsKey(value)) {
                return false;
            }
        }
        return false;
    }

    private Map<String, Type> inferred() {
        if (inferred == null) {
            inferred = Map.of();
            try {
                inferred = ShapeInference.infer(original, Map.of());
                inferredShapesTrusted = true;
                for (ValueInfo in : original.graph().feedInputs()) {
                    if (!(in.type() instanceof Type.TensorType tt) || tt.shape() == null || !tt.shape().isStatic()) {
                        inferredShapesTrusted = false;
                    }
                }
            } catch (RuntimeException | StackOverflowError e) {
                // Inference runs the model; without it only declared facts are known.
            }
        }
        return inferred;
    }

    // ---- folding values computed from constants and static shapes ----

    private static final java.util.Set<String> NO_FOLD = java.util.Set.of("If", "Loop", "Scan", "SequenceMap", "RandomNormal",
            "RandomUniform", "RandomNormalLike", "RandomUniformLike", "Bernoulli", "Multinomial", "Dropout", "ImageDecoder");

    /**
     * The value of {@code name} when it is a constant, or is computed by already converted nodes from constants
     * and from the shapes of values whose shapes are static (Shape, Size); null otherwise.
     */
    Tensor fold(GraphScope scope, String name) {
        return fold(scope, name, 0);
    }

    private Tensor fold(GraphScope scope, String name, int depth) {
        Tensor c = scope.constant(name);
        if (c != null || name == null || name.isEmpty() || depth > 12) {
            return c;
        }
        GraphScope owner = null;
        Node producer = null;
        for (GraphScope s = scope; s != null; s = s.parent) {
            producer = s.producers.get(name);
            if (producer != null) {
                owner = s;
                break;
            }
            if (s.defined.contains(name)) {
                return null;
            }
        }
        if (producer == null) {
            return null;
        }
        if (owner.folded.containsKey(name)) {
            return owner.folded.get(name);
        }
        owner.folded.put(name, null);
        Tensor result = evaluate(owner, producer, name, depth);
        if (result != null && result.size() <= 1 << 16) {
            owner.folded.put(name, result);
            return result;
        }
        return null;
    }

    private Tensor evaluate(GraphScope scope, Node p, String name, int depth) {
        if (!p.domain().isEmpty() || NO_FOLD.contains(p.opType()) || !p.subgraphs().isEmpty()) {
            return null;
        }
        if (p.opType().equals("Shape") || p.opType().equals("Size")) {
            Shape sh = shape(scope, p.input(0));
            if (sh == null || !sh.isStatic()) {
                return null;
            }
            long[] dims = sh.toArray();
            if (p.opType().equals("Size")) {
                return Tensor.scalar(Tensor.elementCount(dims));
            }
            int r = dims.length;
            long start = p.attrLong("start", 0);
            long end = p.attrLong("end", r);
            start = Math.max(0, Math.min(r, start < 0 ? start + r : start));
            end = Math.max(0, Math.min(r, end < 0 ? end + r : end));
            long[] out = java.util.Arrays.copyOfRange(dims, (int) start, (int) Math.max(start, end));
            return Tensor.ofLongs(new long[]{out.length}, out);
        }
        Graph g = new Graph("fold");
        for (String in : p.inputs()) {
            if (in.isEmpty() || g.initializers().containsKey(in)) {
                continue;
            }
            Tensor t = fold(scope, in, depth + 1);
            if (t == null) {
                return null;
            }
            g.initializer(in, t);
        }
        Node copy = p.copy();
        copy.opsetVersion(target);
        g.add(copy);
        for (String o : p.outputs()) {
            if (!o.isEmpty()) {
                g.output(new ValueInfo(o, null));
            }
        }
        Model one = Model.of(g, target).irVersion(Math.max(model.irVersion(), 4));
        try (dev.modelx.runtime.Session session = dev.modelx.runtime.Session.create(one)) {
            Map<String, Tensor> out = session.runTensors(Map.of());
            return out.get(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---- names, constants, bookkeeping ----

    String fresh(String base) {
        String b = base == null || base.isEmpty() ? "v" : base;
        String name = b;
        for (int i = 2; names.contains(name); i++) {
            name = b + "_" + i;
        }
        names.add(name);
        return name;
    }

    boolean used(String value) {
        return usedValues.contains(value);
    }

    void addConstant(GraphScope scope, String name, Tensor value, Step step) {
        if (scope.function) {
            Node c = new Node("", "Constant", "").outputs(name).attr("value", value);
            step.before(c, Math.max(step.to, value.type().isFloatingPoint() ? 1 : 9));
        } else {
            scope.graph.initializers().put(name, value);
            if (scope.main && scope.irBefore4) {
                scope.graph.inputs().add(ValueInfo.tensor(name, value.type(), Shape.of(value.shape())));
            }
        }
        scope.constants.put(name, value);
        scope.types.put(name, value.type());
        scope.shapes.put(name, Shape.of(value.shape()));
    }

    void registerSubgraph(Graph g, int opset) {
        Graphs.forEachGraph(g, sub -> subgraphOpsets.put(sub, opset));
        collectNames(g);
    }

    void note(Node n, String message) {
        if (notes.size() < 200) {
            notes.add(n.describe() + ": " + message);
        }
    }

    private void block(Node origin, Node n, String reason) {
        if (blockers.containsKey(origin)) {
            return;
        }
        String text = n == origin ? reason : "its replacement " + n.opType() + ": " + reason;
        OpsetConversionException.Blocker b = new OpsetConversionException.Blocker(origin.describe(), origin.opType(),
                source, text);
        blockers.put(origin, b);
        blockerOrder.add(b);
    }
}
