package dev.modelx.exporter.paddle;

import dev.modelx.graph.Model;
import dev.modelx.graph.io.Corpus;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.importer.paddle.PaddleImporter;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Paddle corpus models with weights go Paddle -> graph -> Paddle (legacy and PIR) -> graph and compute the
 * same outputs as the first import.
 */
class CorpusRoundTripTest {

    @TempDir
    Path tmp;

    static Path corpusModel(String name) {
        Path p = Corpus.root().resolve("models/paddle/" + name);
        Assumptions.assumeTrue(Files.isDirectory(p), Corpus.missingMessage("models/paddle/" + name));
        return p;
    }

    @ParameterizedTest
    @CsvSource({"lite-simple-model,1", "lite-resnet-cifar,1", "p2o-fit-a-line,1", "fastdeploy-ppocrv3-det,64", "serving-ocr-det-v1,1",
        "lite-unittest-tiny,1"})
    void programDescRoundTrip(String name, long size) throws Exception {
        Model m = new PaddleImporter().read(corpusModel(name), ImportOptions.defaults());
        Model back = RoundTrip.viaPaddle(m, tmp.resolve(name));
        double err = RoundTrip.compare(m, back, RoundTrip.feeds(m, size, 10, 7));
        System.out.println(name + " via paddle: max abs error " + err);
    }

    /** The LoD model: each embedding input holds 2 rows split into 2 sequences, some of them empty. */
    @Test
    void lodProgramRoundTrip() throws Exception {
        Model m = new PaddleImporter().read(corpusModel("serving-ctr-dnn"), ImportOptions.defaults());
        Map<String, Tensor> feeds = RoundTrip.feeds(m, 1, 10, 9);
        long[][] patterns = {{0, 0, 2}, {0, 1, 2}, {0, 2, 2}};
        int k = 0;
        for (String name : List.copyOf(feeds.keySet())) {
            if (name.endsWith(".lod0")) {
                feeds.put(name, Tensor.ofLongs(new long[] {3}, patterns[k++ % 3]));
            }
        }
        assertEquals(26, k, "LoD offsets inputs");
        Model back = RoundTrip.viaPaddle(m, tmp.resolve("ctr"));
        assertEquals(m.graph().feedInputs().stream().map(v -> v.name()).toList(),
                back.graph().feedInputs().stream().map(v -> v.name()).toList(), "inputs, offsets included");
        double err = RoundTrip.compare(m, back, feeds);
        System.out.println("serving-ctr-dnn via paddle: max abs error " + err);
    }

    @ParameterizedTest
    @CsvSource({"lite-simple-model,1", "lite-resnet-cifar,1", "p2o-fit-a-line,1", "fastdeploy-ppocrv3-det,64"})
    void pirRoundTrip(String name, long size) throws Exception {
        Model m = new PaddleImporter().read(corpusModel(name), ImportOptions.defaults());
        Model back = RoundTrip.viaPir(m, tmp.resolve(name + "-pir"));
        double err = RoundTrip.compare(m, back, RoundTrip.feeds(m, size, 10, 8));
        System.out.println(name + " via paddle-pir: max abs error " + err);
    }
}
