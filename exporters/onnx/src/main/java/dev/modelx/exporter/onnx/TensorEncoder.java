package dev.modelx.exporter.onnx;

import dev.modelx.format.onnx.proto.OnnxProtos.TensorProto;
import dev.modelx.graph.Tensor;

/** Decides how each dense tensor of a model is written: inline raw_data, or a reference to external data. */
interface TensorEncoder {
    /** @param name the tensor's name (initializers), or null (attribute values) */
    TensorProto encode(Tensor tensor, String name);
}
