package dev.modelx.format.onnx;

import dev.modelx.format.onnx.proto.OnnxProtos.StringStringEntryProto;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed {@code external_data} entries of one TensorProto.
 *
 * @param location path relative to the model's folder, exactly as written in the model
 * @param offset   first byte of the tensor data in that file
 * @param length   number of bytes, or -1 when absent (the data then runs to the end of the file)
 * @param checksum SHA-1 hex digest of the whole file, or null when absent
 */
public record ExternalDataReference(String location, long offset, long length, String checksum) {
    public static final String LOCATION = "location";
    public static final String OFFSET = "offset";
    public static final String LENGTH = "length";
    public static final String CHECKSUM = "checksum";

    public ExternalDataReference {
        if (location == null || location.isEmpty()) {
            throw new IllegalArgumentException("location is required");
        }
        if (offset < 0 || length < -1) {
            throw new IllegalArgumentException("offset and length must not be negative");
        }
    }

    public boolean hasLength() {
        return length >= 0;
    }

    /**
     * Reads the entries of a tensor; unknown keys (such as {@code basepath}, added by some loaders) are ignored.
     *
     * @param context names the tensor in error messages, e.g. {@code "tensor 'W'"}
     * @throws IllegalArgumentException when an entry is missing or malformed
     */
    public static ExternalDataReference parse(String context, List<StringStringEntryProto> entries) {
        String location = null;
        long offset = 0;
        long length = -1;
        String checksum = null;
        for (StringStringEntryProto entry : entries) {
            switch (entry.getKey()) {
                case LOCATION -> location = entry.getValue();
                case OFFSET -> offset = parseCount(context, OFFSET, entry.getValue());
                case LENGTH -> length = parseCount(context, LENGTH, entry.getValue());
                case CHECKSUM -> checksum = entry.getValue();
                default -> { }
            }
        }
        if (location == null || location.isEmpty()) {
            throw new IllegalArgumentException(context + ": external data has no 'location' entry");
        }
        return new ExternalDataReference(location, offset, length, checksum);
    }

    /** The entries to write into a TensorProto (offset and length always written, checksum when known). */
    public List<StringStringEntryProto> toEntries() {
        List<StringStringEntryProto> entries = new ArrayList<>(4);
        entries.add(entry(LOCATION, location));
        entries.add(entry(OFFSET, Long.toString(offset)));
        if (hasLength()) {
            entries.add(entry(LENGTH, Long.toString(length)));
        }
        if (checksum != null) {
            entries.add(entry(CHECKSUM, checksum));
        }
        return entries;
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static long parseCount(String context, String key, String text) {
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(context + ": external data '" + key + "' is not an integer: '" + text + "'");
        }
        if (value < 0) {
            throw new IllegalArgumentException(context + ": external data '" + key + "' is negative: " + value);
        }
        return value;
    }
}
