package dev.modelx.exporter.onnx;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.Function;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Explains why two models are not {@code equals}: the path of the first difference, e.g.
 * {@code graph.node[3](Conv).attribute[pads]: [0, 0] vs [1, 1]}. Models' own equals decides; this only reports.
 */
final class ModelDiff {
    private ModelDiff() {
    }

    static Optional<String> firstDifference(Model a, Model b) {
        List<String> out = new ArrayList<>();
        model(a, b, out);
        if (out.isEmpty() && !a.equals(b)) {
            out.add("models differ, but no field-by-field difference was found");
        }
        return out.stream().findFirst();
    }

    private static void model(Model a, Model b, List<String> out) {
        same("ir_version", a.irVersion(), b.irVersion(), out);
        same("opset_import", a.opsetImports(), b.opsetImports(), out);
        same("producer_name", a.producerName(), b.producerName(), out);
        same("producer_version", a.producerVersion(), b.producerVersion(), out);
        same("domain", a.domain(), b.domain(), out);
        same("model_version", a.modelVersion(), b.modelVersion(), out);
        same("doc_string", a.docString(), b.docString(), out);
        same("metadata_props", a.metadata(), b.metadata(), out);
        same("extensions", a.opaqueExtensions().keySet(), b.opaqueExtensions().keySet(), out);
        a.opaqueExtensions().forEach((k, v) -> {
            if (!Arrays.equals(v, b.opaqueExtensions().get(k))) {
                out.add("extensions[" + k + "]: bytes differ");
            }
        });
        graph("graph", a.graph(), b.graph(), out);
        same("functions.size", a.functions().size(), b.functions().size(), out);
        for (int i = 0; i < Math.min(a.functions().size(), b.functions().size()); i++) {
            function("functions[" + i + "]", a.functions().get(i), b.functions().get(i), out);
        }
    }

    private static void function(String path, Function a, Function b, List<String> out) {
        same(path + ".id", a.domain() + "." + a.name() + ":" + a.overload(), b.domain() + "." + b.name() + ":" + b.overload(), out);
        same(path + ".input", a.inputs(), b.inputs(), out);
        same(path + ".output", a.outputs(), b.outputs(), out);
        same(path + ".attribute", a.attributeNames(), b.attributeNames(), out);
        same(path + ".attribute_proto", a.attributeDefaults(), b.attributeDefaults(), out);
        same(path + ".opset_import", a.opsetImports(), b.opsetImports(), out);
        same(path + ".value_info", a.valueInfos(), b.valueInfos(), out);
        same(path + ".metadata_props", a.metadata(), b.metadata(), out);
        same(path + ".doc_string", a.docString(), b.docString(), out);
        nodes(path, a.nodes(), b.nodes(), out);
    }

    private static void graph(String path, Graph a, Graph b, List<String> out) {
        same(path + ".name", a.name(), b.name(), out);
        same(path + ".doc_string", a.docString(), b.docString(), out);
        same(path + ".input", a.inputs(), b.inputs(), out);
        same(path + ".output", a.outputs(), b.outputs(), out);
        same(path + ".value_info", a.valueInfos(), b.valueInfos(), out);
        same(path + ".initializer.names", a.initializers().keySet(), b.initializers().keySet(), out);
        a.initializers().forEach((k, v) -> same(path + ".initializer[" + k + "]", v, b.initializers().get(k), out));
        same(path + ".sparse_initializer", a.sparseInitializers(), b.sparseInitializers(), out);
        same(path + ".quantization_annotation", a.quantizationAnnotations(), b.quantizationAnnotations(), out);
        same(path + ".metadata_props", a.metadata(), b.metadata(), out);
        nodes(path, a.nodes(), b.nodes(), out);
    }

    private static void nodes(String path, List<Node> a, List<Node> b, List<String> out) {
        same(path + ".node.size", a.size(), b.size(), out);
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            node(path + ".node[" + i + "](" + a.get(i).opType() + ")", a.get(i), b.get(i), out);
        }
    }

    private static void node(String path, Node a, Node b, List<String> out) {
        same(path + ".name", a.name(), b.name(), out);
        same(path + ".op", a.domain() + "." + a.opType() + ":" + a.overload(), b.domain() + "." + b.opType() + ":" + b.overload(), out);
        same(path + ".input", a.inputs(), b.inputs(), out);
        same(path + ".output", a.outputs(), b.outputs(), out);
        same(path + ".doc_string", a.docString(), b.docString(), out);
        same(path + ".opset_version", a.opsetVersion(), b.opsetVersion(), out);
        same(path + ".provenance", a.provenance(), b.provenance(), out);
        same(path + ".metadata_props", a.metadata(), b.metadata(), out);
        same(path + ".attribute.names", a.attributes().keySet(), b.attributes().keySet(), out);
        for (Map.Entry<String, Attribute> e : a.attributes().entrySet()) {
            Attribute other = b.attribute(e.getKey());
            String at = path + ".attribute[" + e.getKey() + "]";
            List<Graph> subA = e.getValue().subgraphs();
            List<Graph> subB = other == null ? List.of() : other.subgraphs();
            if (!subA.isEmpty() && subA.size() == subB.size()) {
                for (int i = 0; i < subA.size(); i++) {
                    graph(at + (subA.size() > 1 ? "[" + i + "]" : ""), subA.get(i), subB.get(i), out);
                }
            } else {
                same(at, e.getValue(), other, out);
            }
        }
    }

    private static void same(String path, Object a, Object b, List<String> out) {
        if (!Objects.equals(a, b)) {
            out.add(path + ": " + a + " vs " + b);
        }
    }
}
