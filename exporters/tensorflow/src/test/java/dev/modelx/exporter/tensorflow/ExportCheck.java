package dev.modelx.exporter.tensorflow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.runtime.Session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Exports a model both ways, runs the frozen GraphDef and the SavedModel in TF Java, and compares each
 * output with the reference runtime's (or given expected values).
 */
final class ExportCheck {

    private ExportCheck() {
    }

    /** Max abs error over all outputs of both exports. */
    static double againstReference(Model m, Map<String, Tensor> feeds, Path dir) throws IOException {
        Map<String, Tensor> want;
        try (Session s = Session.create(m)) {
            want = s.runTensors(feeds);
        }
        return against(m, feeds, want, dir);
    }

    static double against(Model m, Map<String, Tensor> feeds, Map<String, Tensor> want, Path dir) throws IOException {
        List<String> outs = new ArrayList<>();
        for (ValueInfo o : m.graph().outputs()) {
            if (want.containsKey(o.name())) {
                outs.add(o.name());
            }
        }
        assertTrue(!outs.isEmpty(), "nothing to compare");
        double max = 0;
        Path pb = dir.resolve("model.pb");
        new TensorFlowGraphDefExporter().write(m, pb, ExportOptions.defaults());
        TfGraphEmitter.Emitted names = TfGraphEmitter.emit(m, pb, false);
        Map<String, Tensor> tfFeeds = new java.util.LinkedHashMap<>();
        feeds.forEach((k, v) -> {
            if (names.inputs().containsKey(k)) {
                tfFeeds.put(names.inputs().get(k), v);
            }
        });
        List<String> fetch = outs.stream().map(names.outputs()::get).toList();
        Map<String, Tensor> got = TfJava.runGraphDef(pb, tfFeeds, fetch);
        for (String o : outs) {
            max = Math.max(max, Close.check("graphdef " + o, want.get(o), got.get(names.outputs().get(o))));
        }
        Path sm = dir.resolve("saved_model");
        new TensorFlowSavedModelExporter().write(m, sm, ExportOptions.defaults());
        assertTrue(Files.isRegularFile(sm.resolve("saved_model.pb")));
        Map<String, Tensor> smFeeds = new java.util.LinkedHashMap<>();
        feeds.forEach((k, v) -> {
            if (names.inputs().containsKey(k)) {
                smFeeds.put(k, v);
            }
        });
        Map<String, Tensor> got2 = TfJava.runSavedModel(sm, smFeeds, outs);
        for (String o : outs) {
            max = Math.max(max, Close.check("savedmodel " + o, want.get(o), got2.get(o)));
        }
        return max;
    }
}
