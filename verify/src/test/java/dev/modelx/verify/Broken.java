package dev.modelx.verify;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;

/** Deliberately broken conversions for the tests: a copy of a model with one node's attribute changed. */
final class Broken {

    private Broken() {
    }

    static Model withAttribute(Model m, String nodeName, Attribute changed) {
        Model copy = m.copy();
        Node n = node(copy, nodeName);
        n.attr(changed);
        return copy;
    }

    static Node node(Model m, String name) {
        return m.graph().nodes().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no node " + name));
    }
}
