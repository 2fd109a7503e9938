package dev.modelx.passes;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.examples.ExampleModels;
import org.junit.jupiter.api.Test;

import static dev.modelx.passes.Check.F;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TransposeCancellationTest {

    private final Pass cancel = new TransposeCancellation(PassOptions.defaults());

    @Test
    void inversePairsCancel() {
        Graph g = new Graph("pair");
        g.input("x", F, 2, 3, 4);
        g.add(Node.of("Transpose").inputs("x").outputs("t1").ints("perm", 0, 2, 1));
        g.add(Node.of("Transpose").inputs("t1").outputs("t2").ints("perm", 0, 2, 1));
        g.add(Node.of("Relu").inputs("t2").outputs("y"));
        g.output("y", F, 2, 3, 4);
        Model after = Check.preserves(cancel, Check.model(g));
        assertEquals(1, Check.nodes(after));
        assertEquals("x", after.graph().nodes().get(0).input(0));
    }

    @Test
    void consecutiveTransposesMergeIntoOne() {
        Graph g = new Graph("chain");
        g.input("x", F, 2, 3, 4, 5);
        g.add(Node.of("Transpose").inputs("x").outputs("t1").ints("perm", 1, 0, 2, 3));
        g.add(Node.of("Transpose").inputs("t1").outputs("t2").ints("perm", 0, 3, 1, 2));
        g.add(Node.of("Transpose").inputs("t2").outputs("y").ints("perm", 2, 1, 0, 3));
        g.output("y", F, 4, 5, 3, 2);
        Model after = Check.preserves(cancel, Check.model(g));
        assertEquals(1, Check.nodes(after));
        Node merged = after.graph().nodes().get(0);
        assertEquals("x", merged.input(0));
        assertEquals("y", merged.output(0));
    }

    @Test
    void aTransposeWithAnotherReaderStays() {
        Graph g = new Graph("shared");
        g.input("x", F, 2, 3);
        g.add(Node.of("Transpose").inputs("x").outputs("t1").ints("perm", 1, 0));
        g.add(Node.of("Transpose").inputs("t1").outputs("back").ints("perm", 1, 0));
        g.add(Node.of("Add").inputs("x", "back").outputs("y"));
        g.output("t1", F, 3, 2);
        g.output("y", F, 2, 3);
        Model after = Check.preserves(cancel, Check.model(g));
        assertEquals(2, Check.nodes(after), "t1 is a graph output; the second Transpose cancels");
        assertArrayEquals(new long[]{1, 0}, after.graph().nodes().get(0).attrLongs("perm", null));
    }

    @Test
    void cancellingIntoAGraphOutputFromAnInputKeepsAnIdentityTranspose() {
        Graph g = new Graph("io");
        g.input("x", F, 2, 3);
        g.add(Node.of("Transpose").inputs("x").outputs("t1").ints("perm", 1, 0));
        g.add(Node.of("Transpose").inputs("t1").outputs("y").ints("perm", 1, 0));
        g.output("y", F, 2, 3);
        Model after = Check.preserves(cancel, Check.model(g));
        assertEquals(1, Check.nodes(after), "the output name must stay, so one Transpose with perm [0, 1] remains");
        assertArrayEquals(new long[]{0, 1}, after.graph().nodes().get(0).attrLongs("perm", null));
    }

    @Test
    void theTransformerBlockKeepsItsOutputs() {
        Check.preserves(cancel, ExampleModels.transformerBlock());
    }
}
