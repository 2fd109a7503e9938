package dev.modelx.graph;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class GraphsTest {

    @Test
    void topologicalOrderPutsProducersFirstAndKeepsValidOrder() {
        Graph g = new Graph("g").input("x", DataType.FLOAT, 1).output("c", DataType.FLOAT, 1);
        Node c = g.add(Node.of("Add").name("c").inputs("a", "b").outputs("c"));
        Node a = g.add(Node.of("Relu").name("a").inputs("x").outputs("a"));
        Node b = g.add(Node.of("Relu").name("b").inputs("x").outputs("b"));
        assertEquals(List.of(a, b, c), Graphs.topologicalOrder(g));
    }

    @Test
    void subgraphCapturesCountAsDependencies() {
        Graph body = new Graph("body").output("o", DataType.FLOAT, 1);
        body.add(Node.of("Relu").inputs("captured").outputs("o"));
        Graph g = new Graph("g").input("x", DataType.FLOAT, 1).input("cond", DataType.BOOL).output("y", DataType.FLOAT, 1);
        Node iff = g.add(Node.of("If").name("if").inputs("cond").outputs("y").attr("then_branch", body).attr("else_branch", body.copy()));
        Node p = g.add(Node.of("Relu").name("p").inputs("x").outputs("captured"));
        assertEquals(Set.of("captured"), Graphs.outerReferences(body));
        assertEquals(List.of(p, iff), Graphs.topologicalOrder(g));
    }

    @Test
    void copyIsDeepAndEqual() {
        Graph body = new Graph("body").output("o", DataType.FLOAT, 1);
        body.add(Node.of("Relu").inputs("x").outputs("o"));
        Graph g = new Graph("g").input("x", DataType.FLOAT, 1).output("y", DataType.FLOAT, 1);
        g.add(Node.of("Loop").inputs("", "").outputs("y").attr("body", body));
        Model m = Model.of(g, 17);
        Model copy = m.copy();
        assertEquals(m, copy);
        copy.graph().nodes().get(0).attribute("body").asGraph().nodes().get(0).inputs().set(0, "z");
        assertNotEquals(m, copy);
        assertEquals(2, Graphs.nodeCount(m.graph()));
    }

    @Test
    void opsetVersionsResolveFromImports() {
        Graph g = new Graph("g").input("x", DataType.FLOAT, 1).output("y", DataType.FLOAT, 1);
        g.add(Node.of("Relu").inputs("x").outputs("y"));
        Model m = Model.of(g, 13);
        m.opsetImports().put("ai.onnx.ml", 3L);
        m.resolveOpsetVersions();
        assertEquals(13, g.nodes().get(0).opsetVersion());
        assertEquals(3L, m.opset("ai.onnx.ml").orElseThrow());
        assertEquals(13L, m.opset("ai.onnx").orElseThrow());
    }
}
