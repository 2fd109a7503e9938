package dev.modelx.passes.precision;

import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.io.Corpus;
import dev.modelx.graph.validate.ModelValidator;
import dev.modelx.importer.onnx.OnnxImporter;
import dev.modelx.passes.opset.OpsetConverter;
import dev.modelx.runtime.RandomInputs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real models converted and run before and after: MiniLM (a 6-layer BERT encoder, from the test classpath)
 * and light models of the ONNX backend-test corpus (skipped when the corpus is absent).
 */
class RealModelsPrecisionTest {

    private static final Map<String, Long> MINILM_DIMS = Map.of("batch_size", 2L, "sequence_length", 16L);

    private static Model resource(String name) throws IOException {
        try (InputStream in = RealModelsPrecisionTest.class.getResourceAsStream("/" + name)) {
            return in == null ? null : new OnnxImporter().read(in.readAllBytes(), name);
        }
    }

    private static double check(String label, Model before, PrecisionReport r, Map<String, Tensor> feeds, double rtol, double atol) {
        ModelValidator.validate(r.model());
        assertEquals(List.of(), PrecisionCheck.typeProblems(r.model()), label);
        double err = PrecisionCheck.maxError(before, r.model(), feeds, rtol, atol);
        System.out.println(label + ": max |error| " + String.format(java.util.Locale.ROOT, "%.3g (%.0f%% of the tolerance)", err,
                100 * PrecisionCheck.lastToleranceUsed) + "; " + String.join("\n  ", r.lines()));
        return err;
    }

    @Test
    void miniLmInFloat16AndBfloat16() throws IOException {
        Model before = resource("all-minilm-l6-v2.onnx");
        assumeTrue(before != null, "MiniLM is not on the test classpath");
        Map<String, Tensor> feeds = RandomInputs.generate(before, MINILM_DIMS, 1);
        PrecisionReport fp16 = PrecisionConverter.convert(before, PrecisionOptions.fp16());
        check("MiniLM fp16", before, fp16, feeds, PrecisionCheck.FP16_RTOL, PrecisionCheck.FP16_ATOL);
        assertTrue(fp16.weightBytesAfter() < fp16.weightBytesBefore() * 0.51, fp16.summary());
        PrecisionReport keepIo = PrecisionConverter.convert(before, PrecisionOptions.fp16().keepIoTypes(true));
        check("MiniLM fp16 keep-io", before, keepIo, feeds, PrecisionCheck.FP16_RTOL, PrecisionCheck.FP16_ATOL);
        // MiniLM declares op set 11; bfloat16 needs 13 (Cast-13), so the op set goes up first.
        PrecisionReport bf16 = PrecisionConverter.convert(OpsetConverter.convert(before, 13), PrecisionOptions.bf16());
        check("MiniLM bf16 (op set 13)", before, bf16, feeds, PrecisionCheck.BF16_RTOL, PrecisionCheck.BF16_ATOL);
    }

    @Test
    void miniLmInTheAutoMode() throws IOException {
        Model before = resource("all-minilm-l6-v2.onnx");
        assumeTrue(before != null, "MiniLM is not on the test classpath");
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16().auto(true).dims(MINILM_DIMS).generatedSamples(1));
        check("MiniLM fp16 auto", before, r, RandomInputs.generate(before, MINILM_DIMS, 1), PrecisionCheck.FP16_RTOL, PrecisionCheck.FP16_ATOL);
        assertTrue(r.auto().finalWithinTolerance(), r.auto().summary());
    }

    /**
     * The corpus' light models hold constant 0.02 weights, so activations grow layer by layer: squeezenet's
     * last convolutions reach 2.8e6, far beyond float16's 65504. Pure float16 ends in NaN; the automatic mode
     * keeps the overflowing convolutions (and what follows them) in float32 and matches.
     */
    @Test
    void squeezenetOverflowsFloat16AndTheAutoModeKeepsTheOverflowingConvolutions() throws IOException {
        Path p = Corpus.onnxBackendTests().resolve("light/light_squeezenet.onnx");
        assumeTrue(Files.isRegularFile(p), Corpus.missingMessage("onnx-backend-tests/light"));
        Model before = new OnnxImporter().read(p);
        Map<String, Tensor> feeds = RandomInputs.generate(before, Map.of(), 1);
        PrecisionReport pure = PrecisionConverter.convert(before, PrecisionOptions.fp16());
        Tensor out = PrecisionCheck.run(pure.model(), PrecisionConverter.adaptFeeds(pure.model(), feeds)).values().iterator().next();
        assertTrue(Double.isNaN(out.getDouble(0)), "pure float16 overflows: " + out.getDouble(0));

        PrecisionReport auto = PrecisionConverter.convert(before, PrecisionOptions.fp16().auto(true).generatedSamples(1));
        double err = check("light_squeezenet fp16 auto", before, auto, feeds, PrecisionCheck.FP16_RTOL, PrecisionCheck.FP16_ATOL);
        assertTrue(err < 1e-4, "what overflows is float32; the rest is exact enough: " + err);
        List<KeptNode> kept = auto.keptForAReason();
        assertTrue(kept.size() >= 8 && kept.size() <= 12, auto.lines().toString());
        for (KeptNode k : kept) {
            assertEquals(KeptNode.Reason.AUTO, k.reason());
            assertTrue(k.detail().contains("Inf/NaN"), k.toString());
        }
        assertTrue(auto.nodesConverted() > 60, auto.summary());
    }

    @Test
    void shufflenetInFloat16() throws IOException {
        Path p = Corpus.onnxBackendTests().resolve("light/light_shufflenet.onnx");
        assumeTrue(Files.isRegularFile(p), Corpus.missingMessage("onnx-backend-tests/light"));
        Model before = new OnnxImporter().read(p);
        Map<String, Tensor> feeds = RandomInputs.generate(before, Map.of(), 1);
        check("light_shufflenet fp16", before, PrecisionConverter.convert(before, PrecisionOptions.fp16()), feeds,
                PrecisionCheck.FP16_RTOL, PrecisionCheck.FP16_ATOL);
    }
}
