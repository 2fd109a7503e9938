package dev.modelx.importer.tensorflow;

import static dev.modelx.importer.tensorflow.TfGraphs.dims;
import static dev.modelx.importer.tensorflow.TfGraphs.f32;
import static dev.modelx.importer.tensorflow.TfGraphs.in;
import static dev.modelx.importer.tensorflow.TfGraphs.type;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElementwiseOpsTest {

    private static TfGraphs unary(String op) {
        return new TfGraphs().placeholder("x", DataType.FLOAT, 3).op("y", op, in("x"));
    }

    @Test
    void relu6ClipsToZeroAndSix() throws IOException {
        Check.close(unary("Relu6").run("y", Map.of("x", f32(dims(3), -1, 3, 7))), dims(3), 0, 3, 6);
    }

    @Test
    void rsqrtAndSquare() throws IOException {
        Check.close(unary("Rsqrt").run("y", Map.of("x", f32(dims(3), 4, 16, 0.25f))), dims(3), 0.5, 0.25, 2);
        Check.close(unary("Square").run("y", Map.of("x", f32(dims(3), -2, 3, 0.5f))), dims(3), 4, 9, 0.25);
    }

    @Test
    void floorModTakesTheDivisorSign() throws IOException {
        TfGraphs g = new TfGraphs().placeholder("a", DataType.FLOAT, 2).placeholder("b", DataType.FLOAT, 2).op("y", "FloorMod", in("a", "b"));
        Check.close(g.run("y", Map.of("a", f32(dims(2), -7, 7), "b", f32(dims(2), 3, -3))), dims(2), 2, -2);
        TfGraphs gi = new TfGraphs().placeholder("a", DataType.INT32, 2).placeholder("b", DataType.INT32, 2)
                .op("y", "FloorMod", in("a", "b"), "T", type(DataType.INT32));
        Check.close(gi.run("y", Map.of("a", Tensor.ofInts(dims(2), -7, 7), "b", Tensor.ofInts(dims(2), 3, -3))), dims(2), 2, -2);
    }

    @Test
    void floorDivRoundsDownForIntegers() throws IOException {
        TfGraphs g = new TfGraphs().placeholder("a", DataType.INT32, 2).placeholder("b", DataType.INT32, 2)
                .op("y", "FloorDiv", in("a", "b"), "T", type(DataType.INT32));
        Tensor y = g.run("y", Map.of("a", Tensor.ofInts(dims(2), -7, 7), "b", Tensor.ofInts(dims(2), 2, 2)));
        Check.close(y, dims(2), -4, 3);
        org.junit.jupiter.api.Assertions.assertEquals(DataType.INT32, y.type());
    }

    @Test
    void squaredDifferenceDivNoNanAndAddN() throws IOException {
        TfGraphs g = new TfGraphs().placeholder("a", DataType.FLOAT, 2).placeholder("b", DataType.FLOAT, 2)
                .op("sd", "SquaredDifference", in("a", "b")).op("dn", "DivNoNan", in("a", "b"))
                .op("sum", "AddN", in("a", "b", "sd"), "N", TfGraphs.i(3));
        var out = g.runAll("sd,dn,sum", Map.of("a", f32(dims(2), 1, 2), "b", f32(dims(2), 0, 4)));
        Check.close(out.get("sd"), dims(2), 1, 4);
        Check.close(out.get("dn"), dims(2), 0, 0.5);
        Check.close(out.get("sum"), dims(2), 2, 10);
    }

    @Test
    void selectWithVectorConditionPicksRows() throws IOException {
        TfGraphs g = new TfGraphs().placeholder("c", DataType.BOOL, 2).placeholder("x", DataType.FLOAT, 2, 2)
                .placeholder("y", DataType.FLOAT, 2, 2).op("s", "Select", in("c", "x", "y"));
        Tensor out = g.run("s", Map.of("c", Tensor.ofBooleans(dims(2), true, false), "x", f32(dims(2, 2), 1, 2, 3, 4),
                "y", f32(dims(2, 2), 5, 6, 7, 8)));
        Check.close(out, dims(2, 2), 1, 2, 7, 8);
    }

    @Test
    void softmaxOnLastAxisAndBiasAddNhwc() throws IOException {
        TfGraphs g = new TfGraphs().placeholder("x", DataType.FLOAT, 1, 2).floats("b", dims(2), 10, 20)
                .op("sm", "Softmax", in("x")).op("ba", "BiasAdd", in("x", "b"));
        var out = g.runAll("sm,ba", Map.of("x", f32(dims(1, 2), 0, (float) Math.log(3))));
        Check.close(out.get("sm"), dims(1, 2), 0.25, 0.75);
        Check.close(out.get("ba"), dims(1, 2), 10, 20 + Math.log(3));
    }

    @Test
    void comparisonsAndLogic() throws IOException {
        TfGraphs g = new TfGraphs().placeholder("a", DataType.FLOAT, 3).placeholder("b", DataType.FLOAT, 3)
                .op("ne", "NotEqual", in("a", "b")).op("le", "LessEqual", in("a", "b"))
                .op("and", "LogicalAnd", in("ne", "le"), "T", type(DataType.BOOL));
        var out = g.runAll("ne,le,and", Map.of("a", f32(dims(3), 1, 2, 3), "b", f32(dims(3), 1, 3, 2)));
        Check.close(out.get("ne"), dims(3), 0, 1, 1);
        Check.close(out.get("le"), dims(3), 1, 1, 0);
        Check.close(out.get("and"), dims(3), 0, 1, 0);
    }
}
