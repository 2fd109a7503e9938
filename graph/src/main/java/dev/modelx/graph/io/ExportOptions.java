package dev.modelx.graph.io;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Export settings. {@code externalData}: null lets the exporter decide (ONNX switches to external data
 * above the 2 GB protobuf limit), true forces it, false forbids it. Other settings are named strings.
 */
public final class ExportOptions {

    private Boolean externalData;
    private long externalDataThreshold = 1024;
    private final Map<String, String> values = new TreeMap<>();

    public static ExportOptions defaults() {
        return new ExportOptions();
    }

    public Optional<Boolean> externalData() {
        return Optional.ofNullable(externalData);
    }

    public ExportOptions externalData(Boolean v) {
        this.externalData = v;
        return this;
    }

    /** Tensors of at least this many bytes go to the external file when external data is on. */
    public long externalDataThreshold() {
        return externalDataThreshold;
    }

    public ExportOptions externalDataThreshold(long bytes) {
        this.externalDataThreshold = bytes;
        return this;
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public ExportOptions set(String key, String value) {
        values.put(key, value);
        return this;
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }
}
