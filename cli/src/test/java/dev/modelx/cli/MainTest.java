package dev.modelx.cli;

import dev.modelx.format.onnx.proto.OnnxProtos;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.io.Npy;
import dev.modelx.importer.onnx.OnnxImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.modelx.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.*;

/** The CLI end to end, in-process, on the bundled example models and on deliberately broken files. */
class MainTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeExamples() {
        CliRun r = run("examples", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("small-cnn.onnx")));
        assertTrue(Files.isRegularFile(dir.resolve("transformer-block.onnx")));
    }

    @Test
    void versionAndUsage() {
        CliRun v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("modelx "), v.out());
        assertEquals(2, run().code());
        assertEquals(2, run("inspect").code());
        assertEquals(2, run("frobnicate").code());
        assertEquals(0, run("convert", "--help").code());
    }

    @Test
    void inspectShowsTheSummary() {
        CliRun r = run("inspect", dir.resolve("small-cnn.onnx").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("image: float[batch, 3, 32, 32]"), r.out());
        assertTrue(r.out().contains("Conv 2"), r.out());
        assertTrue(r.out().contains("1,562 in 6 initializers"), r.out());
        CliRun json = run("inspect", "--json", "--shapes", dir.resolve("small-cnn.onnx").toString());
        assertEquals(0, json.code(), json.err());
        assertTrue(json.out().contains("\"parameters\": 1562"), json.out());
        assertTrue(json.out().contains("\"p1\": \"float[batch, 8, 16, 16]\""), json.out());
    }

    @Test
    void checkPassesOnAValidModel() {
        CliRun r = run("check", dir.resolve("transformer-block.onnx").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("OK"), r.out());
    }

    @Test
    void runWritesEachOutputAsNpy() throws Exception {
        Path out = dir.resolve("run-out");
        CliRun r = run("run", dir.resolve("transformer-block.onnx").toString(), "--random-inputs", "--dim", "batch=2", "--dim", "seq=5",
                "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        Tensor t = Npy.read(out.resolve("hidden_states.npy"));
        assertArrayEquals(new long[]{2, 5, 32}, t.shape());
        assertTrue(r.out().contains("output hidden_states: float[2, 5, 32]"), r.out());
    }

    @Test
    void runTakesNpyInputsAndChecksSymbolicDims() throws Exception {
        Path ids = dir.resolve("ids.npy");
        Npy.write(Tensor.ofLongs(new long[]{1, 3}, 1, 2, 3), ids);
        CliRun ok = run("run", dir.resolve("transformer-block.onnx").toString(), "--input", "input_ids=" + ids);
        assertEquals(0, ok.code(), ok.err());
        CliRun bad = run("run", dir.resolve("transformer-block.onnx").toString(), "--input", "input_ids=" + ids, "--dim", "seq=4");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("seq=3") && bad.err().contains("seq=4"), bad.err());
        CliRun typo = run("run", dir.resolve("transformer-block.onnx").toString(), "--random-inputs", "--dim", "batch_size=2");
        assertEquals(1, typo.code());
        assertTrue(typo.err().contains("--dim batch_size matches no symbolic dimension of the inputs; they have [batch, seq]"), typo.err());
        CliRun unknown = run("run", dir.resolve("transformer-block.onnx").toString(), "--input", "nope=" + ids);
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("Unknown input 'nope', expected one of [input_ids]"), unknown.err());
    }

    @Test
    void convertWithExternalDataRoundTrips() throws Exception {
        Path out = dir.resolve("ext").resolve("cnn.onnx");
        Files.createDirectories(out.getParent());
        CliRun r = run("convert", dir.resolve("small-cnn.onnx").toString(), out.toString(), "--external-data", "--external-data-threshold", "64");
        assertEquals(0, r.code(), r.err());
        try (var files = Files.list(out.getParent())) {
            assertEquals(2, files.count(), "model plus one external data file");
        }
        Model a = new OnnxImporter().read(dir.resolve("small-cnn.onnx"));
        Model b = new OnnxImporter().read(out);
        assertEquals(a.graph().initializers(), b.graph().initializers());
    }

    @Test
    void malformedFilesGetOneLineAndExitOne() throws Exception {
        byte[] good = Files.readAllBytes(dir.resolve("small-cnn.onnx"));
        Path truncated = dir.resolve("truncated.onnx");
        Files.write(truncated, Arrays.copyOf(good, good.length / 2));
        Path random = dir.resolve("random.onnx");
        byte[] junk = new byte[4096];
        new java.util.Random(1).nextBytes(junk);
        Files.write(random, junk);
        Path wrongType = dir.resolve("array.onnx");
        Npy.write(Tensor.ofFloats(new long[]{3}, 1, 2, 3), wrongType);
        for (Path p : new Path[]{truncated, random, wrongType, dir.resolve("missing.onnx")}) {
            CliRun r = run("inspect", p.toString());
            assertEquals(1, r.code(), p + ": " + r.out());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("modelx: ") && r.err().contains(p.getFileName().toString()), r.err());
        }
    }

    @Test
    void externalDataOutsideTheModelFolderIsRefused() throws Exception {
        Path sub = dir.resolve("evil");
        Files.createDirectories(sub);
        Files.write(dir.resolve("secret.bin"), new byte[]{1, 2, 3, 4});
        OnnxProtos.TensorProto w = OnnxProtos.TensorProto.newBuilder().setName("w").setDataType(1).addDims(1)
                .setDataLocation(OnnxProtos.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(OnnxProtos.StringStringEntryProto.newBuilder().setKey("location").setValue("../secret.bin"))
                .addExternalData(OnnxProtos.StringStringEntryProto.newBuilder().setKey("length").setValue("4"))
                .build();
        OnnxProtos.ModelProto m = OnnxProtos.ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OnnxProtos.OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(OnnxProtos.GraphProto.newBuilder().setName("g").addInitializer(w)
                        .addOutput(OnnxProtos.ValueInfoProto.newBuilder().setName("w")))
                .build();
        Path model = sub.resolve("model.onnx");
        Files.write(model, m.toByteArray());
        for (String cmd : new String[]{"inspect", "check"}) {
            CliRun r = run(cmd, model.toString());
            assertEquals(1, r.code(), r.out());
            assertTrue(r.err().contains("../secret.bin"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    @Test
    void optimizeRunsThePassesAndWritesAValidModel() throws Exception {
        Path out = dir.resolve("opt.onnx");
        CliRun r = run("optimize", dir.resolve("transformer-block.onnx").toString(), out.toString(), "--passes", "fold,cse,dce",
                "--dim", "batch=1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("cse: ") && r.out().contains("written to"), r.out());
        assertEquals(0, run("check", out.toString()).code());
        CliRun bad = run("optimize", dir.resolve("small-cnn.onnx").toString(), out.toString(), "--passes", "fold,frobnicate");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("frobnicate"), bad.err());
    }

    @Test
    void convertDowngradesTheOpsetAndReducesPrecisionUnderVerification() throws Exception {
        Path down = dir.resolve("tb13.onnx");
        CliRun r = run("convert", dir.resolve("transformer-block.onnx").toString(), down.toString(), "--opset", "13", "--verify");
        assertEquals(0, r.code(), r.out() + r.err());
        Model m = new OnnxImporter().read(down);
        assertEquals(13L, m.opset("").orElseThrow());
        assertTrue(m.graph().nodes().stream().noneMatch(n -> n.opType().equals("LayerNormalization")), "expanded below 17");
        Path half = dir.resolve("cnn16.onnx");
        CliRun p = run("convert", dir.resolve("small-cnn.onnx").toString(), half.toString(), "--precision", "fp16", "--keep-io-types",
                "--verify", "--rtol", "1e-2", "--atol", "1e-2");
        assertEquals(0, p.code(), p.out() + p.err());
        Model h = new OnnxImporter().read(half);
        assertEquals(dev.modelx.graph.DataType.FLOAT16, h.graph().initializers().get("conv1.w").type());
        CliRun bad = run("convert", dir.resolve("transformer-block.onnx").toString(), dir.resolve("x.onnx").toString(), "--opset", "3");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("outside 7..28"), bad.err());
    }

    @Test
    void outputFileNamesCannotEscapeTheFolder() {
        assertEquals("a_b_c", RunCommand.safeFileName("a/b:c"));
        assertEquals("___", RunCommand.safeFileName(".."));
        assertEquals("x.1", RunCommand.safeFileName("x.1"));
    }
}
