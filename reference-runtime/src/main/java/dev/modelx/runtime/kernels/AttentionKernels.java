package dev.modelx.runtime.kernels;

import dev.modelx.graph.Domains;
import dev.modelx.runtime.KernelRegistry;
import dev.modelx.runtime.kernels.attention.Attention;
import dev.modelx.runtime.kernels.attention.FlexAttention;
import dev.modelx.runtime.kernels.attention.LinearAttention;
import dev.modelx.runtime.kernels.attention.RotaryEmbedding;
import dev.modelx.runtime.kernels.attention.SwiGlu;

/** Registers this family's kernels. */
public final class AttentionKernels {

    private AttentionKernels() {
    }

    public static void register(KernelRegistry r) {
        r.add("Attention", 23, Attention::v23);
        r.add("Attention", 24, Attention::v24);
        r.add("LinearAttention", 27, LinearAttention::v27);
        r.add("RotaryEmbedding", 23, RotaryEmbedding::v23);
        r.add("SwiGLU", 28, SwiGlu::v28);
        r.add(Domains.PREVIEW, "FlexAttention", 1, FlexAttention::v1);
    }
}
