package dev.modelx.exporter.paddle;

import dev.modelx.format.paddle.LodTensor;
import dev.modelx.format.paddle.PaddleParams;
import dev.modelx.format.paddle.ProgramDescs;
import dev.modelx.format.paddle.pir.PirJson;
import dev.modelx.graph.Model;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.ModelExporter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the graph model as a Paddle 3 PIR program (format {@code paddle-pir}): a directory holding
 * model.json and model.pdiparams (parameters in byte-wise name order), atomically.
 */
public final class PaddlePirExporter implements ModelExporter {

    public static final String FORMAT = "paddle-pir";
    public static final String MODEL_FILE = "model.json";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public void write(Model model, Path path, ExportOptions options) throws IOException {
        ExportContext c = new ProgramBuilder(EmitterTable.standard()).build(model, path);
        PirWriter.Result r = PirWriter.write(c);
        TreeMap<String, LodTensor> sorted = new TreeMap<>(ProgramDescs::compareBytes);
        r.params().forEach((k, t) -> sorted.put(k, LodTensor.dense(t)));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(MODEL_FILE, PirJson.toJsonString(r.program()).getBytes(StandardCharsets.UTF_8));
        files.put(PaddleExporter.PARAMS_FILE, PaddleParams.combinedBytes(sorted));
        OutputDirectory.write(path, files);
    }
}
