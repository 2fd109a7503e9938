package dev.modelx.format.paddle;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.modelx.format.paddle.proto.PaddleProtos.VarType;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Paddle's serialized tensor layout (little-endian, no padding): u32 LoD version (0), u64 LoD level count,
 * per level u64 byte count and that many bytes of u64 offsets, u32 tensor version (0), i32 descriptor
 * length, a serialized VarType.TensorDesc, then the raw row-major data. Every size is checked against the
 * bytes actually present before anything is allocated; the data is kept as a slice of the input buffer.
 */
public final class TensorStream {

    /** More LoD levels than this is treated as corruption (Paddle uses 1 or 2 in practice). */
    public static final int MAX_LOD_LEVELS = 32;

    private TensorStream() {
    }

    /**
     * Reads one tensor at {@code in}'s position and advances past it. {@code in} must be little-endian.
     * {@code file} and {@code name} label errors.
     */
    public static LodTensor read(ByteBuffer in, Path file, String name) {
        in.order(ByteOrder.LITTLE_ENDIAN);
        long start = in.position();
        need(in, 4 + 8, file, name, "the tensor header");
        int lodVersion = in.getInt();
        if (lodVersion != 0) {
            throw error(file, name, start, "LoD tensor version is " + Integer.toUnsignedString(lodVersion) + ", expected 0");
        }
        long levels = in.getLong();
        if (levels < 0 || levels > MAX_LOD_LEVELS) {
            throw error(file, name, start, "LoD level count " + Long.toUnsignedString(levels) + " is out of range 0.." + MAX_LOD_LEVELS);
        }
        List<long[]> lod = new ArrayList<>();
        for (int l = 0; l < levels; l++) {
            need(in, 8, file, name, "the size of LoD level " + l);
            long nbytes = in.getLong();
            if (nbytes < 0 || nbytes % 8 != 0 || nbytes > in.remaining()) {
                throw error(file, name, start, "LoD level " + l + " declares " + Long.toUnsignedString(nbytes)
                        + " bytes but " + in.remaining() + " remain (or not a multiple of 8)");
            }
            long[] offsets = new long[(int) (nbytes / 8)];
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = in.getLong();
            }
            lod.add(offsets);
        }
        need(in, 4 + 4, file, name, "the tensor descriptor header");
        int tensorVersion = in.getInt();
        if (tensorVersion != 0) {
            throw error(file, name, start, "tensor version is " + Integer.toUnsignedString(tensorVersion) + ", expected 0");
        }
        int descLen = in.getInt();
        if (descLen < 0 || descLen > in.remaining()) {
            throw error(file, name, start, "tensor descriptor length " + descLen + " but " + in.remaining() + " bytes remain");
        }
        ByteBuffer descBytes = in.slice();
        descBytes.limit(descLen);
        VarType.TensorDesc desc;
        try {
            desc = VarType.TensorDesc.parseFrom(descBytes);
        } catch (InvalidProtocolBufferException e) {
            throw new PaddleFormatException(file, "tensor '" + name + "' at byte " + start + ": malformed TensorDesc: " + e.getMessage(), e);
        }
        in.position(in.position() + descLen);
        DataType type = PaddleDataTypes.fromVarType(desc.getDataType())
                .orElseThrow(() -> error(file, name, start, "unsupported tensor data type " + desc.getDataType()));
        long[] dims = desc.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long bytes;
        try {
            bytes = type.byteSize(Tensor.elementCount(dims));
            Math.multiplyExact(Tensor.elementCount(dims), (long) type.bits());
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw error(file, name, start, "invalid dims " + Arrays.toString(dims));
        }
        if (bytes > in.remaining()) {
            throw error(file, name, start, "dims " + Arrays.toString(dims) + " of " + type.displayName() + " need " + bytes
                    + " bytes but only " + in.remaining() + " remain (truncated file?)");
        }
        ByteBuffer data = in.slice();
        data.limit((int) bytes);
        in.position(in.position() + (int) bytes);
        return new LodTensor(Tensor.fromPacked(type, dims, data.order(ByteOrder.LITTLE_ENDIAN)), lod);
    }

    /** The serialized bytes of {@code t} in Paddle's layout. */
    public static byte[] write(LodTensor t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(t, out);
        return out.toByteArray();
    }

    public static void write(LodTensor t, ByteArrayOutputStream out) {
        Tensor tensor = t.tensor();
        VarType.TensorDesc.Builder desc = VarType.TensorDesc.newBuilder().setDataType(PaddleDataTypes.toVarType(tensor.type()));
        for (long d : tensor.shape()) {
            desc.addDims(d);
        }
        byte[] descBytes = desc.build().toByteArray();
        int lodBytes = 0;
        for (long[] level : t.lod()) {
            lodBytes += 8 + level.length * 8;
        }
        ByteBuffer head = ByteBuffer.allocate(4 + 8 + lodBytes + 4 + 4).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(0).putLong(t.lod().size());
        for (long[] level : t.lod()) {
            head.putLong(level.length * 8L);
            for (long v : level) {
                head.putLong(v);
            }
        }
        head.putInt(0).putInt(descBytes.length);
        out.write(head.array(), 0, head.position());
        out.write(descBytes, 0, descBytes.length);
        ByteBuffer data = tensor.packedBytes().duplicate();
        byte[] chunk = new byte[Math.min(data.remaining(), 1 << 16)];
        while (data.hasRemaining()) {
            int n = Math.min(chunk.length, data.remaining());
            data.get(chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }

    private static void need(ByteBuffer in, int n, Path file, String name, String what) {
        if (in.remaining() < n) {
            throw new PaddleFormatException(file, "tensor '" + name + "' at byte " + in.position() + ": file ends inside "
                    + what + " (" + in.remaining() + " bytes left, " + n + " needed)");
        }
    }

    private static PaddleFormatException error(Path file, String name, long at, String msg) {
        return new PaddleFormatException(file, "tensor '" + name + "' at byte " + at + ": " + msg);
    }
}
