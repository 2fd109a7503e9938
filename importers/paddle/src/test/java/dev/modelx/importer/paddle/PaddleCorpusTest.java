package dev.modelx.importer.paddle;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.UnsupportedOpsException;
import dev.modelx.graph.io.Corpus;
import dev.modelx.graph.io.Formats;
import dev.modelx.importer.onnx.OnnxImporter;
import dev.modelx.runtime.Session;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Imports every model of models/paddle, runs those with weights, and cross-checks against their ONNX twin. */
class PaddleCorpusTest {

    private static Path model(String name) {
        Path p = Corpus.root().resolve("models/paddle/" + name);
        Assumptions.assumeTrue(Files.isDirectory(p), Corpus.missingMessage("models/paddle/" + name));
        return p;
    }

    private static Model importModel(Path p) throws Exception {
        return Formats.detect(p).orElseThrow(() -> new AssertionError("no importer claims " + p)).read(p);
    }

    static Tensor randomFloats(long[] shape, long seed) {
        Random r = new Random(seed);
        float[] a = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() * 2 - 1;
        }
        return Tensor.ofFloats(shape, a);
    }

    static double maxAbsDiff(Tensor a, Tensor b) {
        assertEquals(java.util.Arrays.toString(a.shape()), java.util.Arrays.toString(b.shape()));
        double[] x = a.toDoubleArray(), y = b.toDoubleArray();
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }

    private static Map<String, Tensor> run(Model m, Map<String, Tensor> feeds) {
        try (Session s = Session.create(m)) {
            return s.runTensors(feeds);
        }
    }

    @Test
    void fitALineRuns() throws Exception {
        Model m = importModel(model("p2o-fit-a-line"));
        String in = m.graph().inputs().get(0).name();
        Map<String, Tensor> out = run(m, Map.of(in, randomFloats(new long[] {2, 13}, 1)));
        Tensor y = out.values().iterator().next();
        assertEquals(2, y.shape()[0]);
    }

    @Test
    void simpleModelRuns() throws Exception {
        Model m = importModel(model("lite-simple-model"));
        String in = m.graph().inputs().get(0).name();
        long[] shape = concrete(m, 0, 1);
        Map<String, Tensor> out = run(m, Map.of(in, randomFloats(shape, 2)));
        System.out.println("lite-simple-model: " + in + java.util.Arrays.toString(shape) + " -> " + out.values().iterator().next());
    }

    @Test
    void resnetCifarRuns() throws Exception {
        Model m = importModel(model("lite-resnet-cifar"));
        Map<String, Tensor> out = run(m, Map.of(m.graph().inputs().get(0).name(), randomFloats(new long[] {2, 3, 32, 32}, 3)));
        Tensor probs = out.values().iterator().next();
        float[] p = probs.toFloatArray();
        double rowSum = 0;
        for (int i = 0; i < probs.shape()[1]; i++) {
            rowSum += p[i];
        }
        assertEquals(1.0, rowSum, 1e-4, "softmax output rows sum to 1");
    }

    @Test
    void ppocrV3DetMatchesItsOnnxConversion() throws Exception {
        Path dir = model("fastdeploy-ppocrv3-det");
        Model paddle = importModel(dir);
        Model onnx = new OnnxImporter().read(dir.resolve("model.onnx"));
        Tensor x = randomFloats(new long[] {1, 3, 64, 96}, 4);
        Tensor a = run(paddle, Map.of(paddle.graph().inputs().get(0).name(), x)).values().iterator().next();
        Tensor b = run(onnx, Map.of(onnx.graph().feedInputs().get(0).name(), x)).values().iterator().next();
        double d = maxAbsDiff(a, b);
        System.out.println("fastdeploy-ppocrv3-det vs model.onnx: max abs diff " + d);
        double[] av = a.toDoubleArray(), bv = b.toDoubleArray();
        for (int i = 0; i < av.length; i++) {
            assertTrue(Math.abs(av[i] - bv[i]) <= 1e-4 + 1e-4 * Math.abs(bv[i]), "element " + i + ": " + av[i] + " vs " + bv[i]);
        }
    }

    @Test
    void ocrDetV1Runs() throws Exception {
        Model m = importModel(model("serving-ocr-det-v1"));
        Tensor y = run(m, Map.of(m.graph().inputs().get(0).name(), randomFloats(new long[] {1, 3, 640, 640}, 5))).values().iterator().next();
        assertEquals(4, y.rank());
        for (double v : y.toDoubleArray()) {
            assertTrue(v >= 0 && v <= 1, "sigmoid map in [0, 1]: " + v);
        }
    }

    @Test
    void ctrDnnWithLodInputsRuns() throws Exception {
        Model m = importModel(model("serving-ctr-dnn"));
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (var in : m.graph().feedInputs()) {
            String n = in.name();
            if (n.endsWith(".lod0")) {
                feeds.put(n, Tensor.ofLongs(new long[] {3}, 0, 2, 5));
            } else if (n.equals("dense_input")) {
                feeds.put(n, randomFloats(new long[] {2, 13}, 6));
            } else {
                feeds.put(n, randomFloats(new long[] {5, 10}, n.hashCode()));
            }
        }
        Tensor y = run(m, feeds).values().iterator().next();
        assertEquals("[2, 2]", java.util.Arrays.toString(y.shape()));
    }

    @Test
    void tinyFillConstantFromShapeTensor() throws Exception {
        Model m = importModel(model("lite-unittest-tiny"));
        var in = m.graph().feedInputs().get(0);
        DataType t = ((dev.modelx.graph.Type.TensorType) in.type()).elementType();
        Tensor shape = t == DataType.INT32 ? Tensor.ofInts(new long[] {4}, 2, 3, 1, 2) : Tensor.ofLongs(new long[] {4}, 2, 3, 1, 2);
        Tensor y = run(m, Map.of(in.name(), shape)).values().iterator().next();
        assertEquals("[2, 3, 1, 2]", java.util.Arrays.toString(y.shape()));
        System.out.println("lite-unittest-tiny: " + y);
    }

    @Test
    void customGapFailsNamingTheOp() {
        Path p = model("pid-custom-gap");
        UnsupportedOpsException e = assertThrows(UnsupportedOpsException.class, () -> importModel(p));
        assertEquals(java.util.Set.of("gap"), e.ops());
        assertTrue(e.getMessage().contains("gap"), e.getMessage());
    }

    @Test
    void svtrGraphOnlyNeedsItsParams() {
        Path p = model("roc-ppocr-svtr-rec-graphonly");
        var e = assertThrows(dev.modelx.graph.ModelFormatException.class, () -> importModel(p));
        assertTrue(e.getMessage().contains("missing") || e.getMessage().contains("no params"), e.getMessage());
    }

    @Test
    void pirThresholdedReluRuns() throws Exception {
        Model m = importModel(model("p2o-pir-thresholded-relu").resolve("model.json"));
        Map<String, Tensor> out = run(m, Map.of(m.graph().inputs().get(0).name(), Tensor.scalar(2.5f)));
        assertEquals(2.5, out.values().iterator().next().getDouble(0), 1e-6);
        out = run(m, Map.of(m.graph().inputs().get(0).name(), Tensor.scalar(0.5f)));
        assertEquals(0.0, out.values().iterator().next().getDouble(0), 1e-6);
    }

    @Test
    void pirIfElseRunsBothBranches() throws Exception {
        Model m = importModel(model("p2o-pir-ifelse"));
        String a = m.graph().inputs().get(0).name(), b = m.graph().inputs().get(1).name();
        // x == 1: outputs (y * 1, y * 2); otherwise (y * 3, y * 4)
        Map<String, Tensor> t = run(m, Map.of(a, Tensor.scalar(1L), b, Tensor.scalar(5L)));
        assertEquals(java.util.List.of(5L, 10L), t.values().stream().map(v -> v.getLong(0)).toList());
        Map<String, Tensor> f = run(m, Map.of(a, Tensor.scalar(0L), b, Tensor.scalar(5L)));
        assertEquals(java.util.List.of(15L, 20L), f.values().stream().map(v -> v.getLong(0)).toList());
    }

    static long[] concrete(Model m, int input, long unknown) {
        var type = (dev.modelx.graph.Type.TensorType) m.graph().inputs().get(input).type();
        long[] s = new long[type.shape().rank()];
        for (int i = 0; i < s.length; i++) {
            s[i] = type.shape().dim(i).isStatic() ? type.shape().dim(i).value() : unknown;
        }
        return s;
    }
}
