package dev.modelx.runtime.value;

import dev.modelx.graph.Type;

/** An optional: {@code value} null means empty. {@code elementType} is the declared element type when known. */
public record OptionalValue(Type elementType, Value value) implements Value {
    public static OptionalValue empty(Type elementType) {
        return new OptionalValue(elementType, null);
    }

    public boolean isPresent() {
        return value != null;
    }

    @Override
    public String describe() {
        return value == null ? "optional(empty)" : "optional(" + value.describe() + ")";
    }
}
