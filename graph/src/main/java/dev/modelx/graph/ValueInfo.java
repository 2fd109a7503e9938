package dev.modelx.graph;

import java.util.Map;
import java.util.Objects;

/** A named value's declared type (null when unknown), as on graph inputs, outputs and value_info. */
public record ValueInfo(String name, Type type, String docString, Map<String, String> metadata) {

    public ValueInfo {
        Objects.requireNonNull(name, "name");
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }

    public ValueInfo(String name, Type type) {
        this(name, type, null, null);
    }

    public static ValueInfo tensor(String name, DataType elementType, Shape shape) {
        return new ValueInfo(name, new Type.TensorType(elementType, shape));
    }

    public static ValueInfo tensor(String name, DataType elementType, long... shape) {
        return new ValueInfo(name, Type.tensor(elementType, shape));
    }

    public ValueInfo withType(Type newType) {
        return new ValueInfo(name, newType, docString, metadata);
    }

    @Override
    public String toString() {
        return name + ": " + (type == null ? "?" : type);
    }
}
