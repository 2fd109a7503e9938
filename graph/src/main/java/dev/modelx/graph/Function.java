package dev.modelx.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model-local function (ONNX FunctionProto): an operator {@code domain.name} defined by a body of nodes.
 * {@link #attributeNames()} are attributes without defaults; {@link #attributeDefaults()} those with one.
 */
public final class Function {

    private final String domain;
    private final String name;
    private String overload = "";
    private final List<String> inputs = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private final List<String> attributeNames = new ArrayList<>();
    private final List<Attribute> attributeDefaults = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Long> opsetImports = new LinkedHashMap<>();
    private final List<ValueInfo> valueInfos = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private String docString;

    public Function(String domain, String name) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.name = Objects.requireNonNull(name, "name");
    }

    public String domain() {
        return domain;
    }

    public String name() {
        return name;
    }

    public String overload() {
        return overload;
    }

    public Function overload(String o) {
        this.overload = o == null ? "" : o;
        return this;
    }

    public List<String> inputs() {
        return inputs;
    }

    public List<String> outputs() {
        return outputs;
    }

    public List<String> attributeNames() {
        return attributeNames;
    }

    public List<Attribute> attributeDefaults() {
        return attributeDefaults;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Map<String, Long> opsetImports() {
        return opsetImports;
    }

    public List<ValueInfo> valueInfos() {
        return valueInfos;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public String docString() {
        return docString;
    }

    public Function docString(String d) {
        this.docString = d;
        return this;
    }

    public Function copy() {
        Function f = new Function(domain, name);
        f.overload = overload;
        f.inputs.addAll(inputs);
        f.outputs.addAll(outputs);
        f.attributeNames.addAll(attributeNames);
        f.attributeDefaults.addAll(attributeDefaults);
        nodes.forEach(n -> f.nodes.add(n.copy()));
        f.opsetImports.putAll(opsetImports);
        f.valueInfos.addAll(valueInfos);
        f.metadata.putAll(metadata);
        f.docString = docString;
        return f;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Function f && domain.equals(f.domain) && name.equals(f.name) && overload.equals(f.overload)
                && inputs.equals(f.inputs) && outputs.equals(f.outputs) && attributeNames.equals(f.attributeNames)
                && attributeDefaults.equals(f.attributeDefaults) && nodes.equals(f.nodes) && opsetImports.equals(f.opsetImports)
                && valueInfos.equals(f.valueInfos) && metadata.equals(f.metadata) && Objects.equals(docString, f.docString);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, name, overload);
    }

    @Override
    public String toString() {
        return "function " + domain + "." + name + " (" + nodes.size() + " nodes)";
    }
}
