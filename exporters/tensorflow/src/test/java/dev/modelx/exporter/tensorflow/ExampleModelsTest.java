package dev.modelx.exporter.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelx.format.tensorflow.TfModelFiles;
import dev.modelx.format.tensorflow.proto.GraphDef;
import dev.modelx.format.tensorflow.proto.NodeDef;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.examples.ExampleModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/** The bundled example models, exported both ways, run in TF Java and match the reference runtime. */
class ExampleModelsTest {

    @TempDir
    Path dir;

    static Tensor randomFloats(Random r, long... shape) {
        float[] a = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return Tensor.ofFloats(shape, a);
    }

    @Test
    void smallCnn() throws Exception {
        Model m = ExampleModels.smallCnn();
        double err = ExportCheck.againstReference(m, Map.of("image", randomFloats(new Random(1), 2, 3, 32, 32)), dir);
        System.out.printf("smallCnn: max abs error %.3g%n", err);
        GraphDef g = TfModelFiles.readGraphDef(dir.resolve("model.pb"));
        long transposes = g.getNodeList().stream().filter(n -> n.getOp().equals("Transpose")).count();
        // NCHW -> NHWC once at the input, NHWC -> NCHW once before Flatten: the convs and pools in between need none
        assertEquals(2, transposes, "Transposes in " + g.getNodeList().stream().map(NodeDef::getOp).toList());
    }

    @Test
    void transformerBlock() throws Exception {
        Model m = ExampleModels.transformerBlock();
        Random r = new Random(2);
        long[] ids = new long[2 * 5];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(100);
        }
        double err = ExportCheck.againstReference(m, Map.of("input_ids", Tensor.ofLongs(new long[]{2, 5}, ids)), dir);
        System.out.printf("transformerBlock: max abs error %.3g%n", err);
        assertTrue(Files.isRegularFile(dir.resolve("saved_model/variables/variables.index")));
    }

    @Test
    void savedModelHoldsWeightsInTheCheckpoint() throws Exception {
        Model m = ExampleModels.smallCnn();
        new TensorFlowSavedModelExporter().write(m, dir.resolve("sm"), dev.modelx.graph.io.ExportOptions.defaults());
        var bundle = dev.modelx.format.tensorflow.TensorBundle.open(dir.resolve("sm/variables/variables"));
        assertTrue(bundle.keys().contains("conv1.w"), bundle.keys().toString());
        Tensor w = bundle.read("conv1.w");
        assertEquals(DataType.FLOAT, w.type());
        // the Conv weights are stored in TF's HWIO layout
        assertEquals(java.util.List.of(3L, 3L, 3L, 8L), java.util.Arrays.stream(w.shape()).boxed().toList());
    }
}
