package dev.modelx.exporter.paddle;

import dev.modelx.format.paddle.proto.PaddleProtos.OpDesc;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.modelx.exporter.paddle.EmitterCheck.assertClose;
import static dev.modelx.exporter.paddle.EmitterCheck.floats;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Element-wise ops (elementwise_op.h, sum_op.cc): axis recovery, scale fusion and the variadic ops. */
class ElementwiseEmittersTest {

    @TempDir
    Path tmp;

    private static final Tensor A = floats(new long[] {2, 2}, 1, 5, -3, 2);
    private static final Tensor B = floats(new long[] {2, 2}, 4, 0, -1, 2);
    private static final Tensor C = floats(new long[] {2, 2}, 2, 2, 2, 9);

    private static Graph variadic(String op) {
        Graph g = new Graph("t");
        g.input("a", DataType.FLOAT, 2, 2);
        g.input("b", DataType.FLOAT, 2, 2);
        g.input("c", DataType.FLOAT, 2, 2);
        g.add(Node.of(op).inputs("a", "b", "c").outputs("y"));
        g.output("y", DataType.FLOAT, 2, 2);
        return g;
    }

    @Test
    void sumOfThreeIsPaddlesSumOp() throws Exception {
        EmitterCheck e = EmitterCheck.of(variadic("Sum"), tmp);
        e.assertMatchesDefinition("sum");
        assertEquals(List.of("a", "b", "c"), EmitterCheck.in(e.op("sum"), "X"));
        e.assertLegacy(new float[] {7, 7, -2, 13}, A, B, C);
        // PIR: pd_op.add_n over a builtin.combine (the importer's PIR table has no add_n yet)
        new PaddlePirExporter().write(e.model, tmp.resolve("pir"), dev.modelx.graph.io.ExportOptions.defaults());
        List<String> names = dev.modelx.format.paddle.pir.PirJson.read(tmp.resolve("pir/model.json")).allOps().stream()
                .map(dev.modelx.format.paddle.pir.PirOp::name).toList();
        org.junit.jupiter.api.Assertions.assertTrue(names.contains("pd_op.add_n") && names.contains("builtin.combine"), names.toString());
    }

    @Test
    void maxOfThreeIsAChainOfElementwiseMax() throws Exception {
        EmitterCheck e = EmitterCheck.of(variadic("Max"), tmp);
        assertEquals(List.of("elementwise_max", "elementwise_max"), e.types());
        e.assertLegacy(new float[] {4, 5, 2, 9}, A, B, C);
    }

    @Test
    void meanIsSumThenScale() throws Exception {
        EmitterCheck e = EmitterCheck.of(variadic("Mean"), tmp);
        assertEquals(List.of("sum", "scale"), e.types());
        assertEquals(1f / 3, EmitterCheck.f(e.op("scale"), "scale"), 1e-7);
        e.assertLegacy(new float[] {7f / 3, 7f / 3, -2f / 3, 13f / 3}, A, B, C);
    }

    /** Y of rank 1 unsqueezed to [C, 1] against X [N, C, W]: Paddle's elementwise_add with axis 1 and the original Y. */
    @Test
    void unsqueezedOperandBecomesPaddlesAxis() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 1, 2, 2);
        g.initializer("b", floats(new long[] {2}, 10, 20));
        g.add(Node.of("Constant").outputs("ax").attr("value", Tensor.ofLongs(new long[] {1}, 1)));
        g.add(Node.of("Unsqueeze").inputs("b", "ax").outputs("b2"));
        g.add(Node.of("Add").inputs("x", "b2").outputs("y"));
        g.output("y", DataType.FLOAT, 1, 2, 2);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        OpDesc add = e.op("elementwise_add");
        e.assertMatchesDefinition("elementwise_add");
        assertEquals(1, EmitterCheck.i(add, "axis"));
        assertEquals(List.of("b"), EmitterCheck.in(add, "Y"));
        e.assertLegacy(new float[] {11, 12, 23, 24}, floats(new long[] {1, 2, 2}, 1, 2, 3, 4));
    }

    /** x * 2 + 1 with scalar constants is one scale op (scale 2, bias 1, bias_after_scale). */
    @Test
    void mulAddByScalarsFuseIntoScale() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 4);
        g.add(Node.of("Constant").outputs("two").attr("value", Tensor.ofFloats(new long[0], 2f)));
        g.add(Node.of("Constant").outputs("one").attr("value", Tensor.ofFloats(new long[0], 1f)));
        g.add(Node.of("Mul").inputs("x", "two").outputs("m"));
        g.add(Node.of("Add").inputs("m", "one").outputs("y"));
        g.output("y", DataType.FLOAT, 4);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        assertEquals(List.of("scale"), e.types());
        e.assertMatchesDefinition("scale");
        assertEquals(2f, EmitterCheck.f(e.op("scale"), "scale"));
        assertEquals(1f, EmitterCheck.f(e.op("scale"), "bias"));
        e.assertLegacy(new float[] {-3, 1, 3, 7}, floats(new long[] {4}, -2, 0, 1, 3));
    }
}
