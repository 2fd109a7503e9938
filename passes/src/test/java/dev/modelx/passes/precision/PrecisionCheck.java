package dev.modelx.passes.precision;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.validate.ModelValidator;
import dev.modelx.passes.opset.OpSchemas;
import dev.modelx.passes.opset.OpSchemas.Formal;
import dev.modelx.passes.opset.OpSchemas.OpSchema;
import dev.modelx.runtime.RandomInputs;
import dev.modelx.runtime.Session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Test support: run a model before and after conversion on the same inputs and bound the difference; check a
 * converted model against the ONNX definitions (every type variable bound to one type the op accepts).
 * <p>
 * Tolerances, as {@code |after - before| <= ATOL + RTOL * |before|}: float16 keeps 11 significant bits
 * (relative rounding 2^-11 = 4.9e-4 per value), so weights, activations and each op's result round by that
 * much; through a network the errors add up, and {@link #FP16_RTOL}/{@link #FP16_ATOL} of 1e-2 bound them with
 * room to spare (measured: smallCnn 1.8e-4, transformerBlock 2.8e-3, MiniLM 9.0e-3 = 40% of the bound).
 * bfloat16 keeps only 8 bits (2^-8 = 3.9e-3 per rounding, 8x float16's), so its bound is looser,
 * {@link #BF16_RTOL}/{@link #BF16_ATOL} of 5e-2 (measured: smallCnn 2.1e-3, transformerBlock 2.0e-2, MiniLM 7.5e-2
 * = 63% of the bound). The reference runtime computes each op in double and rounds its result, so these are
 * the errors of the storage format, not of float16 accumulation inside kernels.
 */
final class PrecisionCheck {

    static final double FP16_RTOL = 1e-2, FP16_ATOL = 1e-2;
    static final double BF16_RTOL = 5e-2, BF16_ATOL = 5e-2;

    static final Map<String, Long> DIMS = Map.of("batch", 2L, "seq", 7L, "N", 3L);

    /** The largest |diff| / (atol + rtol * |float32|) of the last {@link #maxError} call: its share of the tolerance. */
    static double lastToleranceUsed;

    private PrecisionCheck() {
    }

    /** Largest |after - before| over all float outputs and the given feeds; fails beyond the tolerance. */
    static double maxError(Model before, Model after, Map<String, Tensor> feeds, double rtol, double atol) {
        Map<String, Tensor> expected = run(before, feeds);
        Map<String, Tensor> actual = run(after, PrecisionConverter.adaptFeeds(after, feeds));
        assertEquals(expected.keySet(), actual.keySet(), "output names");
        double max = 0;
        lastToleranceUsed = 0;
        for (String name : expected.keySet()) {
            Tensor e = expected.get(name), a = actual.get(name);
            assertTrue(java.util.Arrays.equals(e.shape(), a.shape()), name + " shape");
            if (!e.type().isFloatingPoint()) {
                assertEquals(e, a, name);
                continue;
            }
            for (int i = 0; i < e.size(); i++) {
                double x = e.getDouble(i), y = a.getDouble(i);
                if (Double.isNaN(x) && Double.isNaN(y) || x == y) {
                    continue;
                }
                double d = Math.abs(x - y);
                if (!(d <= atol + rtol * Math.abs(x))) {
                    fail("output '" + name + "' element " + i + ": float32 " + x + ", converted " + y + " (|diff| " + d + ")");
                }
                max = Math.max(max, d);
                lastToleranceUsed = Math.max(lastToleranceUsed, d / (atol + rtol * Math.abs(x)));
            }
        }
        return max;
    }

    /** {@link #maxError} over two generated input sets, after validating {@code after} and type-checking it. */
    static double agrees(Model before, Model after, double rtol, double atol) {
        ModelValidator.validate(after);
        assertEquals(List.of(), typeProblems(after), "converted model type-checks");
        double max = 0;
        for (long seed = 1; seed <= 2; seed++) {
            max = Math.max(max, maxError(before, after, RandomInputs.generate(before, DIMS, seed), rtol, atol));
        }
        return max;
    }

    static double agreesFp16(Model before, Model after) {
        return agrees(before, after, FP16_RTOL, FP16_ATOL);
    }

    static Map<String, Tensor> run(Model m, Map<String, Tensor> feeds) {
        try (Session s = Session.create(m)) {
            return s.runTensors(feeds);
        }
    }

    /**
     * Every default-domain node checked against its definition at the model's op set: the inputs and outputs
     * bound to one type variable have one type, which the variable accepts; If branches return the If's types;
     * Loop bodies take and return the carried values' types.
     */
    static List<String> typeProblems(Model m) {
        TypeAnalysis a = TypeAnalysis.of(m, null);
        List<String> problems = new ArrayList<>();
        Graphs.forEachGraph(m.graph(), g -> {
            for (Node n : g.nodes()) {
                check(m, a, g, n, problems);
            }
        });
        return problems;
    }

    private static void check(Model m, TypeAnalysis a, Graph g, Node n, List<String> problems) {
        if (!n.domain().isEmpty()) {
            return;
        }
        OpSchema s = OpSchemas.at(n.opType(), TypeAnalysis.opsetOf(m, n));
        if (s == null) {
            return;
        }
        Map<String, DataType> bound = new LinkedHashMap<>();
        for (int side = 0; side < 2; side++) {
            List<String> actual = side == 0 ? n.inputs() : n.outputs();
            for (int i = 0; i < actual.size(); i++) {
                if (actual.get(i).isEmpty()) {
                    continue;
                }
                Formal f = side == 0 ? s.input(i) : s.output(i);
                DataType t = a.type(g, actual.get(i));
                if (f == null || t == null) {
                    continue;
                }
                if (!s.allows(f, t)) {
                    problems.add(n.describe() + ": " + (side == 0 ? "input" : "output") + " '" + actual.get(i) + "' is "
                            + t.displayName() + ", " + s + " takes " + s.allowedTypes(f));
                }
                if (s.isTypeVariable(f) && !f.heterogeneous()) {
                    DataType prev = bound.putIfAbsent(f.type(), t);
                    if (prev != null && prev != t) {
                        problems.add(n.describe() + ": type " + f.type() + " is both " + prev.displayName() + " and "
                                + t.displayName() + " ('" + actual.get(i) + "')");
                    }
                }
            }
        }
        if (n.opType().equals("If")) {
            for (String br : List.of("then_branch", "else_branch")) {
                Graph b = n.attribute(br).asGraph();
                for (int k = 0; k < n.outputs().size(); k++) {
                    same(problems, n.describe() + " " + br + " output " + k, a.type(g, n.output(k)), a.type(b, b.outputs().get(k).name()));
                }
            }
        }
        if (n.opType().equals("Loop")) {
            Graph b = n.attribute("body").asGraph();
            for (int k = 2; k < n.inputs().size(); k++) {
                same(problems, n.describe() + " carried " + k + " (body input)", a.type(g, n.input(k)), a.type(b, b.inputs().get(k).name()));
                same(problems, n.describe() + " carried " + k + " (body output)", a.type(g, n.input(k)), a.type(b, b.outputs().get(k - 1).name()));
            }
        }
        for (Graph sub : n.subgraphs()) {
            for (ValueInfo v : sub.inputs()) {
                if (v.type() instanceof Type.TensorType tt) {
                    same(problems, n.describe() + " body input " + v.name() + " declared", tt.elementType(), a.type(sub, v.name()));
                }
            }
        }
    }

    private static void same(List<String> problems, String where, DataType x, DataType y) {
        if (x != null && y != null && x != y) {
            problems.add(where + ": " + x.displayName() + " vs " + y.displayName());
        }
    }

    static int count(Model m, String op) {
        int[] c = {0};
        Graphs.forEachNode(m.graph(), n -> c[0] += n.opType().equals(op) ? 1 : 0);
        return c[0];
    }

    static DataType declared(List<ValueInfo> list, String name) {
        for (ValueInfo v : list) {
            if (v.name().equals(name) && v.type() instanceof Type.TensorType tt) {
                return tt.elementType();
            }
        }
        return null;
    }
}
