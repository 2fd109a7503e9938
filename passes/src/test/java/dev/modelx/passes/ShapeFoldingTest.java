package dev.modelx.passes;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import org.junit.jupiter.api.Test;

import static dev.modelx.passes.Check.F;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShapeFoldingTest {

    private final Pass shapeFold = new ShapeFolding(PassOptions.defaults());

    /** Flattens x [batch, 3, 4] to [batch, 12] with a target computed from Shape(x), as exporters write it. */
    private static Model flatten() {
        Graph g = new Graph("flatten");
        g.input(new ValueInfo("x", Type.tensor(F, Shape.of("batch", 3, 4))));
        g.initializer("i0", Tensor.scalar(0L));
        g.initializer("i1", Tensor.ofLongs(new long[]{1}, 1));
        g.initializer("i2", Tensor.ofLongs(new long[]{1}, 2));
        g.initializer("axes", Tensor.ofLongs(new long[]{1}, 0));
        g.add(Node.of("Shape").name("shape").inputs("x").outputs("s"));
        g.add(Node.of("Gather").name("batch_dim").inputs("s", "i0").outputs("b").attr("axis", 0L));
        g.add(Node.of("Unsqueeze").name("batch_vec").inputs("b", "axes").outputs("bv"));
        g.add(Node.of("Gather").name("d1").inputs("s", "i1").outputs("g1").attr("axis", 0L));
        g.add(Node.of("Gather").name("d2").inputs("s", "i2").outputs("g2").attr("axis", 0L));
        g.add(Node.of("Mul").name("rest").inputs("g1", "g2").outputs("r"));
        g.add(Node.of("Concat").name("target").inputs("bv", "r").outputs("t").attr("axis", 0L));
        g.add(Node.of("Reshape").name("reshape").inputs("x", "t").outputs("y"));
        g.output(new ValueInfo("y", Type.tensor(F, Shape.of("batch", 12))));
        return Check.model(g);
    }

    @Test
    void staticDimensionsOfAPartlySymbolicShapeFold() {
        Model after = Check.preserves(shapeFold, flatten());
        assertEquals(0, Check.count(after, "Mul"), "3 * 4 is known although batch is not");
        assertEquals(1, Check.count(after, "Shape"), "the batch dimension still needs Shape");
        assertEquals(2, Check.count(after, "Gather") + Check.count(after, "Unsqueeze"));
        assertTrue(after.graph().initializers().containsKey("r"));
    }

    @Test
    void boundDimensionsSpecialiseTheModelAndFoldEverything() {
        Pass bound = new ShapeFolding(PassOptions.defaults().dim("batch=2"));
        Model before = flatten();
        Model after = before.copy();
        PassResult r = bound.run(after);
        assertEquals(1, Check.nodes(after), "only the Reshape is left");
        assertEquals(Tensor.ofLongs(new long[]{2}, 2, 12), after.graph().initializers().get("t"));
        assertEquals(Shape.of(new long[]{2, 3, 4}), ((Type.TensorType) after.graph().inputs().get(0).type()).shape());
        assertTrue(r.notes().get(0).contains("batch"), r.notes().toString());
        Check.sameOutputs(before, after, Preservation.EXACT); // random inputs bind batch to 2, as the model now requires
    }

    @Test
    void sizeAndShapeWithStartAndEndFold() {
        Graph g = new Graph("size");
        g.input("x", F, 2, 3, 4);
        g.add(Node.of("Size").inputs("x").outputs("n"));
        g.add(Node.of("Shape").inputs("x").outputs("tail").attr("start", -2L));
        g.add(Node.of("Cast").inputs("n").outputs("nf").attr("to", 1L));
        g.add(Node.of("Div").inputs("x", "nf").outputs("y"));
        g.output("y", F, 2, 3, 4);
        g.output("tail", DataType.INT64, 2);
        Model after = Check.preserves(shapeFold, Model.of(g, 21).irVersion(10));
        assertEquals(2, Check.nodes(after), "Size and its Cast fold; Shape becomes a Constant, as it writes an output");
        assertEquals(Tensor.ofLongs(new long[]{2}, 3, 4), ConstantNodes.value(after.graph().nodes().get(0)));
    }

    @Test
    void inferredShapesAreUsedWhenTheInputsAreStatic() {
        Graph g = new Graph("inferred");
        g.input("x", F, 2, 6);
        g.initializer("w", Check.randomFloats(1, 6, 4));
        g.add(Node.of("MatMul").inputs("x", "w").outputs("h"));
        g.add(Node.of("Shape").inputs("h").outputs("s"));
        g.add(Node.of("Reshape").inputs("h", "s").outputs("y"));
        g.output("y", F, 2, 4);
        Model after = Check.preserves(shapeFold, Check.model(g));
        assertEquals(0, Check.count(after, "Shape"));
        assertEquals(Tensor.ofLongs(new long[]{2}, 2, 4), after.graph().initializers().get("s"));
    }

    @Test
    void inferredShapesAreNotTrustedWhenAnInputsValuesDecideAShape() {
        for (boolean axesConstant : new boolean[]{true, false}) {
            Graph g = new Graph("reduce");
            g.input("x", F, 2, 3);
            if (axesConstant) {
                g.initializer("axis_mask", Tensor.ofLongs(new long[]{1}, 1));
            } else {
                g.input("axis_mask", DataType.INT64, 1); // named like a mask, so random inputs make it 1: a valid axis
            }
            g.add(Node.of("ReduceL2").inputs("x", "axis_mask").outputs("r").attr("keepdims", 0L));
            g.add(Node.of("Shape").inputs("r").outputs("s"));
            g.add(Node.of("Reshape").inputs("r", "s").outputs("y"));
            g.output(new ValueInfo("y", Type.tensor(F, Shape.of((Object) null))));
            Model before = Model.of(g, 18).irVersion(8);
            Model after = Check.preserves(shapeFold, before);
            assertEquals(axesConstant ? 0 : 1, Check.count(after, "Shape"), "axes constant: " + axesConstant);
        }
    }

    @Test
    void inferredShapesAreNotTrustedWhenTheInputsAreSymbolic() {
        Graph g = new Graph("symbolic");
        g.input(new ValueInfo("x", Type.tensor(F, Shape.of("N"))));
        g.add(Node.of("Concat").inputs("x", "x").outputs("xx").attr("axis", 0L)); // 2N: no probe size, looks static
        g.add(Node.of("Shape").inputs("xx").outputs("s"));
        g.add(Node.of("Reshape").inputs("xx", "s").outputs("y"));
        g.output(new ValueInfo("y", Type.tensor(F, Shape.of((Object) null))));
        Model after = Check.preserves(shapeFold, Check.model(g));
        assertEquals(1, Check.count(after, "Shape"));
    }
}
