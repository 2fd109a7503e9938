package dev.modelx.passes;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.examples.ExampleModels;
import org.junit.jupiter.api.Test;

import static dev.modelx.passes.Check.F;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConstantFoldingTest {

    private final Pass fold = new ConstantFolding(PassOptions.defaults());

    @Test
    void foldsAConstantChainIntoOneInitializer() {
        Graph g = new Graph("chain");
        g.input("x", F, 2, 3);
        g.initializer("a", Check.floats(new long[]{3}, 1, 2, 3));
        g.add(Node.of("Constant").outputs("b").attr("value", Check.floats(new long[]{3}, 4, 5, 6)));
        g.add(Node.of("Add").inputs("a", "b").outputs("ab"));
        g.add(Node.of("Sqrt").inputs("ab").outputs("s"));
        g.add(Node.of("Mul").inputs("x", "s").outputs("y"));
        g.output("y", F, 2, 3);
        Model after = Check.preserves(fold, Check.model(g));
        assertEquals(1, Check.nodes(after), "only the Mul reading the input is left");
        assertTrue(after.graph().initializers().containsKey("s"));
        assertEquals(0, Check.count(after, "Constant"));
    }

    @Test
    void aFoldedNodeFeedingAGraphOutputKeepsTheOutputName() {
        Graph g = new Graph("out");
        g.input("x", F, 2);
        g.initializer("a", Check.floats(new long[]{2}, 1, 4));
        g.add(Node.of("Sqrt").inputs("a").outputs("root"));
        g.add(Node.of("Add").inputs("x", "root").outputs("y"));
        g.output("root", F, 2);
        g.output("y", F, 2);
        Model after = Check.preserves(fold, Check.model(g));
        assertEquals(2, Check.nodes(after), "a Constant node writes the output; the Add reads it");
        Node constant = after.graph().nodes().get(0);
        assertEquals("Constant", constant.opType());
        assertEquals(Tensor.ofFloats(new long[]{2}, 1, 2), constant.attribute("value").asTensor());
        assertFalse(after.graph().initializers().containsKey("root"), "an initializer as a graph output is not accepted everywhere");
    }

    @Test
    void constantOfShapeOverTheCapIsKeptWithoutAllocating() {
        Graph g = new Graph("huge");
        g.input("x", F, 1);
        g.initializer("shape", Tensor.ofLongs(new long[]{2}, 1 << 14, 1 << 14)); // 1 GiB of float zeros
        g.add(Node.of("ConstantOfShape").inputs("shape").outputs("zeros"));
        g.add(Node.of("ReduceSum").inputs("zeros").outputs("total").attr("keepdims", 0L));
        g.add(Node.of("Add").inputs("x", "total").outputs("y"));
        g.output("y", F, 1);
        Model m = Check.model(g);
        PassResult r = fold.run(m);
        assertEquals(3, Check.nodes(m));
        assertTrue(r.notes().get(0).contains("ConstantOfShape"), r.notes().toString());
        assertFalse(r.changed());
    }

    @Test
    void smallGeneratedTensorsFold() {
        Graph g = new Graph("small");
        g.input("x", F, 2, 2);
        g.initializer("shape", Tensor.ofLongs(new long[]{2}, 2, 2));
        g.add(Node.of("ConstantOfShape").inputs("shape").outputs("ones").attr("value", Check.floats(new long[]{1}, 1f)));
        g.add(Node.of("Add").inputs("x", "ones").outputs("y"));
        g.output("y", F, 2, 2);
        Model after = Check.preserves(fold, Check.model(g));
        assertEquals(1, Check.nodes(after));
    }

    @Test
    void randomOpsAndOverridableInitializersAreNotFolded() {
        Graph g = new Graph("random");
        g.input("x", F, 2);
        g.input("bias", F, 2); // an input with a default: callers may feed it, so it is no constant
        g.initializer("bias", Check.floats(new long[]{2}, 1, 1));
        g.add(Node.of("RandomNormal").outputs("noise").ints("shape", 2).attr("dtype", 1L).attr("seed", 1f));
        g.add(Node.of("Neg").inputs("bias").outputs("nb"));
        g.add(Node.of("Add").inputs("noise", "nb").outputs("n2"));
        g.add(Node.of("Add").inputs("x", "n2").outputs("y"));
        g.output("y", F, 2);
        Model m = Check.model(g);
        fold.run(m);
        assertEquals(4, Check.nodes(m));
    }

    @Test
    void foldsInsideIfBranchesWithOuterConstants() {
        Graph g = new Graph("if");
        g.input("cond", DataType.BOOL);
        g.input("x", F, 3);
        g.initializer("k", Check.floats(new long[]{3}, 1, 2, 3));
        Graph then = Check.branch("then", "t");
        then.add(Node.of("Exp").inputs("k").outputs("ek"));
        then.add(Node.of("Mul").inputs("x", "ek").outputs("t"));
        Graph otherwise = Check.branch("else", "e");
        otherwise.add(Node.of("Constant").outputs("e").attr("value", Check.floats(new long[]{3}, 7, 8, 9)));
        g.add(Check.ifNode("cond", "y", then, otherwise));
        g.output("y", F, 3);
        Model before = Check.model(g);
        Model after = before.copy();
        fold.run(after);
        Check.sameOutputsBothBranches(before, after, Preservation.EXACT);
        assertEquals(3, Check.nodes(after), "If, the Mul reading x, the Constant writing the else branch's output");
        Graph thenAfter = after.graph().nodes().get(0).attribute("then_branch").asGraph();
        assertTrue(thenAfter.initializers().containsKey("ek"), "exp(k) of the outer k is a branch initializer");
    }

    @Test
    void beforeIrVersion4NewInitializersAreAlsoInputs() {
        Graph g = new Graph("ir3");
        g.input("x", F, 2);
        g.input("a", F, 2);
        g.initializer("a", Check.floats(new long[]{2}, 1, 2));
        g.add(Node.of("Neg").inputs("a").outputs("na"));
        g.add(Node.of("Add").inputs("x", "na").outputs("y"));
        g.output("y", F, 2);
        Model m = Model.of(g, 8).irVersion(3);
        Model after = Check.preserves(fold, m);
        assertEquals(1, Check.nodes(after), "IR 3 lists initializers as inputs only because it must; they are constants");
        assertTrue(after.graph().inputs().stream().anyMatch(v -> v.name().equals("na")));
        assertEquals(java.util.List.of("x"), after.graph().feedInputs().stream().map(v -> v.name()).toList());
    }

    @Test
    void exampleModelsKeepTheirOutputs() {
        Check.preserves(fold, ExampleModels.smallCnn());
        Check.preserves(fold, ExampleModels.transformerBlock());
    }
}
