package dev.modelx.format.paddle;

import dev.modelx.format.paddle.pir.PirAttribute;
import dev.modelx.format.paddle.pir.PirJson;
import dev.modelx.format.paddle.pir.PirOp;
import dev.modelx.format.paddle.pir.PirProgram;
import dev.modelx.format.paddle.proto.PaddleProtos.BlockDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.ProgramDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.VarDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.VarType;
import dev.modelx.graph.Tensor;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaddleFormatTest {

    @TempDir
    Path dir;

    static VarDesc param(String name, long... dims) {
        VarType.TensorDesc.Builder t = VarType.TensorDesc.newBuilder().setDataType(VarType.Type.FP32);
        Arrays.stream(dims).forEach(t::addDims);
        return VarDesc.newBuilder().setName(name).setPersistable(true)
                .setType(VarType.newBuilder().setType(VarType.Type.LOD_TENSOR).setLodTensor(VarType.LoDTensorDesc.newBuilder().setTensor(t))).build();
    }

    static ProgramDesc program(VarDesc... vars) {
        return ProgramDesc.newBuilder().addBlocks(BlockDesc.newBuilder().setIdx(0).setParentIdx(-1).addAllVars(List.of(vars))).build();
    }

    @Test
    void tensorStreamRoundTripKeepsLodAndBytes() {
        LodTensor t = new LodTensor(Tensor.ofFloats(new long[] {3, 2}, 1, 2, 3, 4, 5, 6), List.of(new long[] {0, 1, 3}));
        byte[] bytes = TensorStream.write(t);
        // header: u32 0, u64 1 level, u64 24 bytes, 3 offsets, u32 0, i32 desc len
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, b.getInt());
        assertEquals(1, b.getLong());
        assertEquals(24, b.getLong());
        LodTensor back = TensorStream.read(ByteBuffer.wrap(bytes), null, "x");
        assertEquals(t.tensor(), back.tensor());
        assertArrayEquals(new long[] {0, 1, 3}, back.lod().get(0));
    }

    @Test
    void combinedParamsAreReadInByteOrderAndMustEndExactly() throws Exception {
        ProgramDesc p = program(param("conv2d_2", 2), param("conv2d_10", 1), param("a", 1));
        List<VarDesc> order = ProgramDescs.paramVars(p);
        assertEquals(List.of("a", "conv2d_10", "conv2d_2"), order.stream().map(VarDesc::getName).toList());
        TreeMap<String, LodTensor> tensors = new TreeMap<>(Map.of(
                "a", LodTensor.dense(Tensor.ofFloats(new long[] {1}, 7)),
                "conv2d_10", LodTensor.dense(Tensor.ofFloats(new long[] {1}, 10)),
                "conv2d_2", LodTensor.dense(Tensor.ofFloats(new long[] {2}, 2, 3))));
        Path f = dir.resolve("model.pdiparams");
        PaddleParams.writeCombined(f, tensors);
        Map<String, LodTensor> read = PaddleParams.readCombined(f, order);
        assertArrayEquals(new float[] {2, 3}, read.get("conv2d_2").tensor().floats());
        assertArrayEquals(new float[] {10}, read.get("conv2d_10").tensor().floats());

        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(bytes, bytes.length + 3));
        var trailing = assertThrows(PaddleFormatException.class, () -> PaddleParams.readCombined(f, order));
        assertTrue(trailing.getMessage().contains("3 bytes follow"), trailing.getMessage());

        Files.write(f, Arrays.copyOf(bytes, bytes.length - 2));
        var truncated = assertThrows(PaddleFormatException.class, () -> PaddleParams.readCombined(f, order));
        assertTrue(truncated.getMessage().contains("conv2d_2") && truncated.getMessage().contains("truncated"), truncated.getMessage());
    }

    @Test
    void declaredDimsMustMatchTheTensor() throws Exception {
        Path f = dir.resolve("w");
        Files.write(f, TensorStream.write(LodTensor.dense(Tensor.ofFloats(new long[] {2, 2}, 1, 2, 3, 4))));
        var e = assertThrows(PaddleFormatException.class, () -> PaddleParams.readSeparate(dir, List.of(param("w", 4, 1))));
        assertTrue(e.getMessage().contains("[2, 2]") && e.getMessage().contains("[4, 1]"), e.getMessage());
        assertEquals(4, PaddleParams.readSeparate(dir, List.of(param("w", -1, 2))).get("w").tensor().size());
    }

    @Test
    void hugeDeclaredShapeIsRejectedBeforeAllocating() {
        byte[] good = TensorStream.write(LodTensor.dense(Tensor.ofFloats(new long[] {1}, 1)));
        VarType.TensorDesc desc = VarType.TensorDesc.newBuilder().setDataType(VarType.Type.FP32).addDims(1L << 40).addDims(1L << 20).build();
        byte[] d = desc.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 4 + 4 + d.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0).putLong(0).putInt(0).putInt(d.length).put(d).putInt(0);
        var e = assertThrows(PaddleFormatException.class, () -> TensorStream.read(ByteBuffer.wrap(b.array()), null, "big"));
        assertTrue(e.getMessage().contains("big"), e.getMessage());
        assertEquals(1, TensorStream.read(ByteBuffer.wrap(good), null, "ok").tensor().size());
    }

    @Test
    void badVersionAndLodSizesAreReported() {
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putInt(7).putLong(0);
        var e = assertThrows(PaddleFormatException.class, () -> TensorStream.read(ByteBuffer.wrap(b.array()), null, "v"));
        assertTrue(e.getMessage().contains("version is 7"), e.getMessage());
        ByteBuffer l = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putLong(1).putLong(1000);
        var e2 = assertThrows(PaddleFormatException.class, () -> TensorStream.read(ByteBuffer.wrap(l.array()), null, "l"));
        assertTrue(e2.getMessage().contains("LoD level 0 declares 1000 bytes"), e2.getMessage());
    }

    @Test
    void programDescRoundTripsBytes() {
        ProgramDesc p = program(param("w", 3));
        byte[] bytes = ProgramDescs.serialize(p);
        assertEquals(p, ProgramDescs.parse(bytes, null));
        assertThrows(PaddleFormatException.class, () -> ProgramDescs.parse(new byte[] {1, 2, 3}, null));
    }

    @Test
    void locatorResolvesPrefixesAndIgnoresThePickle() throws Exception {
        Files.write(dir.resolve("inference.pdmodel"), ProgramDescs.serialize(program()));
        Files.write(dir.resolve("inference.pdiparams"), new byte[0]);
        // a pickle that would run code if unpickled: the reader must never open it
        Files.write(dir.resolve("inference.pdiparams.info"), "cos\nsystem\n(S'echo pwned'\ntR.".getBytes());
        PaddleModelFiles byPrefix = PaddleModelLocator.locate(dir.resolve("inference"));
        assertEquals(dir.resolve("inference.pdiparams"), byPrefix.paramsFile());
        assertEquals(PaddleModelFiles.Kind.PROGRAM_DESC, byPrefix.kind());
        assertEquals(byPrefix.program(), PaddleModelLocator.locate(dir).program());
        assertTrue(PaddleModelLocator.looksLike(dir, PaddleModelFiles.Kind.PROGRAM_DESC));
        assertFalse(PaddleModelLocator.looksLike(dir, PaddleModelFiles.Kind.PIR_JSON));
    }

    @Test
    void fluidNamesAndSeparateFiles() throws Exception {
        Files.write(dir.resolve("__model__"), ProgramDescs.serialize(program(param("fc_0.w_0", 1))));
        PaddleModelFiles f = PaddleModelLocator.locate(dir);
        assertEquals(null, f.paramsFile());
        assertEquals(dir.toAbsolutePath(), f.paramsDir());
        Files.write(dir.resolve("__params__"), new byte[0]);
        assertEquals(dir.toAbsolutePath().resolve("__params__"), PaddleModelLocator.locate(dir).paramsFile());
    }

    @Test
    void tarGzModelIsExtractedAndCleanedUp() throws Exception {
        Path tgz = dir.resolve("m.tar.gz");
        byte[] prog = ProgramDescs.serialize(program());
        try (OutputStream os = new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(Files.newOutputStream(tgz));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(os)) {
            TarArchiveEntry e = new TarArchiveEntry("model_dir/inference.pdmodel");
            e.setSize(prog.length);
            tar.putArchiveEntry(e);
            tar.write(prog);
            tar.closeArchiveEntry();
        }
        assertTrue(PaddleModelLocator.looksLike(tgz, PaddleModelFiles.Kind.PROGRAM_DESC));
        Path extracted;
        try (PaddleModelFiles f = PaddleModelLocator.locate(tgz)) {
            assertEquals("inference.pdmodel", f.program().getFileName().toString());
            extracted = f.extractedDir();
            assertTrue(Files.isDirectory(extracted));
        }
        assertFalse(Files.exists(extracted));
    }

    @Test
    void archiveEntriesEscapingTheFolderAreRefused() throws Exception {
        Path zip = dir.resolve("evil.zip");
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(zip)) {
            z.putArchiveEntry(new ZipArchiveEntry("../../escaped.pdmodel"));
            z.write(new byte[] {1});
            z.closeArchiveEntry();
        }
        Path out = Files.createDirectory(dir.resolve("out"));
        var e = assertThrows(PaddleFormatException.class, () -> SafeArchive.extract(zip, out));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("escaped.pdmodel")));

        Path tar = dir.resolve("link.tar");
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            TarArchiveEntry link = new TarArchiveEntry("model.pdmodel", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("/etc/passwd");
            t.putArchiveEntry(link);
            t.closeArchiveEntry();
        }
        var e2 = assertThrows(PaddleFormatException.class, () -> SafeArchive.extract(tar, out));
        assertTrue(e2.getMessage().contains("link"), e2.getMessage());

        Path abs = dir.resolve("abs.tar");
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(Files.newOutputStream(abs))) {
            TarArchiveEntry a = new TarArchiveEntry("/tmp/abs.pdmodel", true);
            a.setSize(1);
            t.putArchiveEntry(a);
            t.write(1);
            t.closeArchiveEntry();
        }
        assertThrows(PaddleFormatException.class, () -> SafeArchive.extract(abs, out));

        Path big = dir.resolve("big.zip");
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(big)) {
            z.putArchiveEntry(new ZipArchiveEntry("x.pdiparams"));
            z.write(new byte[5000]);
            z.closeArchiveEntry();
        }
        var e3 = assertThrows(PaddleFormatException.class, () -> SafeArchive.extract(big, out, 1000));
        assertTrue(e3.getMessage().contains("more than 1000 bytes"), e3.getMessage());
    }

    @Test
    void pirJsonAttributesIncludingNanAndInfRoundTrip() {
        String json = """
                {"base_code":{"magic":"pir","trainable":false,"version":1},"program":{"regions":[{"#":"region_0","blocks":[
                {"#":"block_0","args":[],"ops":[
                 {"#":"p","A":[0,1,0,"w_0"],"O":{"%":1,"TT":{"#":"0.t_dtensor","D":[{"#":"0.t_f32"},[2,3],"NCHW",[],0]}},"DA":[],"QA":[],"OA":[1,1,1]},
                 {"#":"1.full","A":[{"N":"shape","AT":{"#":"1.a_intarray","D":[1]}},{"N":"value","AT":{"#":"0.a_f64","VD":"-INF"}},
                   {"N":"lo","AT":{"#":"0.a_f32","VD":"NaN"}},{"N":"hi","AT":{"#":"0.a_f32","VD":"INF"}},
                   {"N":"dtype","AT":{"#":"1.a_dtype","D":"float32"}},{"N":"s","AT":{"#":"1.a_scalar","D":["int64",7]}},
                   {"N":"arr","AT":{"#":"0.a_array","D":[{"#":"0.a_i32","D":1},{"#":"0.a_i32","D":2}]}},
                   {"N":"c","AT":{"#":"0.a_c64","D":[1.5,-2.0]}},{"N":"t","AT":{"#":"0.a_type","D":{"#":"0.t_i64"}}},
                   {"N":"place","AT":{"#":"1.a_place","D":[1,0,""]}}],
                  "I":[],"O":[{"%":2,"TT":{"#":"0.t_dtensor","D":[{"#":"0.t_f32"},[1],"NCHW",[],0]}}],"OA":[]},
                 {"#":"1.if","A":[],"I":[{"%":2}],"O":[],"OA":[],"regions":[{"#":"region_1","blocks":[{"#":"block_1","args":[],"ops":[{"#":"2.yield","A":[],"I":[],"O":[],"OA":[]}]}]},
                   {"#":"region_2","blocks":[{"#":"block_2","args":[{"#":-1,"TT":{"#":"0.t_bool"}}],"ops":[]}]}]}
                ]}]}]}}""";
        PirProgram p = PirJson.parse(json, null);
        assertEquals(List.of("w_0"), p.parameterNames());
        PirOp full = p.mainBlock().ops().get(1);
        assertEquals("pd_op.full", full.name());
        assertEquals(Double.NEGATIVE_INFINITY, full.attribute("value").asDouble());
        assertTrue(Double.isNaN(full.attribute("lo").asDouble()));
        assertEquals(Double.POSITIVE_INFINITY, full.attribute("hi").asDouble());
        assertEquals(7, full.attribute("s").asLong());
        assertArrayEquals(new long[] {1, 2}, full.attribute("arr").asLongs());
        assertArrayEquals(new double[] {1.5, -2.0}, full.attribute("c").asComplex());
        assertEquals(dev.modelx.graph.DataType.INT64, full.attribute("t").asType().elementType().orElseThrow());
        assertArrayEquals(new long[] {2, 3}, p.mainBlock().ops().get(0).results().get(0).type().dims());
        PirOp iff = p.mainBlock().ops().get(2);
        assertEquals(2, iff.regions().size());
        assertEquals(-1, iff.regions().get(1).blocks().get(0).args().get(0).id());
        PirProgram again = PirJson.parse(PirJson.toJsonString(p), null);
        assertEquals(PirJson.toJson(p), PirJson.toJson(again));
        assertEquals("{\"#\":\"0.a_f32\",\"VD\":\"NaN\"}", PirAttribute.f32(Float.NaN).toJson().toString());
        assertEquals("{\"#\":\"0.a_f64\",\"VD\":\"-INF\"}", PirAttribute.f64(Double.NEGATIVE_INFINITY).toJson().toString());
    }

    @Test
    void pirJsonWithoutMagicIsRejected() {
        var e = assertThrows(PaddleFormatException.class, () -> PirJson.parse("{\"base_code\":{\"magic\":\"xyz\"}}", null));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
        assertThrows(PaddleFormatException.class, () -> PirJson.parse("{not json", null));
    }
}
