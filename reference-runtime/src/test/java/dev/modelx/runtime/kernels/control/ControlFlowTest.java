package dev.modelx.runtime.kernels.control;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelException;
import dev.modelx.runtime.value.Value;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.modelx.runtime.kernels.control.Graphs.graph;
import static dev.modelx.runtime.kernels.control.Graphs.model;
import static dev.modelx.runtime.kernels.control.Graphs.run;
import static dev.modelx.runtime.kernels.control.Graphs.tensor;
import static dev.modelx.runtime.kernels.control.Graphs.test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlFlowTest {

    private static Tensor f(long[] shape, float... v) {
        return Tensor.ofFloats(shape, v);
    }

    private static Tensor b(boolean v) {
        return Tensor.ofBooleans(new long[0], v);
    }

    /** If whose branches read outer-scope x: then = x + x, else = x * x. */
    private static Graph ifModelGraph() {
        Graph thenG = graph("then", new String[0], new String[]{"t"});
        thenG.add(test("Add").inputs("x", "x").outputs("t"));
        Graph elseG = graph("else", new String[0], new String[]{"e"});
        elseG.add(test("Mul").inputs("x", "x").outputs("e"));
        Graph g = graph("main", new String[]{"c", "x"}, new String[]{"y"});
        g.add(Node.of("If").name("if1").inputs("c").outputs("y").attr("then_branch", thenG).attr("else_branch", elseG));
        return g;
    }

    @Test
    void ifPicksBranchAndSeesOuterScope() {
        Tensor x = f(new long[]{2}, 3, -4);
        Map<String, Value> t = run(model(ifModelGraph(), 16), "c", b(true), "x", x);
        assertArrayEquals(new float[]{6, -8}, tensor(t.get("y")).floats());
        Map<String, Value> e = run(model(ifModelGraph(), 16), "c", b(false), "x", x);
        assertArrayEquals(new float[]{9, 16}, tensor(e.get("y")).floats());
    }

    @Test
    void ifRejectsNonScalarCondition() {
        KernelException ex = assertThrows(KernelException.class, () -> run(model(ifModelGraph(), 16),
                "c", Tensor.ofBooleans(new long[]{2}, true, false), "x", f(new long[]{1}, 1)));
        assertTrue(ex.getMessage().contains("if1"), ex.getMessage());
    }

    /** Loop body: acc_out = acc + x (x from outer scope); scan output = acc_out; cond passes through. */
    private static Graph loopGraph(boolean withM, boolean withCond) {
        Graph body = graph("body", new String[]{"i", "cin", "acc"}, new String[]{"cout", "acc_out", "scan"});
        body.add(test("Identity").inputs("cin").outputs("cout"));
        body.add(test("Add").inputs("acc", "x").outputs("acc_out"));
        body.add(test("Identity").inputs("acc_out").outputs("scan"));
        Graph g = graph("main", new String[]{"M", "c", "a0", "x"}, new String[]{"acc_final", "scans"});
        g.add(Node.of("Loop").name("loop1").inputs(withM ? "M" : "", withCond ? "c" : "", "a0").outputs("acc_final", "scans")
                .attr("body", body));
        return g;
    }

    @Test
    void loopCarriesValuesAndStacksScanOutputs() {
        Map<String, Value> r = run(model(loopGraph(true, true), 13), "M", Tensor.scalar(3L), "c", b(true),
                "a0", f(new long[]{2}, 0, 1), "x", f(new long[]{2}, 1, 10));
        assertArrayEquals(new float[]{3, 31}, tensor(r.get("acc_final")).floats());
        Tensor scans = tensor(r.get("scans"));
        assertArrayEquals(new long[]{3, 2}, scans.shape());
        assertArrayEquals(new float[]{1, 11, 2, 21, 3, 31}, scans.floats());
    }

    @Test
    void loopWithFalseConditionRunsNoIteration() {
        Map<String, Value> r = run(model(loopGraph(true, true), 13), "M", Tensor.scalar(3L), "c", b(false),
                "a0", f(new long[]{2}, 5, 6), "x", f(new long[]{2}, 1, 1));
        assertArrayEquals(new float[]{5, 6}, tensor(r.get("acc_final")).floats());
        assertArrayEquals(new long[]{0}, tensor(r.get("scans")).shape());
    }

    @Test
    void loopWithoutConditionInputUsesTripCount() {
        Map<String, Value> r = run(model(loopGraph(true, false), 13), "M", Tensor.scalar(2L), "c", b(false),
                "a0", f(new long[]{1}, 0), "x", f(new long[]{1}, 5));
        assertArrayEquals(new float[]{10}, tensor(r.get("acc_final")).floats());
    }

    @Test
    void loopRejectsNonScalarTripCount() {
        KernelException ex = assertThrows(KernelException.class, () -> run(model(loopGraph(true, true), 13),
                "M", Tensor.ofLongs(new long[]{2}, 1, 2), "c", b(true), "a0", f(new long[]{1}, 0), "x", f(new long[]{1}, 5)));
        assertTrue(ex.getMessage().contains("loop1") && ex.getMessage().contains("trip count"), ex.getMessage());
    }

    /** Scan body: state s_out = s + x_t; scan output y_t = s_out. */
    private static Graph scanGraph(int opset, long[] inAxes, long[] inDirs, long[] outAxes, long[] outDirs) {
        Graph body = graph("body", new String[]{"s", "xt"}, new String[]{"s_out", "yt"});
        body.add(test("Add").inputs("s", "xt").outputs("s_out"));
        body.add(test("Identity").inputs("s_out").outputs("yt"));
        Graph g = graph("main", opset == 8 ? new String[]{"s0", "x"} : new String[]{"s0", "x"}, new String[]{"sf", "y"});
        Node n = Node.of("Scan").name("scan1").outputs("sf", "y").attr("body", body).attr("num_scan_inputs", 1L);
        if (opset == 8) {
            n.inputs("", "s0", "x");
        } else {
            n.inputs("s0", "x");
        }
        if (inAxes != null) {
            n.ints("scan_input_axes", inAxes);
        }
        if (inDirs != null) {
            n.ints(opset == 8 ? "directions" : "scan_input_directions", inDirs);
        }
        if (outAxes != null) {
            n.ints("scan_output_axes", outAxes);
        }
        if (outDirs != null) {
            n.ints("scan_output_directions", outDirs);
        }
        g.add(n);
        return g;
    }

    @Test
    void scanAccumulatesAlongAxisZero() {
        // x = [[1, 2], [3, 4], [5, 6]] scanned over rows
        Map<String, Value> r = run(model(scanGraph(11, null, null, null, null), 11), "s0", f(new long[]{2}, 0, 0),
                "x", f(new long[]{3, 2}, 1, 2, 3, 4, 5, 6));
        assertArrayEquals(new float[]{9, 12}, tensor(r.get("sf")).floats());
        assertArrayEquals(new long[]{3, 2}, tensor(r.get("y")).shape());
        assertArrayEquals(new float[]{1, 2, 4, 6, 9, 12}, tensor(r.get("y")).floats());
    }

    @Test
    void scanHonoursAxesAndDirections() {
        // scan columns of x = [[1, 2, 3], [4, 5, 6]] backwards, stack outputs along axis 1, prepending
        Map<String, Value> r = run(model(scanGraph(11, new long[]{1}, new long[]{1}, new long[]{1}, new long[]{1}), 11),
                "s0", f(new long[]{2}, 0, 0), "x", f(new long[]{2, 3}, 1, 2, 3, 4, 5, 6));
        // steps: column 2 -> s=[3,6]; column 1 -> [5,11]; column 0 -> [6,15]
        assertArrayEquals(new float[]{6, 15}, tensor(r.get("sf")).floats());
        Tensor y = tensor(r.get("y"));
        assertArrayEquals(new long[]{2, 3}, y.shape());
        // prepended: iteration order reversed along axis 1 -> [[6,5,3],[15,11,6]]
        assertArrayEquals(new float[]{6, 5, 3, 15, 11, 6}, y.floats());
    }

    @Test
    void scan8HasBatchAxis() {
        // batch of 2, sequence of 2, element [1]
        Map<String, Value> r = run(model(scanGraph(8, null, null, null, null), 8), "s0", f(new long[]{2, 1}, 0, 100),
                "x", f(new long[]{2, 2, 1}, 1, 2, 3, 4));
        assertArrayEquals(new long[]{2, 1}, tensor(r.get("sf")).shape());
        assertArrayEquals(new float[]{3, 107}, tensor(r.get("sf")).floats());
        assertArrayEquals(new long[]{2, 2, 1}, tensor(r.get("y")).shape());
        assertArrayEquals(new float[]{1, 3, 103, 107}, tensor(r.get("y")).floats());
    }

    @Test
    void scanRejectsBadAxis() {
        KernelException ex = assertThrows(KernelException.class, () -> run(model(scanGraph(11, new long[]{2}, null, null, null), 11),
                "s0", f(new long[]{2}, 0, 0), "x", f(new long[]{3, 2}, 1, 2, 3, 4, 5, 6)));
        assertTrue(ex.getMessage().contains("scan1") && ex.getMessage().contains("axis 2"), ex.getMessage());
    }

    @Test
    void scanRejectsMissingNumScanInputs() {
        Graph g = scanGraph(11, null, null, null, null);
        g.nodes().get(0).attributes().remove("num_scan_inputs");
        KernelException ex = assertThrows(KernelException.class, () -> run(model(g, 11),
                "s0", f(new long[]{2}, 0, 0), "x", f(new long[]{3, 2}, 1, 2, 3, 4, 5, 6)));
        assertTrue(ex.getMessage().contains("num_scan_inputs"), ex.getMessage());
    }

    @Test
    void ifAttributeGraphIsRequired() {
        Graph g = graph("main", new String[]{"c"}, new String[]{"y"});
        g.add(Node.of("If").name("bad").inputs("c").outputs("y").attr(Attribute.of("then_branch", new Graph("x"))));
        KernelException ex = assertThrows(KernelException.class, () -> run(model(g, 16), "c", b(false)));
        assertTrue(ex.getMessage().contains("else_branch"), ex.getMessage());
    }
}
