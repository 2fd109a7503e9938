package dev.modelx.importer.tensorflow;

/** Converts one TF op into common-model (ONNX-semantics) nodes in {@code scope}. */
@FunctionalInterface
interface OpConverter {
    void convert(TfNode node, Scope scope);
}
