package dev.modelx.passes.opset;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One graph being converted (the main graph, a sub-graph, or a function body), with what is known of its
 * values: element types, shapes and constant values, looked up through the enclosing graphs.
 */
final class GraphScope {

    final Graph graph;
    final GraphScope parent;
    /** A function body: no initializers, constants are Constant nodes. */
    final boolean function;
    final boolean main;
    /** The op set the graph's nodes are written at before conversion. */
    final int opset;
    final boolean irBefore4;

    final Map<String, DataType> types = new HashMap<>();
    final Map<String, Shape> shapes = new HashMap<>();
    final Map<String, Tensor> constants = new HashMap<>();
    /** Declared or known kinds of values (tensor, sequence, optional, map). */
    final Map<String, Type> kinds = new HashMap<>();
    /** Names this graph defines that are not constants (inputs, node outputs): they hide outer constants. */
    final Set<String> defined = new HashSet<>();
    /** The converted nodes, in order. */
    final List<Node> out = new ArrayList<>();
    /** Producers of the converted nodes' outputs. */
    final Map<String, Node> producers = new HashMap<>();
    /** Values found constant by evaluating their producers (null entries: tried, not constant). */
    final Map<String, Tensor> folded = new HashMap<>();

    GraphScope(Graph graph, GraphScope parent, boolean function, boolean main, int opset, long irVersion) {
        this.graph = graph;
        this.parent = parent;
        this.function = function;
        this.main = main;
        this.opset = opset;
        this.irBefore4 = irVersion < 4;
        for (List<ValueInfo> list : List.of(graph.inputs(), graph.outputs(), graph.valueInfos())) {
            for (ValueInfo v : list) {
                if (v.type() != null) {
                    kinds.putIfAbsent(v.name(), v.type());
                }
                if (v.type() instanceof Type.TensorType tt) {
                    if (tt.elementType() != DataType.UNDEFINED) {
                        types.putIfAbsent(v.name(), tt.elementType());
                    }
                    if (tt.shape() != null) {
                        shapes.putIfAbsent(v.name(), tt.shape());
                    }
                }
            }
        }
        for (ValueInfo v : graph.inputs()) {
            defined.add(v.name());
        }
        for (Map.Entry<String, Tensor> e : graph.initializers().entrySet()) {
            Tensor t = e.getValue();
            types.put(e.getKey(), t.type());
            shapes.put(e.getKey(), Shape.of(t.shape()));
            boolean overridable = defined.contains(e.getKey()) && (!main || !irBefore4);
            if (!overridable) {
                constants.put(e.getKey(), t);
                defined.remove(e.getKey());
            }
        }
        for (Node n : graph.nodes()) {
            defined.addAll(n.outputs());
        }
    }

    DataType type(String name) {
        for (GraphScope s = this; s != null; s = s.parent) {
            DataType t = s.types.get(name);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    Shape shape(String name) {
        for (GraphScope s = this; s != null; s = s.parent) {
            Shape t = s.shapes.get(name);
            if (t != null) {
                return t;
            }
            if (s.defined.contains(name) || s.constants.containsKey(name)) {
                return null;
            }
        }
        return null;
    }

    /** The constant value of {@code name} seen from here, or null. */
    Tensor constant(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        for (GraphScope s = this; s != null; s = s.parent) {
            Tensor t = s.constants.get(name);
            if (t != null) {
                return t;
            }
            if (s.defined.contains(name)) {
                return null;
            }
        }
        return null;
    }

    /** The kind of {@code name} (declared or learned), or null. */
    Type kind(String name) {
        for (GraphScope s = this; s != null; s = s.parent) {
            Type t = s.kinds.get(name);
            if (t != null) {
                return t;
            }
            if (s.defined.contains(name)) {
                return null;
            }
        }
        return null;
    }

    void setType(String name, DataType t) {
        if (t != null && !name.isEmpty()) {
            types.putIfAbsent(name, t);
        }
    }

    void setShape(String name, Shape s) {
        if (s != null && !name.isEmpty()) {
            shapes.putIfAbsent(name, s);
        }
    }
}
