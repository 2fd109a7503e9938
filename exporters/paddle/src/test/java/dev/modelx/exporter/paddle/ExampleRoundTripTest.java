package dev.modelx.exporter.paddle;

import dev.modelx.graph.Model;
import dev.modelx.graph.examples.ExampleModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled example models go graph -> Paddle (legacy and PIR) -> graph and compute the same outputs. */
class ExampleRoundTripTest {

    @TempDir
    Path tmp;

    @Test
    void smallCnnThroughProgramDesc() throws Exception {
        Model m = ExampleModels.smallCnn();
        Model back = RoundTrip.viaPaddle(m, tmp.resolve("cnn"));
        assertTrue(Files.isRegularFile(tmp.resolve("cnn/model.pdmodel")));
        double err = RoundTrip.compare(m, back, RoundTrip.feeds(m, 2, 10, 1));
        System.out.println("smallCnn via paddle: max abs error " + err);
    }

    @Test
    void smallCnnThroughPir() throws Exception {
        Model m = ExampleModels.smallCnn();
        Model back = RoundTrip.viaPir(m, tmp.resolve("cnn-pir"));
        double err = RoundTrip.compare(m, back, RoundTrip.feeds(m, 2, 10, 2));
        System.out.println("smallCnn via paddle-pir: max abs error " + err);
    }

    @Test
    void transformerBlockThroughProgramDesc() throws Exception {
        Model m = ExampleModels.transformerBlock();
        Model back = RoundTrip.viaPaddle(m, tmp.resolve("tb"));
        double err = RoundTrip.compare(m, back, RoundTrip.feeds(m, 3, 100, 3));
        System.out.println("transformerBlock via paddle: max abs error " + err);
    }

    @Test
    void transformerBlockThroughPir() throws Exception {
        Model m = ExampleModels.transformerBlock();
        Model back = RoundTrip.viaPir(m, tmp.resolve("tb-pir"));
        double err = RoundTrip.compare(m, back, RoundTrip.feeds(m, 3, 100, 4));
        System.out.println("transformerBlock via paddle-pir: max abs error " + err);
    }
}
