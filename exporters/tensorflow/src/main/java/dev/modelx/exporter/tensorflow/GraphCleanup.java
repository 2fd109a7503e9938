package dev.modelx.exporter.tensorflow;

import dev.modelx.format.tensorflow.TfTensors;
import dev.modelx.format.tensorflow.proto.GraphDef;
import dev.modelx.format.tensorflow.proto.NodeDef;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Last steps on the written GraphDef: Transpose pairs whose permutations cancel are bypassed (the
 * emitter's permuted values avoid most of them up front; this catches the rest), then every node that no
 * output, input or loop needs is dropped.
 */
final class GraphCleanup {

    private GraphCleanup() {
    }

    static GraphDef run(GraphDef g, Collection<String> outputs, Collection<String> inputs) {
        return deadNodes(cancelTransposes(g), outputs, inputs);
    }

    /** Number of Transpose pairs bypassed by the last call (for tests and reports). */
    static GraphDef cancelTransposes(GraphDef g) {
        Map<String, NodeDef> byName = new HashMap<>();
        for (NodeDef n : g.getNodeList()) {
            byName.put(n.getName(), n);
        }
        Map<String, String> replace = new HashMap<>();
        for (NodeDef n : g.getNodeList()) {
            if (!n.getOp().equals("Transpose") || n.getInputCount() < 2) {
                continue;
            }
            NodeDef first = byName.get(nodeOf(n.getInput(0)));
            if (first == null || !first.getOp().equals("Transpose") || n.getInput(0).contains(":")) {
                continue;
            }
            int[] p1 = perm(byName, first.getInput(1));
            int[] p2 = perm(byName, n.getInput(1));
            if (p1 != null && p2 != null && p1.length == p2.length && Perms.isIdentity(Perms.compose(p1, p2))) {
                replace.put(n.getName(), first.getInput(0));
            }
        }
        if (replace.isEmpty()) {
            return g;
        }
        GraphDef.Builder out = g.toBuilder().clearNode();
        for (NodeDef n : g.getNodeList()) {
            NodeDef.Builder b = n.toBuilder();
            for (int i = 0; i < b.getInputCount(); i++) {
                String in = b.getInput(i);
                if (!in.startsWith("^") && replace.containsKey(in)) {
                    b.setInput(i, replace.get(in));
                }
            }
            out.addNode(b);
        }
        return out.build();
    }

    private static int[] perm(Map<String, NodeDef> byName, String input) {
        NodeDef c = byName.get(nodeOf(input));
        if (c == null || !c.getOp().equals("Const") || !c.containsAttr("value")) {
            return null;
        }
        long[] v = TfTensors.toTensor(c.getAttrOrThrow("value").getTensor(), null, c.getName()).toLongArray();
        int[] p = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            p[i] = (int) v[i];
        }
        return p;
    }

    static String nodeOf(String input) {
        String s = input.startsWith("^") ? input.substring(1) : input;
        int colon = s.indexOf(':');
        return colon < 0 ? s : s.substring(0, colon);
    }

    static GraphDef deadNodes(GraphDef g, Collection<String> outputs, Collection<String> inputs) {
        Map<String, NodeDef> byName = new HashMap<>();
        for (NodeDef n : g.getNodeList()) {
            byName.put(n.getName(), n);
        }
        Set<String> live = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(outputs);
        todo.addAll(inputs);
        while (!todo.isEmpty()) {
            String name = todo.poll();
            NodeDef n = byName.get(name);
            if (n == null || !live.add(name)) {
                continue;
            }
            for (String in : n.getInputList()) {
                todo.add(nodeOf(in));
            }
        }
        GraphDef.Builder out = g.toBuilder().clearNode();
        for (NodeDef n : g.getNodeList()) {
            if (live.contains(n.getName())) {
                out.addNode(n);
            }
        }
        return out.build();
    }
}
