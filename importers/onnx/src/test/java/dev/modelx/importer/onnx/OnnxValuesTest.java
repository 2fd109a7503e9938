package dev.modelx.importer.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelx.format.onnx.OnnxFormatException;
import dev.modelx.format.onnx.proto.OnnxProtos.MapProto;
import dev.modelx.format.onnx.proto.OnnxProtos.SequenceProto;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxValuesTest {
    private static final Tensor A = Tensor.ofFloats(new long[] {2}, 1f, 2f);
    private static final Tensor B = Tensor.ofLongs(new long[] {1}, 3L);

    @Test
    void sequencesRoundTrip() {
        List<Object> nested = List.of(List.of(A, A), List.of());
        assertEquals(nested, OnnxValues.fromProto(OnnxValues.sequenceToProto(nested, "s")));
        assertEquals(List.of(A, A), OnnxValues.tensorsFromProto(OnnxValues.sequenceToProto(List.of(A, A), "s")));
        assertEquals(List.of(), OnnxValues.fromProto(SequenceProto.getDefaultInstance()));
        assertThrows(IllegalArgumentException.class, () -> OnnxValues.sequenceToProto(List.of(A, List.of()), "mixed"));
    }

    @Test
    void optionalsRoundTrip() {
        for (Optional<?> value : List.of(Optional.empty(), Optional.of(A), Optional.of(List.of(B)), Optional.of(Optional.of(A)))) {
            assertEquals(value, OnnxValues.fromProto(OnnxValues.optionalToProto(value, "o")));
        }
    }

    @Test
    void mapsRoundTrip() {
        Map<Object, Object> byLong = new LinkedHashMap<>();
        byLong.put(7L, A);
        byLong.put(-1L, B);
        assertEquals(byLong, OnnxValues.fromProto(OnnxValues.mapToProto(byLong, "m")));
        Map<Object, Object> byString = Map.of("k", A);
        assertEquals(byString, OnnxValues.fromProto(OnnxValues.mapToProto(byString, "m")));
        MapProto uneven = OnnxValues.mapToProto(byLong, "m").toBuilder().addKeys(9).build();
        assertTrue(assertThrows(OnnxFormatException.class, () -> OnnxValues.fromProto(uneven)).getMessage()
            .contains("map 'm': has 3 keys but 2 values"));
        MapProto floatKeys = uneven.toBuilder().setKeyType(DataType.FLOAT.code()).build();
        assertTrue(assertThrows(OnnxFormatException.class, () -> OnnxValues.fromProto(floatKeys)).getMessage()
            .contains("not allowed for map keys"));
    }

    @Test
    void readsTestDataFilesByDeclaredType(@TempDir Path dir) throws IOException {
        Path tensorFile = dir.resolve("input_0.pb");
        Files.write(tensorFile, OnnxTensors.toProto(A, "x").toByteArray());
        assertEquals(A, OnnxValues.read(tensorFile, Type.tensor(DataType.FLOAT, 2)));
        Path sequenceFile = dir.resolve("input_1.pb");
        Files.write(sequenceFile, OnnxValues.sequenceToProto(List.of(A, A), "s").toByteArray());
        assertEquals(List.of(A, A), OnnxValues.read(sequenceFile, new Type.SequenceType(Type.tensor(DataType.FLOAT, 2))));
        Path optionalFile = dir.resolve("output_0.pb");
        Files.write(optionalFile, OnnxValues.optionalToProto(Optional.of(B), "o").toByteArray());
        assertEquals(Optional.of(B), OnnxValues.read(optionalFile, new Type.OptionalType(Type.tensor(DataType.INT64, 1))));
        Path broken = dir.resolve("output_1.pb");
        Files.write(broken, new byte[] {0x0A, 0x05, 0x01});
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxValues.read(broken, new Type.SequenceType(null)));
        assertTrue(e.getMessage().startsWith("output_1.pb: not an ONNX SequenceProto"), e.getMessage());
        assertInstanceOf(Tensor.class, OnnxValues.read(tensorFile, null));
    }
}
