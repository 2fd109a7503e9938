package dev.modelx.exporter.paddle;

import dev.modelx.format.paddle.pir.PirJson;
import dev.modelx.format.paddle.pir.PirOp;
import dev.modelx.format.paddle.proto.PaddleProtos.OpDesc;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.io.ExportOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.modelx.exporter.paddle.EmitterCheck.assertClose;
import static dev.modelx.exporter.paddle.EmitterCheck.floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ops the ONNX backend tests found missing or wrong through Paddle: Shape with start/end, ArgMax/ArgMin with
 * select_last_index, PRelu before op set 7 (per-channel 1-D slope), Constant's value_float/value_ints forms,
 * a constant of a computed shape in PIR (full_with_tensor), and a renamed model output (scale(1) before the fetch, as Paddle saves; no op at all in PIR). Expected
 * values are worked out here from ONNX semantics; both the legacy and the PIR round trip are run.
 */
class ConformanceFixesTest {

    @TempDir
    Path tmp;

    @Test
    void shapeWithStartAndEndIsShapeThenSlice() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3, 4, 5);
        g.add(Node.of("Shape").inputs("x").outputs("s").attr("start", 1L).attr("end", -1L));
        g.output("s", DataType.INT64, 2);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        assertEquals(List.of("shape", "slice", "cast"), e.types());
        OpDesc slice = e.op("slice");
        assertEquals(List.of(1), EmitterCheck.ints(slice, "starts"));
        assertEquals(List.of(3), EmitterCheck.ints(slice, "ends"));
        Tensor x = Tensor.zeros(DataType.FLOAT, 2, 3, 4, 5);
        EmitterCheck.assertLongs(new long[] {3, 4}, e.runOriginal(x).get(0));
        EmitterCheck.assertLongs(new long[] {3, 4}, e.runLegacy(x).get(0));
        EmitterCheck.assertLongs(new long[] {3, 4}, e.runPir(x).get(0));
    }

    private static Graph arg(String op, boolean keep) {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 4);
        g.add(Node.of(op).inputs("x").outputs("y").attr("axis", 1L).attr("keepdims", keep ? 1L : 0L).attr("select_last_index", 1L));
        if (keep) {
            g.output("y", DataType.INT64, 2, 1);
        } else {
            g.output("y", DataType.INT64, 2);
        }
        return g;
    }

    @Test
    void argMaxAndArgMinSelectingTheLastIndexFlipTheAxis() throws Exception {
        // row 0: max 3 at 1 and 3, min 1 at 0 and 2; row 1: max 5 at 0 and 2, min 2 at 1 and 3
        Tensor x = floats(new long[] {2, 4}, 1, 3, 1, 3, 5, 2, 5, 2);
        EmitterCheck max = EmitterCheck.of(arg("ArgMax", false), tmp.resolve("max"));
        assertEquals(List.of("flip", "arg_max", "scale"), max.types());
        max.assertMatchesDefinition("flip");
        for (List<Tensor> r : List.of(max.runOriginal(x), max.runLegacy(x), max.runPir(x))) {
            EmitterCheck.assertLongs(new long[] {3, 2}, r.get(0));
        }
        EmitterCheck min = EmitterCheck.of(arg("ArgMin", true), tmp.resolve("min"));
        for (List<Tensor> r : List.of(min.runOriginal(x), min.runLegacy(x), min.runPir(x))) {
            EmitterCheck.assertLongs(new long[] {2, 3}, r.get(0));
            assertArrayEquals(new long[] {2, 1}, r.get(0).shape());
        }
    }

    @Test
    void preluBeforeOpSet7TakesAOneDimensionalSlopePerChannel() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 1, 3, 2);
        g.initializer("slope", floats(new long[] {3}, 0.5f, 2f, -1f));
        g.add(Node.of("PRelu").inputs("x", "slope").outputs("y"));
        g.output("y", DataType.FLOAT, 1, 3, 2);
        EmitterCheck e = new EmitterCheck(g, 6, tmp);
        assertEquals("channel", EmitterCheck.s(e.op("prelu"), "mode"));
        Tensor x = floats(new long[] {1, 3, 2}, -2, 4, -2, 4, -2, 4);
        float[] want = {-1, 4, -4, 4, 2, 4};
        e.assertLegacy(want, x);
        assertClose(want, e.runPir(x).get(0));
    }

    @Test
    void constantsInTheirAttributeFormsAreRead() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 3);
        g.add(Node.of("Constant").outputs("k").attr("value_float", 2.5f));
        g.add(Node.of("Constant").outputs("shape").attr(dev.modelx.graph.Attribute.ints("value_ints", 3, 1)));
        g.add(Node.of("Mul").inputs("x", "k").outputs("m"));
        g.add(Node.of("Reshape").inputs("m", "shape").outputs("y"));
        g.output("y", DataType.FLOAT, 3, 1);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        Tensor x = floats(new long[] {3}, 1, -2, 4);
        e.assertLegacy(new float[] {2.5f, -5, 10}, x);
        assertEquals(List.of(3, 1), EmitterCheck.ints(e.op("reshape2"), "shape"));
    }

    @Test
    void constantOfAComputedShapeIsFullWithTensorInPir() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.add(Node.of("Shape").inputs("x").outputs("s"));
        g.add(Node.of("ConstantOfShape").inputs("s").outputs("y").attr("value", Tensor.ofFloats(new long[] {1}, 7f)));
        g.output("y", DataType.FLOAT, 2, 3);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        Tensor x = Tensor.zeros(DataType.FLOAT, 2, 3);
        float[] sevens = {7, 7, 7, 7, 7, 7};
        e.assertLegacy(sevens, x);
        Tensor y = e.runPir(x).get(0);
        assertClose(sevens, y);
        assertArrayEquals(new long[] {2, 3}, y.shape());
        List<String> names = PirJson.read(tmp.resolve("pir").resolve(PaddlePirExporter.MODEL_FILE)).allOps().stream().map(PirOp::name).toList();
        assertTrue(names.contains("pd_op.full_with_tensor"), names.toString());
    }

    @Test
    void aRenamedOutputIsScaleOneBeforeTheFetchAndNothingInPir() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 3);
        g.add(Node.of("Relu").inputs("x").outputs("r"));
        g.add(Node.of("Identity").inputs("r").outputs("out_name"));
        g.output("out_name", DataType.FLOAT, 3);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        assertEquals(List.of("relu", "scale"), e.types());
        OpDesc scale = e.op("scale");
        assertEquals(1f, EmitterCheck.f(scale, "scale"));
        assertEquals(0f, EmitterCheck.f(scale, "bias"));
        assertEquals(List.of("out_name"), EmitterCheck.out(scale, "Out"));
        Tensor x = floats(new long[] {3}, -1, 0, 2);
        e.assertLegacy(new float[] {0, 0, 2}, x);
        new PaddlePirExporter().write(e.model, tmp.resolve("pir-names"), ExportOptions.defaults());
        List<PirOp> ops = PirJson.read(tmp.resolve("pir-names").resolve(PaddlePirExporter.MODEL_FILE)).allOps();
        assertTrue(ops.stream().noneMatch(o -> o.name().equals("pd_op.scale") || o.name().equals("pd_op.assign")), ops.toString());
        PirOp fetch = ops.stream().filter(o -> o.name().equals("pd_op.fetch")).findFirst().orElseThrow();
        assertEquals("out_name", fetch.attribute("name").asString(), "the fetch carries the output's name");
        assertClose(new float[] {0, 0, 2}, e.runPir(x).get(0));
    }
}
