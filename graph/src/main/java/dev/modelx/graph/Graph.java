package dev.modelx.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A computation graph: inputs, outputs, nodes, initializers (named constant tensors), optional type
 * annotations of intermediate values, and quantization annotations. Collections are mutable and ordered;
 * node order is whatever the producer wrote (use {@link Graphs#topologicalOrder} to run it).
 */
public final class Graph {

    private String name;
    private String docString;
    private final List<ValueInfo> inputs = new ArrayList<>();
    private final List<ValueInfo> outputs = new ArrayList<>();
    private final List<ValueInfo> valueInfos = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Tensor> initializers = new LinkedHashMap<>();
    private final Map<String, SparseTensor> sparseInitializers = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<QuantizationAnnotation> quantizationAnnotations = new ArrayList<>();

    public Graph(String name) {
        this.name = name == null ? "" : name;
    }

    /** Which tensors hold a value's quantization parameters (ONNX TensorAnnotation). */
    public record QuantizationAnnotation(String tensorName, Map<String, String> parameterTensorNames) {
        public QuantizationAnnotation {
            parameterTensorNames = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameterTensorNames));
        }
    }

    public String name() {
        return name;
    }

    public Graph name(String n) {
        this.name = n == null ? "" : n;
        return this;
    }

    public String docString() {
        return docString;
    }

    public Graph docString(String d) {
        this.docString = d;
        return this;
    }

    public List<ValueInfo> inputs() {
        return inputs;
    }

    public List<ValueInfo> outputs() {
        return outputs;
    }

    /** Type annotations of values that are neither graph inputs nor outputs. */
    public List<ValueInfo> valueInfos() {
        return valueInfos;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Map<String, Tensor> initializers() {
        return initializers;
    }

    public Map<String, SparseTensor> sparseInitializers() {
        return sparseInitializers;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public List<QuantizationAnnotation> quantizationAnnotations() {
        return quantizationAnnotations;
    }

    // ---- building ----

    public Graph input(ValueInfo v) {
        inputs.add(v);
        return this;
    }

    public Graph input(String n, DataType t, long... shape) {
        return input(ValueInfo.tensor(n, t, shape));
    }

    public Graph output(ValueInfo v) {
        outputs.add(v);
        return this;
    }

    public Graph output(String n, DataType t, long... shape) {
        return output(ValueInfo.tensor(n, t, shape));
    }

    public Graph initializer(String n, Tensor t) {
        initializers.put(n, t);
        return this;
    }

    public Node add(Node n) {
        nodes.add(n);
        return n;
    }

    // ---- queries ----

    /** Graph inputs that are not also initializers (what a caller must feed). */
    public List<ValueInfo> feedInputs() {
        List<ValueInfo> out = new ArrayList<>();
        for (ValueInfo v : inputs) {
            if (!initializers.containsKey(v.name()) && !sparseInitializers.containsKey(v.name())) {
                out.add(v);
            }
        }
        return out;
    }

    /** The declared type of {@code valueName} from inputs, outputs or value infos. */
    public Optional<Type> declaredType(String valueName) {
        for (List<ValueInfo> l : List.of(inputs, outputs, valueInfos)) {
            for (ValueInfo v : l) {
                if (v.name().equals(valueName) && v.type() != null) {
                    return Optional.of(v.type());
                }
            }
        }
        Tensor t = initializers.get(valueName);
        if (t != null) {
            return Optional.of(Type.tensor(t.type(), t.shape()));
        }
        return Optional.empty();
    }

    /** The node producing {@code valueName} in this graph, if any. */
    public Optional<Node> producer(String valueName) {
        for (Node n : nodes) {
            if (n.outputs().contains(valueName)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /** A deep copy: nodes and sub-graphs copied, tensors shared (they are immutable). */
    public Graph copy() {
        Graph g = new Graph(name);
        g.docString = docString;
        g.inputs.addAll(inputs);
        g.outputs.addAll(outputs);
        g.valueInfos.addAll(valueInfos);
        for (Node n : nodes) {
            g.nodes.add(n.copy());
        }
        g.initializers.putAll(initializers);
        g.sparseInitializers.putAll(sparseInitializers);
        g.metadata.putAll(metadata);
        g.quantizationAnnotations.addAll(quantizationAnnotations);
        return g;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Graph g && name.equals(g.name) && Objects.equals(docString, g.docString)
                && inputs.equals(g.inputs) && outputs.equals(g.outputs) && valueInfos.equals(g.valueInfos)
                && nodes.equals(g.nodes) && initializers.equals(g.initializers)
                && sparseInitializers.equals(g.sparseInitializers) && metadata.equals(g.metadata)
                && quantizationAnnotations.equals(g.quantizationAnnotations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, nodes.size(), inputs, outputs);
    }

    @Override
    public String toString() {
        return "graph '" + name + "' (" + nodes.size() + " nodes, " + inputs.size() + " inputs, " + outputs.size() + " outputs)";
    }
}
