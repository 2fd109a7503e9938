package dev.modelx.exporter.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelx.graph.Model;
import dev.modelx.graph.io.Corpus;
import dev.modelx.importer.onnx.OnnxImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** import -> export to bytes -> import again, for every model of the ONNX backend tests, in one JVM. */
class OnnxBackendRoundTripTest {
    @Test
    void everyBackendTestModelSurvivesExportAndReimport() throws IOException {
        Path root = Corpus.onnxBackendTests();
        Assumptions.assumeTrue(Files.isDirectory(root),
            "ONNX backend tests not found at " + root + ": set -Dmodelx.corpus or MODELX_CORPUS");
        List<Path> models;
        try (Stream<Path> files = Files.walk(root)) {
            models = files.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
        }
        OnnxImporter importer = new OnnxImporter();
        OnnxExporter exporter = new OnnxExporter();
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        for (Path file : models) {
            String name = root.relativize(file).toString();
            try {
                Model first = importer.read(file);
                Model second = importer.read(exporter.toBytes(first), name);
                if (!first.equals(second)) {
                    failures.add(name + ": " + ModelDiff.firstDifference(first, second).orElse("?"));
                }
            } catch (RuntimeException e) {
                failures.add(name + ": " + e);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("ONNX round trip: %d models, %d equal, %d differ, %d ms%n",
            models.size(), models.size() - failures.size(), failures.size(), millis);
        assertTrue(failures.isEmpty(), failures.size() + " of " + models.size() + " models differ after a round trip:\n"
            + String.join("\n", failures));
        assertFalse(models.isEmpty(), "no .onnx files under " + root);
    }

    @Test
    void diffNamesThePathOfTheFirstDifference() {
        Model a = Model.of(new dev.modelx.graph.Graph("g"), 21);
        a.graph().add(dev.modelx.graph.Node.of("Pad").attr(dev.modelx.graph.Attribute.ints("pads", 0, 0)));
        Model b = a.copy();
        b.graph().nodes().get(0).attr(dev.modelx.graph.Attribute.ints("pads", 1, 1));
        assertEquals(Optional.of("graph.node[0](Pad).attribute[pads]: pads=[0, 0] vs pads=[1, 1]"), ModelDiff.firstDifference(a, b));
    }
}
