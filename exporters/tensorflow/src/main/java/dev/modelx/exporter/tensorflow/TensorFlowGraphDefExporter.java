package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.Model;
import dev.modelx.graph.io.AtomicFiles;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.ModelExporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a frozen GraphDef ({@code --to tf-graphdef}): one .pb whose weights are Const nodes. Inputs are
 * Placeholders and outputs Identity nodes named after the graph-model values (characters TF does not allow
 * in node names become '_'), so {@code session.runner().feed("x").fetch("y")} works with the model's names.
 */
public final class TensorFlowGraphDefExporter implements ModelExporter {

    public static final String FORMAT = "tf-graphdef";

    /** Protobuf cannot serialise a message of 2 GB or more. */
    static final long MAX_PROTO_BYTES = Integer.MAX_VALUE;

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public void write(Model model, Path path, ExportOptions options) throws IOException {
        TfGraphEmitter.Emitted e = TfGraphEmitter.emit(model, path, false);
        long size = e.graphDef().getSerializedSize();
        if (size < 0 || size >= MAX_PROTO_BYTES) {
            throw new TfExportException(path, "the frozen graph would be larger than protobuf's 2 GB limit; write a SavedModel "
                    + "(--to tf-savedmodel), which keeps the weights in a checkpoint");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        AtomicFiles.write(path, out -> e.graphDef().writeTo(out));
    }
}
