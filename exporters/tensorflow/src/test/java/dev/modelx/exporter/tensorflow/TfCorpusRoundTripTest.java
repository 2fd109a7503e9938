package dev.modelx.exporter.tensorflow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.io.Corpus;
import dev.modelx.graph.io.Formats;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.graph.io.Npy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * TF -> graph -> TF: every GraphDef and SavedModel of models/tf is imported with the project's importer,
 * exported as a frozen GraphDef and as a SavedModel, run in TF Java on the stored inputs and compared
 * with the stored expected outputs (made by TensorFlow itself).
 */
class TfCorpusRoundTripTest {

    private static final String TF = "models/tf";

    @TempDir
    Path dir;

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

    static String fileKey(String name) {
        return name.replace(':', '_').replace('/', '_');
    }

    @ParameterizedTest(name = "{0} {2}{1}")
    @MethodSource("cases")
    void roundTripsThroughTensorFlow(String name, String file, String signature, String expected) throws Exception {
        Path root = Corpus.root().resolve(TF);
        Assumptions.assumeTrue(Files.isDirectory(root), Corpus.missingMessage(TF));
        Path base = root.resolve(name);
        Path model = file.isEmpty() ? base : base.resolve(file);
        ImportOptions opts = signature.isEmpty() ? ImportOptions.defaults() : ImportOptions.of(Map.of("signature", signature));
        Model m = Formats.importer(file.isEmpty() ? "tf-savedmodel" : "tf-graphdef").read(model, opts);
        Path exp = base.resolve("expected").resolve(expected);
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (ValueInfo in : m.graph().feedInputs()) {
            Path npy = exp.resolve("input_" + fileKey(in.name()) + ".npy");
            assertTrue(Files.isRegularFile(npy), "no expected input for " + in.name());
            feeds.put(in.name(), Npy.read(npy));
        }
        Map<String, Tensor> want = new LinkedHashMap<>();
        for (ValueInfo o : m.graph().outputs()) {
            Path npy = exp.resolve("output_" + fileKey(o.name()) + ".npy");
            if (Files.isRegularFile(npy)) {
                want.put(o.name(), Npy.read(npy));
            }
        }
        TreeSet<String> ops = new TreeSet<>();
        Graphs.forEachNode(m.graph(), n -> ops.add(n.opType()));
        double err = ExportCheck.against(m, feeds, want, dir);
        System.out.printf("round trip %s/%s: %d outputs, max abs error %.3g, ops %s%n", name, expected, want.size(), err, ops);
    }
}
