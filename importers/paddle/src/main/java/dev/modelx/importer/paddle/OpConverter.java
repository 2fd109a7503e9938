package dev.modelx.importer.paddle;

/** Converts one Paddle op into graph nodes with ONNX semantics. */
@FunctionalInterface
public interface OpConverter {

    void convert(ConvertContext c, SourceOp op);
}
