package dev.modelx.format.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.modelx.format.tensorflow.proto.DataType;
import dev.modelx.format.tensorflow.proto.TensorProto;
import dev.modelx.format.tensorflow.proto.TensorShapeProto;
import dev.modelx.graph.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TfTensorsTest {

    private static final Path F = Path.of("g.pb");

    private static TensorShapeProto shape(long... d) {
        TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
        for (long x : d) {
            b.addDim(TensorShapeProto.Dim.newBuilder().setSize(x));
        }
        return b.build();
    }

    @Test
    void singleTypedValueFillsTheShape() {
        TensorProto p = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape(2, 2)).addFloatVal(1.5f).build();
        assertArrayEquals(new float[]{1.5f, 1.5f, 1.5f, 1.5f}, TfTensors.toTensor(p, F, "c").toFloatArray());
        TensorProto q = TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(shape(3)).addIntVal(1).addIntVal(2).build();
        assertArrayEquals(new long[]{1, 2, 2}, TfTensors.toTensor(q, F, "c").toLongArray());
    }

    @Test
    void tensorContentIsLittleEndian() {
        TensorProto p = TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(shape(2))
                .setTensorContent(ByteString.copyFrom(new byte[]{1, 0, 0, 0, 0, 1, 0, 0})).build();
        assertArrayEquals(new long[]{1, 256}, TfTensors.toTensor(p, F, "c").toLongArray());
    }

    @Test
    void contentSizeMismatchAndHugeShapesAreRefused() {
        TensorProto p = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape(1000, 1000))
                .setTensorContent(ByteString.copyFrom(new byte[8])).build();
        TfFormatException e = assertThrows(TfFormatException.class, () -> TfTensors.toTensor(p, F, "node 'w'"));
        assertTrue(e.getMessage().contains("node 'w'") && e.getMessage().contains("4000000"), e.getMessage());
        TensorProto huge = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape(1L << 20, 1L << 20))
                .addFloatVal(0).build();
        assertThrows(TfFormatException.class, () -> TfTensors.toTensor(huge, F, "node 'z'"));
        TensorProto negative = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape(-1)).build();
        assertThrows(TfFormatException.class, () -> TfTensors.toTensor(negative, F, "node 'n'"));
    }

    @Test
    void stringsAndRoundTrip() {
        TensorProto p = TensorProto.newBuilder().setDtype(DataType.DT_STRING).setTensorShape(shape(2))
                .addStringVal(ByteString.copyFromUtf8("x")).addStringVal(ByteString.copyFromUtf8("yz")).build();
        assertArrayEquals(new String[]{"x", "yz"}, TfTensors.toTensor(p, F, "s").strings());
        Tensor t = Tensor.ofDoubles(new long[]{3}, 1, -2, 3.5);
        assertEquals(t, TfTensors.toTensor(TfTensors.toProto(t), F, "d"));
    }
}
