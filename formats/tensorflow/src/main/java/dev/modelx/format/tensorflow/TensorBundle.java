package dev.modelx.format.tensorflow;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.modelx.format.tensorflow.proto.BundleEntryProto;
import dev.modelx.format.tensorflow.proto.BundleHeaderProto;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A TF checkpoint bundle: {@code <prefix>.index} (a LevelDB table of BundleEntryProto by tensor name) and
 * {@code <prefix>.data-0000K-of-0000N} shards. Tensors are read on demand; sizes and offsets are checked
 * against the shard files and every tensor's masked CRC-32C is verified.
 */
public final class TensorBundle {

    private final Path prefix;
    private final Path indexFile;
    private final BundleHeaderProto header;
    private final Map<String, BundleEntryProto> entries = new LinkedHashMap<>();

    private TensorBundle(Path prefix, Path indexFile, BundleHeaderProto header) {
        this.prefix = prefix;
        this.indexFile = indexFile;
        this.header = header;
    }

    /** Opens {@code prefix} (e.g. {@code saved_model/variables/variables}). */
    public static TensorBundle open(Path prefix) throws IOException {
        Path index = prefix.resolveSibling(prefix.getFileName() + ".index");
        if (!Files.isRegularFile(index)) {
            throw new TfFormatException(index, "checkpoint index not found");
        }
        long size = Files.size(index);
        if (size > Integer.MAX_VALUE - 64) {
            throw new TfFormatException(index, "checkpoint index of " + size + " bytes is too large");
        }
        Map<String, byte[]> raw = LevelDbTable.read(index, Files.readAllBytes(index));
        byte[] headerBytes = raw.get("");
        if (headerBytes == null) {
            throw new TfFormatException(index, "checkpoint index has no header entry (empty key)");
        }
        BundleHeaderProto header;
        try {
            header = BundleHeaderProto.parseFrom(headerBytes);
        } catch (InvalidProtocolBufferException e) {
            throw new TfFormatException(index, "bad BundleHeaderProto: " + e.getMessage(), e);
        }
        if (header.getEndianness() != BundleHeaderProto.Endianness.LITTLE) {
            throw new TfFormatException(index, "big-endian checkpoints are not supported");
        }
        if (header.getNumShards() < 0 || header.getNumShards() > 100_000) {
            throw new TfFormatException(index, "bad shard count " + header.getNumShards());
        }
        TensorBundle b = new TensorBundle(prefix, index, header);
        for (Map.Entry<String, byte[]> e : raw.entrySet()) {
            if (e.getKey().isEmpty()) {
                continue;
            }
            try {
                b.entries.put(e.getKey(), BundleEntryProto.parseFrom(e.getValue()));
            } catch (InvalidProtocolBufferException ex) {
                throw new TfFormatException(index, "entry '" + e.getKey() + "': bad BundleEntryProto: " + ex.getMessage(), ex);
            }
        }
        return b;
    }

    public Set<String> keys() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    public BundleHeaderProto header() {
        return header;
    }

    public BundleEntryProto entry(String key) {
        BundleEntryProto e = entries.get(key);
        if (e == null) {
            throw new TfFormatException(indexFile, "checkpoint has no tensor '" + key + "'");
        }
        return e;
    }

    public Path shardFile(int shard) {
        return prefix.resolveSibling(String.format("%s.data-%05d-of-%05d", prefix.getFileName(), shard, header.getNumShards()));
    }

    /** Reads tensor {@code key}, checking its declared shape against its stored bytes and its CRC. */
    public Tensor read(String key) throws IOException {
        return (Tensor) load(key, false);
    }

    /** The raw bytes of each element of string tensor {@code key} (serialized protos stay intact). */
    public byte[][] readStringBytes(String key) throws IOException {
        Object o = load(key, true);
        if (!(o instanceof byte[][] b)) {
            throw new TfFormatException(indexFile, "tensor '" + key + "' is not a string tensor");
        }
        return b;
    }

    private Object load(String key, boolean rawStrings) throws IOException {
        BundleEntryProto e = entry(key);
        String where = "tensor '" + key + "'";
        if (e.getSlicesCount() > 0) {
            throw new TfFormatException(indexFile, where + " is stored in " + e.getSlicesCount() + " slices (partitioned variables are not supported)");
        }
        DataType type = TfDataTypes.toDataType(e.getDtypeValue()).orElseThrow(() -> new TfFormatException(indexFile,
                where + ": unsupported dtype " + TfDataTypes.name(e.getDtypeValue())));
        long[] shape = TfTensors.staticShape(e.getShape(), indexFile, where);
        long count = Tensor.elementCount(shape);
        if (e.getShardId() < 0 || e.getShardId() >= Math.max(1, header.getNumShards())) {
            throw new TfFormatException(indexFile, where + ": shard " + e.getShardId() + " of " + header.getNumShards());
        }
        Path shard = shardFile(e.getShardId());
        if (!Files.isRegularFile(shard)) {
            throw new TfFormatException(shard, "checkpoint data shard not found (needed by " + where + ")");
        }
        long fileSize = Files.size(shard);
        if (e.getOffset() < 0 || e.getSize() < 0 || e.getOffset() + e.getSize() > fileSize) {
            throw new TfFormatException(shard, where + ": bytes [" + e.getOffset() + ", " + (e.getOffset() + e.getSize())
                    + ") lie outside the " + fileSize + "-byte shard (truncated file?)");
        }
        if (type != DataType.STRING && type.byteSize(count) != e.getSize()) {
            throw new TfFormatException(shard, where + ": shape " + Arrays.toString(shape) + " of " + type.displayName()
                    + " needs " + type.byteSize(count) + " bytes, the entry has " + e.getSize());
        }
        if (e.getSize() > Integer.MAX_VALUE - 16) {
            throw new TfFormatException(shard, where + ": " + e.getSize() + " bytes is too large for one tensor");
        }
        ByteBuffer bytes;
        try (FileChannel ch = FileChannel.open(shard, StandardOpenOption.READ)) {
            bytes = ch.map(FileChannel.MapMode.READ_ONLY, e.getOffset(), e.getSize()).order(ByteOrder.LITTLE_ENDIAN);
        }
        int crc = MaskedCrc32c.maskedCrc(bytes);
        if (crc != e.getCrc32C()) {
            throw new TfFormatException(shard, where + ": CRC mismatch (stored 0x" + Integer.toHexString(e.getCrc32C())
                    + ", computed 0x" + Integer.toHexString(crc) + ")");
        }
        if (type == DataType.STRING) {
            byte[][] raw = readStrings(bytes, count, shard, where);
            if (rawStrings) {
                return raw;
            }
            String[] out = new String[raw.length];
            for (int i = 0; i < raw.length; i++) {
                out[i] = new String(raw[i], StandardCharsets.UTF_8);
            }
            return Tensor.ofStrings(shape, out);
        }
        return Tensor.fromPacked(type, shape, bytes);
    }

    /** {@code [varint64 len]*n [u32 masked crc of the lengths] [bytes]*n}. */
    private static byte[][] readStrings(ByteBuffer b, long count, Path shard, String where) {
        if (count > b.remaining()) {
            throw new TfFormatException(shard, where + ": " + count + " strings cannot fit in " + b.remaining() + " bytes");
        }
        long[] lengths = new long[(int) count];
        long total = 0;
        for (int i = 0; i < count; i++) {
            lengths[i] = LevelDbTable.readVarint64(b, shard, where);
            total += lengths[i];
        }
        int lengthsEnd = b.position();
        if (b.remaining() < 4) {
            throw new TfFormatException(shard, where + ": string lengths are not followed by their checksum");
        }
        int stored = b.getInt();
        int actual = MaskedCrc32c.maskedCrc(b.duplicate().position(0).limit(lengthsEnd));
        if (stored != actual) {
            throw new TfFormatException(shard, where + ": string-length CRC mismatch");
        }
        if (total != b.remaining() || total < 0) {
            throw new TfFormatException(shard, where + ": string lengths add to " + total + " bytes, " + b.remaining() + " present");
        }
        byte[][] out = new byte[(int) count][];
        for (int i = 0; i < count; i++) {
            out[i] = new byte[(int) lengths[i]];
            b.get(out[i]);
        }
        return out;
    }
}
