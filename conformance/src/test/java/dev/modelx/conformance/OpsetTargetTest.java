package dev.modelx.conformance;

import dev.modelx.graph.io.Corpus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** The runner's op-set target: models converted down (with expansions) still match; refusals are skips with a reason. */
class OpsetTargetTest {

    private static ConformanceReport run(String regex, int opset) {
        return OnnxBackendRunner.builder().data(Corpus.onnxBackendTests()).folders(List.of("node"))
                .filter(Pattern.compile(regex)).threads(2).targetOpset(opset).build().run();
    }

    @Test
    void downgradedModelsStillMatchAndRefusalsAreSkips() {
        Assumptions.assumeTrue(Files.isDirectory(Corpus.onnxBackendTests()), Corpus.missingMessage("onnx-backend-tests"));
        ConformanceReport layerNorm = run("^test_layer_normalization_2d_axis0$", 16);
        assertEquals(1, layerNorm.summary().passed(), layerNorm.cases().toString());
        ConformanceReport bitcast = run("^test_bitcast_float32_to_int32$", 13);
        CaseResult c = bitcast.cases().get(0);
        assertEquals(CaseStatus.SKIPPED, c.status());
        assertTrue(c.reason().startsWith(CaseRunner.OPSET_REFUSED), c.reason());
    }
}
