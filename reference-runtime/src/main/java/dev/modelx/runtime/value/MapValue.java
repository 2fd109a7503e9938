package dev.modelx.runtime.value;

import dev.modelx.graph.Tensor;

/** A map as ONNX stores it: a 1-D tensor of keys and a value per key (a tensor with one entry per key, or a sequence). */
public record MapValue(Tensor keys, Value values) implements Value {
    @Override
    public String describe() {
        return "map(" + keys.type().displayName() + ", " + keys.size() + " entries)";
    }
}
