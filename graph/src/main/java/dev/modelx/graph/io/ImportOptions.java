package dev.modelx.graph.io;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Format-specific import settings as named string values (e.g. tag=serve, signature=serving_default). */
public final class ImportOptions {

    private final Map<String, String> values;

    private ImportOptions(Map<String, String> values) {
        this.values = values;
    }

    public static ImportOptions defaults() {
        return new ImportOptions(Map.of());
    }

    public static ImportOptions of(Map<String, String> values) {
        return new ImportOptions(new TreeMap<>(values));
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }
}
