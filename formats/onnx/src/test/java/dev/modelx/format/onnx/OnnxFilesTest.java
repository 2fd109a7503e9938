package dev.modelx.format.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.modelx.format.onnx.proto.OnnxProtos.GraphProto;
import dev.modelx.format.onnx.proto.OnnxProtos.ModelProto;
import dev.modelx.format.onnx.proto.OnnxProtos.NodeProto;
import dev.modelx.format.onnx.proto.OnnxProtos.OperatorSetIdProto;
import dev.modelx.format.onnx.proto.OnnxProtos.OptionalProto;
import dev.modelx.format.onnx.proto.OnnxProtos.SequenceProto;
import dev.modelx.format.onnx.proto.OnnxProtos.StringStringEntryProto;
import dev.modelx.format.onnx.proto.OnnxProtos.TensorProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxFilesTest {
    @TempDir
    Path dir;

    static ModelProto sampleModel(int rawBytes) {
        TensorProto weight = TensorProto.newBuilder()
            .setName("W").setDataType(TensorProto.DataType.UINT8_VALUE).addDims(rawBytes)
            .setRawData(ByteString.copyFrom(new byte[rawBytes]))
            .build();
        GraphProto graph = GraphProto.newBuilder()
            .setName("g")
            .addNode(NodeProto.newBuilder().setName("n0").setOpType("Identity").addInput("W").addOutput("Y"))
            .addInitializer(weight)
            .build();
        return ModelProto.newBuilder()
            .setIrVersion(10)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(21))
            .setGraph(graph)
            .build();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    @Test
    void readsModelAndKeepsRawDataInTheMapping() throws IOException {
        Path file = write("model.onnx", sampleModel(1 << 16).toByteArray());
        ModelProto model = OnnxFiles.readModel(file);
        assertEquals(sampleModel(1 << 16), model);
        ByteString raw = model.getGraph().getInitializer(0).getRawData();
        assertTrue(raw.asReadOnlyByteBuffer().isDirect(), "raw_data should alias the mapped file, not a heap copy");
    }

    @Test
    void parsesModelFromMemory() {
        ModelProto model = OnnxFiles.parseModel(sampleModel(8).toByteArray(), "in-memory");
        assertEquals("g", model.getGraph().getName());
    }

    @Test
    void truncatedModelIsReportedWithFileAndPosition() throws IOException {
        byte[] bytes = sampleModel(64).toByteArray();
        Path file = write("cut.onnx", Arrays.copyOf(bytes, bytes.length - 10));
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxFiles.readModel(file));
        assertTrue(e.getMessage().startsWith(file.getFileName() + ": not an ONNX model (protobuf parse failed at byte "), e.getMessage());
    }

    @Test
    void randomBytesAreNotAModel() throws IOException {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        Path file = write("noise.onnx", noise);
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxFiles.readModel(file));
        assertTrue(e.getMessage().startsWith(file.getFileName() + ": not an ONNX model"), e.getMessage());
    }

    @Test
    void invalidWireTypeIsAParseFailure() throws IOException {
        byte[] bytes = new byte[16];
        Arrays.fill(bytes, (byte) 0xFF);
        Path file = write("ff.onnx", bytes);
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxFiles.readModel(file));
        assertTrue(e.getMessage().contains("protobuf parse failed at byte"), e.getMessage());
    }

    @Test
    void validProtobufWithoutGraphIsNotAModel() throws IOException {
        byte[] other = StringStringEntryProto.newBuilder().setKey("k").setValue("v").build().toByteArray();
        Path file = write("entry.onnx", other);
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxFiles.readModel(file));
        assertTrue(e.getMessage().contains("valid protobuf, but") && e.getMessage().contains("no graph"), e.getMessage());
    }

    @Test
    void modelWithoutIrVersionIsRejected() throws IOException {
        Path file = write("noir.onnx", sampleModel(4).toBuilder().clearIrVersion().build().toByteArray());
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxFiles.readModel(file));
        assertTrue(e.getMessage().contains("ir_version is 0"), e.getMessage());
    }

    @Test
    void emptyAndMissingFiles() throws IOException {
        Path empty = write("empty.onnx", new byte[0]);
        assertTrue(assertThrows(OnnxFormatException.class, () -> OnnxFiles.readModel(empty))
            .getMessage().contains("the file is empty"));
        Path missing = dir.resolve("missing.onnx");
        assertTrue(assertThrows(OnnxFormatException.class, () -> OnnxFiles.readModel(missing))
            .getMessage().contains("file not found"));
    }

    @Test
    void readsTestDataValues() throws IOException {
        TensorProto tensor = TensorProto.newBuilder().setName("x").setDataType(1).addDims(2).addFloatData(1f).addFloatData(2f).build();
        assertEquals(tensor, OnnxFiles.readTensor(write("input_0.pb", tensor.toByteArray())));

        SequenceProto sequence = SequenceProto.newBuilder().setElemType(SequenceProto.DataType.TENSOR_VALUE)
            .addTensorValues(tensor).build();
        assertEquals(sequence, OnnxFiles.readSequence(write("seq.pb", sequence.toByteArray())));

        OptionalProto optional = OptionalProto.newBuilder().setElemType(OptionalProto.DataType.SEQUENCE_VALUE)
            .setSequenceValue(sequence).build();
        assertEquals(optional, OnnxFiles.readOptional(write("opt.pb", optional.toByteArray())));

        Path bad = write("bad.pb", new byte[] {0x0A, 0x7F});
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxFiles.readTensor(bad));
        assertTrue(e.getMessage().startsWith(bad.getFileName() + ": not an ONNX TensorProto"), e.getMessage());
    }

    @Test
    void deeplyNestedGraphsParse() {
        GraphProto graph = GraphProto.newBuilder().setName("leaf").build();
        for (int i = 0; i < 60; i++) {
            graph = GraphProto.newBuilder().setName("g" + i)
                .addNode(NodeProto.newBuilder().setOpType("If").addAttribute(
                    dev.modelx.format.onnx.proto.OnnxProtos.AttributeProto.newBuilder().setName("then_branch")
                        .setType(dev.modelx.format.onnx.proto.OnnxProtos.AttributeProto.AttributeType.GRAPH).setG(graph)))
                .build();
        }
        ModelProto model = ModelProto.newBuilder().setIrVersion(8).setGraph(graph).build();
        assertEquals(model, OnnxFiles.parseModel(model.toByteArray(), "nested"));
    }
}
