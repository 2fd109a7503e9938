package dev.modelx.passes;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import static dev.modelx.passes.Check.F;
import static org.junit.jupiter.api.Assertions.assertEquals;

class IdentityEliminationTest {

    private final Pass identity = new IdentityElimination(PassOptions.defaults());

    @Test
    void removesEveryKindOfNoOp() {
        Graph g = new Graph("noops");
        g.input("x", F, 2, 3);
        g.initializer("same_shape", Tensor.ofLongs(new long[]{2}, 0, -1));
        g.initializer("other_shape", Tensor.ofLongs(new long[]{2}, 3, 2));
        g.add(Node.of("Identity").inputs("x").outputs("a"));
        g.add(Node.of("Dropout").inputs("a").outputs("b", "mask_unread"));
        g.add(Node.of("Cast").inputs("b").outputs("c").attr("to", (long) DataType.FLOAT.code()));
        g.add(Node.of("Reshape").inputs("c", "same_shape").outputs("d"));
        g.add(Node.of("Transpose").inputs("d").outputs("e").ints("perm", 0, 1));
        g.add(Node.of("Reshape").inputs("e", "other_shape").outputs("f"));
        g.add(Node.of("Relu").inputs("f").outputs("y"));
        g.output("y", F, 3, 2);
        Model after = Check.preserves(identity, Check.model(g));
        assertEquals(2, Check.nodes(after), "the real Reshape and the Relu");
        assertEquals("x", after.graph().nodes().get(0).input(0));
    }

    @Test
    void castsToTheTypeAValueHasAreFoundWithoutRunningTheModel() {
        Graph g = new Graph("casts");
        g.input(new dev.modelx.graph.ValueInfo("ids", dev.modelx.graph.Type.tensor(DataType.INT64, dev.modelx.graph.Shape.of("batch", "seq"))));
        g.initializer("axes", Tensor.ofLongs(new long[]{1}, 1));
        g.add(Node.of("Unsqueeze").inputs("ids", "axes").outputs("u"));
        g.add(Node.of("Cast").inputs("u").outputs("same").attr("to", (long) DataType.INT64.code()));
        g.add(Node.of("Cast").inputs("same").outputs("f").attr("to", (long) DataType.FLOAT.code()));
        g.add(Node.of("Cast").inputs("f").outputs("y").attr("to", (long) DataType.FLOAT.code()));
        g.output(new dev.modelx.graph.ValueInfo("y", dev.modelx.graph.Type.tensor(F, dev.modelx.graph.Shape.of("batch", 1, "seq"))));
        Model after = Check.preserves(new IdentityElimination(PassOptions.defaults().inferShapes(false)), Check.model(g));
        assertEquals(2, Check.nodes(after), "Unsqueeze and the int64 -> float Cast, renamed to write y");
        assertEquals("y", after.graph().nodes().get(1).output(0));
    }

    @Test
    void keepsTheOutputNameByRenamingTheProducer() {
        Graph g = new Graph("out");
        g.input("x", F, 2);
        g.add(Node.of("Relu").inputs("x").outputs("r"));
        g.add(Node.of("Identity").inputs("r").outputs("y"));
        g.add(Node.of("Neg").inputs("r").outputs("z"));
        g.output("y", F, 2);
        g.output("z", F, 2);
        Model after = Check.preserves(identity, Check.model(g));
        assertEquals(2, Check.nodes(after));
        assertEquals("y", after.graph().nodes().get(0).output(0));
        assertEquals("y", after.graph().nodes().get(1).input(0));
    }

    @Test
    void keepsAnIdentityFromAnInputStraightToAnOutput() {
        Graph g = new Graph("passthrough");
        g.input("x", F, 2);
        g.add(Node.of("Identity").inputs("x").outputs("y"));
        g.output("y", F, 2);
        Model after = Check.preserves(identity, Check.model(g));
        assertEquals(1, Check.nodes(after));
    }

    @Test
    void keepsDropoutWhoseMaskIsReadOrInTrainingMode() {
        Graph g = new Graph("dropout");
        g.input("x", F, 4);
        g.initializer("train", Tensor.ofBooleans(new long[0], true));
        g.add(Node.of("Dropout").inputs("x").outputs("a", "mask"));
        g.add(Node.of("Cast").inputs("mask").outputs("mf").attr("to", 1L));
        g.add(Node.of("Dropout").inputs("a", "", "train").outputs("y"));
        g.output("mf", F, 4);
        g.output("y", F, 4);
        Model m = Check.model(g);
        identity.run(m);
        assertEquals(3, Check.nodes(m));
    }

    @Test
    void rewiresReadersInsideSubGraphsAndRenamesBranchOutputs() {
        Graph g = new Graph("outer");
        g.input("cond", DataType.BOOL);
        g.input("x", F, 2);
        g.add(Node.of("Relu").inputs("x").outputs("r"));
        g.add(Node.of("Identity").inputs("r").outputs("alias"));
        Graph then = Check.branch("then", "t");
        then.add(Node.of("Identity").inputs("alias").outputs("t")); // stays: a branch may not return an outer value
        Graph otherwise = Check.branch("else", "e");
        otherwise.add(Node.of("Neg").inputs("alias").outputs("e"));
        g.add(Check.ifNode("cond", "y", then, otherwise));
        g.output("y", F, 2);
        Model before = Check.model(g);
        Model after = before.copy();
        identity.run(after);
        Check.sameOutputsBothBranches(before, after, Preservation.EXACT);
        assertEquals(4, Check.nodes(after), "Relu, If, the branch's Identity and the Neg in the else branch");
        Graph thenAfter = after.graph().nodes().get(1).attribute("then_branch").asGraph();
        assertEquals("t", thenAfter.outputs().get(0).name());
        assertEquals("r", thenAfter.nodes().get(0).input(0), "the branch reads the outer value the Identity stood for");
    }
}
