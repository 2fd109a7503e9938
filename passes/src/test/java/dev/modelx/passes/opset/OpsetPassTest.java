package dev.modelx.passes.opset;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.passes.PassOptions;
import dev.modelx.passes.PassPipeline;
import dev.modelx.passes.PassRegistry;
import dev.modelx.passes.PassResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpsetPassTest {

    private static M model() {
        M m = M.at(11).in("x", DataType.FLOAT, 2, 3).out("y");
        m.node("ReduceSum", "x", "s").ints("axes", 1);
        m.node("Softmax", "s", "y");
        return m;
    }

    @Test
    void registeredAsOpsetAndUpgradesToTheNewestOpSet() {
        assertTrue(PassRegistry.names().contains("opset"));
        M m = model();
        Model before = m.model();
        Model after = before.copy();
        PipelineResultCheck.run(PassPipeline.parse("opset", PassOptions.defaults()), after);
        assertEquals((long) OpSchemas.MAX_OPSET, after.opset("").orElseThrow());
        assertTrue(SchemaCheck.problems(after).isEmpty(), SchemaCheck.problems(after).toString());
        M.sameOutputs(before, after, java.util.Map.of());
    }

    @Test
    void convertsInPlaceToAChosenTarget() {
        Model model = model().model();
        PassResult r = new OpsetPass(13).run(model);
        assertEquals(13L, model.opset("").orElseThrow());
        assertEquals(2, model.graph().nodes().get(0).inputs().size(), "ReduceSum-13 takes axes as an input");
        assertEquals("opset", r.pass());
        assertEquals(dev.modelx.graph.Graphs.nodeCount(model.graph()), r.nodesAfter());
    }

    @Test
    void aRefusedConversionLeavesTheModelUnchanged() {
        M m = M.at(17).in("x", DataType.FLOAT, 2, 3).in("s", DataType.FLOAT, 3).out("y");
        m.node("LayerNormalization", "x,s", "y");
        m.node("BitwiseNot", "x", "z");
        Model model = m.model();
        Model copy = model.copy();
        assertThrows(OpsetConversionException.class, () -> new OpsetPass(7).run(model));
        assertEquals(copy, model);
    }

    @Test
    void schemaCheckFindsNodesThatDoNotFitTheirOpSet() {
        M m = M.at(11).in("x", DataType.FLOAT, 2).init("axes", Tensor.ofLongs(new long[]{1}, 0)).out("y");
        m.node("ReduceSum", "x,axes", "y").attr("noop_with_empty_axes", 1L);
        var problems = SchemaCheck.problems(m.model());
        assertEquals(2, problems.size(), problems.toString());
    }

    /** Runs a pipeline, failing on any pass error. */
    private static final class PipelineResultCheck {
        static void run(PassPipeline p, Model m) {
            p.run(m);
        }
    }
}
