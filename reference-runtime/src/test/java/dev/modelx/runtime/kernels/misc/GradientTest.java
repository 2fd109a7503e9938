package dev.modelx.runtime.kernels.misc;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Domains;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelException;
import dev.modelx.runtime.Session;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class GradientTest {

    private static Model model(String op) {
        Graph g = new Graph("g").input("a", DataType.FLOAT, 2).input("b", DataType.FLOAT, 1)
                .output("y", DataType.FLOAT, 2).output("da", DataType.FLOAT, 2).output("db", DataType.FLOAT, 1);
        g.add(Node.of("Mul").inputs("a", "b").outputs("m"));
        g.add(Node.of(op).inputs("m", "a").outputs("y"));
        g.add(Node.of("Gradient").domain(Domains.TRAINING).inputs("a", "b").outputs("da", "db")
                .attr(Attribute.strings("xs", List.of("a", "b"))).attr("y", "y"));
        Model m = Model.of(g, 17);
        m.opsetImports().put(Domains.TRAINING, 1L);
        return m;
    }

    @Test
    void differentiatesThroughBroadcastingArithmetic() {
        // y = a*b + a with b broadcast: dy/da = b + 1 elementwise; dy/db = sum(a).
        Map<String, Tensor> out = Session.create(model("Add")).runTensors(Map.of(
                "a", Tensor.ofFloats(new long[]{2}, 1, 2), "b", Tensor.ofFloats(new long[]{1}, 3)));
        assertArrayEquals(new float[]{4, 4}, out.get("da").floats());
        assertArrayEquals(new float[]{3}, out.get("db").floats());
    }

    @Test
    void divisionRule() {
        // y = (a*b) / a = b: dy/da = b/a - a*b/a^2 = 0; dy/db = sum(a/a) = 2.
        Map<String, Tensor> out = Session.create(model("Div")).runTensors(Map.of(
                "a", Tensor.ofFloats(new long[]{2}, 1, 2), "b", Tensor.ofFloats(new long[]{1}, 3)));
        assertArrayEquals(new float[]{0, 0}, out.get("da").floats(), 1e-6f);
        assertArrayEquals(new float[]{2}, out.get("db").floats(), 1e-6f);
    }

    @Test
    void nonDifferentiableOpsAreNamed() {
        KernelException e = assertThrows(KernelException.class, () -> Session.create(model("Max")).runTensors(Map.of(
                "a", Tensor.ofFloats(new long[]{2}, 1, 2), "b", Tensor.ofFloats(new long[]{1}, 3))));
        assertTrue(e.getMessage().contains("[Max]"), e.getMessage());
    }
}
