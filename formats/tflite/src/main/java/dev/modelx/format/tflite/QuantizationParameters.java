package dev.modelx.format.tflite;

import java.nio.ByteBuffer;

/** Table QuantizationParameters: real = scale * (q - zero_point), per tensor or along quantized_dimension. */
public final class QuantizationParameters extends CheckedTable {

    /** Union QuantizationDetails member numbers. */
    public static final int DETAILS_NONE = 0;

    QuantizationParameters(int position, ByteBuffer bb) {
        init(position, bb);
    }

    @Override
    protected String tableName() {
        return "QuantizationParameters";
    }

    public float[] min() {
        return readFloats(0);
    }

    public float[] max() {
        return readFloats(1);
    }

    public float[] scale() {
        return readFloats(2);
    }

    public long[] zeroPoint() {
        return readLongs(3);
    }

    public int detailsType() {
        return Byte.toUnsignedInt(readByte(4, (byte) 0));
    }

    public int quantizedDimension() {
        return readInt(6, 0);
    }

    /** True when the tensor carries affine quantization (at least one scale). */
    public boolean isAffine() {
        return present() && vectorLength(2, 4) > 0;
    }
}
