package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.SubGraph;
import dev.modelx.format.tflite.TfLiteFormatException;
import dev.modelx.format.tflite.TfLiteModel;

import java.nio.file.Path;

/** What all sub-graph conversions of one model share: the file, the unique-name scope, the converter table. */
final class ImportSession {

    final TfLiteModel model;
    final Path file;
    final NameScope names = new NameScope();
    final OpRegistry registry;
    /** Per graph: constants several converters share (lookup tables), by key, to their initializer names. */
    final java.util.Map<dev.modelx.graph.Graph, java.util.Map<String, String>> sharedConstants = new java.util.IdentityHashMap<>();
    private int depth;

    ImportSession(TfLiteModel model, Path file, OpRegistry registry) {
        this.model = model;
        this.file = file;
        this.registry = registry;
    }

    SubGraph subgraph(long index, String usedBy) {
        if (index < 0 || index >= model.subgraphCount()) {
            throw new TfLiteFormatException(usedBy + " refers to sub-graph " + index + ", the model has " + model.subgraphCount());
        }
        return model.subgraph((int) index);
    }

    /** Guards against sub-graphs that (directly or not) contain themselves. */
    void enter(String what) {
        if (++depth > 64) {
            throw new TfLiteFormatException("sub-graphs nest more than 64 deep at " + what + " (a cycle?)");
        }
    }

    void leave() {
        depth--;
    }
}
