package dev.modelx.importer.paddle;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.io.Corpus;
import dev.modelx.graph.io.Formats;
import dev.modelx.runtime.Session;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * fastdeploy-ppocrv3-det: modelx's import of the Paddle program, run on the reference runtime, against ONNX Runtime
 * running model.onnx (Paddle2ONNX's conversion of the same model) on the same input; rtol 1e-4, atol 1e-4.
 */
class OnnxRuntimeCrossCheckTest {

    @Test
    void ppocrV3DetMatchesOnnxRuntime() throws Exception {
        Path dir = Corpus.root().resolve("models/paddle/fastdeploy-ppocrv3-det");
        Assumptions.assumeTrue(Files.isDirectory(dir), Corpus.missingMessage("models/paddle/fastdeploy-ppocrv3-det"));
        Model paddle = Formats.detect(dir).orElseThrow().read(dir);
        long[] shape = {1, 3, 96, 128};
        Tensor x = PaddleCorpusTest.randomFloats(shape, 42);
        Tensor ours;
        try (Session s = Session.create(paddle)) {
            ours = s.runTensors(Map.of(paddle.graph().inputs().get(0).name(), x)).values().iterator().next();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] theirs;
        long[] theirShape;
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            try (OrtSession ort = env.createSession(dir.resolve("model.onnx").toString(), o);
                 OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()), shape);
                 OrtSession.Result r = ort.run(Map.of(ort.getInputNames().iterator().next(), in))) {
                OnnxTensor out = (OnnxTensor) r.get(0);
                theirShape = out.getInfo().getShape();
                FloatBuffer fb = out.getFloatBuffer();
                theirs = new float[fb.remaining()];
                fb.get(theirs);
            }
        }
        assertArrayEquals(theirShape, ours.shape());
        float[] a = ours.toFloatArray();
        double maxAbs = 0;
        int bad = -1;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - theirs[i]);
            maxAbs = Math.max(maxAbs, d);
            if (bad < 0 && d > 1e-4 + 1e-4 * Math.abs(theirs[i])) {
                bad = i;
            }
        }
        System.out.println("fastdeploy-ppocrv3-det: reference runtime vs ONNX Runtime " + env.getVersion() + ", output "
                + java.util.Arrays.toString(theirShape) + ", max abs diff " + maxAbs);
        int at = bad;
        assertTrue(bad < 0, () -> "element " + at + ": " + a[at] + " vs ORT " + theirs[at]);
    }
}
