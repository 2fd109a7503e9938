package dev.modelx.runtime;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.AttributeKind;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Function;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.UnsupportedOpsException;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The executor, with tiny test kernels so it does not depend on the kernel families. */
class SessionTest {

    private static final KernelRegistry TEST_KERNELS = new KernelRegistry()
            .add("AddOne", 1, c -> c.output(0, map(c.input(0), v -> v + 1)))
            .add("Scale", 1, c -> {
                float s = c.attrFloat("s", 1f);
                c.output(0, map(c.input(0), v -> v * s));
            })
            .add("AddT", 1, c -> {
                float[] a = c.input(0).floats(), b = c.input(1).floats();
                float[] o = new float[a.length];
                for (int i = 0; i < o.length; i++) {
                    o[i] = a[i] + b[i];
                }
                c.output(0, Tensor.ofFloats(c.input(0).shape(), o));
            })
            .add("Branch", 1, c -> {
                Graph g = c.input(0).bytes()[0] != 0 ? c.attrGraph("then") : c.attrGraph("else");
                List<Value> out = c.runSubgraph(g, List.of());
                c.output(0, out.get(0));
            })
            .add("Boom", 1, c -> {
                int[] a = new int[1];
                a[c.input(0).bytes().length + 5] = 1;
            });

    private static Tensor map(Tensor t, java.util.function.DoubleUnaryOperator f) {
        float[] in = t.floats();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = (float) f.applyAsDouble(in[i]);
        }
        return Tensor.ofFloats(t.shape(), out);
    }

    private static Session session(Model m) {
        return Session.create(m, SessionOptions.defaults().registry(TEST_KERNELS));
    }

    private static Graph chain() {
        Graph g = new Graph("g");
        g.input(ValueInfo.tensor("x", DataType.FLOAT, Shape.of("n")));
        g.add(Node.of("AddOne").inputs("x").outputs("a"));
        g.add(Node.of("AddOne").inputs("a").outputs("y"));
        g.output(ValueInfo.tensor("y", DataType.FLOAT, Shape.of("n")));
        return g;
    }

    @Test
    void runsNodesInTopologicalOrder() {
        Graph g = chain();
        java.util.Collections.reverse(g.nodes());
        Map<String, Tensor> out = session(Model.of(g, 13)).runTensors(Map.of("x", Tensor.ofFloats(new long[]{2}, 1, 2)));
        assertArrayEquals(new float[]{3, 4}, out.get("y").floats());
    }

    @Test
    void unknownInputNamesTheExpectedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> session(Model.of(chain(), 13)).runTensors(Map.of("z", Tensor.ofFloats(new long[]{1}, 1))));
        assertEquals("Unknown input 'z', expected one of [x]", e.getMessage());
    }

    @Test
    void wrongElementTypeAndMissingInputAreClear() {
        Session s = session(Model.of(chain(), 13));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.runTensors(Map.of("x", Tensor.ofLongs(new long[]{1}, 1))));
        assertTrue(e.getMessage().contains("must be float, got int64"), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> s.runTensors(Map.of()));
        assertTrue(missing.getMessage().startsWith("Missing input 'x'"), missing.getMessage());
    }

    @Test
    void symbolicDimensionsMustAgreeAcrossInputs() {
        Graph g = new Graph("g");
        g.input(ValueInfo.tensor("a", DataType.FLOAT, Shape.of("n")));
        g.input(ValueInfo.tensor("b", DataType.FLOAT, Shape.of("n")));
        g.add(Node.of("AddT").inputs("a", "b").outputs("y"));
        g.output(ValueInfo.tensor("y", DataType.FLOAT, Shape.of("n")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> session(Model.of(g, 13))
                .runTensors(Map.of("a", Tensor.ofFloats(new long[]{2}, 1, 2), "b", Tensor.ofFloats(new long[]{3}, 1, 2, 3))));
        assertTrue(e.getMessage().contains("'n'"), e.getMessage());
    }

    @Test
    void everyUnsupportedOpIsReportedAtOnce() {
        Graph g = chain();
        g.add(Node.of("Frobnicate").inputs("x").outputs("f"));
        g.add(Node.of("Quux").domain("my.ops").inputs("x").outputs("q"));
        Model m = Model.of(g, 13);
        m.opsetImports().put("my.ops", 1L);
        UnsupportedOpsException e = assertThrows(UnsupportedOpsException.class, () -> session(m));
        assertEquals(List.of("Frobnicate", "my.ops.Quux"), e.sortedOps());
    }

    @Test
    void subgraphsReadOuterScopeValues() {
        Graph then = new Graph("then");
        then.add(Node.of("AddOne").inputs("x").outputs("t"));
        then.output(ValueInfo.tensor("t", DataType.FLOAT, 1));
        Graph els = new Graph("else");
        els.add(Node.of("Scale").inputs("x").outputs("e").attr("s", 10f));
        els.output(ValueInfo.tensor("e", DataType.FLOAT, 1));
        Graph g = new Graph("g").input("x", DataType.FLOAT, 1).input("c", DataType.BOOL).output("y", DataType.FLOAT, 1);
        g.add(Node.of("Branch").inputs("c").outputs("y").attr("then", then).attr("else", els));
        Session s = session(Model.of(g, 13));
        Tensor x = Tensor.ofFloats(new long[]{1}, 2);
        assertEquals(3f, s.runTensors(Map.of("x", x, "c", Tensor.ofBooleans(new long[]{}, true))).get("y").floats()[0]);
        assertEquals(20f, s.runTensors(Map.of("x", x, "c", Tensor.ofBooleans(new long[]{}, false))).get("y").floats()[0]);
    }

    @Test
    void localFunctionsBindAttributeReferencesAndDefaults() {
        Function f = new Function("local", "ScaleTwice");
        f.inputs().add("in");
        f.outputs().add("out");
        f.attributeDefaults().add(Attribute.of("factor", 3f));
        f.nodes().add(Node.of("Scale").inputs("in").outputs("mid").attr(Attribute.reference("s", "factor", AttributeKind.FLOAT)));
        f.nodes().add(Node.of("Scale").inputs("mid").outputs("out").attr(Attribute.reference("s", "factor", AttributeKind.FLOAT)));
        f.opsetImports().put("", 13L);
        Graph g = new Graph("g").input("x", DataType.FLOAT, 1).output("y", DataType.FLOAT, 1).output("z", DataType.FLOAT, 1);
        g.add(Node.of("ScaleTwice").domain("local").inputs("x").outputs("y"));
        g.add(Node.of("ScaleTwice").domain("local").inputs("x").outputs("z").attr("factor", 2f));
        Model m = Model.of(g, 13);
        m.opsetImports().put("local", 1L);
        m.functions().add(f);
        Map<String, Tensor> out = session(m).runTensors(Map.of("x", Tensor.ofFloats(new long[]{1}, 1)));
        assertEquals(9f, out.get("y").floats()[0]);
        assertEquals(4f, out.get("z").floats()[0]);
    }

    @Test
    void kernelCrashesBecomeErrorsNamingTheNode() {
        Graph g = new Graph("g").input("x", DataType.BOOL, 1).output("y", DataType.FLOAT, 1);
        g.add(Node.of("Boom").name("the_node").inputs("x").outputs("y"));
        KernelException e = assertThrows(KernelException.class,
                () -> session(Model.of(g, 13)).runTensors(Map.of("x", Tensor.ofBooleans(new long[]{1}, true))));
        assertTrue(e.getMessage().startsWith("node 'the_node' (Boom)"), e.getMessage());
    }

    @Test
    void observerSeesEveryIntermediateValue() {
        List<String> seen = new ArrayList<>();
        Session s = Session.create(Model.of(chain(), 13), SessionOptions.defaults().registry(TEST_KERNELS)
                .observer((node, name, value) -> seen.add(name + "=" + ((TensorValue) value).tensor().floats()[0])));
        s.runTensors(Map.of("x", Tensor.ofFloats(new long[]{1}, 0)));
        assertEquals(List.of("a=1.0", "y=2.0"), seen);
    }
}
