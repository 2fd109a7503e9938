package dev.modelx.runtime.value;

import dev.modelx.graph.Type;

import java.util.List;

/** An ordered sequence of values; {@code elementType} may be null when unknown (e.g. an empty sequence from data). */
public record SequenceValue(Type elementType, List<Value> items) implements Value {
    public SequenceValue {
        items = List.copyOf(items);
    }

    @Override
    public String describe() {
        return "seq(" + items.size() + " x " + (elementType == null ? "?" : elementType) + ")";
    }
}
