package dev.modelx.format.paddle;

import dev.modelx.graph.Tensor;

import java.util.List;

/**
 * One serialized Paddle tensor: the dense data and its LoD (level of detail) offsets, outermost level
 * first. Each level is a non-decreasing offset vector starting at 0; an empty list means a plain tensor.
 */
public record LodTensor(Tensor tensor, List<long[]> lod) {

    public LodTensor {
        lod = List.copyOf(lod);
    }

    public static LodTensor dense(Tensor t) {
        return new LodTensor(t, List.of());
    }
}
