package dev.modelx.exporter.paddle;

import dev.modelx.graph.Model;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.ModelExporter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the graph model as a Paddle inference program (format {@code paddle}): a directory holding
 * model.pdmodel (ProgramDesc) and model.pdiparams (combined params in byte-wise name order), atomically.
 */
public final class PaddleExporter implements ModelExporter {

    public static final String FORMAT = "paddle";
    public static final String MODEL_FILE = "model.pdmodel";
    public static final String PARAMS_FILE = "model.pdiparams";

    @Override
    public String format() {
        return FORMAT;
    }

    /**
     * The translated program (for tests and tools that want the ProgramDesc without files); control flow is
     * still structured (cf.if / cf.while) until {@link LegacyControlFlow#lower} runs.
     */
    public ExportContext translate(Model model, Path target) {
        return new ProgramBuilder(EmitterTable.standard()).build(model, target);
    }

    @Override
    public void write(Model model, Path path, ExportOptions options) throws IOException {
        ExportContext c = translate(model, path);
        LegacyControlFlow.lower(c);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(MODEL_FILE, ProgramDescWriter.program(c).toByteArray());
        files.put(PARAMS_FILE, ProgramDescWriter.params(c));
        OutputDirectory.write(path, files);
    }
}
