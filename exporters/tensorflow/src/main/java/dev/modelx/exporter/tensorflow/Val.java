package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.Arrays;

/**
 * One graph-model value as the emitter sees it: its element type, its logical (ONNX) shape, and either a
 * TF tensor ({@code node:index}) holding it or a constant known at export time (materialised on first use).
 * {@code perm} (null = identity) says the TF tensor holds {@code transpose(logical, perm)}: an NCHW value
 * kept in NHWC between layout-sensitive ops has perm {0, 2, 3, 1}, so no Transpose is emitted in between.
 */
record Val(String tensor, DataType type, long[] shape, int[] perm, Tensor constant, Frame frame) {

    static Val of(String tensor, DataType type, long[] shape, Frame frame) {
        return new Val(tensor, type, shape, null, null, frame);
    }

    static Val constant(Tensor t) {
        return new Val(null, t.type(), t.shape(), null, t, null);
    }

    Val withPerm(int[] p) {
        return new Val(tensor, type, shape, Perms.isIdentity(p) ? null : p, constant, frame);
    }

    Val withShape(long[] s) {
        return new Val(tensor, type, s, perm, constant, frame);
    }

    boolean isConstant() {
        return constant != null;
    }

    /** Rank, or -1 when unknown. */
    int rank() {
        return shape == null ? -1 : shape.length;
    }

    boolean hasStaticShape() {
        if (shape == null) {
            return false;
        }
        for (long d : shape) {
            if (d < 0) {
                return false;
            }
        }
        return true;
    }

    /** Dimension {@code i} (negative counts from the end), or -1 when unknown. */
    long dim(int i) {
        if (shape == null) {
            return -1;
        }
        int a = i < 0 ? i + shape.length : i;
        return a >= 0 && a < shape.length ? shape[a] : -1;
    }

    @Override
    public String toString() {
        return (tensor == null ? "const" : tensor) + ":" + type.displayName() + (shape == null ? "[?]" : Arrays.toString(shape))
                + (perm == null ? "" : " perm" + Arrays.toString(perm));
    }
}
