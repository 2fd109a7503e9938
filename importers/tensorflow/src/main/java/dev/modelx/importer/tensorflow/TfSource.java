package dev.modelx.importer.tensorflow;

import dev.modelx.format.tensorflow.proto.FunctionDef;
import dev.modelx.format.tensorflow.proto.NodeDef;
import dev.modelx.format.tensorflow.proto.OpDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes of one TF graph body: a GraphDef's node list, or a FunctionDef's body with its "node:arg:i"
 * references rewritten to GraphDef-style "node:flat". A function's arguments have no node: they are
 * bound by the caller; its results are {@link #results()}.
 */
final class TfSource {

    private final String name;
    private final Map<String, TfNode> nodes = new LinkedHashMap<>();
    private final List<String> args = new ArrayList<>();
    private final List<TfRef> results = new ArrayList<>();

    private TfSource(String name) {
        this.name = name;
    }

    static TfSource ofGraph(List<NodeDef> defs) {
        TfSource s = new TfSource("main");
        for (NodeDef d : defs) {
            if (s.nodes.put(d.getName(), new TfNode(d)) != null) {
                throw new TfImportException("two nodes are named '" + d.getName() + "'");
            }
        }
        return s;
    }

    static TfSource ofFunction(FunctionDef f, Map<String, FunctionDef> library) {
        TfSource s = new TfSource(f.getSignature().getName());
        Map<String, NodeDef> byName = new LinkedHashMap<>();
        for (NodeDef d : f.getNodeDefList()) {
            byName.put(d.getName(), d);
        }
        for (OpDef.ArgDef a : f.getSignature().getInputArgList()) {
            s.args.add(a.getName());
        }
        for (NodeDef d : f.getNodeDefList()) {
            NodeDef.Builder b = d.toBuilder().clearInput();
            for (String in : d.getInputList()) {
                b.addInput(rewrite(in, byName, library, s.name));
            }
            s.nodes.put(d.getName(), new TfNode(b.build()));
        }
        for (OpDef.ArgDef out : f.getSignature().getOutputArgList()) {
            String ref = f.getRetMap().get(out.getName());
            if (ref == null) {
                throw new TfImportException("function '" + s.name + "' has no result for output '" + out.getName() + "'");
            }
            s.results.add(TfRef.parse(rewrite(ref, byName, library, s.name)));
        }
        return s;
    }

    private static String rewrite(String ref, Map<String, NodeDef> byName, Map<String, FunctionDef> library, String fn) {
        if (ref.startsWith("^")) {
            return ref;
        }
        String[] parts = ref.split(":");
        if (parts.length == 3) {
            NodeDef producer = byName.get(parts[0]);
            if (producer == null) {
                throw new TfImportException("function '" + fn + "': reference '" + ref + "' names no node");
            }
            return parts[0] + ":" + OutputArgs.flatIndex(producer, parts[1], Integer.parseInt(parts[2]), library);
        }
        return ref;
    }

    String name() {
        return name;
    }

    Map<String, TfNode> nodes() {
        return nodes;
    }

    TfNode node(String n) {
        return nodes.get(n);
    }

    List<String> args() {
        return args;
    }

    List<TfRef> results() {
        return results;
    }
}
