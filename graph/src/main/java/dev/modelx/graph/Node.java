package dev.modelx.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One operator application. Inputs and outputs are value names; an empty name marks an omitted optional
 * input or output. {@link #opsetVersion()} is the version of the node's domain the model imports (0 when
 * not yet resolved), which is what selects the operator's semantics.
 */
public final class Node {

    private String name;
    private String opType;
    private String domain;
    private String overload = "";
    private final List<String> inputs = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private final Map<String, Attribute> attributes = new LinkedHashMap<>();
    private String docString;
    private int opsetVersion;
    private Provenance provenance;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public Node(String opType) {
        this("", opType, Domains.ONNX);
    }

    public Node(String name, String opType, String domain) {
        this.name = name == null ? "" : name;
        this.opType = Objects.requireNonNull(opType, "opType");
        this.domain = Domains.normalize(domain);
    }

    /** Starts a node of {@code opType} in the default domain: {@code Node.of("Relu").inputs("x").outputs("y")}. */
    public static Node of(String opType) {
        return new Node(opType);
    }

    public Node name(String n) {
        this.name = n == null ? "" : n;
        return this;
    }

    public Node domain(String d) {
        this.domain = Domains.normalize(d);
        return this;
    }

    public Node opType(String t) {
        this.opType = Objects.requireNonNull(t);
        return this;
    }

    public Node overload(String o) {
        this.overload = o == null ? "" : o;
        return this;
    }

    public Node inputs(String... names) {
        inputs.clear();
        inputs.addAll(List.of(names));
        return this;
    }

    public Node inputs(Collection<String> names) {
        inputs.clear();
        inputs.addAll(names);
        return this;
    }

    public Node outputs(String... names) {
        outputs.clear();
        outputs.addAll(List.of(names));
        return this;
    }

    public Node outputs(Collection<String> names) {
        outputs.clear();
        outputs.addAll(names);
        return this;
    }

    public Node attr(Attribute a) {
        attributes.put(a.name(), a);
        return this;
    }

    public Node attr(String n, long v) {
        return attr(Attribute.of(n, v));
    }

    public Node attr(String n, float v) {
        return attr(Attribute.of(n, v));
    }

    public Node attr(String n, String v) {
        return attr(Attribute.of(n, v));
    }

    public Node attr(String n, Tensor v) {
        return attr(Attribute.of(n, v));
    }

    public Node attr(String n, Graph v) {
        return attr(Attribute.of(n, v));
    }

    public Node ints(String n, long... v) {
        return attr(Attribute.ints(n, v));
    }

    public Node floats(String n, float... v) {
        return attr(Attribute.floats(n, v));
    }

    public Node docString(String d) {
        this.docString = d;
        return this;
    }

    public Node opsetVersion(int v) {
        this.opsetVersion = v;
        return this;
    }

    public Node provenance(Provenance p) {
        this.provenance = p;
        return this;
    }

    public String name() {
        return name;
    }

    public String opType() {
        return opType;
    }

    public String domain() {
        return domain;
    }

    public String overload() {
        return overload;
    }

    /** Mutable list of input names (passes rewrite it in place). */
    public List<String> inputs() {
        return inputs;
    }

    public List<String> outputs() {
        return outputs;
    }

    /** Mutable, ordered map of attributes by name. */
    public Map<String, Attribute> attributes() {
        return attributes;
    }

    public Attribute attribute(String n) {
        return attributes.get(n);
    }

    public boolean hasAttribute(String n) {
        return attributes.containsKey(n);
    }

    public long attrLong(String n, long dflt) {
        Attribute a = attributes.get(n);
        return a == null ? dflt : a.asLong();
    }

    public float attrFloat(String n, float dflt) {
        Attribute a = attributes.get(n);
        return a == null ? dflt : a.asFloat();
    }

    public String attrString(String n, String dflt) {
        Attribute a = attributes.get(n);
        return a == null ? dflt : a.asString();
    }

    public long[] attrLongs(String n, long[] dflt) {
        Attribute a = attributes.get(n);
        return a == null ? dflt : a.asLongs();
    }

    public float[] attrFloats(String n, float[] dflt) {
        Attribute a = attributes.get(n);
        return a == null ? dflt : a.asFloats();
    }

    public String docString() {
        return docString;
    }

    public int opsetVersion() {
        return opsetVersion;
    }

    public Provenance provenance() {
        return provenance;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** The input at {@code i}, or "" when absent (omitted optional inputs). */
    public String input(int i) {
        return i < inputs.size() ? inputs.get(i) : "";
    }

    public String output(int i) {
        return i < outputs.size() ? outputs.get(i) : "";
    }

    /** Sub-graphs held by this node's attributes (If branches, Loop/Scan bodies). */
    public List<Graph> subgraphs() {
        List<Graph> out = new ArrayList<>();
        for (Attribute a : attributes.values()) {
            out.addAll(a.subgraphs());
        }
        return out;
    }

    /** A short label for messages: {@code node 'conv1' (Conv)}. */
    public String describe() {
        String op = domain.isEmpty() ? opType : domain + "." + opType;
        return "node '" + (name.isEmpty() ? String.join(",", outputs) : name) + "' (" + op + ")";
    }

    /** A deep copy (sub-graphs copied too; tensors, being immutable, shared). */
    public Node copy() {
        Node n = new Node(name, opType, domain);
        n.overload = overload;
        n.inputs.addAll(inputs);
        n.outputs.addAll(outputs);
        for (Attribute a : attributes.values()) {
            n.attributes.put(a.name(), copyAttribute(a));
        }
        n.docString = docString;
        n.opsetVersion = opsetVersion;
        n.provenance = provenance;
        n.metadata.putAll(metadata);
        return n;
    }

    private static Attribute copyAttribute(Attribute a) {
        if (a.kind() == AttributeKind.GRAPH) {
            return Attribute.of(a.name(), a.asGraph().copy()).withDocString(a.docString());
        }
        if (a.kind() == AttributeKind.GRAPHS) {
            return Attribute.graphs(a.name(), a.asGraphs().stream().map(Graph::copy).toList()).withDocString(a.docString());
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Node n && name.equals(n.name) && opType.equals(n.opType) && domain.equals(n.domain)
                && overload.equals(n.overload) && inputs.equals(n.inputs) && outputs.equals(n.outputs)
                && attributes.equals(n.attributes) && Objects.equals(docString, n.docString)
                && opsetVersion == n.opsetVersion && Objects.equals(provenance, n.provenance) && metadata.equals(n.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, opType, domain, inputs, outputs);
    }

    @Override
    public String toString() {
        return describe() + " " + inputs + " -> " + outputs + (attributes.isEmpty() ? "" : " " + attributes.values());
    }
}
