package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.TfLiteModel;
import dev.modelx.graph.Model;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.graph.io.ModelImporter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads TFLite FlatBuffers ({@code .tflite}, or any file with the TFL3 identifier) into the graph model.
 * Option {@value #SIGNATURE}{@code =KEY} converts that signature's sub-graph instead of sub-graph 0.
 */
public final class TfLiteImporter implements ModelImporter {

    public static final String FORMAT = "tflite";
    public static final String SIGNATURE = "signature";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean canRead(Path path) {
        Path name = path.getFileName();
        if (name == null || Files.isDirectory(path)) {
            return false;
        }
        if (name.toString().toLowerCase(Locale.ROOT).endsWith(".tflite")) {
            return true;
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(8);
            return head.length == 8 && head[4] == 'T' && head[5] == 'F' && head[6] == 'L' && head[7] == '3';
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Model read(Path path, ImportOptions options) throws IOException {
        TfLiteModel model = TfLiteModel.open(path);
        return new TfLiteConverter().convert(model, path, options.get(SIGNATURE).orElse(null));
    }
}
