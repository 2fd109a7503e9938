package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.TfLiteFormatException;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Constant tensors from TFLite buffers: packed numeric data kept as a mapped slice, string buffers decoded. */
final class TensorData {

    private TensorData() {
    }

    /** The constant in {@code data} for a tensor of {@code type} and {@code shape}, after checking its size. */
    static Tensor constant(String tensorName, DataType type, long[] shape, ByteBuffer data) {
        for (long d : shape) {
            if (d < 0) {
                throw new TfLiteFormatException("constant tensor '" + tensorName + "' has negative dimension in shape " + Arrays.toString(shape));
            }
        }
        if (type == DataType.STRING) {
            return strings(tensorName, shape, data);
        }
        long count = Tensor.elementCount(shape);
        long need = type.byteSize(count);
        if (data.remaining() != need) {
            throw new TfLiteFormatException("constant tensor '" + tensorName + "' of shape " + Arrays.toString(shape) + " "
                    + type.displayName() + " needs " + need + " bytes, its buffer holds " + data.remaining());
        }
        return Tensor.fromPacked(type, shape, data);
    }

    /** TFLite string buffers: int32 count, count+1 int32 offsets from the buffer start, then the bytes. */
    private static Tensor strings(String tensorName, long[] shape, ByteBuffer raw) {
        ByteBuffer b = raw.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int len = b.remaining();
        if (len < 4) {
            throw new TfLiteFormatException("string tensor '" + tensorName + "' buffer of " + len + " bytes has no count");
        }
        int n = b.getInt(b.position());
        long expected = Tensor.elementCount(shape);
        if (n < 0 || n != expected || 4L + 4L * (n + 1L) > len) {
            throw new TfLiteFormatException("string tensor '" + tensorName + "' declares " + n + " strings, shape "
                    + Arrays.toString(shape) + " needs " + expected + " (buffer " + len + " bytes)");
        }
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            int start = b.getInt(b.position() + 4 + 4 * i);
            int end = b.getInt(b.position() + 8 + 4 * i);
            if (start < 0 || end < start || end > len) {
                throw new TfLiteFormatException("string tensor '" + tensorName + "' string " + i + " spans " + start + ".." + end
                        + " outside its buffer of " + len + " bytes");
            }
            byte[] bytes = new byte[end - start];
            b.duplicate().position(b.position() + start).get(bytes);
            out[i] = new String(bytes, StandardCharsets.UTF_8);
        }
        return Tensor.ofStrings(shape, out);
    }

    static long[] toLongs(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
