package dev.modelx.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ONNX Runtime Java (CPU) on the same ONNX bytes: all optimisations, intra-op threads = available processors,
 * inputs converted to OnnxTensors once.
 */
final class OrtRunner implements Runner {

    private final OrtSession session;
    private final Map<String, OnnxTensor> inputs = new LinkedHashMap<>();

    OrtRunner(byte[] onnx, Map<String, Tensor> feeds, int threads) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setIntraOpNumThreads(threads);
            o.setInterOpNumThreads(1);
            session = env.createSession(onnx, o);
        }
        for (Map.Entry<String, Tensor> e : feeds.entrySet()) {
            Tensor t = e.getValue();
            OnnxTensor ot;
            if (t.type() == DataType.FLOAT) {
                ot = OnnxTensor.createTensor(env, FloatBuffer.wrap(t.floats()), t.shape());
            } else if (t.type() == DataType.INT64) {
                ot = OnnxTensor.createTensor(env, LongBuffer.wrap(t.toLongArray()), t.shape());
            } else {
                throw new IllegalArgumentException("feed " + e.getKey() + ": type " + t.type().displayName() + " not handled");
            }
            inputs.put(e.getKey(), ot);
        }
    }

    @Override
    public String name() {
        return "onnxruntime";
    }

    @Override
    public Map<String, Tensor> run() throws OrtException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (OrtSession.Result r = session.run(inputs)) {
            for (Map.Entry<String, OnnxValue> e : r) {
                OnnxTensor t = (OnnxTensor) e.getValue();
                FloatBuffer fb = t.getFloatBuffer();
                float[] v = new float[fb.remaining()];
                fb.get(v);
                out.put(e.getKey(), Tensor.ofFloats(t.getInfo().getShape(), v));
            }
        }
        return out;
    }

    @Override
    public void close() throws OrtException {
        for (OnnxTensor t : inputs.values()) {
            t.close();
        }
        session.close();
    }
}
