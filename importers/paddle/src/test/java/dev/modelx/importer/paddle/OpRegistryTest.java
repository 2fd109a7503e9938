package dev.modelx.importer.paddle;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class OpRegistryTest {

    @Test
    void listsSupportedOps() {
        var ops = OpRegistry.standard().ops();
        System.out.println("Paddle ops supported (" + ops.size() + "): " + String.join(", ", ops));
        var pir = PirImporter.supportedOps(OpRegistry.standard());
        System.out.println("PIR ops supported (" + pir.size() + "): " + String.join(", ", pir));
        assertTrue(ops.containsAll(java.util.List.of("conv2d", "batch_norm", "sequence_pool", "while", "conditional_block", "select_input")));
    }
}
