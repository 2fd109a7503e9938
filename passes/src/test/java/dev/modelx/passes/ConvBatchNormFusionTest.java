package dev.modelx.passes;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import static dev.modelx.passes.Check.F;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvBatchNormFusionTest {

    private final Pass fuse = new ConvBatchNormFusion(PassOptions.defaults());

    /** x [1, 3, 6, 6] -> Conv (4 output channels, bias optional) -> BatchNormalization -> y. */
    private static Graph convBn(boolean bias) {
        Graph g = new Graph("conv_bn");
        g.input("x", F, 1, 3, 6, 6);
        g.initializer("w", Check.randomFloats(1, 4, 3, 3, 3));
        g.initializer("b", Check.randomFloats(2, 4));
        g.initializer("scale", Check.floats(new long[]{4}, 1.5f, 0.5f, -1f, 2f));
        g.initializer("shift", Check.randomFloats(3, 4));
        g.initializer("mean", Check.randomFloats(4, 4));
        g.initializer("var", Check.floats(new long[]{4}, 0.5f, 1f, 2f, 0.1f));
        Node conv = Node.of("Conv").name("conv").outputs("c").ints("pads", 1, 1, 1, 1);
        conv.inputs(bias ? new String[]{"x", "w", "b"} : new String[]{"x", "w"});
        g.add(conv);
        g.add(Node.of("BatchNormalization").inputs("c", "scale", "shift", "mean", "var").outputs("y").attr("epsilon", 1e-3f));
        g.output("y", F, 1, 4, 6, 6);
        return g;
    }

    @Test
    void fusesWithAndWithoutBias() {
        for (boolean bias : new boolean[]{true, false}) {
            Model after = Check.preserves(fuse, Check.model(convBn(bias)));
            assertEquals(1, Check.nodes(after));
            Node conv = after.graph().nodes().get(0);
            assertEquals("y", conv.output(0));
            assertEquals(3, conv.inputs().size());
            assertTrue(after.graph().initializers().containsKey(conv.input(1)));
        }
    }

    @Test
    void doesNotFuseWhenTheConvOutputHasAnotherReader() {
        Graph g = convBn(true);
        g.output("c", F, 1, 4, 6, 6);
        Model after = Check.preserves(fuse, Check.model(g));
        assertEquals(2, Check.nodes(after));
    }

    @Test
    void doesNotFuseNonConstantParametersOrTrainingMode() {
        Graph g = convBn(true);
        g.initializers().remove("mean");
        g.input("mean", F, 4);
        Model m = Check.model(g);
        fuse.run(m);
        assertEquals(2, Check.nodes(m));

        Graph t = convBn(true);
        t.nodes().get(1).outputs("y", "running_mean", "running_var").attr("training_mode", 1L);
        Model training = Model.of(t, 15).irVersion(8);
        fuse.run(training);
        assertEquals(2, Check.nodes(training));
    }

    @Test
    void sharedWeightsAreNotChanged() {
        Graph g = convBn(true);
        g.add(Node.of("Conv").name("other").inputs("x", "w", "b").outputs("c2").ints("pads", 1, 1, 1, 1));
        g.output("c2", F, 1, 4, 6, 6);
        Tensor w = g.initializers().get("w");
        Model after = Check.preserves(fuse, Check.model(g));
        assertEquals(w, after.graph().initializers().get("w"));
        assertEquals(2, Check.nodes(after));
    }
}
