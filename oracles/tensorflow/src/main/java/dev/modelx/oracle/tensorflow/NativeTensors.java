package dev.modelx.oracle.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.tensorflow.internal.c_api.TF_TString;
import org.tensorflow.internal.c_api.TF_Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.tensorflow.internal.c_api.global.tensorflow.*;

/**
 * Conversions between modelx tensors and TensorFlow C API tensors ({@code TF_Tensor}), byte for byte: any element type
 * TensorFlow 2.18 holds, including those TF Java has no Java class for (int8, int16, uint32, uint64, float8 e4m3fn and
 * e5m2, int4, uint4). Fixed-width types are copied as their little-endian encoding; 4-bit types as one element per
 * byte (TensorFlow's layout: the low nibble carries the value, the high one is zero; read back, int4 is
 * sign-extended from the nibble); strings as UTF-8 {@code TF_TString}s.
 *
 * <p>The tensors made here carry JavaCPP deallocators (TF Java's {@code allocateTensor}/{@code withDeallocator}, which
 * also free a string tensor's heap strings): create them inside a {@link org.bytedeco.javacpp.PointerScope} and they
 * are deleted when it closes.
 */
final class NativeTensors {

    /** modelx element types to TF_DataType codes (the TensorFlow 2.18 types; others have no TensorFlow counterpart). */
    private static final Map<DataType, Integer> TF_CODES = Map.ofEntries(
            Map.entry(DataType.FLOAT, TF_FLOAT), Map.entry(DataType.DOUBLE, TF_DOUBLE), Map.entry(DataType.FLOAT16, TF_HALF),
            Map.entry(DataType.BFLOAT16, TF_BFLOAT16), Map.entry(DataType.INT8, TF_INT8), Map.entry(DataType.INT16, TF_INT16),
            Map.entry(DataType.INT32, TF_INT32), Map.entry(DataType.INT64, TF_INT64), Map.entry(DataType.UINT8, TF_UINT8),
            Map.entry(DataType.UINT16, TF_UINT16), Map.entry(DataType.UINT32, TF_UINT32), Map.entry(DataType.UINT64, TF_UINT64),
            Map.entry(DataType.BOOL, TF_BOOL), Map.entry(DataType.STRING, TF_STRING),
            Map.entry(DataType.COMPLEX64, TF_COMPLEX64), Map.entry(DataType.COMPLEX128, TF_COMPLEX128),
            Map.entry(DataType.FLOAT8E4M3FN, TF_FLOAT8_E4M3FN), Map.entry(DataType.FLOAT8E5M2, TF_FLOAT8_E5M2),
            Map.entry(DataType.INT4, TF_INT4), Map.entry(DataType.UINT4, TF_UINT4));

    private static final long TSTRING_BYTES = Loader.sizeof(TF_TString.class);

    private NativeTensors() {
    }

    /** The TF_DataType code of {@code type}; a typed error naming it when TensorFlow 2.18 has no such type. */
    static int tfCode(DataType type) {
        Integer code = TF_CODES.get(type);
        if (code == null) {
            throw new UnsupportedTensorTypeException("TensorFlow 2.18 has no " + type.displayName()
                    + " tensors (the tensorflow oracle feeds and fetches " + supported() + ")");
        }
        return code;
    }

    /** The modelx type of TF_DataType {@code code}, or null when TensorFlow's type has no modelx counterpart. */
    static DataType modelxType(int code) {
        for (Map.Entry<DataType, Integer> e : TF_CODES.entrySet()) {
            if (e.getValue() == code) {
                return e.getKey();
            }
        }
        return null;
    }

    private static String supported() {
        return String.join(", ", TF_CODES.keySet().stream().sorted().map(DataType::displayName).toList());
    }

    /** A new TF_Tensor holding {@code t}'s elements, with a deallocator (see the class comment). */
    static TF_Tensor toNative(Tensor t) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("the tensorflow oracle supports little-endian hosts only");
        }
        int code = tfCode(t.type());
        long[] dims = t.shape();
        if (t.type() == DataType.STRING) {
            return strings(t, dims);
        }
        byte[] bytes = elementBytes(t);
        TF_Tensor n = TF_Tensor.allocateTensor(code, dims, bytes.length);
        if (n == null || n.isNull()) {
            throw new IllegalStateException("TensorFlow could not allocate a " + t.type().displayName() + " tensor of shape "
                    + Arrays.toString(dims) + " (" + bytes.length + " bytes)");
        }
        long size = TF_TensorByteSize(n);
        if (size != bytes.length) {
            throw new IllegalStateException("TensorFlow made a " + size + "-byte " + t.type().displayName() + " tensor of shape "
                    + Arrays.toString(dims) + " for " + bytes.length + " bytes");
        }
        if (size > 0) { // an empty tensor may have no data pointer at all
            new BytePointer(TF_TensorData(n)).capacity(size).put(bytes);
        }
        return n;
    }

    /**
     * The bytes TensorFlow keeps for {@code t}: its packed encoding, but for 4-bit types one byte per element holding
     * the value's two's-complement nibble in its low half, as TensorFlow stores them (ml_dtypes' int4/uint4).
     */
    private static byte[] elementBytes(Tensor t) {
        if (t.type() == DataType.INT4 || t.type() == DataType.UINT4) {
            byte[] b = t.bytes().clone();
            for (int i = 0; i < b.length; i++) {
                b[i] &= 0x0f;
            }
            return b;
        }
        ByteBuffer packed = t.packedBytes();
        byte[] bytes = new byte[packed.remaining()];
        packed.duplicate().get(bytes);
        return bytes;
    }

    private static TF_Tensor strings(Tensor t, long[] dims) {
        String[] s = t.strings();
        TF_Tensor n = TF_Tensor.allocateTensor(TF_STRING, dims, s.length * TSTRING_BYTES);
        if (n == null || n.isNull()) {
            throw new IllegalStateException("TensorFlow could not allocate a string tensor of shape " + Arrays.toString(dims));
        }
        TF_TString data = new TF_TString(TF_TensorData(n));
        for (int i = 0; i < s.length; i++) {
            byte[] b = s[i].getBytes(StandardCharsets.UTF_8);
            BytePointer chars = TF_TString_ResizeUninitialized(data.getPointer(i), b.length);
            if (b.length > 0) {
                chars.capacity(b.length).put(b);
            }
        }
        return n;
    }

    /** {@code n}'s elements as a modelx tensor (copied; {@code n} stays the caller's). {@code what} names it in errors. */
    static Tensor fromNative(TF_Tensor n, String what) {
        int code = TF_TensorType(n);
        DataType type = modelxType(code);
        if (type == null) {
            throw new UnsupportedTensorTypeException("TensorFlow output " + what + " is of TF_DataType " + code
                    + ", which has no modelx type and is not compared");
        }
        long[] shape = new long[TF_NumDims(n)];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = TF_Dim(n, i);
        }
        long count = TF_TensorElementCount(n);
        Tensor.checkAllocatable(count, type);
        if (type == DataType.STRING) {
            TF_TString data = new TF_TString(TF_TensorData(n));
            String[] s = new String[(int) count];
            for (int i = 0; i < s.length; i++) {
                TF_TString e = data.getPointer(i);
                long len = TF_TString_GetSize(e);
                byte[] b = new byte[Math.toIntExact(len)];
                if (len > 0) {
                    TF_TString_GetDataPointer(e).capacity(len).get(b);
                }
                s[i] = new String(b, StandardCharsets.UTF_8);
            }
            return Tensor.ofStrings(shape, s);
        }
        long size = TF_TensorByteSize(n);
        boolean nibbles = type == DataType.INT4 || type == DataType.UINT4;
        long expected = nibbles ? count : type.byteSize(count);
        if (size != expected) {
            throw new IllegalStateException("TensorFlow output " + what + " (" + type.displayName() + ", shape "
                    + Arrays.toString(shape) + ") holds " + size + " bytes, expected " + expected);
        }
        byte[] bytes = new byte[(int) size];
        if (size > 0) {
            new BytePointer(TF_TensorData(n)).capacity(size).get(bytes);
        }
        if (nibbles) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = type == DataType.INT4 ? (byte) ((byte) (bytes[i] << 4) >> 4) : (byte) (bytes[i] & 0x0f);
            }
            return Tensor.of(type, shape, bytes);
        }
        return Tensor.fromPacked(type, shape, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    }
}
