package dev.modelx.passes;

import dev.modelx.graph.Model;
import dev.modelx.graph.examples.ExampleModels;
import dev.modelx.graph.io.Corpus;
import dev.modelx.importer.onnx.OnnxImporter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the default pipeline over the example models, MiniLM (a BERT encoder, float and quantized, from the
 * langchain4j test jars; also with its dimensions bound) and the ONNX backend corpus's real models
 * (light/*.onnx, pytorch-converted/*&#47;model.onnx), prints node counts after every pass as a markdown table,
 * and proves on the reference runtime that the optimized models compute what the originals do. The light
 * models are ImageNet networks, slow on the reference kernels: only the small ones are run, and they are
 * optimized without shape inference (a full forward pass each; it finds nothing more in them, which
 * {@link #shapeInferenceFindsNothingMoreInLightModels} checks on one).
 */
class CorpusNodeCountTest {

    /** Light models small enough to run twice in a test; the others are optimized and validated only. */
    private static final List<String> RUN_LIGHT = List.of("light_squeezenet.onnx", "light_shufflenet.onnx");

    private static final PassOptions NO_INFERENCE = PassOptions.defaults().inferShapes(false);

    /** The sizes {@link Check#DIMS} binds, so the specialised MiniLM runs on the same random inputs. */
    private static final PassOptions BOUND = PassOptions.defaults().dim("batch_size", 2).dim("sequence_length", 16);

    @Test
    void shapeInferenceFindsNothingMoreInLightModels() throws IOException {
        Path p = Corpus.onnxBackendTests().resolve("light/light_shufflenet.onnx");
        assumeTrue(Files.isRegularFile(p), Corpus.missingMessage("onnx-backend-tests/light"));
        Model withInference = new OnnxImporter().read(p);
        Model without = withInference.copy();
        Passes.optimize(withInference);
        Passes.optimize(without, NO_INFERENCE);
        assertEquals(without, withInference);
    }

    @Test
    void nodeCountsBeforeAndAfterEveryPass() throws IOException {
        Map<String, Model> models = new LinkedHashMap<>();
        models.put("examples/smallCnn", ExampleModels.smallCnn());
        models.put("examples/transformerBlock", ExampleModels.transformerBlock());
        Path root = Corpus.onnxBackendTests();
        boolean haveCorpus = Files.isDirectory(root.resolve("light")) && Files.isDirectory(root.resolve("pytorch-converted"));
        if (!haveCorpus) {
            System.out.println(Corpus.missingMessage("onnx-backend-tests"));
        }
        List<String> rows = new ArrayList<>();
        PassPipeline pipeline = PassPipeline.defaultPipeline();
        rows.add("| model | before | " + String.join(" | ", pipeline.passes().stream().map(Pass::name).toList()) + " | ms |");
        rows.add("|---|---:|" + "---:|".repeat(pipeline.passes().size()) + "---:|");
        int[] totals = new int[pipeline.passes().size() + 1];
        for (Map.Entry<String, Model> e : models.entrySet()) {
            rows.add(row(e.getKey(), e.getValue(), true, PassOptions.defaults(), totals));
        }
        for (String file : List.of("all-minilm-l6-v2.onnx", "all-minilm-l6-v2-q.onnx")) {
            Model minilm = resource(file);
            if (minilm != null) {
                rows.add(row("minilm/" + file, minilm, true, PassOptions.defaults(), totals));
                rows.add(row("minilm/" + file + " --dim batch_size=2,sequence_length=16", minilm, true, BOUND, totals));
            }
        }
        if (haveCorpus) {
            for (Path p : list(root.resolve("light"), "*.onnx")) {
                String name = p.getFileName().toString();
                rows.add(row("light/" + name, new OnnxImporter().read(p), RUN_LIGHT.contains(name), NO_INFERENCE, totals));
            }
            for (Path dir : list(root.resolve("pytorch-converted"), "*")) {
                Path p = dir.resolve("model.onnx");
                if (Files.isRegularFile(p)) {
                    rows.add(row("pytorch-converted/" + dir.getFileName(), new OnnxImporter().read(p), true, PassOptions.defaults(), totals));
                }
            }
        }
        StringBuilder total = new StringBuilder("| **total** | ").append(totals[0]);
        for (int i = 1; i < totals.length; i++) {
            total.append(" | ").append(totals[i]);
        }
        rows.add(total.append(" | |").toString());
        System.out.println(String.join("\n", rows));
        assumeTrue(haveCorpus, Corpus.missingMessage("onnx-backend-tests"));
    }

    /** Optimizes a copy of {@code model}, checks it, and formats its table row; adds its counts to {@code totals}. */
    private static String row(String name, Model model, boolean compare, PassOptions options, int[] totals) {
        Model optimized = model.copy();
        PipelineResult r = PassPipeline.defaultPipeline(options).run(optimized);
        assertTrue(r.nodesAfter() <= r.nodesBefore(), name + ": " + r.summary());
        if (compare) {
            Check.sameOutputs(model, optimized, r.preservation());
        }
        StringBuilder sb = new StringBuilder("| ").append(name).append(" | ").append(r.nodesBefore());
        totals[0] += r.nodesBefore();
        for (int i = 0; i < r.passes().size(); i++) {
            sb.append(" | ").append(r.passes().get(i).nodesAfter());
            totals[i + 1] += r.passes().get(i).nodesAfter();
        }
        long ms = r.passes().stream().mapToLong(PassResult::millis).sum();
        return sb.append(" | ").append(ms).append(" |").toString();
    }

    /** A model from the test classpath (the MiniLM jars), or null when it is not there. */
    private static Model resource(String name) throws IOException {
        try (InputStream in = CorpusNodeCountTest.class.getResourceAsStream("/" + name)) {
            return in == null ? null : new OnnxImporter().read(in.readAllBytes(), name);
        }
    }

    private static List<Path> list(Path dir, String glob) throws IOException {
        List<Path> out = new ArrayList<>();
        try (var s = Files.newDirectoryStream(dir, glob)) {
            s.forEach(out::add);
        }
        out.sort(null);
        return out;
    }
}
