package dev.modelx.runtime;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.examples.ExampleModels;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ShapeInferenceTest {

    @Test
    void tracksSymbolicDimensionsThroughATransformerBlock() {
        Map<String, Type> t = ShapeInference.infer(ExampleModels.transformerBlock(), Map.of());
        assertEquals("float[batch, 4, seq, 8]", t.get("q_t").toString());
        assertEquals("float[batch, 4, 8, seq]", t.get("k_t").toString());
        assertEquals("float[batch, 4, seq, seq]", t.get("probs").toString());
        assertEquals("float[batch, seq, 32]", t.get("hidden_states").toString());
    }

    @Test
    void boundDimensionsBecomeStatic() {
        Map<String, Type> t = ShapeInference.infer(ExampleModels.smallCnn(), Map.of("batch", 2L));
        assertEquals("float[2, 8, 16, 16]", t.get("p1").toString());
        assertEquals("float[2, 10]", t.get("probabilities").toString());
    }

    @Test
    void shapesDecidedByInputDataAreUnknown() {
        Graph g = new Graph("g");
        g.input(ValueInfo.tensor("x", DataType.FLOAT, Shape.of(new long[]{6})));
        g.add(Node.of("NonZero").inputs("x").outputs("nz"));
        g.add(Node.of("Shape").inputs("x").outputs("s"));
        g.output(new ValueInfo("nz", null));
        g.output(new ValueInfo("s", null));
        Map<String, Type> t = ShapeInference.infer(Model.of(g, 13), Map.of());
        assertEquals("int64[?, ?]", t.get("nz").toString());
        assertEquals("int64[1]", t.get("s").toString());
    }

    @Test
    void constantsKeepTheirShapes() {
        Graph g = new Graph("g");
        g.input(ValueInfo.tensor("x", DataType.FLOAT, Shape.of("n", 4)));
        g.initializer("shape", Tensor.ofLongs(new long[]{2}, 2, -1));
        g.add(Node.of("Reshape").inputs("x", "shape").outputs("y"));
        g.output(new ValueInfo("y", null));
        Map<String, Type> t = ShapeInference.infer(Model.of(g, 14), Map.of("n", 3L));
        assertEquals("float[2, 6]", t.get("y").toString());
    }

    @Test
    void invalidGeneratedDataStopsInferenceWithoutFailing() {
        Graph g = new Graph("g");
        g.input(ValueInfo.tensor("x", DataType.FLOAT, Shape.of(new long[]{2, 3})));
        g.input(ValueInfo.tensor("axes", DataType.INT64, Shape.of(new long[]{1})));
        g.add(Node.of("Relu").inputs("x").outputs("r"));
        g.initializer("five", Tensor.ofLongs(new long[]{1}, 5));
        g.add(Node.of("Add").inputs("axes", "five").outputs("a2"));
        g.add(Node.of("ReduceL2").inputs("r", "a2").outputs("y").attr("keepdims", 0L));
        g.output(new ValueInfo("y", null));
        // Generated int64 values lie in [0, 10): plus 5, they are never a valid axis of a rank-2 tensor.
        Map<String, Type> t = ShapeInference.infer(Model.of(g, 18), Map.of());
        assertEquals("float[2, 3]", t.get("r").toString());
        assertFalse(t.containsKey("y"));
    }
}
