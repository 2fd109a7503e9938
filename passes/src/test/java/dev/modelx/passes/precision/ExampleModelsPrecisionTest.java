package dev.modelx.passes.precision;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.examples.ExampleModels;
import dev.modelx.passes.opset.OpsetConverter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example models converted to float16 and bfloat16 and run before and after on the reference runtime
 * (tolerances and their reasons in {@link PrecisionCheck}).
 */
class ExampleModelsPrecisionTest {

    @Test
    void smallCnnInFloat16() {
        Model before = ExampleModels.smallCnn();
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16());
        Model after = r.model();
        double err = PrecisionCheck.agreesFp16(before, after);
        System.out.println("smallCnn fp16: max |error| " + err + "; " + r.summary());
        assertEquals(9, r.nodesConverted(), r.summary());
        assertEquals(0, r.castsInserted(), "everything converts, inputs and outputs included");
        assertEquals(6, r.initializersConverted());
        assertEquals(DataType.FLOAT16, PrecisionCheck.declared(after.graph().inputs(), "image"));
        assertEquals(DataType.FLOAT16, PrecisionCheck.declared(after.graph().outputs(), "probabilities"));
        assertEquals(r.weightBytesBefore() / 2, r.weightBytesAfter());
        assertEquals(Graphs.nodeCount(before.graph()), Graphs.nodeCount(after.graph()));
        assertTrue(before.graph().initializers().get("conv1.w").type() == DataType.FLOAT, "the input model is unchanged");
    }

    @Test
    void transformerBlockInFloat16() {
        Model before = ExampleModels.transformerBlock();
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16());
        double err = PrecisionCheck.agreesFp16(before, r.model());
        System.out.println("transformerBlock fp16: max |error| " + err + "; " + r.summary());
        assertTrue(r.keptForAReason().isEmpty(), r.lines().toString());
        assertEquals(0, r.castsInserted());
    }

    @Test
    void transformerBlockInBfloat16() {
        Model before = ExampleModels.transformerBlock();
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.bf16());
        double err = PrecisionCheck.agrees(before, r.model(), PrecisionCheck.BF16_RTOL, PrecisionCheck.BF16_ATOL);
        System.out.println("transformerBlock bf16: max |error| " + err + "; " + r.summary());
        assertTrue(r.keptForAReason().isEmpty(), "op set 17 accepts bfloat16 in every op it uses: " + r.lines());
    }

    @Test
    void smallCnnInBfloat16KeepsWhatOpSet17DoesNotAcceptAndOpSet22Converts() {
        Model before = ExampleModels.smallCnn();
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.bf16());
        double err = PrecisionCheck.agrees(before, r.model(), PrecisionCheck.BF16_RTOL, PrecisionCheck.BF16_ATOL);
        System.out.println("smallCnn bf16 @17: max |error| " + err + "; " + String.join("\n", r.lines()));
        assertEquals(List.of("conv1", "pool1", "conv2", "gap"), r.keptForAReason().stream().map(KeptNode::path).toList());
        for (KeptNode k : r.keptForAReason()) {
            assertEquals(KeptNode.Reason.TYPE_NOT_ACCEPTED, k.reason());
        }
        assertEquals("Conv-11 (op set 17) does not accept bfloat16 (T: float16|float|double)", r.keptForAReason().get(0).detail());
        assertEquals(2, r.nodesConverted(), "Gemm and Softmax (Relu and Flatten follow their float32 inputs)");
        Model at22 = OpsetConverter.convert(before, 22);
        PrecisionReport r22 = PrecisionConverter.convert(at22, PrecisionOptions.bf16());
        double err22 = PrecisionCheck.agrees(before, r22.model(), PrecisionCheck.BF16_RTOL, PrecisionCheck.BF16_ATOL);
        System.out.println("smallCnn bf16 @22: max |error| " + err22 + "; " + String.join("\n", r22.lines()));
        assertTrue(r22.keptForAReason().isEmpty(), "Conv, MaxPool and GlobalAveragePool take bfloat16 from op set 22");
        assertEquals(0, r22.castsInserted());
    }
}
