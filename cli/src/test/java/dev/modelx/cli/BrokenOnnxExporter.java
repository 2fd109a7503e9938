package dev.modelx.cli;

import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.Formats;
import dev.modelx.graph.io.ModelExporter;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A deliberately broken converter for the tests (format "onnx-broken", registered only on the test class path):
 * writes ONNX like the real exporter, but with the axis of the first Softmax changed to 0.
 */
public final class BrokenOnnxExporter implements ModelExporter {

    public static final String FORMAT = "onnx-broken";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public void write(Model model, Path path, ExportOptions options) throws IOException {
        Model broken = model.copy();
        Node softmax = broken.graph().nodes().stream().filter(n -> n.opType().equals("Softmax")).findFirst()
                .orElseThrow(() -> new IOException("the broken converter needs a Softmax to break"));
        softmax.attr("axis", 0L);
        Formats.exporter("onnx").write(broken, path, options);
    }
}
