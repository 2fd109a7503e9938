package dev.modelx.format.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelx.format.onnx.proto.OnnxProtos.StringStringEntryProto;
import dev.modelx.format.onnx.proto.OnnxProtos.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalDataResolverTest {
    @TempDir
    Path root;
    Path modelDir;
    Path modelFile;
    ExternalDataResolver resolver;

    @BeforeEach
    void setUp() throws IOException {
        modelDir = Files.createDirectory(root.resolve("model"));
        modelFile = modelDir.resolve("model.onnx");
        resolver = new ExternalDataResolver(modelFile);
        byte[] data = new byte[64];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Files.write(modelDir.resolve("weights.bin"), data);
    }

    static TensorProto external(String name, String... keyValues) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(1)
            .setDataLocation(TensorProto.DataLocation.EXTERNAL);
        for (int i = 0; i < keyValues.length; i += 2) {
            tensor.addExternalData(StringStringEntryProto.newBuilder().setKey(keyValues[i]).setValue(keyValues[i + 1]));
        }
        return tensor.build();
    }

    private String failure(TensorProto tensor) {
        return assertThrows(OnnxFormatException.class, () -> resolver.resolve(tensor)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        assertTrue(message.startsWith("model.onnx: "), message);
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "'" + message + "' should mention '" + part + "'");
        }
    }

    @Test
    void resolvesARegionAsReadOnlyLittleEndianMapping() {
        ByteBuffer data = resolver.resolve(external("W", "location", "weights.bin", "offset", "8", "length", "8"));
        assertTrue(data.isReadOnly());
        assertTrue(data.isDirect());
        assertEquals(ByteOrder.LITTLE_ENDIAN, data.order());
        assertEquals(8, data.remaining());
        assertEquals(0x0F0E0D0C0B0A0908L, data.getLong(0));
    }

    @Test
    void withoutLengthTheDataRunsToTheEndOfTheFile() {
        assertEquals(60, resolver.resolve(external("W", "location", "./weights.bin", "offset", "4")).remaining());
        assertEquals(64, resolver.resolve(external("W", "location", "weights.bin", "basepath", "/ignored")).remaining());
    }

    @Test
    void resolvesIntoSubfolders() throws IOException {
        Files.createDirectory(modelDir.resolve("data"));
        Files.write(modelDir.resolve("data/w.bin"), new byte[] {1, 2, 3});
        assertEquals(3, resolver.resolve(external("W", "location", "data/w.bin")).remaining());
    }

    @Test
    void refusesAbsolutePaths() {
        String abs = modelDir.resolve("weights.bin").toString();
        assertMentions(failure(external("W", "location", abs)), "tensor 'W'", abs, "absolute paths are not allowed");
        assertMentions(failure(external("W", "location", "C:\\w.bin")), "absolute paths are not allowed");
    }

    @Test
    void refusesParentComponents() throws IOException {
        Files.write(root.resolve("secret.bin"), new byte[8]);
        assertMentions(failure(external("W", "location", "../secret.bin")), "tensor 'W'", "'../secret.bin'", "'..'");
        assertMentions(failure(external("W", "location", "sub/../../secret.bin")), "'..'");
        assertMentions(failure(external("W", "location", "..\\secret.bin")), "'..'");
    }

    @Test
    void refusesSymbolicLinks() throws IOException {
        Files.createSymbolicLink(modelDir.resolve("link.bin"), modelDir.resolve("weights.bin"));
        assertMentions(failure(external("B", "location", "link.bin")), "tensor 'B'", "'link.bin'", "symbolic link");
    }

    @Test
    void refusesPathsWhoseRealPathLeavesTheFolder() throws IOException {
        Path outside = Files.createDirectory(root.resolve("outside"));
        Files.write(outside.resolve("w.bin"), new byte[8]);
        Files.createSymbolicLink(modelDir.resolve("sub"), outside);
        assertMentions(failure(external("W", "location", "sub/w.bin")), "'sub/w.bin'", "outside the model's folder");
    }

    @Test
    void refusesPathsThroughLinkedFoldersInside() throws IOException {
        Path real = Files.createDirectory(modelDir.resolve("real"));
        Files.write(real.resolve("w.bin"), new byte[8]);
        Files.createSymbolicLink(modelDir.resolve("alias"), real);
        assertMentions(failure(external("W", "location", "alias/w.bin")), "'alias/w.bin'", "symbolic link");
    }

    @Test
    void refusesHardLinkedFiles() throws IOException {
        Path outside = root.resolve("elsewhere.bin");
        Files.write(outside, new byte[8]);
        Files.createLink(modelDir.resolve("hard.bin"), outside);
        assertMentions(failure(external("H", "location", "hard.bin")), "tensor 'H'", "'hard.bin'", "2 hard links");
    }

    @Test
    void refusesMissingFilesAndFolders() throws IOException {
        assertMentions(failure(external("W", "location", "nope.bin")), "'nope.bin'", "file not found");
        Files.createDirectory(modelDir.resolve("folder"));
        assertMentions(failure(external("W", "location", "folder")), "not a regular file");
    }

    @Test
    void checksOffsetAndLengthAgainstTheFileSize() {
        assertMentions(failure(external("W", "location", "weights.bin", "offset", "65")), "offset 65", "beyond the end");
        assertMentions(failure(external("W", "location", "weights.bin", "offset", "60", "length", "8")),
            "runs past the end of the file (64 bytes)");
        assertMentions(failure(external("W", "location", "weights.bin", "length", String.valueOf(Long.MAX_VALUE))),
            "runs past the end");
    }

    @Test
    void refusesMalformedEntries() {
        assertMentions(failure(external("W")), "tensor 'W'", "no 'location'");
        assertMentions(failure(external("W", "location", "weights.bin", "offset", "x")), "'offset' is not an integer");
        assertMentions(failure(external("W", "location", "weights.bin", "length", "-1")), "'length' is negative");
    }

    @Test
    void verifiesChecksumsWhenAsked() throws Exception {
        byte[] bytes = Files.readAllBytes(modelDir.resolve("weights.bin"));
        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        ExternalDataResolver checking = new ExternalDataResolver(modelFile, true);
        assertEquals(64, checking.resolve(external("W", "location", "weights.bin", "checksum", sha1)).remaining());
        TensorProto wrong = external("W", "location", "weights.bin", "checksum", "00");
        assertMentions(assertThrows(OnnxFormatException.class, () -> checking.resolve(wrong)).getMessage(),
            "checksum mismatch");
        assertEquals(64, resolver.resolve(wrong).remaining(), "checksums are only checked when asked");
    }

    @Test
    void referenceRoundTripsThroughEntries() {
        ExternalDataReference ref = new ExternalDataReference("m.onnx.data", 4096, 12, null);
        assertEquals(ref, ExternalDataReference.parse("t", ref.toEntries()));
    }
}
