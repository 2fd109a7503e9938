package dev.modelx.passes;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.validate.ModelValidator;
import dev.modelx.runtime.RandomInputs;
import dev.modelx.runtime.Session;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Test support: run a pass on a copy of a model and prove on the reference runtime that outputs are kept. */
final class Check {

    /** Sizes for the symbolic dimensions the test models use. */
    static final Map<String, Long> DIMS = Map.of("batch", 2L, "seq", 5L, "N", 3L, "batch_size", 2L, "sequence_length", 16L);

    private Check() {
    }

    /**
     * Runs {@code pass} on a copy of {@code model}, validates the result, runs both on the same random inputs
     * and asserts the outputs agree as the pass's preservation promises. Returns the transformed copy.
     */
    static Model preserves(Pass pass, Model model) {
        Model after = model.copy();
        PassResult result = pass.run(after);
        assertEquals(Graphs.nodeCount(after.graph()), result.nodesAfter(), "reported node count");
        sameOutputs(model, after, pass.preservation());
        return after;
    }

    /** Validates {@code after} and compares its outputs with {@code before}'s on random inputs. */
    static void sameOutputs(Model before, Model after, Preservation preservation) {
        ModelValidator.validate(after);
        assertEquals(before.graph().outputs().stream().map(v -> v.name()).toList(),
                after.graph().outputs().stream().map(v -> v.name()).toList(), "graph output names");
        for (long seed = 1; seed <= 2; seed++) {
            sameOutputs(before, after, preservation, RandomInputs.generate(before, DIMS, seed));
        }
    }

    /** Compares the outputs of both models on {@code feeds}. */
    static void sameOutputs(Model before, Model after, Preservation preservation, Map<String, Tensor> feeds) {
        Map<String, Tensor> expected = run(before, feeds);
        Map<String, Tensor> actual = run(after, feeds);
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertClose(name, expected.get(name), actual.get(name), preservation);
        }
    }

    /** For models with a bool input {@code cond}: compares outputs with both branches taken. */
    static void sameOutputsBothBranches(Model before, Model after, Preservation preservation) {
        ModelValidator.validate(after);
        for (boolean c : new boolean[]{true, false}) {
            Map<String, Tensor> feeds = new java.util.LinkedHashMap<>(RandomInputs.generate(before, DIMS, 3));
            feeds.put("cond", Tensor.ofBooleans(new long[0], c));
            sameOutputs(before, after, preservation, feeds);
        }
    }

    static Map<String, Tensor> run(Model m, Map<String, Tensor> feeds) {
        try (Session s = Session.create(m)) {
            return s.runTensors(feeds);
        }
    }

    static void assertClose(String name, Tensor expected, Tensor actual, Preservation p) {
        if (p == Preservation.EXACT || !expected.type().isFloatingPoint()) {
            assertEquals(expected, actual, "output '" + name + "' must be bit-identical");
            return;
        }
        assertEquals(expected.type(), actual.type(), name);
        assertTrue(java.util.Arrays.equals(expected.shape(), actual.shape()), name + " shape");
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getDouble(i), a = actual.getDouble(i);
            if (Double.isNaN(e) && Double.isNaN(a)) {
                continue;
            }
            if (Math.abs(a - e) > Preservation.ABSOLUTE_TOLERANCE + Preservation.RELATIVE_TOLERANCE * Math.abs(e)) {
                fail("output '" + name + "' element " + i + ": expected " + e + ", got " + a);
            }
        }
    }

    /** Nodes of {@code opType} in the model, sub-graphs included. */
    static int count(Model m, String opType) {
        int[] c = {0};
        Graphs.forEachNode(m.graph(), n -> c[0] += n.opType().equals(opType) ? 1 : 0);
        return c[0];
    }

    static int nodes(Model m) {
        return Graphs.nodeCount(m.graph());
    }

    /** A model of {@code g} at op set 17, IR version 8. */
    static Model model(Graph g) {
        return Model.of(g, 17).irVersion(8);
    }

    static Tensor floats(long[] shape, float... v) {
        return Tensor.ofFloats(shape, v);
    }

    static Tensor randomFloats(long seed, long... shape) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.ofFloats(shape, v);
    }

    /** A sub-graph with no inputs returning {@code outputs} (an If branch). */
    static Graph branch(String name, String... outputs) {
        Graph g = new Graph(name);
        for (String o : outputs) {
            g.output(new dev.modelx.graph.ValueInfo(o, null));
        }
        return g;
    }

    static Node ifNode(String cond, String out, Graph then, Graph otherwise) {
        return Node.of("If").name("if_" + out).inputs(cond).outputs(out).attr("then_branch", then).attr("else_branch", otherwise);
    }

    static final DataType F = DataType.FLOAT;
}
