package dev.modelx.exporter.paddle;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every ONNX backend node test goes ONNX -> Paddle (legacy or PIR) -> graph -> reference runtime and is
 * compared with its stored outputs (onnx's default tolerance). The whole suite takes seconds, so it all runs;
 * the floors are the pass counts reached when the exporter was last extended, and no previously passing
 * case may fail (failures are listed with their reasons).
 */
class OnnxNodeTestsViaPaddleTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"PADDLE,PASS_FLOOR_PADDLE,FAIL_CEILING_PADDLE", "PIR,PASS_FLOOR_PIR,FAIL_CEILING_PIR"})
    void nodeTestsRoundTripThroughPaddle(NodeTestsViaPaddle.Via via, String passFloor, String failCeiling) throws Exception {
        Path root = NodeTestsViaPaddle.nodeRoot();
        Assumptions.assumeTrue(Files.isDirectory(root), dev.modelx.graph.io.Corpus.missingMessage("onnx-backend-tests/node"));
        List<NodeTestsViaPaddle.Result> rs = new ArrayList<>();
        for (Path c : NodeTestsViaPaddle.cases(root)) {
            rs.add(NodeTestsViaPaddle.run(c, via, tmp));
        }
        String summary = NodeTestsViaPaddle.summary(rs, true);
        System.out.println("ONNX node tests via " + via + ": " + summary);
        long passed = rs.stream().filter(r -> r.status() == NodeTestsViaPaddle.Status.PASSED).count();
        long failed = rs.stream().filter(r -> r.status() == NodeTestsViaPaddle.Status.FAILED).count();
        assertTrue(passed >= Floors.get(passFloor), via + ": " + passed + " passed, below the floor " + Floors.get(passFloor) + "\n" + summary);
        assertTrue(failed <= Floors.get(failCeiling), via + ": " + failed + " failed, above " + Floors.get(failCeiling) + "\n" + summary);
    }

    /** Pass floors and failure ceilings of the last full run. */
    private static final class Floors {
        static long get(String name) {
            return switch (name) {
                case "PASS_FLOOR_PADDLE" -> 949;
                case "FAIL_CEILING_PADDLE" -> 0;
                case "PASS_FLOOR_PIR" -> 885;
                case "FAIL_CEILING_PIR" -> 0;
                default -> throw new IllegalArgumentException(name);
            };
        }
    }
}
