package dev.modelx.exporter.tensorflow;

/** Writes one graph-model op (the context's current node) as TF nodes and defines its outputs. */
@FunctionalInterface
interface OpEmitter {
    void emit(EmitContext c);
}
