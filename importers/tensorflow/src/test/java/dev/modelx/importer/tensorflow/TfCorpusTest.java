package dev.modelx.importer.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelx.graph.Model;
import dev.modelx.graph.ModelFormatException;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.io.Corpus;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.graph.io.Npy;
import dev.modelx.runtime.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every GraphDef and SavedModel of models/tf imports, runs on the reference runtime and matches expected/. */
class TfCorpusTest {

    private static final String TF = "models/tf";
    private static final double RTOL = 1e-4;
    private static final double ATOL = 1e-5;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("tf2onnx-fc-layers", "frozen.pb", "", "frozen"),
                Arguments.of("tf2onnx-ae0", "frozen.pb", "", "frozen"),
                Arguments.of("tf2onnx-lstm", "frozen.pb", "", "frozen"),
                Arguments.of("tf2onnx-regression-frozen", "frozen.pb", "", "frozen"),
                Arguments.of("litert-multi-add-graphdef", "multi_add.pb", "", "multi_add"),
                Arguments.of("tfmlir-while-v1", "graph-while-loop.pb", "", "graph-while-loop"),
                Arguments.of("tfmlir-functional-while", "graph-functional-while-loop.pb", "", "graph-functional-while-loop"),
                Arguments.of("tf2onnx-regression-savedmodel", "", "serving_default", "signature_serving_default"),
                Arguments.of("tfjava-saved-model", "", "serving_default", "signature_serving_default"),
                Arguments.of("tfjava-saved-model", "", "classify_x2_to_y3", "signature_classify_x2_to_y3"),
                Arguments.of("tfjava-saved-model", "", "regress_x2_to_y3", "signature_regress_x2_to_y3"),
                Arguments.of("litert-control-flow-v1-savedmodel", "", "serving_default", "signature_serving_default"));
    }

    private static Path caseDir(String dir) {
        Path root = Corpus.root().resolve(TF);
        Assumptions.assumeTrue(Files.isDirectory(root), Corpus.missingMessage(TF));
        return root.resolve(dir);
    }

    static String fileKey(String name) {
        return name.replace(':', '_').replace('/', '_');
    }

    @ParameterizedTest(name = "{0} {2}{1}")
    @MethodSource("cases")
    void importsRunsAndMatchesExpected(String dir, String file, String signature, String expected) throws IOException {
        Path base = caseDir(dir);
        Path model = file.isEmpty() ? base : base.resolve(file);
        ImportOptions opts = signature.isEmpty() ? ImportOptions.defaults() : ImportOptions.of(Map.of("signature", signature));
        TensorFlowImporter importer = file.isEmpty() ? new TfSavedModelImporter() : new TensorFlowImporter();
        assertTrue(importer.canRead(model), model.toString());
        Model m = importer.read(model, opts);
        for (Node n : m.graph().nodes()) {
            assertNotNull(n.provenance(), n.describe() + " has no provenance");
        }
        Path exp = base.resolve("expected").resolve(expected);
        Map<String, Tensor> feeds = new HashMap<>();
        for (var in : m.graph().feedInputs()) {
            Path npy = exp.resolve("input_" + fileKey(in.name()) + ".npy");
            assertTrue(Files.isRegularFile(npy), "no expected input for " + in.name());
            feeds.put(in.name(), Npy.read(npy));
        }
        Map<String, Tensor> out;
        try (Session s = Session.create(m)) {
            out = s.runTensors(feeds);
        }
        int compared = 0;
        for (var o : m.graph().outputs()) {
            Path npy = exp.resolve("output_" + fileKey(o.name()) + ".npy");
            if (!Files.isRegularFile(npy)) {
                continue;
            }
            Tensor want = Npy.read(npy);
            Tensor got = out.get(o.name());
            assertEquals(List.of(toList(want.shape())), List.of(toList(got.shape())), "shape of " + o.name());
            double[] w = want.toDoubleArray();
            double[] g = got.toDoubleArray();
            double maxErr = 0;
            for (int i = 0; i < w.length; i++) {
                double err = Math.abs(w[i] - g[i]);
                maxErr = Math.max(maxErr, err);
                assertTrue(err <= ATOL + RTOL * Math.abs(w[i]), o.name() + "[" + i + "]: expected " + w[i] + ", got " + g[i]);
            }
            System.out.printf("corpus %s/%s output %s: max abs error %.3g over %d values, %d nodes, %d Transposes%n", dir,
                    expected, o.name(), maxErr, w.length, m.graph().nodes().size(),
                    m.graph().nodes().stream().filter(n -> n.opType().equals("Transpose")).count());
            compared++;
        }
        assertTrue(compared > 0, "no output of " + m.graph().outputs() + " has an expected file in " + exp);
    }

    private static List<Long> toList(long[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }

    @Test
    void exampleSignaturesAreRefusedByName() {
        Path base = caseDir("tfjava-saved-model");
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> new TfSavedModelImporter().read(base, ImportOptions.of(Map.of("signature", "classify_x_to_y"))));
        assertTrue(e.getMessage().contains("classify_x_to_y") && e.getMessage().contains("tf.Example"), e.getMessage());
    }

    @Test
    void unknownSignatureListsTheAvailableOnes() {
        Path base = caseDir("tfjava-saved-model");
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> new TfSavedModelImporter().read(base, ImportOptions.of(Map.of("signature", "nope"))));
        assertTrue(e.getMessage().contains("serving_default"), e.getMessage());
    }
}
