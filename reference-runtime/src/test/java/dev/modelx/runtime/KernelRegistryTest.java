package dev.modelx.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class KernelRegistryTest {

    @Test
    void picksNewestVersionNotAboveTheModelsOpset() {
        Kernel v1 = c -> { };
        Kernel v13 = c -> { };
        KernelRegistry r = new KernelRegistry().add("Softmax", 1, v1).add("Softmax", 13, v13);
        assertSame(v1, r.lookup("", "Softmax", 12).orElseThrow());
        assertSame(v13, r.lookup("", "Softmax", 13).orElseThrow());
        assertSame(v13, r.lookup("ai.onnx", "Softmax", 21).orElseThrow());
    }

    @Test
    void nothingBelowTheFirstVersion() {
        KernelRegistry r = new KernelRegistry().add("Attention", 23, c -> { });
        assertTrue(r.lookup("", "Attention", 22).isEmpty());
        assertTrue(r.lookup("", "Nope", 22).isEmpty());
        assertTrue(r.supports("", "Attention"));
    }

    @Test
    void domainsAreSeparate() {
        KernelRegistry r = new KernelRegistry().add("ai.onnx.ml", "Scaler", 1, c -> { });
        assertTrue(r.lookup("", "Scaler", 1).isEmpty());
        assertTrue(r.lookup("ai.onnx.ml", "Scaler", 1).isPresent());
        assertTrue(r.ops().contains("ai.onnx.ml.Scaler"));
    }
}
