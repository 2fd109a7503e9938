package dev.modelx.importer.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.io.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Every input_N.pb / output_N.pb of the ONNX backend tests reads as the value its model declares. */
class BackendTestDataReadTest {
    private static final Pattern DATA_FILE = Pattern.compile("(input|output)_(\\d+)\\.pb");

    @Test
    void readsEveryTestDataFile() throws IOException {
        Path root = Corpus.onnxBackendTests();
        Assumptions.assumeTrue(Files.isDirectory(root),
            "ONNX backend tests not found at " + root + ": set -Dmodelx.corpus or MODELX_CORPUS");
        List<Path> models;
        try (Stream<Path> files = Files.walk(root)) {
            models = files.filter(p -> p.getFileName().toString().equals("model.onnx")).sorted().toList();
        }
        OnnxImporter importer = new OnnxImporter();
        List<String> failures = new ArrayList<>();
        int read = 0;
        for (Path modelFile : models) {
            Model model = importer.read(modelFile);
            List<Path> dataFiles;
            try (Stream<Path> files = Files.walk(modelFile.getParent(), 2)) {
                dataFiles = files.filter(p -> p.getParent().getFileName().toString().startsWith("test_data_set_")
                    && DATA_FILE.matcher(p.getFileName().toString()).matches()).sorted().toList();
            }
            for (Path data : dataFiles) {
                try {
                    OnnxValues.read(data, declaredType(model.graph(), data));
                    read++;
                } catch (RuntimeException e) {
                    failures.add(root.relativize(data) + ": " + e.getMessage());
                }
            }
        }
        System.out.printf("read %d test-data files of %d backend-test models%n", read, models.size());
        assertTrue(failures.isEmpty(), failures.size() + " files failed:\n" + String.join("\n", failures));
        assertTrue(read > 0, "no test data found under " + root);
    }

    private static Type declaredType(Graph graph, Path data) {
        Matcher m = DATA_FILE.matcher(data.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(data.toString());
        }
        List<ValueInfo> values = m.group(1).equals("input") ? graph.feedInputs() : graph.outputs();
        int index = Integer.parseInt(m.group(2));
        return index < values.size() ? values.get(index).type() : null;
    }
}
