package dev.modelx.format.tensorflow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads a LevelDB-format table (the layout of TF's variables.index) into an ordered key -> value map.
 * Uncompressed blocks only; every block's masked CRC-32C is checked. All offsets are checked against the
 * bytes present before they are used.
 */
public final class LevelDbTable {

    static final long MAGIC = 0xdb4775248b80fb57L;
    static final int FOOTER_SIZE = 48;
    static final int TRAILER_SIZE = 5;

    private final Path file;
    private final ByteBuffer data;

    private LevelDbTable(Path file, byte[] bytes) {
        this.file = file;
        this.data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** All entries in table order; keys decoded as UTF-8. */
    public static Map<String, byte[]> read(Path file, byte[] bytes) {
        return new LevelDbTable(file, bytes).entries();
    }

    record Handle(long offset, long size) {
    }

    private Map<String, byte[]> entries() {
        if (data.capacity() < FOOTER_SIZE) {
            throw fail("table is " + data.capacity() + " bytes, shorter than its 48-byte footer");
        }
        int footer = data.capacity() - FOOTER_SIZE;
        long magic = data.getLong(footer + 40);
        if (magic != MAGIC) {
            throw fail("bad table magic 0x" + Long.toHexString(magic) + " (expected 0x" + Long.toHexString(MAGIC) + ")");
        }
        ByteBuffer f = slice(footer, 40);
        readHandle(f, "metaindex");
        Handle index = readHandle(f, "index");
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (byte[] handleBytes : block(index, "index block").values()) {
            ByteBuffer hb = ByteBuffer.wrap(handleBytes);
            Handle h = readHandle(hb, "data block handle");
            for (Map.Entry<String, byte[]> e : block(h, "data block at " + h.offset()).entrySet()) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private Handle readHandle(ByteBuffer b, String what) {
        long off = readVarint64(b, what);
        long size = readVarint64(b, what);
        if (off < 0 || size < 0 || off + size + TRAILER_SIZE > data.capacity() - FOOTER_SIZE) {
            throw fail(what + " handle (offset " + off + ", size " + size + ") lies outside the " + data.capacity() + "-byte table");
        }
        return new Handle(off, size);
    }

    /** Decodes one block's entries after checking its trailer (type and masked CRC). */
    private Map<String, byte[]> block(Handle h, String what) {
        int off = (int) h.offset();
        int size = (int) h.size();
        int type = data.get(off + size) & 0xff;
        int storedCrc = data.getInt(off + size + 1);
        CRC32C crc = new CRC32C();
        crc.update(data.array(), off, size + 1);
        int actual = MaskedCrc32c.mask((int) crc.getValue());
        if (storedCrc != actual) {
            throw fail(what + ": CRC mismatch (stored 0x" + Integer.toHexString(storedCrc) + ", computed 0x"
                    + Integer.toHexString(actual) + ")");
        }
        if (type != 0) {
            throw fail(what + ": compression type " + type + " is not supported (TF writes uncompressed tables)");
        }
        if (size < 4) {
            throw fail(what + ": block of " + size + " bytes has no restart count");
        }
        int numRestarts = data.getInt(off + size - 4);
        long restartsStart = (long) size - 4 - 4L * numRestarts;
        if (numRestarts < 0 || restartsStart < 0) {
            throw fail(what + ": " + numRestarts + " restart points do not fit its " + size + " bytes");
        }
        ByteBuffer b = slice(off, (int) restartsStart);
        Map<String, byte[]> out = new LinkedHashMap<>();
        byte[] key = new byte[0];
        while (b.hasRemaining()) {
            int shared = readVarint32(b, what);
            int nonShared = readVarint32(b, what);
            int valueLen = readVarint32(b, what);
            if (shared > key.length || (long) nonShared + valueLen > b.remaining()) {
                throw fail(what + ": entry after key '" + new String(key, StandardCharsets.UTF_8) + "' is truncated or corrupt");
            }
            byte[] next = Arrays.copyOf(key, shared + nonShared);
            b.get(next, shared, nonShared);
            byte[] value = new byte[valueLen];
            b.get(value);
            key = next;
            out.put(new String(key, StandardCharsets.UTF_8), value);
        }
        return out;
    }

    private ByteBuffer slice(int off, int len) {
        return data.duplicate().position(off).limit(off + len).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private int readVarint32(ByteBuffer b, String what) {
        long v = readVarint64(b, what);
        if (v > Integer.MAX_VALUE) {
            throw fail(what + ": length " + v + " is too large");
        }
        return (int) v;
    }

    static long readVarint64(ByteBuffer b, Path file, String what) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!b.hasRemaining()) {
                throw new TfFormatException(file, what + ": truncated varint");
            }
            int x = b.get() & 0xff;
            result |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
        }
        throw new TfFormatException(file, what + ": varint longer than 10 bytes");
    }

    private long readVarint64(ByteBuffer b, String what) {
        return readVarint64(b, file, what);
    }

    private TfFormatException fail(String msg) {
        return new TfFormatException(file, msg);
    }
}
