package dev.modelx.format.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelx.format.tensorflow.proto.BundleEntryProto;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorBundleTest {

    @TempDir
    Path dir;

    private Path writeSample() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("dense/kernel", Tensor.ofFloats(new long[]{2, 2}, 1, 2, 3, 4));
        t.put("dense/bias", Tensor.ofFloats(new long[]{2}, 0.5f, -0.5f));
        t.put("global_step", Tensor.ofLongs(new long[0], 42));
        t.put("names", Tensor.ofStrings(new long[]{3}, "a", "", "héllo"));
        for (int i = 0; i < 40; i++) {
            t.put(String.format("layer_%02d/w", i), Tensor.ofInts(new long[]{1}, i));
        }
        Path prefix = dir.resolve("variables");
        TensorBundleWriter.write(prefix, t);
        return prefix;
    }

    @Test
    void roundTripsNumbersAndStrings() throws IOException {
        TensorBundle b = TensorBundle.open(writeSample());
        assertEquals(44, b.keys().size());
        assertEquals(1, b.header().getNumShards());
        assertArrayEquals(new float[]{1, 2, 3, 4}, b.read("dense/kernel").toFloatArray());
        assertArrayEquals(new long[]{2, 2}, b.read("dense/kernel").shape());
        assertEquals(42L, b.read("global_step").getLong(0));
        assertArrayEquals(new String[]{"a", "", "héllo"}, b.read("names").strings());
        assertEquals(37, b.read("layer_37/w").getLong(0));
        assertEquals(DataType.INT32, b.read("layer_05/w").type());
    }

    @Test
    void keysAreReadAcrossPrefixCompressionRestarts() throws IOException {
        byte[] table = LevelDbTableWriter.write(new TreeMap<>(Map.of("", new byte[0], "abc", new byte[]{1}, "abd", new byte[]{2},
                "b", new byte[]{3})));
        Map<String, byte[]> read = LevelDbTable.read(dir.resolve("t"), table);
        assertEquals(java.util.List.of("", "abc", "abd", "b"), java.util.List.copyOf(read.keySet()));
        assertArrayEquals(new byte[]{2}, read.get("abd"));
    }

    @Test
    void corruptedTensorBytesFailTheCrc() throws IOException {
        Path prefix = writeSample();
        Path data = dir.resolve("variables.data-00000-of-00001");
        TensorBundle b = TensorBundle.open(prefix);
        BundleEntryProto e = b.entry("dense/bias");
        byte[] bytes = Files.readAllBytes(data);
        bytes[(int) e.getOffset()] ^= 1;
        Files.write(data, bytes);
        TfFormatException ex = assertThrows(TfFormatException.class, () -> TensorBundle.open(prefix).read("dense/bias"));
        assertTrue(ex.getMessage().contains("dense/bias") && ex.getMessage().contains("CRC"), ex.getMessage());
    }

    @Test
    void corruptedIndexBlockFailsTheBlockCrc() throws IOException {
        Path prefix = writeSample();
        Path index = dir.resolve("variables.index");
        byte[] bytes = Files.readAllBytes(index);
        bytes[3] ^= 0x40;
        Files.write(index, bytes);
        TfFormatException ex = assertThrows(TfFormatException.class, () -> TensorBundle.open(prefix));
        assertTrue(ex.getMessage().contains("CRC mismatch"), ex.getMessage());
    }

    @Test
    void truncatedShardIsReportedBeforeReading() throws IOException {
        Path prefix = writeSample();
        Path data = dir.resolve("variables.data-00000-of-00001");
        TensorBundle b = TensorBundle.open(prefix);
        long end = b.entry("dense/kernel").getOffset() + b.entry("dense/kernel").getSize();
        byte[] bytes = Files.readAllBytes(data);
        Files.write(data, java.util.Arrays.copyOf(bytes, (int) end - 1));
        TfFormatException ex = assertThrows(TfFormatException.class, () -> TensorBundle.open(prefix).read("dense/kernel"));
        assertTrue(ex.getMessage().contains("outside"), ex.getMessage());
    }

    @Test
    void truncatedIndexAndBadMagicAreRefused() throws IOException {
        Path prefix = writeSample();
        Path index = dir.resolve("variables.index");
        byte[] bytes = Files.readAllBytes(index);
        Files.write(index, java.util.Arrays.copyOf(bytes, 20));
        assertTrue(assertThrows(TfFormatException.class, () -> TensorBundle.open(prefix)).getMessage().contains("footer"));
        bytes[bytes.length - 1] ^= 1;
        Files.write(index, bytes);
        assertTrue(assertThrows(TfFormatException.class, () -> TensorBundle.open(prefix)).getMessage().contains("magic"));
    }

    @Test
    void missingKeyNamesIt() throws IOException {
        TensorBundle b = TensorBundle.open(writeSample());
        assertTrue(assertThrows(TfFormatException.class, () -> b.read("nope")).getMessage().contains("'nope'"));
    }

    @Test
    void maskRoundTripsAndMatchesLevelDb() {
        int crc = MaskedCrc32c.crc(new byte[]{1, 2, 3}, 0, 3);
        assertEquals(crc, MaskedCrc32c.unmask(MaskedCrc32c.mask(crc)));
        // CRC-32C of "123456789" is 0xe3069283 (the standard check value)
        assertEquals(0xe3069283, MaskedCrc32c.crc("123456789".getBytes(), 0, 9));
    }
}
