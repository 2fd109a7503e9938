package dev.modelx.importer.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelx.graph.io.Formats;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpRegistryTest {

    @Test
    void coversTheCommonOpsAndBothFormatsAreRegistered() {
        OpRegistry r = OpRegistry.standard();
        for (String op : List.of("Conv2D", "DepthwiseConv2dNative", "MaxPool", "AvgPool", "FusedBatchNormV3", "BiasAdd", "MatMul",
                "BatchMatMulV2", "Relu6", "Softmax", "Mean", "Reshape", "ConcatV2", "StridedSlice", "GatherV2", "Pad", "ResizeBilinear",
                "NonMaxSuppressionV3", "While", "StatelessIf", "PartitionedCall", "Enter", "Exit", "VarHandleOp", "ReadVariableOp")) {
            assertTrue(r.supports(op), op);
        }
        System.out.println("TF ops supported (" + r.all().size() + "): " + String.join(", ", r.all().keySet()));
        assertEquals("tf-graphdef", Formats.importer("tf-graphdef").format());
        assertEquals("tf-savedmodel", Formats.importer("tf-savedmodel").format());
    }
}
