package dev.modelx.conformance.realmodels;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Dim;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.inspect.ModelSummary;
import dev.modelx.graph.validate.ModelValidator;
import dev.modelx.importer.onnx.OnnxImporter;
import dev.modelx.runtime.KernelRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * all-MiniLM-L6-v2 (sentence-transformers, exported by PyTorch 2.0.1 at op set 11) and its dynamically quantised
 * variant (onnxruntime.quantization: DynamicQuantizeLinear + MatMulInteger), as shipped inside the langchain4j
 * embedding jars: inspect and check them, then run each on the reference runtime and on ONNX Runtime with the same
 * inputs (batch 2, sequence 16, one row padded) and require the output, and every intermediate tensor of the graph,
 * to agree within rtol 1e-4, atol 1e-4. A kernel missing from, or disagreeing in, the reference runtime fails the
 * test (never skips it), naming the op or the first diverging value.
 */
class MiniLmTest {

    static final String FP32 = "all-minilm-l6-v2.onnx";
    static final String QUANTISED = "all-minilm-l6-v2-q.onnx";
    static final List<String> INPUTS = List.of("input_ids", "attention_mask", "token_type_ids");
    static final int BATCH = 2;
    static final int SEQ = 16;
    static final int VOCAB = 30522;

    @TempDir
    static Path tmp;
    static Path fp32File;
    static Path quantisedFile;

    @BeforeAll
    static void copyModels() {
        fp32File = OrtOracle.resourceToTempFile(FP32, tmp);
        quantisedFile = OrtOracle.resourceToTempFile(QUANTISED, tmp);
    }

    // ---- inspect and check ----

    @Test
    void inspectAndCheckFp32() throws IOException {
        Model m = new OnnxImporter().read(fp32File);
        Map<String, Object> s = ModelSummary.of(m, FP32);
        System.out.print(ModelSummary.text(s));
        assertCommonFacts(m, s);
        assertEquals("pytorch 2.0.1", s.get("producer"));
        assertEquals(637, s.get("nodes"));
        Map<String, Integer> ops = histogram(s);
        assertEquals(48, ops.get("MatMul"), "8 per layer: Q, K, V, attention out, 2 FFN, QK^T, AV");
        assertEquals(6, ops.get("Erf"), "one exact GELU per layer");
        assertEquals(6, ops.get("Softmax"));
        assertEquals(13, ops.get("Sqrt"), "13 LayerNorms: embeddings + 2 per layer");
        assertEquals(List.of(), ops.keySet().stream().filter(op -> op.contains("Integer") || op.contains("Quantize")).toList());
        assertEquals(102, s.get("initializers"));
        // 22,565,376 float weights (BERT-MiniLM L6 H384 without the pooler; with the pooler's 147,840 it is the
        // usual "22.7M") plus the int64[1,512] position_ids buffer.
        assertEquals(22_565_888L, s.get("parameters"));
        assertEquals(22_565_376L, floatParameters(m));
        assertEquals(90_265_600L, s.get("parameter_bytes"));
        assertEquals(List.of(), ModelValidator.problems(m));
    }

    @Test
    void inspectAndCheckQuantised() throws IOException {
        Model m = new OnnxImporter().read(quantisedFile);
        Map<String, Object> s = ModelSummary.of(m, QUANTISED);
        System.out.print(ModelSummary.text(s));
        assertCommonFacts(m, s);
        assertEquals("onnx.quantize 0.1.0", s.get("producer"));
        assertEquals(Map.of("onnx.infer", "onnxruntime.quant"), s.get("metadata"));
        assertEquals(772, s.get("nodes"));
        Map<String, Integer> ops = histogram(s);
        assertEquals(36, ops.get("MatMulInteger"), "the 36 weight MatMuls (6 layers x Q, K, V, out, 2 FFN) are quantised");
        assertEquals(24, ops.get("DynamicQuantizeLinear"), "one per distinct activation fed to MatMulInteger");
        assertEquals(12, ops.get("MatMul"), "the 12 activation x activation attention products stay float");
        assertEquals(3, ops.get("DequantizeLinear"), "the quantised embedding tables are dequantised");
        assertEquals(6, ops.get("Erf"));
        assertEquals(180, s.get("initializers"));
        assertEquals(22_607_366L, s.get("parameters"));
        assertEquals(22_765_327L, s.get("parameter_bytes"), "int8/uint8 weights: about a quarter of the fp32 bytes");
        assertEquals(List.of(), ModelValidator.problems(m));
    }

    private static void assertCommonFacts(Model m, Map<String, Object> s) {
        assertEquals("onnx", s.get("format"));
        assertEquals(6L, ((Number) s.get("ir_version")).longValue());
        assertEquals(Map.of("ai.onnx", 11L), ((Map<?, ?>) s.get("opsets")).entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toString(), e -> ((Number) e.getValue()).longValue())));
        assertEquals(0, s.get("nodes_in_subgraphs"));
        assertEquals(List.of(), s.get("functions"));
        List<ValueInfo> in = m.graph().feedInputs();
        assertEquals(INPUTS, in.stream().map(ValueInfo::name).toList());
        for (ValueInfo v : in) {
            Type.TensorType tt = assertInstanceOf(Type.TensorType.class, v.type(), v.name());
            assertEquals(DataType.INT64, tt.elementType(), v.name());
            assertEquals(List.of(Dim.symbolic("batch_size"), Dim.symbolic("sequence_length")), tt.shape().dims(), v.name());
        }
        assertEquals(1, m.graph().outputs().size());
        ValueInfo out = m.graph().outputs().get(0);
        assertEquals("last_hidden_state", out.name());
        Type.TensorType ot = assertInstanceOf(Type.TensorType.class, out.type());
        assertEquals(DataType.FLOAT, ot.elementType());
        assertEquals(List.of(Dim.symbolic("batch_size"), Dim.symbolic("sequence_length"), Dim.of(384)), ot.shape().dims());
        Map<String, Integer> ops = histogram(s);
        assertTrue(ops.containsKey("MatMul"), "op histogram has MatMul: " + ops);
        assertEquals(52, ops.get("Gather"));
        assertEquals(26, ops.get("ReduceMean"), "2 per LayerNorm");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> histogram(Map<String, Object> s) {
        return (Map<String, Integer>) s.get("op_histogram");
    }

    private static long floatParameters(Model m) {
        return m.graph().initializers().values().stream().filter(t -> t.type() == DataType.FLOAT).mapToLong(Tensor::size).sum();
    }

    // ---- reference runtime against ONNX Runtime ----

    @Test
    void fp32MatchesOnnxRuntime() throws Exception {
        compareWithOrt(FP32, fp32File);
    }

    @Test
    void quantisedMatchesOnnxRuntime() throws Exception {
        compareWithOrt(QUANTISED, quantisedFile);
    }

    /** The contract above: a kernel the reference runtime lacks is a test failure naming the op, never a skip. */
    @Test
    void aMissingKernelFailsNamingTheOp() {
        KernelRegistry lacking = DualRun.defaultKernelsWithout("MatMulInteger");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> compareWithOrt(QUANTISED, quantisedFile, lacking));
        System.out.println("[MiniLM] with MatMulInteger removed from the kernels the test fails with: " + e.getMessage());
        assertTrue(e.getMessage().contains("the reference runtime cannot run " + QUANTISED) && e.getMessage().contains("MatMulInteger"),
                e.getMessage());
    }

    /**
     * Batch 2, sequence 16: [CLS] ids... [SEP], ids drawn from the vocabulary; the second row is padded (ids 0,
     * attention mask 0) after 11 tokens; the first row has two segments (token types 0 then 1).
     */
    static Map<String, Tensor> inputs() {
        Random r = new Random(20240611L);
        long[] ids = new long[BATCH * SEQ];
        long[] mask = new long[BATCH * SEQ];
        long[] types = new long[BATCH * SEQ];
        int[] lengths = {SEQ, 11};
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < SEQ; t++) {
                int i = b * SEQ + t;
                if (t >= lengths[b]) {
                    continue; // [PAD] = 0, mask 0, type 0
                }
                mask[i] = 1;
                ids[i] = t == 0 ? 101 : t == lengths[b] - 1 ? 102 : 1000 + r.nextInt(VOCAB - 1000);
                types[i] = b == 0 && t >= SEQ / 2 ? 1 : 0;
            }
        }
        long[] shape = {BATCH, SEQ};
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        feeds.put("input_ids", Tensor.ofLongs(shape, ids));
        feeds.put("attention_mask", Tensor.ofLongs(shape, mask));
        feeds.put("token_type_ids", Tensor.ofLongs(shape, types));
        return feeds;
    }

    private static void compareWithOrt(String name, Path file) throws IOException, OrtException {
        compareWithOrt(name, file, null);
    }

    private static void compareWithOrt(String name, Path file, KernelRegistry registry) throws IOException, OrtException {
        Map<String, Tensor> feeds = inputs();
        Model model = new OnnxImporter().read(file);

        // Both runtimes, every graph output and every intermediate tensor compared.
        DualRun r = DualRun.of(file, model, feeds, true, registry);
        if (r.referenceError != null) {
            fail("the reference runtime cannot run " + name + ": " + r.referenceError);
        }
        if (r.oracleError != null) {
            fail("ONNX Runtime cannot run " + name + ": " + r.oracleError);
        }
        assertEquals("", r.intermediatesNote, name + ": ORT should return the intermediates");

        // ORT timed on the plain model (graph outputs only), once warm: the comparison above built the same model.
        double ortCreate, ortRun;
        Map<String, Tensor> plain;
        long t0 = System.nanoTime();
        try (OrtSession.SessionOptions o = OrtOracle.options();
             OrtSession ort = OrtOracle.env().createSession(file.toString(), o)) {
            long t1 = System.nanoTime();
            plain = OrtOracle.run(ort, feeds);
            ortCreate = (t1 - t0) / 1e9;
            ortRun = (System.nanoTime() - t1) / 1e9;
        }

        System.out.printf("[MiniLM] %s: max |ours-ORT| on last_hidden_state %.3g; over the output and %d intermediates the worst"
                        + " used %.1f%% of the tolerance (%s); reference runtime session+run %.2f s (capturing intermediates);"
                        + " ORT session %.2f s, run %.3f s%n", name, r.maxOutputError(), r.intermediates.size(),
                100 * r.worstToleranceUse(), r.worst().map(c -> c.name() + ", max |a-b| " + String.format("%.3g", c.maxAbsError())).orElse("-"),
                r.oursSeconds, ortCreate, ortRun);
        r.outputs.forEach(c -> System.out.println("  " + c));

        assertEquals(List.of("last_hidden_state"), List.copyOf(r.ours.keySet()));
        assertEquals(List.of("last_hidden_state"), List.copyOf(plain.keySet()));
        OrtOracle.Comparison vsPlain = OrtOracle.compare("last_hidden_state", r.ours.get("last_hidden_state"), plain.get("last_hidden_state"));
        assertTrue(vsPlain.matches(), name + ": reference runtime disagrees with ONNX Runtime (plain model) on " + vsPlain);
        assertTrue(r.outputsMatch(), name + ": reference runtime disagrees with ONNX Runtime: " + r.mismatches());
        assertTrue(r.intermediates.size() > 400, name + ": intermediates compared: " + r.intermediates.size());
        assertTrue(r.allMatch(), name + ": outputs agree but an intermediate does not: " + r.mismatches());
        assertSane(name, r.ours.get("last_hidden_state"));
    }

    /** The embedding is finite and not degenerate: 2 x 16 x 384 values with a real spread. */
    private static void assertSane(String name, Tensor t) {
        assertEquals(List.of(2L, 16L, 384L), java.util.Arrays.stream(t.shape()).boxed().toList(), name);
        float[] v = t.floats();
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (float x : v) {
            assertTrue(Float.isFinite(x), name + ": non-finite output");
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        assertTrue(max - min > 1, name + ": output spread " + min + ".." + max);
    }
}
