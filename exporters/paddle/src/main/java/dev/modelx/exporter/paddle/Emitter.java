package dev.modelx.exporter.paddle;

import dev.modelx.graph.Node;

/** Writes one graph node (ONNX semantics) as Paddle ops. */
@FunctionalInterface
public interface Emitter {

    void emit(ExportContext c, Node n);
}
