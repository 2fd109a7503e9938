package dev.modelx.format.tflite;

import java.nio.ByteBuffer;

/**
 * Table Buffer: constant data, either inline ({@code data}) or, in files over 2 GB, stored after the
 * FlatBuffer at {@code offset}/{@code size} from the beginning of the file (offset meaningful when > 1).
 */
public final class Buffer extends CheckedTable {

    Buffer(int position, ByteBuffer bb) {
        init(position, bb);
    }

    @Override
    protected String tableName() {
        return "Buffer";
    }

    /** The inline data as a read-only slice of the mapped file, or null when the buffer has none. */
    public ByteBuffer inlineData() {
        return readBytes(0);
    }

    public long offset() {
        return readLong(1, 0);
    }

    public long size() {
        return readLong(2, 0);
    }

    public boolean isExternal() {
        return offset() > 1;
    }
}
