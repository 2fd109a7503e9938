package dev.modelx.conformance.matrix;

import dev.modelx.conformance.BackendCase;
import dev.modelx.graph.Model;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One source model of the matrix: where it is, its format, and where its inputs come from.
 *
 * @param id       unique name in reports: {@code node/test_abs}, {@code tf/tf2onnx-lstm/frozen.pb},
 *                 {@code tf/tfjava-saved-model@classify_x2_to_y3}, {@code paddle/lite-resnet-cifar},
 *                 {@code minilm/all-minilm-l6-v2.onnx}, {@code examples/small-cnn}, {@code extra/model.onnx}
 * @param group    the corpus part: a backend folder (node, simple, pytorch-converted, pytorch-operator, light), tf,
 *                 paddle, minilm, examples or extra
 * @param format   the source format (an importer's name)
 * @param path     the file or folder to import; null for a model built in code
 * @param options  import options (a SavedModel's signature)
 * @param backend  the ONNX backend test it is (its stored inputs and expected outputs are used), or null
 * @param inputs   a folder of stored inputs, {@code input_<name>.npy} (TF corpus {@code expected/...}), or null
 * @param builtIn  builds the model in code (examples), or null
 * @param heavy    a whole network: runs alone, with the longer time limit
 */
public record MatrixModel(String id, String group, String format, Path path, Map<String, String> options, BackendCase backend,
                          Path inputs, Supplier<Model> builtIn, boolean heavy) {

    public MatrixModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(format, "format");
        options = Map.copyOf(options);
        if (path == null && builtIn == null) {
            throw new IllegalArgumentException(id + ": neither a path nor a builder");
        }
    }

    public static MatrixModel file(String id, String group, String format, Path path, Map<String, String> options, Path inputs,
                                   boolean heavy) {
        return new MatrixModel(id, group, format, path, options, null, inputs, null, heavy);
    }

    public static MatrixModel backend(BackendCase c) {
        return new MatrixModel(c.folder() + "/" + c.name(), c.folder(), "onnx", c.model(), Map.of(), c, null, null, c.heavy());
    }

    public static MatrixModel builtIn(String id, String group, String format, Supplier<Model> builder) {
        return new MatrixModel(id, group, format, null, Map.of(), null, null, builder, false);
    }

    @Override
    public String toString() {
        return id;
    }
}
