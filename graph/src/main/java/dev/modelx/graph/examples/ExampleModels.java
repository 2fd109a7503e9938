package dev.modelx.graph.examples;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;

import java.util.Random;

/**
 * Small models that modelx builds itself with the graph API, for the README's first command, the
 * tests and the benchmarks: no third-party file is needed. Weights are drawn from a fixed seed so every
 * build produces the same bytes.
 */
public final class ExampleModels {

    public static final long OPSET = 17;

    private ExampleModels() {
    }

    /** A small image classifier: two Conv+Relu stages, pooling, a dense layer and Softmax over 10 classes. */
    public static Model smallCnn() {
        Random rnd = new Random(42);
        Graph g = new Graph("small_cnn");
        g.input(new ValueInfo("image", dev.modelx.graph.Type.tensor(DataType.FLOAT, Shape.of("batch", 3, 32, 32))));
        g.initializer("conv1.w", weights(rnd, 8, 3, 3, 3));
        g.initializer("conv1.b", weights(rnd, 8));
        g.initializer("conv2.w", weights(rnd, 16, 8, 3, 3));
        g.initializer("conv2.b", weights(rnd, 16));
        g.initializer("fc.w", weights(rnd, 16, 10));
        g.initializer("fc.b", weights(rnd, 10));
        g.add(Node.of("Conv").name("conv1").inputs("image", "conv1.w", "conv1.b").outputs("c1")
                .ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1));
        g.add(Node.of("Relu").name("relu1").inputs("c1").outputs("r1"));
        g.add(Node.of("MaxPool").name("pool1").inputs("r1").outputs("p1").ints("kernel_shape", 2, 2).ints("strides", 2, 2));
        g.add(Node.of("Conv").name("conv2").inputs("p1", "conv2.w", "conv2.b").outputs("c2")
                .ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1));
        g.add(Node.of("Relu").name("relu2").inputs("c2").outputs("r2"));
        g.add(Node.of("GlobalAveragePool").name("gap").inputs("r2").outputs("gap"));
        g.add(Node.of("Flatten").name("flatten").inputs("gap").outputs("flat").attr("axis", 1L));
        g.add(Node.of("Gemm").name("fc").inputs("flat", "fc.w", "fc.b").outputs("logits"));
        g.add(Node.of("Softmax").name("softmax").inputs("logits").outputs("probabilities").attr("axis", 1L));
        g.output(new ValueInfo("probabilities", dev.modelx.graph.Type.tensor(DataType.FLOAT, Shape.of("batch", 10))));
        return finish(g, "A small CNN built by modelx's ExampleModels.smallCnn()");
    }

    /**
     * One pre-norm transformer encoder block (hidden 32, 4 heads, MLP 64) over token embeddings:
     * LayerNorm, multi-head self-attention from MatMul/Reshape/Transpose/Softmax, residual add,
     * LayerNorm, a GELU MLP written with Erf, residual add.
     */
    public static Model transformerBlock() {
        int hidden = 32, heads = 4, headDim = hidden / heads, mlp = 64, vocab = 100;
        Random rnd = new Random(7);
        Graph g = new Graph("transformer_block");
        g.input(new ValueInfo("input_ids", dev.modelx.graph.Type.tensor(DataType.INT64, Shape.of("batch", "seq"))));
        g.initializer("embed", weights(rnd, vocab, hidden));
        g.initializer("ln1.scale", ones(hidden));
        g.initializer("ln1.bias", zeros(hidden));
        g.initializer("wq", weights(rnd, hidden, hidden));
        g.initializer("wk", weights(rnd, hidden, hidden));
        g.initializer("wv", weights(rnd, hidden, hidden));
        g.initializer("wo", weights(rnd, hidden, hidden));
        g.initializer("ln2.scale", ones(hidden));
        g.initializer("ln2.bias", zeros(hidden));
        g.initializer("w1", weights(rnd, hidden, mlp));
        g.initializer("w2", weights(rnd, mlp, hidden));
        g.initializer("heads_shape", Tensor.ofLongs(new long[]{4}, 0, 0, heads, headDim));
        g.initializer("merge_shape", Tensor.ofLongs(new long[]{3}, 0, 0, hidden));
        g.initializer("scale", Tensor.scalar((float) Math.sqrt(headDim)));
        g.initializer("sqrt2", Tensor.scalar((float) Math.sqrt(2)));
        g.initializer("one", Tensor.scalar(1f));
        g.initializer("half", Tensor.scalar(0.5f));

        g.add(Node.of("Gather").name("embedding").inputs("embed", "input_ids").outputs("x0"));
        g.add(Node.of("LayerNormalization").name("ln1").inputs("x0", "ln1.scale", "ln1.bias").outputs("h1").attr("axis", -1L));
        for (String p : new String[]{"q", "k", "v"}) {
            g.add(Node.of("MatMul").name(p + "_proj").inputs("h1", "w" + p).outputs(p));
            g.add(Node.of("Reshape").name(p + "_split_heads").inputs(p, "heads_shape").outputs(p + "_4d"));
            long[] perm = p.equals("k") ? new long[]{0, 2, 3, 1} : new long[]{0, 2, 1, 3};
            g.add(Node.of("Transpose").name(p + "_transpose").inputs(p + "_4d").outputs(p + "_t").ints("perm", perm));
        }
        g.add(Node.of("MatMul").name("scores").inputs("q_t", "k_t").outputs("scores"));
        g.add(Node.of("Div").name("scale_scores").inputs("scores", "scale").outputs("scaled"));
        g.add(Node.of("Softmax").name("attention_probs").inputs("scaled").outputs("probs").attr("axis", -1L));
        g.add(Node.of("MatMul").name("context").inputs("probs", "v_t").outputs("ctx"));
        g.add(Node.of("Transpose").name("merge_transpose").inputs("ctx").outputs("ctx_t").ints("perm", 0, 2, 1, 3));
        g.add(Node.of("Reshape").name("merge_heads").inputs("ctx_t", "merge_shape").outputs("ctx_merged"));
        g.add(Node.of("MatMul").name("out_proj").inputs("ctx_merged", "wo").outputs("attn"));
        g.add(Node.of("Add").name("residual1").inputs("x0", "attn").outputs("x1"));
        g.add(Node.of("LayerNormalization").name("ln2").inputs("x1", "ln2.scale", "ln2.bias").outputs("h2").attr("axis", -1L));
        g.add(Node.of("MatMul").name("mlp_up").inputs("h2", "w1").outputs("u"));
        g.add(Node.of("Div").name("gelu_div").inputs("u", "sqrt2").outputs("u_s"));
        g.add(Node.of("Erf").name("gelu_erf").inputs("u_s").outputs("u_erf"));
        g.add(Node.of("Add").name("gelu_add").inputs("u_erf", "one").outputs("u_p"));
        g.add(Node.of("Mul").name("gelu_mul").inputs("u", "u_p").outputs("u_m"));
        g.add(Node.of("Mul").name("gelu_half").inputs("u_m", "half").outputs("gelu"));
        g.add(Node.of("MatMul").name("mlp_down").inputs("gelu", "w2").outputs("d"));
        g.add(Node.of("Add").name("residual2").inputs("x1", "d").outputs("hidden_states"));
        g.output(new ValueInfo("hidden_states", dev.modelx.graph.Type.tensor(DataType.FLOAT, Shape.of("batch", "seq", hidden))));
        return finish(g, "A transformer encoder block built by modelx's ExampleModels.transformerBlock()");
    }

    private static Model finish(Graph g, String doc) {
        Model m = Model.of(g, OPSET).irVersion(8).producerName("modelx").producerVersion("examples").docString(doc);
        return m.resolveOpsetVersions();
    }

    private static Tensor weights(Random rnd, long... shape) {
        int n = (int) Tensor.elementCount(shape);
        float[] w = new float[n];
        double scale = 1.0 / Math.sqrt(shape.length > 1 ? n / shape[0] : n);
        for (int i = 0; i < n; i++) {
            w[i] = (float) (rnd.nextGaussian() * scale);
        }
        return Tensor.ofFloats(shape, w);
    }

    private static Tensor ones(int n) {
        float[] w = new float[n];
        java.util.Arrays.fill(w, 1f);
        return Tensor.ofFloats(new long[]{n}, w);
    }

    private static Tensor zeros(int n) {
        return Tensor.ofFloats(new long[]{n}, new float[n]);
    }
}
