package dev.modelx.importer.tflite;

/** Converts one TFLite builtin operator into graph-model nodes through an {@link OpContext}. */
@FunctionalInterface
public interface OpConverter {
    void convert(OpContext ctx);
}
