package dev.modelx.runtime;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What a kernel sees of one node execution: its inputs (null where an optional input is omitted), its
 * attributes, the op-set version in force, and where to put its outputs. Also runs sub-graphs for
 * control-flow kernels and hands out the seeded random generator.
 */
public final class OpContext {

    private final Node node;
    private final int opset;
    private final List<Value> inputs;
    private final Value[] outputs;
    private final SubgraphRunner subgraphs;
    private final Random random;
    private Graph graph;

    /** Runs a sub-graph of the current node with the current scope visible. */
    public interface SubgraphRunner {
        List<Value> run(Graph graph, List<Value> inputs);
    }

    public OpContext(Node node, int opset, List<Value> inputs, SubgraphRunner subgraphs, Random random) {
        this.node = node;
        this.opset = opset;
        this.inputs = inputs;
        this.outputs = new Value[node.outputs().size()];
        this.subgraphs = subgraphs;
        this.random = random;
    }

    public Node node() {
        return node;
    }

    /** The op-set version of the node's domain that the model imports. */
    public int opset() {
        return opset;
    }

    // ---- inputs ----

    /** Number of input slots the node lists (omitted optional inputs included). */
    public int inputCount() {
        return inputs.size();
    }

    public boolean hasInput(int i) {
        return i < inputs.size() && inputs.get(i) != null;
    }

    /** The value at input {@code i}, or null when omitted. */
    public Value value(int i) {
        return i < inputs.size() ? inputs.get(i) : null;
    }

    public List<Value> values() {
        return inputs;
    }

    /** The tensor at input {@code i}; an error when it is missing or not a tensor. */
    public Tensor input(int i) {
        Value v = value(i);
        if (v == null) {
            throw error("input " + i + " is required but missing");
        }
        if (!(v instanceof TensorValue tv)) {
            throw error("input " + i + " must be a tensor, got " + v.describe());
        }
        return tv.tensor();
    }

    /** The tensor at input {@code i}, or null when omitted (an empty name or beyond the listed inputs). */
    public Tensor optionalInput(int i) {
        return hasInput(i) ? input(i) : null;
    }

    // ---- attributes ----

    public Attribute attr(String name) {
        return node.attribute(name);
    }

    public boolean hasAttr(String name) {
        return node.hasAttribute(name);
    }

    public long attrLong(String name, long dflt) {
        return node.attrLong(name, dflt);
    }

    public int attrInt(String name, int dflt) {
        return Math.toIntExact(node.attrLong(name, dflt));
    }

    public float attrFloat(String name, float dflt) {
        return node.attrFloat(name, dflt);
    }

    public String attrString(String name, String dflt) {
        return node.attrString(name, dflt);
    }

    public long[] attrLongs(String name, long[] dflt) {
        return node.attrLongs(name, dflt);
    }

    public float[] attrFloats(String name, float[] dflt) {
        return node.attrFloats(name, dflt);
    }

    public Graph attrGraph(String name) {
        Attribute a = node.attribute(name);
        if (a == null) {
            throw error("attribute '" + name + "' is required");
        }
        return a.asGraph();
    }

    public Attribute requireAttr(String name) {
        Attribute a = node.attribute(name);
        if (a == null) {
            throw error("attribute '" + name + "' is required");
        }
        return a;
    }

    // ---- outputs ----

    public int outputCount() {
        return outputs.length;
    }

    /** True when output {@code i} is listed with a non-empty name (someone may read it). */
    public boolean wantsOutput(int i) {
        return i < outputs.length && !node.output(i).isEmpty();
    }

    public void output(int i, Tensor t) {
        output(i, new TensorValue(t));
    }

    public void output(int i, Value v) {
        if (i >= outputs.length) {
            if (v != null && i >= node.outputs().size()) {
                return;
            }
        }
        outputs[i] = v;
    }

    public Value[] outputs() {
        return outputs;
    }

    // ---- services ----

    /** The graph the node belongs to (ops like Gradient read the nodes around them); null when unknown. */
    public Graph graph() {
        return graph;
    }

    public OpContext graph(Graph g) {
        this.graph = g;
        return this;
    }

    public List<Value> runSubgraph(Graph graph, List<Value> subInputs) {
        return subgraphs.run(graph, subInputs);
    }

    /** Random generator: seeded from the node's 'seed' attribute when present, else from the session seed. */
    public Random random() {
        if (node.hasAttribute("seed")) {
            return new Random(Float.floatToIntBits(node.attrFloat("seed", 0f)));
        }
        return random;
    }

    /** An exception naming this node and op, to throw: {@code throw ctx.error("axis " + a + " out of range")}. */
    public KernelException error(String message) {
        return new KernelException(node.describe() + ": " + message);
    }

    public static String shape(long[] s) {
        return Arrays.toString(s);
    }
}
