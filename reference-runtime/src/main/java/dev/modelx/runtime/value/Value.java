package dev.modelx.runtime.value;

/**
 * A runtime value: a tensor, a sequence, a map or an optional (ONNX's value kinds). Most kernels see only
 * tensors; sequence, map and optional ops and control flow see the others.
 */
public sealed interface Value permits TensorValue, SequenceValue, MapValue, OptionalValue {

    /** One-line description for messages: "float[2, 3]", "seq(3 x float)", "optional(empty)". */
    String describe();

    static TensorValue of(dev.modelx.graph.Tensor t) {
        return new TensorValue(t);
    }
}
