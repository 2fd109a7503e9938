package dev.modelx.importer.tensorflow;

import static dev.modelx.importer.tensorflow.TfGraphs.dims;
import static dev.modelx.importer.tensorflow.TfGraphs.f32;
import static dev.modelx.importer.tensorflow.TfGraphs.in;
import static dev.modelx.importer.tensorflow.TfGraphs.ints;
import static dev.modelx.importer.tensorflow.TfGraphs.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NnOpsTest {

    private static Tensor oneToN(long... shape) {
        int n = (int) Tensor.elementCount(shape);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i + 1;
        }
        return Tensor.ofFloats(shape, v);
    }

    @Test
    void conv2dNhwcValidAndSameStrided() throws IOException {
        TfGraphs g = new TfGraphs().placeholder("x", DataType.FLOAT, 1, 3, 3, 1).floats("w", dims(2, 2, 1, 1), 1, 1, 1, 1)
                .op("valid", "Conv2D", in("x", "w"), "strides", ints(1, 1, 1, 1), "padding", s("VALID"))
                .op("same", "Conv2D", in("x", "w"), "strides", ints(1, 2, 2, 1), "padding", s("SAME"));
        var out = g.runAll("valid,same", Map.of("x", oneToN(1, 3, 3, 1)));
        Check.close(out.get("valid"), dims(1, 2, 2, 1), 12, 16, 24, 28);
        // SAME pads the extra row/column at the end, as TF does
        Check.close(out.get("same"), dims(1, 2, 2, 1), 12, 9, 15, 9);
    }

    @Test
    void depthwiseConvUsesOneGroupPerChannel() throws IOException {
        TfGraphs g = new TfGraphs().placeholder("x", DataType.FLOAT, 1, 2, 2, 2)
                .floats("w", dims(2, 2, 2, 1), 1, 2, 1, 2, 1, 2, 1, 2)
                .op("y", "DepthwiseConv2dNative", in("x", "w"), "strides", ints(1, 1, 1, 1), "padding", s("VALID"));
        Tensor y = g.run("y", Map.of("x", f32(dims(1, 2, 2, 2), 1, 10, 2, 20, 3, 30, 4, 40)));
        Check.close(y, dims(1, 1, 1, 2), 10, 200);
    }

    @Test
    void maxPoolAndAvgPoolSameExcludesPadding() throws IOException {
        TfGraphs g = new TfGraphs().placeholder("x", DataType.FLOAT, 1, 4, 4, 1)
                .op("mp", "MaxPool", in("x"), "ksize", ints(1, 2, 2, 1), "strides", ints(1, 2, 2, 1), "padding", s("VALID"));
        Check.close(g.run("mp", Map.of("x", oneToN(1, 4, 4, 1))), dims(1, 2, 2, 1), 6, 8, 14, 16);
        TfGraphs a = new TfGraphs().placeholder("x", DataType.FLOAT, 1, 3, 3, 1)
                .op("ap", "AvgPool", in("x"), "ksize", ints(1, 2, 2, 1), "strides", ints(1, 2, 2, 1), "padding", s("SAME"));
        Check.close(a.run("ap", Map.of("x", oneToN(1, 3, 3, 1))), dims(1, 2, 2, 1), 3, 4.5, 7.5, 9);
    }

    @Test
    void fusedBatchNormInference() throws IOException {
        TfGraphs g = new TfGraphs().placeholder("x", DataType.FLOAT, 1, 1, 1, 2).floats("scale", dims(2), 2, 3)
                .floats("offset", dims(2), 0.5f, 1).floats("mean", dims(2), 1, 1).floats("var", dims(2), 4, 9)
                .op("bn", "FusedBatchNormV3", in("x", "scale", "offset", "mean", "var"), "epsilon", TfGraphs.f(0),
                        "is_training", TfGraphs.b(false), "U", TfGraphs.type(DataType.FLOAT));
        Check.close(g.run("bn", Map.of("x", f32(dims(1, 1, 1, 2), 1, 2))), dims(1, 1, 1, 2), 0.5, 2);
    }

    @Test
    void matMulTransposesAndBatchMatMulAdjoint() throws IOException {
        TfGraphs g = new TfGraphs().placeholder("a", DataType.FLOAT, 1, 2).floats("b", dims(2, 2), 3, 4, 5, 6)
                .op("mm", "MatMul", in("a", "b"), "transpose_b", TfGraphs.b(true))
                .placeholder("p", DataType.FLOAT, 1, 2, 1).floats("q", dims(1, 2, 1), 3, 4)
                .op("bmm", "BatchMatMulV2", in("p", "q"), "adj_x", TfGraphs.b(true));
        var out = g.runAll("mm,bmm", Map.of("a", f32(dims(1, 2), 1, 2), "p", f32(dims(1, 2, 1), 1, 2)));
        Check.close(out.get("mm"), dims(1, 2), 11, 17);
        Check.close(out.get("bmm"), dims(1, 1, 1), 11);
    }

    /** Conv -> BiasAdd -> Relu -> Conv in NHWC: only the entry and exit Transposes remain. */
    @Test
    void transposesBetweenConvolutionsCancel() throws IOException {
        TfGraphs g = new TfGraphs().placeholder("x", DataType.FLOAT, 1, 3, 3, 2)
                .floats("w1", dims(1, 1, 2, 2), 1, -1, 2, 0.5f).floats("b1", dims(2), 0.5f, -8)
                .floats("w2", dims(1, 1, 2, 1), 1, 1)
                .op("c1", "Conv2D", in("x", "w1"), "strides", ints(1, 1, 1, 1), "padding", s("VALID"))
                .op("ba", "BiasAdd", in("c1", "b1")).op("r", "Relu", in("ba"))
                .op("c2", "Conv2D", in("r", "w2"), "strides", ints(1, 1, 1, 1), "padding", s("VALID"));
        Model m = g.importModel("c2");
        assertEquals(2, m.graph().nodes().stream().filter(n -> n.opType().equals("Transpose")).count(), m.graph().nodes().toString());
        Tensor x = oneToN(1, 3, 3, 2);
        Tensor y;
        try (var s = dev.modelx.runtime.Session.create(m)) {
            y = s.runTensors(Map.of("x", x)).get("c2");
        }
        float[] xv = x.floats();
        double[] want = new double[9];
        for (int p = 0; p < 9; p++) {
            double a = xv[2 * p], b = xv[2 * p + 1];
            double c0 = Math.max(0, a * 1 + b * 2 + 0.5);
            double c1 = Math.max(0, a * -1 + b * 0.5 - 8);
            want[p] = c0 + c1;
        }
        Check.close(y, dims(1, 3, 3, 1), want);
    }
}
