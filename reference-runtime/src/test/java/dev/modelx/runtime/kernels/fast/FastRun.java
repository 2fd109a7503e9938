package dev.modelx.runtime.kernels.fast;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.runtime.KernelRegistry;
import dev.modelx.runtime.Kernels;
import dev.modelx.runtime.Session;
import dev.modelx.runtime.SessionOptions;
import dev.modelx.runtime.kernels.FastKernels;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One-node runs on a chosen kernel registry, random tensors, and the comparison of a fast result with the plain
 * (reference) one.
 *
 * <p>Tolerance: the fast kernels sum a dot product of depth K in float with one fused multiply-add per term,
 * the plain kernels in double. The float sum differs from the exact one by at most gamma_K * S, with
 * gamma_K = K u / (1 - K u), u = 2^-24 and S = sum of |a_p * b_p| (Higham, Accuracy and Stability, 3.1), and the
 * plain result is the exact one rounded to float (half an ulp). So each element must satisfy
 * |fast - plain| &lt;= (K + 2) u S + ulp(plain). S is obtained by running the plain kernel on |inputs|.
 */
final class FastRun {

    static final double U = Math.scalb(1.0, -24);
    static final KernelRegistry PLAIN = Kernels.newPlainRegistry();

    private FastRun() {
    }

    static KernelRegistry fast(KernelMode mode, Parallel parallel) {
        KernelRegistry r = Kernels.newPlainRegistry();
        FastKernels.register(r, mode, parallel);
        return r;
    }

    static Node op(String type, String... inputs) {
        return Node.of(type).name("n").inputs(inputs).outputs("y");
    }

    /** Runs {@code node} alone at {@code opset} with {@code registry}; feeds are (name, tensor) pairs; returns "y". */
    static Tensor y(KernelRegistry registry, Node node, long opset, Object... feeds) {
        return all(registry, node, opset, feeds).get("y");
    }

    /** Every output of {@code node} by name. */
    static Map<String, Tensor> all(KernelRegistry registry, Node node, long opset, Object... feeds) {
        Graph g = new Graph("t");
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (int i = 0; i < feeds.length; i += 2) {
            g.input(new ValueInfo((String) feeds[i], null));
            in.put((String) feeds[i], (Tensor) feeds[i + 1]);
        }
        g.add(node);
        for (String o : node.outputs()) {
            g.output(new ValueInfo(o, null));
        }
        try (Session s = Session.create(Model.of(g, opset), SessionOptions.defaults().registry(registry))) {
            return s.runTensors(in);
        }
    }

    static Tensor random(Random r, long... shape) {
        float[] v = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return Tensor.ofFloats(shape, v);
    }

    static Tensor abs(Tensor t) {
        float[] v = t.floats().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]);
        }
        return Tensor.ofFloats(t.shape(), v);
    }

    /** Feeds with every tensor replaced by its absolute value. */
    static Object[] absFeeds(Object... feeds) {
        Object[] r = feeds.clone();
        for (int i = 1; i < r.length; i += 2) {
            r[i] = abs((Tensor) r[i]);
        }
        return r;
    }

    /** The class comment's bound, with {@code sums} the plain result on |inputs| and {@code depth} K. */
    static void assertClose(Tensor fast, Tensor plain, Tensor sums, long depth, String what) {
        assertEquals(DataType.FLOAT, fast.type(), what);
        assertArrayEquals(plain.shape(), fast.shape(), what + ": shape");
        float[] f = fast.floats();
        float[] p = plain.floats();
        float[] s = sums.floats();
        for (int i = 0; i < f.length; i++) {
            double bound = (depth + 2) * U * s[i] + Math.ulp(p[i]);
            if (!(Math.abs((double) f[i] - p[i]) <= bound)) {
                fail(what + ": element " + i + " fast " + f[i] + " plain " + p[i] + " differ by " + Math.abs((double) f[i] - p[i])
                        + " > bound " + bound);
            }
        }
    }

    static void assertBitEqual(Tensor a, Tensor b, String what) {
        assertArrayEquals(a.shape(), b.shape(), what + ": shape");
        float[] x = a.floats();
        float[] y = b.floats();
        for (int i = 0; i < x.length; i++) {
            if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                fail(what + ": element " + i + " " + x[i] + " != " + y[i]);
            }
        }
    }
}
