package dev.modelx.passes.opset;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.validate.ModelValidator;
import dev.modelx.runtime.RandomInputs;
import dev.modelx.runtime.Session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Test models built in code, and the check every adapter test makes: convert, then run before and after. */
final class M {

    final Graph g = new Graph("test");
    final int opset;
    final Map<String, Tensor> feeds = new LinkedHashMap<>();

    private M(int opset) {
        this.opset = opset;
    }

    static M at(int opset) {
        return new M(opset);
    }

    M in(String name, DataType t, long... shape) {
        g.input(name, t, shape);
        return this;
    }

    /** An input with a chosen value (instead of random data). */
    M in(String name, Tensor value) {
        g.input(name, value.type(), value.shape());
        feeds.put(name, value);
        return this;
    }

    M out(String... names) {
        for (String n : names) {
            g.output(new ValueInfo(n, null));
        }
        return this;
    }

    M init(String name, Tensor t) {
        g.initializer(name, t);
        return this;
    }

    /** Adds {@code op(ins) -> outs}; names are comma-separated, empty entries allowed for omitted inputs. */
    Node node(String op, String ins, String outs) {
        Node n = Node.of(op).inputs(split(ins)).outputs(split(outs));
        g.add(n);
        return n;
    }

    private static List<String> split(String s) {
        if (s.isEmpty()) {
            return List.of();
        }
        return List.of(s.split(",", -1));
    }

    Model model() {
        return Model.of(g, opset).irVersion(OpsetConverter.irVersionFor(opset)).resolveOpsetVersions();
    }

    // ---- checks ----

    /** Converts to {@code target}, validates, and asserts equal outputs on the reference runtime. */
    Model converts(int target) {
        Model before = model();
        Model after = OpsetConverter.convert(before, target);
        assertEquals((long) target, after.opset("").orElseThrow(), "op set import");
        Graphs.forEachNode(after.graph(), n -> assertEquals(target, n.opsetVersion(), "node op set of " + n));
        var problems = ModelValidator.problems(after);
        assertTrue(problems.isEmpty(), "validator: " + problems);
        sameOutputs(before, after, feeds);
        return after;
    }

    /** Asserts that converting to {@code target} is refused, with a reason containing {@code expected}. */
    OpsetConversionException refuses(int target, String expected) {
        Model before = model();
        try {
            OpsetConverter.convert(before, target);
        } catch (OpsetConversionException e) {
            assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should mention '" + expected + "'");
            return e;
        }
        fail("conversion to " + target + " should be refused");
        return null;
    }

    static void sameOutputs(Model before, Model after, Map<String, Tensor> given) {
        Map<String, Tensor> feeds = new LinkedHashMap<>(RandomInputs.generate(before, Map.of(), 11));
        feeds.putAll(given);
        Map<String, Tensor> a;
        Map<String, Tensor> b;
        try (Session s = Session.create(before)) {
            a = s.runTensors(feeds);
        }
        try (Session s = Session.create(after)) {
            b = s.runTensors(feeds);
        }
        assertEquals(a.keySet(), b.keySet(), "outputs");
        for (String k : a.keySet()) {
            String m = OpsetMatrix.compareTensors("output '" + k + "'", a.get(k), b.get(k));
            assertEquals(null, m, m);
        }
    }

    /** The op types of a model's main graph. */
    static Set<String> ops(Model m) {
        Set<String> s = new TreeSet<>();
        Graphs.forEachNode(m.graph(), n -> s.add(n.opType()));
        return s;
    }
}
