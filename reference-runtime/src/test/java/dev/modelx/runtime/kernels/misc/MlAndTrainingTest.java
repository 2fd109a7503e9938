package dev.modelx.runtime.kernels.misc;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Domains;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelException;
import dev.modelx.runtime.value.Value;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.modelx.runtime.kernels.control.Graphs.runNode;
import static dev.modelx.runtime.kernels.control.Graphs.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlAndTrainingTest {

    private static Node ml(String op) {
        return Node.of(op).domain(Domains.ML);
    }

    private static Node training(String op) {
        return Node.of(op).domain(Domains.TRAINING);
    }

    @Test
    void arrayFeatureExtractorPicksLastAxis() {
        Tensor z = tensor(runNode(ml("ArrayFeatureExtractor").inputs("x", "i").outputs("z"), 17,
                Tensor.ofFloats(new long[]{2, 3}, 1, 2, 3, 4, 5, 6), Tensor.ofLongs(new long[]{2}, 2, 0)).get("z"));
        assertArrayEquals(new long[]{2, 2}, z.shape());
        assertArrayEquals(new float[]{3, 1, 6, 4}, z.floats());
    }

    @Test
    void arrayFeatureExtractorRejectsBadIndex() {
        KernelException e = assertThrows(KernelException.class, () -> runNode(ml("ArrayFeatureExtractor").name("afe")
                .inputs("x", "i").outputs("z"), 17, Tensor.ofFloats(new long[]{3}, 1, 2, 3), Tensor.ofLongs(new long[]{1}, 3)));
        assertTrue(e.getMessage().contains("afe") && e.getMessage().contains("index 3"), e.getMessage());
    }

    @Test
    void binarizer() {
        Tensor y = tensor(runNode(ml("Binarizer").inputs("x").outputs("y").attr("threshold", 1f), 17,
                Tensor.ofFloats(new long[]{3}, 0.5f, 1f, 1.5f)).get("y"));
        assertArrayEquals(new float[]{0, 0, 1}, y.floats());
    }

    @Test
    void labelEncoderMapsStringsToIntsWithDefault() {
        Node n = ml("LabelEncoder").inputs("x").outputs("y").attr(Attribute.strings("keys_strings", List.of("a", "b")))
                .ints("values_int64s", 5, 6).attr("default_int64", 42L);
        Tensor y = tensor(runNode(n, 17, Tensor.ofStrings(new long[]{3}, "b", "z", "a")).get("y"));
        assertArrayEquals(new long[]{6, 42, 5}, y.longs());
    }

    @Test
    void labelEncoderTensorAttributesAndNanKeys() {
        Node n = ml("LabelEncoder").inputs("x").outputs("y")
                .attr("keys_tensor", Tensor.ofFloats(new long[]{2}, Float.NaN, 1f))
                .attr("values_tensor", Tensor.ofInts(new long[]{2}, 7, 8));
        Tensor y = tensor(runNode(n, 17, Tensor.ofFloats(new long[]{3}, 1f, Float.NaN, 2f)).get("y"));
        assertEquals(DataType.INT32, y.type());
        assertArrayEquals(new int[]{8, 7, -1}, y.ints());
    }

    /** One tree: x0 <= 0.5 ? leaf 0 (target 0, weight 1) : (x0 in {2, 3} ? leaf 1 (target 1, 10) : leaf 2 (target 0, 100)). */
    private static Node tree(long aggregate) {
        return ml("TreeEnsemble").inputs("x").outputs("y").attr("n_targets", 2L).attr("aggregate_function", aggregate)
                .ints("tree_roots", 0).ints("nodes_featureids", 0, 0)
                .attr("nodes_modes", Tensor.of(DataType.UINT8, new long[]{2}, new byte[]{0, 6}))
                .attr("nodes_splits", Tensor.ofFloats(new long[]{2}, 0.5f, 0f))
                .ints("nodes_truenodeids", 0, 1).ints("nodes_trueleafs", 1, 1)
                .ints("nodes_falsenodeids", 1, 2).ints("nodes_falseleafs", 0, 1)
                .ints("leaf_targetids", 0, 1, 0).attr("leaf_weights", Tensor.ofFloats(new long[]{3}, 1, 10, 100))
                .attr("membership_values", Tensor.ofFloats(new long[]{2}, 2, 3));
    }

    @Test
    void treeEnsembleWalksBranchesAndMembership() {
        Tensor y = tensor(runNode(tree(1), 17, Tensor.ofFloats(new long[]{3, 1}, 0f, 3f, 7f)).get("y"));
        assertArrayEquals(new long[]{3, 2}, y.shape());
        assertArrayEquals(new float[]{1, 0, 0, 10, 100, 0}, y.floats());
    }

    @Test
    void treeEnsembleRejectsBadFeature() {
        Node n = tree(1).name("te");
        n.ints("nodes_featureids", 0, 4);
        KernelException e = assertThrows(KernelException.class, () -> runNode(n, 17, Tensor.ofFloats(new long[]{1, 1}, 0f)));
        assertTrue(e.getMessage().contains("te") && e.getMessage().contains("feature 4"), e.getMessage());
    }

    @Test
    void momentumStandardAndNesterov() {
        // R=0.1, T=1, X=1, G=2, V=3, alpha=0.5, beta=0.25, norm=0: V_new = 1.5 + 0.5 = 2
        Object[] feeds = {Tensor.scalar(0.1f), Tensor.scalar(1L), Tensor.ofFloats(new long[]{1}, 1),
                Tensor.ofFloats(new long[]{1}, 2), Tensor.ofFloats(new long[]{1}, 3)};
        Node std = training("Momentum").inputs("r", "t", "x", "g", "v").outputs("xn", "vn").attr("alpha", 0.5f)
                .attr("beta", 0.25f).attr("norm_coefficient", 0f).attr("mode", "standard");
        Map<String, Value> r = runNode(std, 17, feeds);
        assertEquals(0.8f, tensor(r.get("xn")).floats()[0], 1e-6);
        assertEquals(2f, tensor(r.get("vn")).floats()[0], 1e-6);
        Node nes = training("Momentum").inputs("r", "t", "x", "g", "v").outputs("xn", "vn").attr("alpha", 0.5f)
                .attr("beta", 0.25f).attr("norm_coefficient", 0f).attr("mode", "nesterov");
        // X_new = 1 - 0.1 * (2 + 0.5 * 2) = 0.7
        assertEquals(0.7f, tensor(runNode(nes, 17, feeds).get("xn")).floats()[0], 1e-6);
    }

    @Test
    void adagradAndAdam() {
        // Adagrad: r = 0.1, G_reg = 2, H_new = 1 + 4 = 5, X_new = 1 - 0.1 * 2 / sqrt(5)
        Node ada = training("Adagrad").inputs("r", "t", "x", "g", "h").outputs("xn", "hn");
        Map<String, Value> r = runNode(ada, 17, Tensor.scalar(0.1f), Tensor.scalar(0L), Tensor.ofFloats(new long[]{1}, 1),
                Tensor.ofFloats(new long[]{1}, 2), Tensor.ofFloats(new long[]{1}, 1));
        assertEquals(1 - 0.2 / Math.sqrt(5), tensor(r.get("xn")).floats()[0], 1e-6);
        assertEquals(5f, tensor(r.get("hn")).floats()[0], 1e-6);
        // Adam, T=0: V = 0.1*2... with alpha 0.5, beta 0.5: V = 0.5*0 + 0.5*2 = 1, H = 0.5*0 + 0.5*4 = 2,
        // X = 1 - 0.1 * 1 / sqrt(2)
        Node adam = training("Adam").inputs("r", "t", "x", "g", "v", "h").outputs("xn", "vn", "hn").attr("alpha", 0.5f)
                .attr("beta", 0.5f);
        r = runNode(adam, 17, Tensor.scalar(0.1f), Tensor.scalar(0L), Tensor.ofFloats(new long[]{1}, 1),
                Tensor.ofFloats(new long[]{1}, 2), Tensor.ofFloats(new long[]{1}, 0), Tensor.ofFloats(new long[]{1}, 0));
        assertEquals(1 - 0.1 / Math.sqrt(2), tensor(r.get("xn")).floats()[0], 1e-6);
        assertEquals(1f, tensor(r.get("vn")).floats()[0], 1e-6);
        assertEquals(2f, tensor(r.get("hn")).floats()[0], 1e-6);
    }

    @Test
    void optimizerRejectsMismatchedShapes() {
        Node ada = training("Adagrad").name("opt").inputs("r", "t", "x", "g", "h").outputs("xn", "hn");
        KernelException e = assertThrows(KernelException.class, () -> runNode(ada, 17, Tensor.scalar(0.1f), Tensor.scalar(0L),
                Tensor.ofFloats(new long[]{1}, 1), Tensor.ofFloats(new long[]{2}, 2, 2), Tensor.ofFloats(new long[]{1}, 1)));
        assertTrue(e.getMessage().contains("opt") && e.getMessage().contains("differ"), e.getMessage());
    }
}
