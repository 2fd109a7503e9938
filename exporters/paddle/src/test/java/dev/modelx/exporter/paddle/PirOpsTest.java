package dev.modelx.exporter.paddle;

import dev.modelx.format.paddle.pir.PirJson;
import dev.modelx.format.paddle.pir.PirOp;
import dev.modelx.format.paddle.pir.PirProgram;
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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Legacy ops written to PIR under their ops.yaml names (size as numel, split with a vector result taken apart
 * by builtin.split, top_k_v2 as topk, tril_triu as tril/triu, 3-D conv/pool, norms, pad3d, ...): the PIR
 * export is re-imported and run, and must give the numbers the ONNX graph gives.
 */
class PirOpsTest {

    @TempDir
    Path tmp;

    private static final Tensor X = floats(new long[] {2, 3}, 1, 4, 2, -3, 0, 5);

    private List<String> pirOps(EmitterCheck e) throws Exception {
        PirProgram p = PirJson.read(tmp.resolve("pir").resolve(PaddlePirExporter.MODEL_FILE));
        return p.allOps().stream().map(PirOp::name).toList();
    }

    private static PirOp first(PirProgram p, String name) {
        return p.allOps().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no " + name));
    }

    /** PIR and legacy round trips give what the ONNX graph gives, output by output. */
    private static void assertSameAsOriginal(EmitterCheck e, Tensor... feeds) throws Exception {
        List<Tensor> want = e.runOriginal(feeds), pir = e.runPir(feeds), legacy = e.runLegacy(feeds);
        assertEquals(want.size(), pir.size());
        for (int k = 0; k < want.size(); k++) {
            assertArrayEquals(want.get(k).shape(), pir.get(k).shape(), "output " + k + " shape");
            assertArrayEquals(want.get(k).toDoubleArray(), pir.get(k).toDoubleArray(), 1e-5, "output " + k + " (PIR)");
            assertArrayEquals(want.get(k).toDoubleArray(), legacy.get(k).toDoubleArray(), 1e-5, "output " + k + " (legacy)");
        }
    }

    @Test
    void sizeIsNumelAndSquareIsSquare() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.add(Node.of("Size").inputs("x").outputs("n"));
        g.add(Node.of("Mul").inputs("x", "x").outputs("sq"));
        g.output("n", DataType.INT64);
        g.output("sq", DataType.FLOAT, 2, 3);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        List<Tensor> r = e.runPir(X);
        EmitterCheck.assertLongs(new long[] {6}, r.get(0));
        assertClose(new float[] {1, 16, 4, 9, 0, 25}, r.get(1));
        assertTrue(pirOps(e).contains("pd_op.numel"), pirOps(e).toString());
    }

    @Test
    void splitBySectionsAndIntoEqualParts() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.initializer("sizes", Tensor.ofLongs(new long[] {2}, 1, 2));
        g.add(Node.of("Split").inputs("x", "sizes").outputs("a", "b").attr("axis", 1L));
        g.add(Node.of("Split").inputs("x").outputs("r0", "r1").attr("axis", 0L));
        g.output("a", DataType.FLOAT, 2, 1);
        g.output("b", DataType.FLOAT, 2, 2);
        g.output("r0", DataType.FLOAT, 1, 3);
        g.output("r1", DataType.FLOAT, 1, 3);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        List<Tensor> r = e.runPir(X);
        assertClose(new float[] {1, -3}, r.get(0));
        assertClose(new float[] {4, 2, 0, 5}, r.get(1));
        assertClose(new float[] {1, 4, 2}, r.get(2));
        assertClose(new float[] {-3, 0, 5}, r.get(3));
        PirProgram p = PirJson.read(tmp.resolve("pir").resolve(PaddlePirExporter.MODEL_FILE));
        PirOp split = first(p, "pd_op.split"), parts = first(p, "builtin.split");
        assertTrue(split.results().get(0).type().isVector());
        assertEquals(2, split.results().get(0).type().elements().size());
        assertEquals(List.of(split.results().get(0).id()), parts.operands());
        assertEquals(2, first(p, "pd_op.split_with_num").attribute("num").asLong());
    }

    @Test
    void topKTrilTriuGatherNdAndScatterNdAdd() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.initializer("k", Tensor.ofLongs(new long[] {1}, 2));
        g.initializer("one", Tensor.ofLongs(new long[0], 1));
        g.initializer("idx", Tensor.ofLongs(new long[] {2, 2}, 1, 2, 0, 0));
        g.initializer("upd", Tensor.ofFloats(new long[] {2}, 10, 20));
        g.add(Node.of("TopK").inputs("x", "k").outputs("v", "i").attr("axis", 1L));
        g.add(Node.of("Trilu").inputs("x", "one").outputs("lo").attr("upper", 0L));
        g.add(Node.of("Trilu").inputs("x", "one").outputs("up").attr("upper", 1L));
        g.add(Node.of("GatherND").inputs("x", "idx").outputs("gnd"));
        g.add(Node.of("ScatterND").inputs("x", "idx", "upd").outputs("snd").attr("reduction", "add"));
        g.output("v", DataType.FLOAT, 2, 2);
        g.output("i", DataType.INT64, 2, 2);
        g.output("lo", DataType.FLOAT, 2, 3);
        g.output("up", DataType.FLOAT, 2, 3);
        g.output("gnd", DataType.FLOAT, 2);
        g.output("snd", DataType.FLOAT, 2, 3);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        assertSameAsOriginal(e, X);
        List<Tensor> r = e.runPir(X);
        assertClose(new float[] {4, 2, 5, 0}, r.get(0));
        EmitterCheck.assertLongs(new long[] {1, 2, 2, 1}, r.get(1));
        assertClose(new float[] {1, 4, 0, -3, 0, 5}, r.get(2));
        assertClose(new float[] {0, 4, 2, 0, 0, 5}, r.get(3));
        assertClose(new float[] {5, 1}, r.get(4));
        assertClose(new float[] {21, 4, 2, -3, 0, 15}, r.get(5));
        List<String> ops = pirOps(e);
        assertTrue(ops.containsAll(List.of("pd_op.topk", "pd_op.tril", "pd_op.triu", "pd_op.gather_nd", "pd_op.scatter_nd_add")), ops.toString());
    }

    @Test
    void volumesNormsPad3dAndPixelShuffle() throws Exception {
        Graph g = new Graph("t");
        g.input("v", DataType.FLOAT, 1, 2, 2, 2, 2);
        g.input("img", DataType.FLOAT, 1, 4, 2, 2);
        float[] w = new float[2 * 2 * 8];
        for (int k = 0; k < w.length; k++) {
            w[k] = (k % 5) - 2;
        }
        g.initializer("w", Tensor.ofFloats(new long[] {2, 2, 2, 2, 2}, w));
        g.initializer("s4", Tensor.ofFloats(new long[] {4}, 1, 2, 0.5f, -1));
        g.initializer("b4", Tensor.ofFloats(new long[] {4}, 0, 1, -1, 0.25f));
        g.initializer("s2", Tensor.ofFloats(new long[] {2}, 1.5f, -0.5f));
        g.initializer("b2", Tensor.ofFloats(new long[] {2}, 0.1f, 0.2f));
        g.initializer("pads", Tensor.ofLongs(new long[] {10}, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1));
        g.add(Node.of("Conv").inputs("v", "w").outputs("conv"));
        g.add(Node.of("MaxPool").inputs("v").outputs("pool").ints("kernel_shape", 2, 1, 2));
        g.add(Node.of("InstanceNormalization").inputs("img", "s4", "b4").outputs("inorm"));
        g.add(Node.of("GroupNormalization").inputs("img", "s2", "b2").outputs("gnorm").attr("num_groups", 2L));
        g.add(Node.of("Pad").inputs("v", "pads").outputs("padded").attr("mode", "reflect"));
        g.add(Node.of("DepthToSpace").inputs("img").outputs("d2s").attr("blocksize", 2L).attr("mode", "CRD"));
        g.output("conv", DataType.FLOAT, 1, 2, 1, 1, 1);
        g.output("pool", DataType.FLOAT, 1, 2, 1, 2, 1);
        g.output("inorm", DataType.FLOAT, 1, 4, 2, 2);
        g.output("gnorm", DataType.FLOAT, 1, 4, 2, 2);
        g.output("padded", DataType.FLOAT, 1, 2, 3, 3, 3);
        g.output("d2s", DataType.FLOAT, 1, 1, 4, 4);
        EmitterCheck e = EmitterCheck.of(g, tmp);
        float[] vs = new float[16], is = new float[16];
        for (int k = 0; k < 16; k++) {
            vs[k] = (float) Math.sin(k + 1) * 3;
            is[k] = (float) Math.cos(2 * k) * 2 + k * 0.1f;
        }
        assertSameAsOriginal(e, floats(new long[] {1, 2, 2, 2, 2}, vs), floats(new long[] {1, 4, 2, 2}, is));
        List<String> ops = pirOps(e);
        assertTrue(ops.containsAll(List.of("pd_op.conv3d", "pd_op.pool3d", "pd_op.instance_norm", "pd_op.group_norm", "pd_op.pad3d",
                "pd_op.pixel_shuffle")), ops.toString());
    }
}
