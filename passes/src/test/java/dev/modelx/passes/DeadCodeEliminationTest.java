package dev.modelx.passes;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.examples.ExampleModels;
import org.junit.jupiter.api.Test;

import static dev.modelx.passes.Check.F;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadCodeEliminationTest {

    private final Pass dce = new DeadCodeElimination(PassOptions.defaults());

    @Test
    void removesUnreadNodesInitializersAndValueInfos() {
        Graph g = new Graph("dead");
        g.input("x", F, 2);
        g.input("unused_input", F, 2);
        g.initializer("w", Check.floats(new long[]{2}, 1, 2));
        g.initializer("dead_w", Check.floats(new long[]{2}, 3, 4));
        g.add(Node.of("Mul").inputs("x", "dead_w").outputs("d1"));
        g.add(Node.of("Relu").inputs("d1").outputs("d2"));
        g.add(Node.of("Add").inputs("x", "w").outputs("y"));
        g.valueInfos().add(ValueInfo.tensor("d1", F, 2));
        g.output("y", F, 2);
        Model after = Check.preserves(dce, Check.model(g));
        assertEquals(1, Check.nodes(after));
        assertFalse(after.graph().initializers().containsKey("dead_w"));
        assertTrue(after.graph().valueInfos().isEmpty());
        assertEquals(2, after.graph().inputs().size(), "graph inputs are the interface and stay");
    }

    @Test
    void keepsNodesReadOnlyBySubGraphsAndCleansInsideBranches() {
        Graph g = new Graph("outer");
        g.input("cond", DataType.BOOL);
        g.input("x", F, 2);
        g.add(Node.of("Neg").inputs("x").outputs("captured"));
        Graph then = Check.branch("then", "t");
        then.add(Node.of("Abs").inputs("captured").outputs("t"));
        then.add(Node.of("Exp").inputs("captured").outputs("unused_in_branch"));
        Graph otherwise = Check.branch("else", "e");
        otherwise.add(Node.of("Identity").inputs("x").outputs("e"));
        g.add(Check.ifNode("cond", "y", then, otherwise));
        g.output("y", F, 2);
        Model before = Check.model(g);
        Model after = before.copy();
        PassResult r = dce.run(after);
        Check.sameOutputsBothBranches(before, after, Preservation.EXACT);
        assertEquals(1, r.removed());
        assertEquals(1, Check.count(after, "Neg"), "the Neg only a branch reads is alive");
        assertEquals(0, Check.count(after, "Exp"));
    }

    @Test
    void removesADeadIfWithItsBranchesAndKeepsCustomOps() {
        Graph g = new Graph("outer");
        g.input("cond", DataType.BOOL);
        g.input("x", F, 2);
        Graph then = Check.branch("then", "t");
        then.add(Node.of("Abs").inputs("x").outputs("t"));
        Graph otherwise = Check.branch("else", "e");
        otherwise.add(Node.of("Neg").inputs("x").outputs("e"));
        g.add(Check.ifNode("cond", "unread", then, otherwise));
        g.add(new Node("log", "Print", "com.example").inputs("x"));
        g.add(Node.of("Relu").inputs("x").outputs("y"));
        g.output("y", F, 2);
        Model m = Check.model(g);
        m.opsetImports().put("com.example", 1L);
        PassResult r = dce.run(m);
        assertEquals(3, r.removed(), "the If and the node in each branch");
        assertEquals(2, Check.nodes(m), "the custom op might print: it stays");
    }

    @Test
    void unreadInitializersLeaveTheInputListBeforeIrVersion4ButStayAfter() {
        for (long ir : new long[]{3, 8}) {
            Graph g = new Graph("ir" + ir);
            g.input("x", F, 2);
            g.input("w", F, 2);
            g.initializer("w", Check.floats(new long[]{2}, 1, 2));
            g.add(Node.of("Relu").inputs("x").outputs("y"));
            g.output("y", F, 2);
            Model after = Check.preserves(dce, Model.of(g, 8).irVersion(ir));
            boolean kept = ir >= 4; // from IR 4 on, an input with an initializer is a default callers may override
            assertEquals(kept, after.graph().initializers().containsKey("w"), "IR " + ir);
            assertEquals(kept ? 2 : 1, after.graph().inputs().size(), "IR " + ir);
        }
    }

    @Test
    void exampleModelsHaveNothingDead() {
        Model after = Check.preserves(dce, ExampleModels.transformerBlock());
        assertEquals(Check.nodes(ExampleModels.transformerBlock()), Check.nodes(after));
    }
}
