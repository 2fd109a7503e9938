package dev.modelx.passes.precision;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;

import java.util.Random;

/** Small models built in code for the precision tests. */
final class Models {

    static final DataType F = DataType.FLOAT;

    private Models() {
    }

    static Model model(Graph g) {
        return model(g, 17);
    }

    static Model model(Graph g, long opset) {
        return Model.of(g, opset).irVersion(8).resolveOpsetVersions();
    }

    static Tensor floats(long[] shape, float... v) {
        return Tensor.ofFloats(shape, v);
    }

    static Tensor random(long seed, double scale, long... shape) {
        Random r = new Random(seed);
        float[] v = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return Tensor.ofFloats(shape, v);
    }

    /**
     * x [2, 8] -> Mul by 1e5 ('scale_up') -> Div by 1e5 ('scale_down') -> Add bias ('bias') -> Mul by 0.5 ('half') -> y.
     * The intermediate x * 1e5 overflows float16 (largest finite 65504) for |x| > 0.66.
     */
    static Model hugeIntermediate() {
        Graph g = new Graph("huge_intermediate");
        g.input("x", F, 2, 8);
        g.initializer("big", Tensor.scalar(1e5f));
        g.initializer("b", random(3, 0.5, 8));
        g.initializer("h", Tensor.scalar(0.5f));
        g.add(Node.of("Mul").name("scale_up").inputs("x", "big").outputs("huge"));
        g.add(Node.of("Div").name("scale_down").inputs("huge", "big").outputs("back"));
        g.add(Node.of("Add").name("bias").inputs("back", "b").outputs("shifted"));
        g.add(Node.of("Mul").name("half").inputs("shifted", "h").outputs("y"));
        g.output("y", F, 2, 8);
        return model(g);
    }

    /** x [3] -> Add w ('add') -> Tanh ('tanh') -> y; Mul by k ('mul') -> z. */
    static Model twoOutputs() {
        Graph g = new Graph("two_outputs");
        g.input("x", F, 3);
        g.initializer("w", floats(new long[]{3}, 0.5f, -1.25f, 2f));
        g.initializer("k", floats(new long[]{3}, 3f, 0.1f, -0.7f));
        g.add(Node.of("Add").name("add").inputs("x", "w").outputs("a"));
        g.add(Node.of("Tanh").name("tanh").inputs("a").outputs("y"));
        g.add(Node.of("Mul").name("mul").inputs("a", "k").outputs("z"));
        g.output("y", F, 3);
        g.output("z", F, 3);
        return model(g);
    }

    /**
     * If on a bool input: then x * w + 1, else x - w (captured outer x and w); after the If, Add x and a
     * Softmax.
     */
    static Model ifModel() {
        Graph g = new Graph("if_model");
        g.input("cond", DataType.BOOL);
        g.input("x", F, 2, 4);
        g.initializer("w", random(5, 1, 4));
        Graph then = new Graph("then");
        then.initializer("one", Tensor.scalar(1f));
        then.add(Node.of("Mul").name("then_mul").inputs("x", "w").outputs("tm"));
        then.add(Node.of("Add").name("then_add").inputs("tm", "one").outputs("then_out"));
        then.output("then_out", F, 2, 4);
        Graph otherwise = new Graph("else");
        otherwise.add(Node.of("Sub").name("else_sub").inputs("x", "w").outputs("else_out"));
        otherwise.output("else_out", F, 2, 4);
        g.add(Node.of("If").name("branch").inputs("cond").outputs("picked").attr("then_branch", then).attr("else_branch", otherwise));
        g.add(Node.of("Add").name("residual").inputs("picked", "x").outputs("r"));
        g.add(Node.of("Softmax").name("softmax").inputs("r").outputs("y").attr("axis", -1L));
        g.output("y", F, 2, 4);
        return model(g);
    }

    /**
     * Loop 3 times over a carried acc [2] (starting at x): acc = tanh(acc * k + w) with k, w outer weights; the
     * body also emits acc * 2 as a scan output. y = final + x.
     */
    static Model loopModel() {
        Graph g = new Graph("loop_model");
        g.input("x", F, 2);
        g.initializer("trips", Tensor.scalar(3L));
        g.initializer("go", Tensor.ofBooleans(new long[0], true));
        g.initializer("k", floats(new long[]{2}, 0.9f, -1.1f));
        g.initializer("w", floats(new long[]{2}, 0.25f, 0.5f));
        Graph body = new Graph("body");
        body.input(ValueInfo.tensor("i", DataType.INT64));
        body.input(ValueInfo.tensor("c", DataType.BOOL));
        body.input(ValueInfo.tensor("acc", F, 2));
        body.initializer("two", Tensor.scalar(2f));
        body.add(Node.of("Mul").name("body_mul").inputs("acc", "k").outputs("m"));
        body.add(Node.of("Add").name("body_add").inputs("m", "w").outputs("s"));
        body.add(Node.of("Tanh").name("body_tanh").inputs("s").outputs("acc_out"));
        body.add(Node.of("Mul").name("body_double").inputs("acc_out", "two").outputs("scan"));
        body.add(Node.of("Identity").name("body_cond").inputs("c").outputs("c_out"));
        body.output(ValueInfo.tensor("c_out", DataType.BOOL));
        body.output(ValueInfo.tensor("acc_out", F, 2));
        body.output(ValueInfo.tensor("scan", F, 2));
        g.add(Node.of("Loop").name("loop").inputs("trips", "go", "x").outputs("final", "scans").attr("body", body));
        g.add(Node.of("Add").name("after").inputs("final", "x").outputs("y"));
        g.output("y", F, 2);
        g.output("scans", F, 3, 2);
        return model(g);
    }

    /** Like {@link #hugeIntermediate} inside an If's then-branch; the else-branch is x + b. */
    static Model hugeIntermediateInIf() {
        Graph g = new Graph("huge_in_if");
        g.input("cond", DataType.BOOL);
        g.input("x", F, 2, 8);
        g.initializer("big", Tensor.scalar(1e5f));
        g.initializer("b", random(3, 0.5, 8));
        Graph then = new Graph("then");
        then.add(Node.of("Mul").name("scale_up").inputs("x", "big").outputs("huge"));
        then.add(Node.of("Div").name("scale_down").inputs("huge", "big").outputs("back"));
        then.add(Node.of("Add").name("then_bias").inputs("back", "b").outputs("then_out"));
        then.output("then_out", F, 2, 8);
        Graph otherwise = new Graph("else");
        otherwise.add(Node.of("Add").name("else_bias").inputs("x", "b").outputs("else_out"));
        otherwise.output("else_out", F, 2, 8);
        g.add(Node.of("If").name("branch").inputs("cond").outputs("picked").attr("then_branch", then).attr("else_branch", otherwise));
        g.add(Node.of("Tanh").name("act").inputs("picked").outputs("y"));
        g.output("y", F, 2, 8);
        return model(g);
    }

    /** Scan over xs [3, 2] with state s [2]: s = s * k + x, emitting tanh(s) per step. */
    static Model scanModel() {
        Graph g = new Graph("scan_model");
        g.input("s0", F, 2);
        g.input("xs", F, 3, 2);
        g.initializer("k", floats(new long[]{2}, 0.5f, -0.75f));
        Graph body = new Graph("scan_body");
        body.input(ValueInfo.tensor("s", F, 2));
        body.input(ValueInfo.tensor("x", F, 2));
        body.add(Node.of("Mul").name("scan_mul").inputs("s", "k").outputs("sk"));
        body.add(Node.of("Add").name("scan_add").inputs("sk", "x").outputs("s_out"));
        body.add(Node.of("Tanh").name("scan_tanh").inputs("s_out").outputs("y"));
        body.output(ValueInfo.tensor("s_out", F, 2));
        body.output(ValueInfo.tensor("y", F, 2));
        g.add(Node.of("Scan").name("scan").inputs("s0", "xs").outputs("s_final", "ys").attr("body", body)
                .attr("num_scan_inputs", 1L));
        g.output("s_final", F, 2);
        g.output("ys", F, 3, 2);
        return model(g);
    }
}
