package dev.modelx.passes;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import org.junit.jupiter.api.Test;

import static dev.modelx.passes.Check.F;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every pass on Loop and Scan bodies that read values of the enclosing graph. */
class SubGraphPassesTest {

    /**
     * x [2] -> Loop 3 times: acc = acc * (k + 1) + relu(x) + relu(x), with constant and duplicate work in the
     * body; outside, two equal Relus of which only the body reads the second.
     */
    private static Model loop() {
        Graph g = new Graph("loop");
        g.input("x", F, 2);
        g.initializer("trips", Tensor.scalar(3L));
        g.initializer("go", Tensor.ofBooleans(new long[0], true));
        g.initializer("k", Check.floats(new long[]{2}, 0.5f, -0.25f));
        g.add(Node.of("Relu").inputs("x").outputs("r_main"));
        g.add(Node.of("Relu").inputs("x").outputs("r_body"));

        Graph body = new Graph("body");
        body.input(ValueInfo.tensor("i", DataType.INT64));
        body.input(ValueInfo.tensor("c", DataType.BOOL));
        body.input(ValueInfo.tensor("acc", F, 2));
        body.add(Node.of("Constant").outputs("one").attr("value", Check.floats(new long[]{2}, 1, 1)));
        body.add(Node.of("Add").inputs("k", "one").outputs("k1"));
        body.add(Node.of("Mul").inputs("acc", "k1").outputs("scaled"));
        body.add(Node.of("Add").inputs("scaled", "r_body").outputs("s1"));
        body.add(Node.of("Identity").inputs("r_body").outputs("r_again"));
        body.add(Node.of("Add").inputs("s1", "r_again").outputs("acc_out"));
        body.add(Node.of("Neg").inputs("acc").outputs("dead"));
        body.add(Node.of("Transpose").inputs("acc_out").outputs("t1").ints("perm", 0));
        body.add(Node.of("Identity").inputs("c").outputs("c_out"));
        body.output(ValueInfo.tensor("c_out", DataType.BOOL));
        body.output(ValueInfo.tensor("t1", F, 2));
        body.output(ValueInfo.tensor("acc_out_scan", F, 2));
        body.add(Node.of("Mul").inputs("acc", "k1").outputs("scaled_twin"));
        body.add(Node.of("Add").inputs("scaled_twin", "r_body").outputs("acc_out_scan"));

        g.add(Node.of("Loop").inputs("trips", "go", "x").outputs("final", "scans").attr("body", body));
        g.add(Node.of("Add").inputs("final", "r_main").outputs("y"));
        g.output("y", F, 2);
        g.output("scans", F, 3, 2);
        return Check.model(g);
    }

    @Test
    void theDefaultPipelineWorksInsideALoopBody() {
        Model before = loop();
        Model after = before.copy();
        PipelineResult r = Passes.optimize(after);
        Check.sameOutputs(before, after, Preservation.EXACT);
        Graph body = after.graph().nodes().get(1).attribute("body").asGraph();
        assertEquals(1, Check.count(after, "Relu"), "the Relu the body reads merges with the main one: " + r.summary());
        assertEquals("r_main", body.nodes().get(1).input(1), "the body now reads the merged outer value");
        assertTrue(body.initializers().containsKey("k1"), "k + 1 folds inside the body with the outer k");
        assertEquals(0, Check.count(after, "Transpose") + Check.count(after, "Neg"));
        assertEquals(1, Check.count(after, "Identity"), "only the one returning the body input c stays");
        assertEquals(1, Check.count(after, "Mul"), "the duplicate Mul in the body merges");
        assertEquals("acc_out", body.outputs().get(1).name(), "the identity Transpose's output name went, by position");
    }

    @Test
    void eachPassAloneKeepsTheLoopOutputs() {
        for (String name : PassRegistry.names()) {
            Check.preserves(PassRegistry.create(name, PassOptions.defaults()), loop());
        }
    }

    @Test
    void scanBodiesAreOptimizedToo() {
        Graph g = new Graph("scan");
        g.input("x", F, 4, 2);
        g.input("init", F, 2);
        Graph body = new Graph("body");
        body.input(ValueInfo.tensor("state", F, 2));
        body.input(ValueInfo.tensor("row", F, 2));
        body.add(Node.of("Mul").inputs("row", "row").outputs("sq1"));
        body.add(Node.of("Mul").inputs("row", "row").outputs("sq2"));
        body.add(Node.of("Add").inputs("sq1", "sq2").outputs("twice"));
        body.add(Node.of("Add").inputs("state", "twice").outputs("next"));
        body.add(Node.of("Identity").inputs("next").outputs("out_row"));
        body.output(ValueInfo.tensor("next", F, 2));
        body.output(ValueInfo.tensor("out_row", F, 2));
        g.add(Node.of("Scan").inputs("init", "x").outputs("last", "rows").attr("body", body).attr("num_scan_inputs", 1L));
        g.output("last", F, 2);
        g.output("rows", F, 4, 2);
        Model before = Check.model(g);
        Model after = before.copy();
        Passes.optimize(after);
        Check.sameOutputs(before, after, Preservation.EXACT);
        assertEquals(1, Check.count(after, "Mul"));
        assertEquals(1, Check.count(after, "Identity"), "two body outputs may not share a name, so this Identity stays");
        assertEquals(5, Check.nodes(after));
    }
}
