package dev.modelx.runtime.value;

import dev.modelx.graph.Tensor;

import java.util.Objects;

public record TensorValue(Tensor tensor) implements Value {
    public TensorValue {
        Objects.requireNonNull(tensor, "tensor");
    }

    @Override
    public String describe() {
        return tensor.type().displayName() + java.util.Arrays.toString(tensor.shape());
    }
}
