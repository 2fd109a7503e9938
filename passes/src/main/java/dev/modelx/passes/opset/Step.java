package dev.modelx.passes.opset;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import dev.modelx.passes.opset.OpSchemas.OpSchema;

import java.util.ArrayList;
import java.util.List;

/**
 * One node crossing one version boundary: from op set {@link #from} (the node's current semantics, version
 * {@link #fromSchema}) to op set {@link #to} (version {@link #toSchema}, null when the op does not exist
 * there and the node must be replaced). Adapters edit {@link #node} in place, emit helper nodes before or
 * after it (each converted on from the op set it is written at), remove it, or block with a reason.
 */
final class Step {

    record Emit(Node node, int opset) {
    }

    final Engine engine;
    final GraphScope scope;
    final Node node;
    final int from;
    final int to;
    final OpSchema fromSchema;
    final OpSchema toSchema;

    final List<Emit> before = new ArrayList<>();
    final List<Emit> after = new ArrayList<>();
    boolean removed;
    String blocked;

    Step(Engine engine, GraphScope scope, Node node, int from, int to, OpSchema fromSchema, OpSchema toSchema) {
        this.engine = engine;
        this.scope = scope;
        this.node = node;
        this.from = from;
        this.to = to;
        this.fromSchema = fromSchema;
        this.toSchema = toSchema;
    }

    /** The op set the whole conversion goes to (decides which older ops a rewrite may use). */
    int target() {
        return engine.target;
    }

    boolean up() {
        return to > from;
    }

    // ---- facts ----

    String in(int i) {
        return node.input(i);
    }

    String out(int i) {
        return node.output(i);
    }

    boolean has(int input) {
        return !node.input(input).isEmpty();
    }

    DataType type(String value) {
        return engine.type(scope, value);
    }

    Shape shape(String value) {
        return engine.shape(scope, value);
    }

    /** The rank of {@code value}, or -1 when unknown. */
    int rank(String value) {
        Shape s = shape(value);
        return s == null ? -1 : s.rank();
    }

    /** The fully static shape of {@code value}, or null. */
    long[] staticShape(String value) {
        Shape s = shape(value);
        return s != null && s.isStatic() ? s.toArray() : null;
    }

    /** The value of {@code value} when it is constant (or computed only from constants and static shapes), else null. */
    Tensor constant(String value) {
        return engine.fold(scope, value);
    }

    /** The declared or learned kind of {@code value} (tensor, sequence, optional, map), or null. */
    dev.modelx.graph.Type kind(String value) {
        dev.modelx.graph.Type k = scope.kind(value);
        if (k == null && type(value) != null) {
            return dev.modelx.graph.Type.tensor(type(value), (Shape) null);
        }
        return k;
    }

    /** The integer values of a constant input, or null when it is absent or not constant. */
    long[] constantLongs(String value) {
        Tensor t = constant(value);
        return t == null || !(t.type().isInteger()) ? null : t.toLongArray();
    }

    /** True when something reads {@code value} (a node anywhere, a graph output). */
    boolean used(String value) {
        return !value.isEmpty() && engine.used(value);
    }

    // ---- editing ----

    String fresh(String base) {
        return engine.fresh(base);
    }

    /** A name for a helper value derived from the node's first output. */
    String tmp(String suffix) {
        String base = node.outputs().isEmpty() || node.output(0).isEmpty() ? node.opType() : node.output(0);
        return fresh(base + "_" + suffix);
    }

    /** A constant value usable by emitted nodes: an initializer, or a Constant node inside a function body. */
    String constant(Tensor value, String base) {
        String name = fresh(base);
        engine.addConstant(scope, name, value, this);
        return name;
    }

    String constLongs(String base, long... values) {
        return constant(Tensor.ofLongs(new long[]{values.length}, values), base);
    }

    String constScalar(String base, DataType type, double value) {
        return constant(Consts.scalar(type, value), base);
    }

    /** Emits {@code n} before the node, written at op set {@code opset}. */
    Node before(Node n, int opset) {
        before.add(new Emit(n, opset));
        return n;
    }

    /** Emits {@code n} before the node, written at the op set this step leads to. */
    Node before(Node n) {
        return before(n, to);
    }

    Node after(Node n, int opset) {
        after.add(new Emit(n, opset));
        return n;
    }

    Node after(Node n) {
        return after(n, to);
    }

    /** Builds a node named after the converted one. */
    Node make(String opType, List<String> inputs, List<String> outputs) {
        Node n = new Node(node.name().isEmpty() ? "" : fresh(node.name() + "/" + opType), opType, "");
        n.inputs(inputs);
        n.outputs(outputs);
        return n;
    }

    Node make(String opType, String input, String output) {
        return make(opType, List.of(input), List.of(output));
    }

    /** Emits {@code opType(inputs) -> fresh} before the node at op set {@code opset}; returns the output name. */
    String emit(int opset, String opType, String suffix, String... inputs) {
        String o = tmp(suffix);
        before(make(opType, List.of(inputs), List.of(o)), opset);
        return o;
    }

    /** Like {@link #emit} with attributes set by {@code attrs}. */
    String emit(int opset, String opType, String suffix, List<Attribute> attrs, String... inputs) {
        String o = tmp(suffix);
        Node n = make(opType, List.of(inputs), List.of(o));
        attrs.forEach(n::attr);
        before(n, opset);
        return o;
    }

    /**
     * Makes the node write output {@code i} to a fresh name and returns it, so that nodes emitted after can
     * compute the original output from it.
     */
    String redirectOutput(int i, String suffix) {
        String original = node.output(i);
        String t = tmp(suffix);
        node.outputs().set(i, t);
        engine.setType(scope, t, type(original));
        return t;
    }

    void remove() {
        removed = true;
    }

    void block(String reason) {
        if (blocked == null) {
            blocked = reason;
        }
    }

    void note(String message) {
        engine.note(node, message);
    }

    void registerSubgraph(Graph g, int opset) {
        engine.registerSubgraph(g, opset);
    }

    void setType(String value, DataType t) {
        engine.setType(scope, value, t);
    }

    void setShape(String value, Shape s) {
        scope.setShape(value, s);
    }
}
