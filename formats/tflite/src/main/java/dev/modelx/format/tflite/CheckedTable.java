package dev.modelx.format.tflite;

import com.google.flatbuffers.Table;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A FlatBuffers table whose every read is checked against the buffer's limit first. flatbuffers-java's own
 * accessors trust the offsets they read; a corrupted file would make them throw IndexOutOfBoundsException
 * (or read garbage sizes). Here any offset, length or vtable entry that points outside the buffer becomes a
 * {@link TfLiteFormatException} naming the table and field.
 *
 * <p>Fields are addressed by their slot: the field's position in the schema's table declaration, counting
 * a union field as two slots (its type byte, then its value).
 */
public abstract class CheckedTable extends Table {

    /** A table view that was absent in the file: every field reads as its default. */
    private boolean absent;

    protected final void init(int position, ByteBuffer buffer) {
        // Table.__reset would read the vtable unchecked, so the fields are set directly.
        bb = buffer;
        if (position < 0) {
            absent = true;
            bb_pos = 0;
            return;
        }
        bb_pos = position;
        check(position, 4, "table");
        int vtable = vtableStart();
        check(vtable, 4, "vtable");
        int vtableSize = Short.toUnsignedInt(bb.getShort(vtable));
        check(vtable, vtableSize, "vtable");
        int tableSize = Short.toUnsignedInt(bb.getShort(vtable + 2));
        check(position, Math.max(tableSize, 4), "table");
    }

    /** False when the file has no such table (an omitted optional table): fields read as defaults. */
    public boolean present() {
        return !absent;
    }

    protected abstract String tableName();

    /** The buffer this table reads (shared by all views of one file). */
    final ByteBuffer byteBuffer() {
        return bb;
    }

    private int vtableStart() {
        long v = (long) bb_pos - bb.getInt(bb_pos);
        if (v < 0 || v > bb.limit() - 4) {
            throw corrupt("vtable offset " + v + " outside the buffer (" + bb.limit() + " bytes)");
        }
        return (int) v;
    }

    /** Absolute position of field {@code slot}, or 0 when the field is absent (default value). */
    protected final int fieldPos(int slot) {
        if (absent) {
            return 0;
        }
        int vtable = vtableStart();
        int vtableSize = Short.toUnsignedInt(bb.getShort(vtable));
        int entry = 4 + 2 * slot;
        if (entry + 2 > vtableSize) {
            return 0;
        }
        int rel = Short.toUnsignedInt(bb.getShort(vtable + entry));
        return rel == 0 ? 0 : bb_pos + rel;
    }

    protected final TfLiteFormatException corrupt(String what) {
        return new TfLiteFormatException(tableName() + ": " + what);
    }

    protected final void check(long position, long length, String what) {
        if (position < 0 || length < 0 || position + length > bb.limit()) {
            throw corrupt(what + " at offset " + position + " (+" + length + " bytes) lies outside the buffer ("
                    + bb.limit() + " bytes)");
        }
    }

    protected final byte readByte(int slot, byte dflt) {
        int p = fieldPos(slot);
        if (p == 0) {
            return dflt;
        }
        check(p, 1, "field " + slot);
        return bb.get(p);
    }

    protected final boolean readBool(int slot, boolean dflt) {
        return readByte(slot, (byte) (dflt ? 1 : 0)) != 0;
    }

    protected final int readInt(int slot, int dflt) {
        int p = fieldPos(slot);
        if (p == 0) {
            return dflt;
        }
        check(p, 4, "field " + slot);
        return bb.getInt(p);
    }

    protected final long readUInt(int slot, long dflt) {
        int p = fieldPos(slot);
        if (p == 0) {
            return dflt;
        }
        check(p, 4, "field " + slot);
        return Integer.toUnsignedLong(bb.getInt(p));
    }

    protected final long readLong(int slot, long dflt) {
        int p = fieldPos(slot);
        if (p == 0) {
            return dflt;
        }
        check(p, 8, "field " + slot);
        return bb.getLong(p);
    }

    protected final float readFloat(int slot, float dflt) {
        int p = fieldPos(slot);
        if (p == 0) {
            return dflt;
        }
        check(p, 4, "field " + slot);
        return bb.getFloat(p);
    }

    /** Follows the uoffset stored at {@code p} (already checked to hold 4 bytes). */
    private int follow(int p, String what) {
        check(p, 4, what);
        long target = (long) p + Integer.toUnsignedLong(bb.getInt(p));
        check(target, 4, what);
        return (int) target;
    }

    /** Position of the sub-table in field {@code slot}, or -1 when absent. */
    protected final int tablePos(int slot) {
        int p = fieldPos(slot);
        return p == 0 ? -1 : follow(p, "table field " + slot);
    }

    /** Start of the elements of the vector in {@code slot} (length checked against elemSize), or -1. */
    protected final int vectorStart(int slot, int elemSize) {
        int p = fieldPos(slot);
        if (p == 0) {
            return -1;
        }
        int v = follow(p, "vector field " + slot);
        long n = Integer.toUnsignedLong(bb.getInt(v));
        check(v + 4L, n * elemSize, "vector field " + slot + " of " + n + " elements");
        return v + 4;
    }

    protected final int vectorLength(int slot, int elemSize) {
        int start = vectorStart(slot, elemSize);
        return start < 0 ? 0 : bb.getInt(start - 4);
    }

    protected final int[] readInts(int slot) {
        int start = vectorStart(slot, 4);
        if (start < 0) {
            return new int[0];
        }
        int[] out = new int[bb.getInt(start - 4)];
        for (int i = 0; i < out.length; i++) {
            out[i] = bb.getInt(start + 4 * i);
        }
        return out;
    }

    protected final long[] readLongs(int slot) {
        int start = vectorStart(slot, 8);
        if (start < 0) {
            return new long[0];
        }
        long[] out = new long[bb.getInt(start - 4)];
        for (int i = 0; i < out.length; i++) {
            out[i] = bb.getLong(start + 8 * i);
        }
        return out;
    }

    protected final float[] readFloats(int slot) {
        int start = vectorStart(slot, 4);
        if (start < 0) {
            return new float[0];
        }
        float[] out = new float[bb.getInt(start - 4)];
        for (int i = 0; i < out.length; i++) {
            out[i] = bb.getFloat(start + 4 * i);
        }
        return out;
    }

    /** The ubyte vector in {@code slot} as a read-only slice of the buffer (no copy), or null when absent. */
    protected final ByteBuffer readBytes(int slot) {
        int start = vectorStart(slot, 1);
        if (start < 0) {
            return null;
        }
        int n = bb.getInt(start - 4);
        return bb.duplicate().position(start).limit(start + n).slice().asReadOnlyBuffer();
    }

    protected final String readString(int slot) {
        ByteBuffer b = readBytes(slot);
        if (b == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(b).toString();
        } catch (CharacterCodingException e) {
            throw corrupt("string field " + slot + " is not valid UTF-8");
        }
    }

    /** Position of table element {@code i} of the table vector in {@code slot}. */
    protected final int tableElement(int slot, int i) {
        int start = vectorStart(slot, 4);
        int n = start < 0 ? 0 : bb.getInt(start - 4);
        if (i < 0 || i >= n) {
            throw corrupt("index " + i + " outside table vector field " + slot + " of " + n + " elements");
        }
        return follow(start + 4 * i, "element " + i + " of table vector field " + slot);
    }
}
