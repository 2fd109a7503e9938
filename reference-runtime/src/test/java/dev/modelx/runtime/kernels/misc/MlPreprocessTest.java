package dev.modelx.runtime.kernels.misc;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.Domains;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelException;
import dev.modelx.runtime.value.MapValue;
import dev.modelx.runtime.value.SequenceValue;
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

class MlPreprocessTest {

    private static Node ml(String op) {
        return Node.of(op).domain(Domains.ML);
    }

    private static Tensor x22() {
        return Tensor.ofFloats(new long[]{2, 2}, 3, 4, 0, 0);
    }

    @Test
    void normalizerL2LeavesZeroRows() {
        Tensor y = tensor(runNode(ml("Normalizer").inputs("x").outputs("y").attr("norm", "L2"), 17, x22()).get("y"));
        assertArrayEquals(new float[]{0.6f, 0.8f, 0, 0}, y.floats(), 1e-6f);
    }

    @Test
    void scalerOffsetsThenScalesPerFeature() {
        Tensor y = tensor(runNode(ml("Scaler").inputs("x").outputs("y").floats("offset", 1, 2).floats("scale", 2, 0.5f), 17,
                x22()).get("y"));
        assertArrayEquals(new float[]{4, 1, -2, -1}, y.floats());
    }

    @Test
    void imputerReplacesNan() {
        Node n = ml("Imputer").inputs("x").outputs("y").floats("imputed_value_floats", 7, 8)
                .attr("replaced_value_float", Float.NaN);
        Tensor y = tensor(runNode(n, 17, Tensor.ofFloats(new long[]{2, 2}, Float.NaN, 1, 2, Float.NaN)).get("y"));
        assertArrayEquals(new float[]{7, 1, 2, 8}, y.floats());
    }

    @Test
    void oneHotEncoderAddsAxis() {
        Node n = ml("OneHotEncoder").inputs("x").outputs("y").ints("cats_int64s", 4, 2);
        Tensor y = tensor(runNode(n, 17, Tensor.ofLongs(new long[]{3}, 2, 4, 9)).get("y"));
        assertArrayEquals(new long[]{3, 2}, y.shape());
        assertArrayEquals(new float[]{0, 1, 1, 0, 0, 0}, y.floats());
        Node strict = ml("OneHotEncoder").name("ohe").inputs("x").outputs("y").ints("cats_int64s", 4).attr("zeros", 0L);
        KernelException e = assertThrows(KernelException.class, () -> runNode(strict, 17, Tensor.ofLongs(new long[]{1}, 9)));
        assertTrue(e.getMessage().contains("ohe"), e.getMessage());
    }

    @Test
    void categoryMapperBothWays() {
        Node n = ml("CategoryMapper").inputs("x").outputs("y").attr(Attribute.strings("cats_strings", List.of("a", "b")))
                .ints("cats_int64s", 10, 20).attr("default_int64", -5L).attr("default_string", "?");
        assertArrayEquals(new long[]{20, -5}, tensor(runNode(n, 17, Tensor.ofStrings(new long[]{2}, "b", "z")).get("y")).longs());
        assertArrayEquals(new String[]{"a", "?"}, tensor(runNode(n, 17, Tensor.ofLongs(new long[]{2}, 10, 11)).get("y")).strings());
    }

    @Test
    void featureVectorizerPadsAndConcatenates() {
        Node n = ml("FeatureVectorizer").inputs("a", "b").outputs("y").ints("inputdimensions", 1, 3);
        Tensor y = tensor(runNode(n, 17, Tensor.ofLongs(new long[]{2, 1}, 1, 2), Tensor.ofFloats(new long[]{2, 2}, 3, 4, 5, 6))
                .get("y"));
        assertArrayEquals(new long[]{2, 4}, y.shape());
        assertArrayEquals(new float[]{1, 3, 4, 0, 2, 5, 6, 0}, y.floats());
    }

    @Test
    void linearRegressorTwoTargets() {
        Node n = ml("LinearRegressor").inputs("x").outputs("y").attr("targets", 2L).floats("coefficients", 1, 1, 1, -1)
                .floats("intercepts", 0, 10);
        Tensor y = tensor(runNode(n, 17, x22()).get("y"));
        assertArrayEquals(new float[]{7, 9, 0, 10}, y.floats());
    }

    @Test
    void linearClassifierBinaryWithOneCoefficientSet() {
        Node n = ml("LinearClassifier").inputs("x").outputs("label", "scores").ints("classlabels_ints", 0, 1)
                .floats("coefficients", 1, -1);
        Map<String, Value> r = runNode(n, 17, Tensor.ofFloats(new long[]{2, 2}, 1, 3, 3, 1));
        assertArrayEquals(new long[]{0, 1}, tensor(r.get("label")).longs());
        assertArrayEquals(new float[]{2, -2, -2, 2}, tensor(r.get("scores")).floats());
    }

    @Test
    void zipMapMakesOneMapPerRow() {
        Node n = ml("ZipMap").inputs("x").outputs("y").attr(Attribute.strings("classlabels_strings", List.of("p", "q")));
        SequenceValue s = (SequenceValue) runNode(n, 17, x22()).get("y");
        assertEquals(2, s.items().size());
        MapValue m = (MapValue) s.items().get(0);
        assertArrayEquals(new String[]{"p", "q"}, m.keys().strings());
        assertArrayEquals(new float[]{3, 4}, tensor(m.values()).floats());
    }

    /** Tree 0: x0 <= 1 ? leaf 1 (w 5) : leaf 2 (w 7); tree 1: a single leaf (w 1). */
    private static Node legacyRegressor(String aggregate) {
        return ml("TreeEnsembleRegressor").inputs("x").outputs("y").attr("n_targets", 1L).attr("aggregate_function", aggregate)
                .ints("nodes_treeids", 0, 0, 0, 1).ints("nodes_nodeids", 0, 1, 2, 0).ints("nodes_featureids", 0, 0, 0, 0)
                .attr(Attribute.strings("nodes_modes", List.of("BRANCH_LEQ", "LEAF", "LEAF", "LEAF")))
                .floats("nodes_values", 1, 0, 0, 0).ints("nodes_truenodeids", 1, 0, 0, 0).ints("nodes_falsenodeids", 2, 0, 0, 0)
                .ints("target_treeids", 0, 0, 1).ints("target_nodeids", 1, 2, 0).ints("target_ids", 0, 0, 0)
                .floats("target_weights", 5, 7, 1);
    }

    @Test
    void legacyTreeRegressorSumsAndAverages() {
        Tensor x = Tensor.ofFloats(new long[]{2, 1}, 0.5f, 2f);
        assertArrayEquals(new float[]{6, 8}, tensor(runNode(legacyRegressor("SUM"), 17, x).get("y")).floats());
        assertArrayEquals(new float[]{3, 4}, tensor(runNode(legacyRegressor("AVERAGE"), 17, x).get("y")).floats());
        assertArrayEquals(new float[]{1, 1}, tensor(runNode(legacyRegressor("MIN"), 17, x).get("y")).floats());
    }

    @Test
    void legacyTreeClassifierPicksHighestScore() {
        Node n = ml("TreeEnsembleClassifier").inputs("x").outputs("label", "scores").ints("classlabels_int64s", 10, 20, 30)
                .ints("nodes_treeids", 0, 0, 0).ints("nodes_nodeids", 0, 1, 2).ints("nodes_featureids", 0, 0, 0)
                .attr(Attribute.strings("nodes_modes", List.of("BRANCH_GT", "LEAF", "LEAF"))).floats("nodes_values", 0, 0, 0)
                .ints("nodes_truenodeids", 1, 0, 0).ints("nodes_falsenodeids", 2, 0, 0)
                .ints("class_treeids", 0, 0).ints("class_nodeids", 1, 2).ints("class_ids", 2, 0).floats("class_weights", 0.9f, 0.6f);
        Map<String, Value> r = runNode(n, 17, Tensor.ofFloats(new long[]{2, 1}, 1f, -1f));
        assertArrayEquals(new long[]{30, 10}, tensor(r.get("label")).longs());
        assertArrayEquals(new float[]{0, 0, 0.9f, 0.6f, 0, 0}, tensor(r.get("scores")).floats());
    }
}
