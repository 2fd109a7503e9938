package dev.modelx.format.tflite;

import dev.modelx.graph.ModelFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The root table Model of a TFLite file, read from a memory-mapped file (or a buffer built in memory).
 * Constant data is handed out as read-only slices of the mapping; buffers stored after the FlatBuffer
 * (files over 2 GB) are mapped on demand. Every offset is checked against the bytes present.
 */
public final class TfLiteModel extends CheckedTable {

    public static final String IDENTIFIER = "TFL3";
    private static final long MAX_FLATBUFFER = Integer.MAX_VALUE - 8;

    private final Path file;
    private final long fileSize;

    private TfLiteModel(Path file, ByteBuffer bb, long fileSize) {
        this.file = file;
        this.fileSize = fileSize;
        if (bb.limit() < 8) {
            throw new TfLiteFormatException("file of " + bb.limit() + " bytes is too short for a TFLite model");
        }
        String id = new String(new byte[] {bb.get(4), bb.get(5), bb.get(6), bb.get(7)}, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!IDENTIFIER.equals(id)) {
            throw new TfLiteFormatException("file identifier is '" + printable(id) + "', expected '" + IDENTIFIER + "'");
        }
        long root = Integer.toUnsignedLong(bb.getInt(0));
        if (root > bb.limit() - 4L) {
            throw new TfLiteFormatException("root table offset " + root + " lies outside the file (" + bb.limit() + " bytes)");
        }
        init((int) root, bb);
    }

    /** Maps {@code file} read-only and reads its root table; a {@link ModelFormatException} names the file on any error. */
    public static TfLiteModel open(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer bb = ch.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(size, MAX_FLATBUFFER)).order(ByteOrder.LITTLE_ENDIAN);
            try {
                return new TfLiteModel(file, bb, size);
            } catch (TfLiteFormatException e) {
                throw new TfLiteFormatException(file, e.getMessage(), e);
            }
        }
    }

    /** Reads a model held in memory (tests, embedded models). */
    public static TfLiteModel of(ByteBuffer bytes) {
        ByteBuffer bb = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).slice().order(ByteOrder.LITTLE_ENDIAN);
        return new TfLiteModel(null, bb, bb.limit());
    }

    @Override
    protected String tableName() {
        return "Model";
    }

    public Path file() {
        return file;
    }

    public long version() {
        return readUInt(0, 0);
    }

    public int operatorCodeCount() {
        return vectorLength(1, 4);
    }

    public OperatorCode operatorCode(int i) {
        return new OperatorCode(tableElement(1, i), bb);
    }

    public int subgraphCount() {
        return vectorLength(2, 4);
    }

    public SubGraph subgraph(int i) {
        return new SubGraph(tableElement(2, i), bb);
    }

    public String description() {
        String d = readString(3);
        return d == null ? "" : d;
    }

    public int bufferCount() {
        return vectorLength(4, 4);
    }

    public Buffer buffer(int i) {
        return new Buffer(tableElement(4, i), bb);
    }

    public List<SignatureDef> signatureDefs() {
        List<SignatureDef> out = new ArrayList<>();
        int n = vectorLength(7, 4);
        for (int i = 0; i < n; i++) {
            out.add(new SignatureDef(tableElement(7, i), bb));
        }
        return out;
    }

    /** The operator code an operator refers to, checked against the operator_codes vector. */
    public OperatorCode operatorCodeOf(Operator op) {
        long idx = op.opcodeIndex();
        if (idx >= operatorCodeCount()) {
            throw new TfLiteFormatException("operator opcode_index " + idx + " outside operator_codes (" + operatorCodeCount() + ")");
        }
        return operatorCode((int) idx);
    }

    /**
     * The data of buffer {@code index} as a read-only little-endian slice (no copy), or an empty buffer when
     * it holds none. External data (offset/size) must lie within the file.
     */
    public ByteBuffer bufferData(long index) throws IOException {
        if (index < 0 || index >= bufferCount()) {
            throw new TfLiteFormatException("buffer index " + index + " outside buffers (" + bufferCount() + ")");
        }
        Buffer b = buffer((int) index);
        if (b.isExternal()) {
            long off = b.offset();
            long size = b.size();
            if (size < 0 || off + size > fileSize || off + size < off) {
                throw new TfLiteFormatException("buffer " + index + " at offset " + off + " with size " + size
                        + " lies outside the file (" + fileSize + " bytes)");
            }
            if (size > MAX_FLATBUFFER) {
                throw new TfLiteFormatException("buffer " + index + " of " + size + " bytes is larger than one mapping allows");
            }
            if (off + size <= bb.limit()) {
                return bb.duplicate().position((int) off).limit((int) (off + size)).slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
            }
            if (file == null) {
                throw new TfLiteFormatException("buffer " + index + " is stored outside the in-memory model");
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                return ch.map(FileChannel.MapMode.READ_ONLY, off, size).order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        ByteBuffer data = b.inlineData();
        return data == null ? ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN) : data.order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return sb.toString();
    }
}
