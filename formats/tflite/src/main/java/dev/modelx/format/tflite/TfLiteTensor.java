package dev.modelx.format.tflite;

import java.nio.ByteBuffer;

/** Table Tensor: shape, element type, the buffer holding constant data (0 = none), name and quantization. */
public final class TfLiteTensor extends CheckedTable {

    TfLiteTensor(int position, ByteBuffer bb) {
        init(position, bb);
    }

    @Override
    protected String tableName() {
        return "Tensor";
    }

    public int[] shape() {
        return readInts(0);
    }

    public boolean hasShape() {
        return fieldPos(0) != 0;
    }

    /** The schema's TensorType code; see {@link TensorType}. */
    public int type() {
        return readByte(1, (byte) 0);
    }

    public long buffer() {
        return readUInt(2, 0);
    }

    public String name() {
        String n = readString(3);
        return n == null ? "" : n;
    }

    /** Quantization parameters; {@link QuantizationParameters#present()} is false when absent. */
    public QuantizationParameters quantization() {
        return new QuantizationParameters(tablePos(4), bb);
    }

    public boolean isVariable() {
        return readBool(5, false);
    }

    public boolean hasSparsity() {
        return fieldPos(6) != 0;
    }

    /** The shape with -1 for dimensions unknown before run time (empty when the file has none). */
    public int[] shapeSignature() {
        return readInts(7);
    }
}
