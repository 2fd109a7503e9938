package dev.modelx.format.tensorflow;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes a LevelDB-format table as TF's variables.index holds it: prefix-compressed uncompressed data
 * blocks (restart interval 16), an empty metaindex block, an index block and the 48-byte footer.
 */
public final class LevelDbTableWriter {

    private static final int RESTART_INTERVAL = 16;
    private static final int BLOCK_SIZE = 8192;

    private LevelDbTableWriter() {
    }

    /** Table bytes for {@code entries}; keys must be in byte order (a SortedMap of ASCII names is). */
    public static byte[] write(SortedMap<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BlockBuilder index = new BlockBuilder();
        BlockBuilder data = new BlockBuilder();
        byte[] lastKey = null;
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
            data.add(key, e.getValue());
            lastKey = key;
            if (data.estimatedSize() >= BLOCK_SIZE) {
                index.add(lastKey, handle(writeBlock(out, data.finish())));
                data = new BlockBuilder();
            }
        }
        if (!data.isEmpty() || lastKey == null) {
            index.add(lastKey == null ? new byte[0] : lastKey, handle(writeBlock(out, data.finish())));
        }
        long[] meta = writeBlock(out, new BlockBuilder().finish());
        long[] idx = writeBlock(out, index.finish());
        ByteArrayOutputStream footer = new ByteArrayOutputStream();
        writeVarint(footer, meta[0]);
        writeVarint(footer, meta[1]);
        writeVarint(footer, idx[0]);
        writeVarint(footer, idx[1]);
        byte[] f = Arrays.copyOf(footer.toByteArray(), LevelDbTable.FOOTER_SIZE);
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(40, LevelDbTable.MAGIC);
        out.writeBytes(f);
        return out.toByteArray();
    }

    private static byte[] handle(long[] h) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        writeVarint(b, h[0]);
        writeVarint(b, h[1]);
        return b.toByteArray();
    }

    /** Appends block + trailer; returns {offset, size}. */
    private static long[] writeBlock(ByteArrayOutputStream out, byte[] block) {
        long off = out.size();
        out.writeBytes(block);
        byte[] withType = Arrays.copyOf(block, block.length + 1);
        int crc = MaskedCrc32c.maskedCrc(withType, 0, withType.length);
        out.write(0);
        ByteBuffer c = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(crc);
        out.writeBytes(c.array());
        return new long[]{off, block.length};
    }

    static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static final class BlockBuilder {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final java.util.List<Integer> restarts = new java.util.ArrayList<>();
        private byte[] last = new byte[0];
        private int counter;

        void add(byte[] key, byte[] value) {
            int shared = 0;
            if (counter < RESTART_INTERVAL && !restarts.isEmpty()) {
                int max = Math.min(last.length, key.length);
                while (shared < max && last[shared] == key[shared]) {
                    shared++;
                }
            } else {
                restarts.add(buf.size());
                counter = 0;
            }
            writeVarint(buf, shared);
            writeVarint(buf, key.length - shared);
            writeVarint(buf, value.length);
            buf.write(key, shared, key.length - shared);
            buf.writeBytes(value);
            last = key;
            counter++;
        }

        boolean isEmpty() {
            return restarts.isEmpty();
        }

        int estimatedSize() {
            return buf.size() + 4 * restarts.size() + 4;
        }

        byte[] finish() {
            if (restarts.isEmpty()) {
                restarts.add(0);
            }
            ByteBuffer tail = ByteBuffer.allocate(4 * restarts.size() + 4).order(ByteOrder.LITTLE_ENDIAN);
            restarts.forEach(tail::putInt);
            tail.putInt(restarts.size());
            buf.writeBytes(tail.array());
            return buf.toByteArray();
        }
    }
}
