package dev.modelx.exporter.paddle;

import dev.modelx.format.paddle.ProgramDescs;
import dev.modelx.format.paddle.proto.PaddleProtos.OpDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.ProgramDesc;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.ModelFormatException;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.UnsupportedOpsException;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.Formats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Error paths, atomic writing, registration and the feed/fetch/parameter layout of a written program. */
class ExporterErrorsTest {

    @TempDir
    Path tmp;

    private static Model model(Node... nodes) {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        for (Node n : nodes) {
            g.add(n);
        }
        g.output(nodes[nodes.length - 1].output(0), DataType.FLOAT, 2, 3);
        return Model.of(g, 17).resolveOpsetVersions();
    }

    @Test
    void everyUnsupportedOpIsReportedAtOnceAndNothingIsWritten() {
        Model m = model(Node.of("Relu").inputs("x").outputs("a"), Node.of("Hardmax").inputs("a").outputs("b"),
                Node.of("Einsum").inputs("b").outputs("c").attr("equation", "ij->ij"));
        Path out = tmp.resolve("bad");
        UnsupportedOpsException e = assertThrows(UnsupportedOpsException.class, () -> new PaddleExporter().write(m, out, ExportOptions.defaults()));
        assertEquals(List.of("Einsum", "Hardmax"), e.sortedOps());
        assertTrue(e.getMessage().contains("Einsum, Hardmax"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void anOpWithoutPaddleMeaningNamesTheNodeAndLeavesNothingBehind() throws Exception {
        Model m = model(Node.of("Mod").name("mod1").inputs("x", "x").outputs("y").attr("fmod", 1L));
        Path out = tmp.resolve("mod");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> new PaddleExporter().write(m, out, ExportOptions.defaults()));
        assertTrue(e.getMessage().contains("mod1") && e.getMessage().contains("fmod"), e.getMessage());
        assertFalse(Files.exists(out));
        try (var s = Files.list(tmp)) {
            assertEquals(0, s.count(), "no temporary directory is left");
        }
    }

    @Test
    void refusesToReplaceADirectoryWithOtherFiles() throws Exception {
        Path out = tmp.resolve("taken");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        Model m = model(Node.of("Relu").inputs("x").outputs("y"));
        assertThrows(ModelFormatException.class, () -> new PaddleExporter().write(m, out, ExportOptions.defaults()));
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void exportersAreRegistered() {
        assertEquals(PaddleExporter.class, Formats.exporter("paddle").getClass());
        assertEquals(PaddlePirExporter.class, Formats.exporter("paddle-pir").getClass());
    }

    @Test
    void writesFeedFetchAndPersistableParametersAsPaddleDoes() throws Exception {
        Graph g = new Graph("t");
        g.input("x", DataType.FLOAT, 2, 3);
        g.initializer("w", Tensor.ofFloats(new long[] {3}, 1f, 2f, 3f));
        g.initializer("b", Tensor.ofFloats(new long[] {3}, 0f, 1f, 0f));
        g.add(Node.of("Mul").inputs("x", "w").outputs("m"));
        g.add(Node.of("Add").inputs("m", "b").outputs("y"));
        g.output("y", DataType.FLOAT, 2, 3);
        Path out = tmp.resolve("ok");
        new PaddleExporter().write(Model.of(g, 17).resolveOpsetVersions(), out, ExportOptions.defaults());
        ProgramDesc p = ProgramDescs.read(out.resolve("model.pdmodel"));
        List<OpDesc> ops = p.getBlocks(0).getOpsList();
        assertEquals(List.of("feed", "elementwise_mul", "elementwise_add", "fetch"), ops.stream().map(OpDesc::getType).toList());
        assertEquals("feed", ops.get(0).getInputs(0).getArguments(0));
        assertEquals(List.of("b", "w"), ProgramDescs.paramVars(p).stream().map(v -> v.getName()).toList());
        assertEquals(2 * (4 + 8 + 4 + 4 + 4 + 12), Files.size(out.resolve("model.pdiparams")), "two [3] float tensors with 4-byte descs");
        var feedVar = p.getBlocks(0).getVarsList().stream().filter(v -> v.getName().equals("feed")).findFirst().orElseThrow();
        assertTrue(feedVar.getPersistable());
        assertEquals("FEED_MINIBATCH", feedVar.getType().getType().name());
        assertEquals(2006001, p.getVersion().getVersion());
    }
}
