package dev.modelx.verify;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.examples.ExampleModels;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class InputSynthesizerTest {

    private static InputSynthesizer.Input only(Model m, Map<String, Long> dims) {
        return InputSynthesizer.generate(m, dims, 1, Map.of()).get(0);
    }

    @Test
    void tokenIdsStayWithinTheEmbeddingTable() {
        InputSynthesizer.Input ids = only(ExampleModels.transformerBlock(), Map.of("batch", 3L, "seq", 50L));
        assertArrayEquals(new long[] {3, 50}, ids.tensor().shape());
        TensorStats s = TensorStats.of(ids.tensor());
        assertTrue(s.min() >= 0 && s.max() < 100, s.describe());
        assertTrue(s.max() > 50, "spread over the table: " + s.describe());
        assertTrue(ids.origin().contains("indices into 'embed'"), ids.origin());
    }

    @Test
    void imagesAreNormalised() {
        InputSynthesizer.Input img = only(ExampleModels.smallCnn(), Map.of());
        TensorStats s = TensorStats.of(img.tensor());
        assertTrue(s.min() >= -2.2 && s.max() <= 2.7, s.describe());
        assertTrue(img.origin().startsWith("image"), img.origin());
    }

    @Test
    void masksProbabilitiesPositionsAndPositiveInputs() {
        Graph g = new Graph("inputs");
        g.input(new ValueInfo("attention_mask", Type.tensor(DataType.INT64, Shape.of(new long[] {4, 16}))));
        g.input(new ValueInfo("probs", Type.tensor(DataType.FLOAT, Shape.of(new long[] {100}))));
        g.input(new ValueInfo("position_ids", Type.tensor(DataType.INT64, Shape.of(new long[] {2, 5}))));
        g.input(new ValueInfo("variance", Type.tensor(DataType.FLOAT, Shape.of(new long[] {100}))));
        g.input(new ValueInfo("flag", Type.tensor(DataType.BOOL, Shape.of(new long[] {3}))));
        g.add(Node.of("Sqrt").inputs("variance").outputs("sd"));
        g.add(Node.of("Identity").inputs("attention_mask").outputs("m"));
        g.output(new ValueInfo("sd", Type.tensor(DataType.FLOAT, Shape.of(new long[] {100}))));
        g.output(new ValueInfo("m", Type.tensor(DataType.INT64, Shape.of(new long[] {4, 16}))));
        List<InputSynthesizer.Input> in = InputSynthesizer.generate(Model.of(g, 17), Map.of(), 5, Map.of());
        long[] mask = in.get(0).tensor().longs();
        for (int row = 0; row < 4; row++) {
            assertEquals(1, mask[row * 16], "each row starts with a 1");
            for (int j = 1; j < 16; j++) {
                assertTrue(mask[row * 16 + j] <= mask[row * 16 + j - 1], "ones then zeros");
            }
        }
        TensorStats p = TensorStats.of(in.get(1).tensor());
        assertTrue(p.min() >= 0 && p.max() <= 1, p.describe());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 0, 1, 2, 3, 4}, in.get(2).tensor().longs());
        assertTrue(TensorStats.of(in.get(3).tensor()).min() > 0, "Sqrt reads it");
        assertEquals(DataType.BOOL, in.get(4).tensor().type());
    }

    @Test
    void unboundImageSizesDefaultToSomethingUseful() {
        Graph g = new Graph("detector");
        g.input(new ValueInfo("x", Type.tensor(DataType.FLOAT, Shape.of("n", 3, "h", "w"))));
        g.add(Node.of("Relu").inputs("x").outputs("y"));
        g.output(new ValueInfo("y", Type.tensor(DataType.FLOAT, Shape.of("n", 3, "h", "w"))));
        InputSynthesizer.Input x = only(Model.of(g, 17), Map.of("h", 32L));
        assertArrayEquals(new long[] {1, 3, 32, InputSynthesizer.DEFAULT_IMAGE_SIZE}, x.tensor().shape());
        assertTrue(x.origin().startsWith("image") && x.origin().endsWith("unbound height and width set to 64"), x.origin());
    }

    @Test
    void givenInputsAreKeptAndBindTheirDims() {
        Tensor ids = Tensor.ofLongs(new long[] {1, 3}, 1, 2, 3);
        List<InputSynthesizer.Input> in = InputSynthesizer.generate(ExampleModels.transformerBlock(), Map.of(), 0, Map.of("input_ids", ids));
        assertSame(ids, in.get(0).tensor());
        assertTrue(in.get(0).given());
        assertThrows(IllegalArgumentException.class,
                () -> InputSynthesizer.generate(ExampleModels.transformerBlock(), Map.of(), 0, Map.of("nope", ids)));
    }

    /** A model reading x float[n, 2] and its LoD offsets x.lod0 ... (each int64[lK]) as the Paddle importer names them. */
    private static Model lodModel(int levels) {
        Graph g = new Graph("lod");
        g.input(new ValueInfo("x", Type.tensor(DataType.FLOAT, Shape.of("n", 2L))));
        g.add(Node.of("Identity").inputs("x").outputs("y"));
        g.output(new ValueInfo("y", Type.tensor(DataType.FLOAT, Shape.of("n", 2L))));
        for (int k = 0; k < levels; k++) {
            g.input(new ValueInfo("x.lod" + k, Type.tensor(DataType.INT64, Shape.of("l" + k))));
            g.add(Node.of("Identity").inputs("x.lod" + k).outputs("o" + k));
            g.output(new ValueInfo("o" + k, Type.tensor(DataType.INT64, Shape.of("l" + k))));
        }
        return Model.of(g, 17);
    }

    private static long[] generated(Model m, Map<String, Long> dims, Map<String, Tensor> given, String name) {
        return InputSynthesizer.asMap(InputSynthesizer.generate(m, dims, 3, given)).get(name).toLongArray();
    }

    @Test
    void lodOffsetsCoverTheRowsOfTheirData() {
        // unbound offsets length: one sequence over all rows (random integers would not even start at 0)
        assertArrayEquals(new long[] {0, 5}, generated(lodModel(1), Map.of("n", 5L), Map.of(), "x.lod0"));
        assertArrayEquals(new long[] {0, 1, 3, 5}, generated(lodModel(1), Map.of("n", 5L, "l0", 4L), Map.of(), "x.lod0"));
        // two levels: the finest splits the rows, the outer one splits the finest level's sequences
        Map<String, Long> dims = Map.of("n", 6L, "l0", 3L, "l1", 4L);
        assertArrayEquals(new long[] {0, 2, 4, 6}, generated(lodModel(2), dims, Map.of(), "x.lod1"));
        assertArrayEquals(new long[] {0, 1, 3}, generated(lodModel(2), dims, Map.of(), "x.lod0"));
        // a given finest level is kept, and the outer level follows its sequence count
        Tensor lod1 = Tensor.ofLongs(new long[] {3}, 0, 1, 6);
        assertArrayEquals(new long[] {0, 1, 2}, generated(lodModel(2), Map.of("n", 6L, "l0", 3L), Map.of("x.lod1", lod1), "x.lod0"));
    }

    @Test
    void unknownOraclesSayHowToGetThem() {
        Oracles.OracleUnavailableException e = assertThrows(Oracles.OracleUnavailableException.class, () -> Oracles.find("onnxruntime"));
        assertTrue(e.getMessage().contains("-pl oracles/onnxruntime"), e.getMessage());
        assertTrue(assertThrows(Oracles.OracleUnavailableException.class, () -> Oracles.find("frob")).getMessage().contains("unknown oracle"));
        assertEquals("reference", Oracles.find("reference").name());
    }
}
