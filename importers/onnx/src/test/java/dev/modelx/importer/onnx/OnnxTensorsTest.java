package dev.modelx.importer.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.modelx.format.onnx.ExternalDataResolver;
import dev.modelx.format.onnx.OnnxFormatException;
import dev.modelx.format.onnx.proto.OnnxProtos.StringStringEntryProto;
import dev.modelx.format.onnx.proto.OnnxProtos.TensorProto;
import dev.modelx.graph.DataType;
import dev.modelx.graph.SparseTensor;
import dev.modelx.graph.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OnnxTensorsTest {

    private static TensorProto.Builder proto(DataType type, long... dims) {
        TensorProto.Builder p = TensorProto.newBuilder().setName("t").setDataType(type.code());
        for (long d : dims) {
            p.addDims(d);
        }
        return p;
    }

    private static String failure(TensorProto p) {
        return assertThrows(OnnxFormatException.class, () -> OnnxTensors.fromProto(p)).getMessage();
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"UNDEFINED", "STRING"}, mode = EnumSource.Mode.EXCLUDE)
    void rawDataOfEveryTypeIsKeptPackedAndRoundTrips(DataType type) {
        long[] shape = {3, 3};
        int bytes = (int) type.byteSize(9);
        byte[] raw = new byte[bytes];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (type == DataType.BOOL ? i % 2 : i * 37 + 1);
        }
        Tensor t = OnnxTensors.fromProto(proto(type, shape).setRawData(ByteString.copyFrom(raw)).build());
        assertTrue(t.isPackedOnly(), "raw_data should be decoded lazily");
        assertEquals(type, t.type());
        assertArrayEquals(shape, t.shape());
        TensorProto back = OnnxTensors.toProto(t, "t");
        assertArrayEquals(raw, back.getRawData().toByteArray());
        assertEquals(t, OnnxTensors.fromProto(back));
    }

    @Test
    void typedFieldsOfEveryWidth() {
        assertArrayEquals(new float[] {1.5f, -2f}, OnnxTensors.fromProto(proto(DataType.FLOAT, 2).addFloatData(1.5f).addFloatData(-2f).build()).floats());
        assertArrayEquals(new double[] {0.25}, OnnxTensors.fromProto(proto(DataType.DOUBLE, 1).addDoubleData(0.25).build()).doubles());
        assertArrayEquals(new long[] {-7, 9}, OnnxTensors.fromProto(proto(DataType.INT64, 2).addInt64Data(-7).addInt64Data(9).build()).longs());
        assertArrayEquals(new int[] {-3}, OnnxTensors.fromProto(proto(DataType.INT32, 1).addInt32Data(-3).build()).ints());
        assertArrayEquals(new int[] {0xFFFFFFFF}, OnnxTensors.fromProto(proto(DataType.UINT32, 1).addUint64Data(0xFFFFFFFFL).build()).ints());
        assertArrayEquals(new long[] {-1L}, OnnxTensors.fromProto(proto(DataType.UINT64, 1).addUint64Data(-1L).build()).longs());
        assertArrayEquals(new short[] {(short) 0x3C00}, OnnxTensors.fromProto(proto(DataType.FLOAT16, 1).addInt32Data(0x3C00).build()).shorts());
        assertArrayEquals(new short[] {(short) 0xBF80}, OnnxTensors.fromProto(proto(DataType.BFLOAT16, 1).addInt32Data(0xBF80).build()).shorts());
        assertArrayEquals(new short[] {-5, 7}, OnnxTensors.fromProto(proto(DataType.INT16, 2).addInt32Data(-5).addInt32Data(7).build()).shorts());
        assertArrayEquals(new short[] {(short) 65535}, OnnxTensors.fromProto(proto(DataType.UINT16, 1).addInt32Data(65535).build()).shorts());
        assertArrayEquals(new byte[] {-128, 127}, OnnxTensors.fromProto(proto(DataType.INT8, 2).addInt32Data(-128).addInt32Data(127).build()).bytes());
        assertArrayEquals(new byte[] {(byte) 255}, OnnxTensors.fromProto(proto(DataType.UINT8, 1).addInt32Data(255).build()).bytes());
        assertArrayEquals(new byte[] {1, 0, 1}, OnnxTensors.fromProto(proto(DataType.BOOL, 3).addInt32Data(2).addInt32Data(0).addInt32Data(1).build()).bytes());
        assertArrayEquals(new byte[] {0x7E}, OnnxTensors.fromProto(proto(DataType.FLOAT8E4M3FN, 1).addInt32Data(0x7E).build()).bytes());
        assertArrayEquals(new byte[] {(byte) 0x7F}, OnnxTensors.fromProto(proto(DataType.FLOAT8E8M0, 1).addInt32Data(0x7F).build()).bytes());
        assertArrayEquals(new String[] {"a", "ß"}, OnnxTensors.fromProto(proto(DataType.STRING, 2)
            .addStringData(ByteString.copyFromUtf8("a")).addStringData(ByteString.copyFromUtf8("ß")).build()).strings());
    }

    @Test
    void complexValuesArePairs() {
        Tensor c64 = OnnxTensors.fromProto(proto(DataType.COMPLEX64, 2).addFloatData(1).addFloatData(2).addFloatData(3).addFloatData(4).build());
        assertArrayEquals(new float[] {1, 2, 3, 4}, c64.floats());
        Tensor c128 = OnnxTensors.fromProto(proto(DataType.COMPLEX128, 1).addDoubleData(5).addDoubleData(6).build());
        assertArrayEquals(new double[] {5, 6}, c128.doubles());
        assertTrue(failure(proto(DataType.COMPLEX64, 2).addFloatData(1).addFloatData(2).build()).contains("needs 4"));
    }

    @Test
    void fourBitValuesArePackedTwoPerInt32Entry() {
        // elements 1, -2, 7 (int4): bytes 0xE1 (1 | -2 << 4), 0x07
        Tensor int4 = OnnxTensors.fromProto(proto(DataType.INT4, 3).addInt32Data(0xE1).addInt32Data(0x07).build());
        assertArrayEquals(new byte[] {1, -2, 7}, int4.bytes());
        Tensor uint4 = OnnxTensors.fromProto(proto(DataType.UINT4, 3).addInt32Data(0xE1).addInt32Data(0x07).build());
        assertArrayEquals(new byte[] {1, 14, 7}, uint4.bytes());
        Tensor raw = OnnxTensors.fromProto(proto(DataType.INT4, 3).setRawData(ByteString.copyFrom(new byte[] {(byte) 0xE1, 0x07})).build());
        assertEquals(int4, raw);
        assertTrue(failure(proto(DataType.INT4, 3).addInt32Data(1).addInt32Data(2).addInt32Data(3).build()).contains("needs 2"));
    }

    @Test
    void twoBitValuesArePackedFourPerInt32Entry() {
        // elements 1, -2, 0, -1, 1 (int2): byte 0b11_00_10_01 = 0xC9, then 0x01
        Tensor int2 = OnnxTensors.fromProto(proto(DataType.INT2, 5).addInt32Data(0xC9).addInt32Data(0x01).build());
        assertArrayEquals(new byte[] {1, -2, 0, -1, 1}, int2.bytes());
        Tensor uint2 = OnnxTensors.fromProto(proto(DataType.UINT2, 5).addInt32Data(0xC9).addInt32Data(0x01).build());
        assertArrayEquals(new byte[] {1, 2, 0, 3, 1}, uint2.bytes());
        assertArrayEquals(new byte[] {(byte) 0xC9, 0x01}, OnnxTensors.toProto(uint2, "t").getRawData().toByteArray());
    }

    @Test
    void aHugeDeclaredShapeOverLittleDataIsAnErrorNotAnAllocation() {
        String raw = failure(proto(DataType.FLOAT, 1_000_000_000_000L).setRawData(ByteString.copyFrom(new byte[4])).build());
        assertTrue(raw.contains("holds 4 bytes of raw_data, but float[1000000000000] needs 4000000000000"), raw);
        String typed = failure(proto(DataType.FLOAT, 1_000_000_000_000L).addFloatData(1f).build());
        assertTrue(typed.contains("holds 1 values in float_data"), typed);
        assertTrue(failure(proto(DataType.INT64, 3).build()).contains("holds no data"));
        assertTrue(failure(proto(DataType.FLOAT, Long.MAX_VALUE, 4).build()).contains("overflows"));
    }

    @Test
    void invalidHeadersAreReported() {
        assertTrue(failure(proto(DataType.FLOAT, 1).setDataType(0).addFloatData(1).build()).contains("UNDEFINED"));
        assertTrue(failure(proto(DataType.FLOAT, 1).setDataType(99).build()).contains("tensor 't': has unsupported data_type 99"));
        assertTrue(failure(proto(DataType.FLOAT, -1).build()).contains("negative dimension -1"));
        assertTrue(failure(proto(DataType.FLOAT, 1).addFloatData(1).setSegment(TensorProto.Segment.newBuilder().setEnd(1)).build())
            .contains("segmented"));
        assertTrue(failure(proto(DataType.STRING, 1).setRawData(ByteString.copyFromUtf8("x")).build()).contains("cannot use raw_data"));
        assertTrue(failure(proto(DataType.FLOAT, 1).setDataLocation(TensorProto.DataLocation.EXTERNAL).build())
            .contains("external data"));
    }

    @Test
    void emptyTensorsNeedNoData() {
        Tensor empty = OnnxTensors.fromProto(proto(DataType.FLOAT, 0, 3).build());
        assertEquals(0, empty.size());
        assertArrayEquals(new long[] {0, 3}, empty.shape());
    }

    @Test
    void externalDataStaysMapped(@TempDir Path dir) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(0, 9f).putFloat(4, 1f).putFloat(8, 2f).putFloat(12, 3f);
        Files.write(dir.resolve("w.bin"), data.array());
        TensorProto p = proto(DataType.FLOAT, 3).setDataLocation(TensorProto.DataLocation.EXTERNAL)
            .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("w.bin"))
            .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue("4"))
            .addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue("12"))
            .build();
        ExternalDataResolver resolver = new ExternalDataResolver(dir.resolve("model.onnx"));
        Tensor t = OnnxTensors.fromProto(p, resolver, "initializer 't'");
        assertTrue(t.isPackedOnly());
        assertTrue(t.packedBytes().isDirect());
        assertArrayEquals(new float[] {1, 2, 3}, t.floats());

        TensorProto wrongLength = p.toBuilder().setExternalData(2, StringStringEntryProto.newBuilder().setKey("length").setValue("8")).build();
        String message = assertThrows(OnnxFormatException.class, () -> OnnxTensors.fromProto(wrongLength, resolver, "initializer 't'")).getMessage();
        assertTrue(message.contains("initializer 't': holds 8 bytes of external data, but float[3] needs 12"), message);
    }

    @Test
    void sparseTensorsRoundTrip() {
        SparseTensor sparse = new SparseTensor(Tensor.ofFloats(new long[] {2}, 5f, 6f), Tensor.ofLongs(new long[] {2}, 1, 7), new long[] {3, 4});
        assertEquals(sparse, OnnxTensors.fromProto(OnnxTensors.toProto(sparse, "s")));
        assertEquals("s", OnnxTensors.toProto(sparse, "s").getValues().getName());
    }

    @Test
    void arrayBackedTensorsAreWrittenAsRawData() {
        Tensor t = Tensor.ofInts(new long[] {2}, 1, -1);
        TensorProto p = OnnxTensors.toProto(t, "x");
        assertEquals(8, p.getRawData().size());
        assertEquals(0, p.getInt32DataCount());
        assertFalse(p.hasSegment());
        assertEquals(t, OnnxTensors.fromProto(p));
    }
}
