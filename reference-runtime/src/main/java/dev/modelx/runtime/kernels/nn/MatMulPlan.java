package dev.modelx.runtime.kernels.nn;

import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;

import java.util.Arrays;

/**
 * Shapes of a numpy-style matmul: 1-D operands are promoted (a row for A, a column for B) and the promoted
 * dim dropped from the result; leading batch dims broadcast. Holds, per output matrix, which A and B
 * matrices feed it.
 */
final class MatMulPlan {

    final long[] outShape;
    /** The result shape before promoted dims are dropped: batch dims, M, N. */
    final long[] fullShape;
    final int m;
    final int k;
    final int n;
    final int batches;
    final int[] aMatrix;
    final int[] bMatrix;

    private MatMulPlan(long[] outShape, long[] fullShape, int m, int k, int n, int[] aMatrix, int[] bMatrix) {
        this.outShape = outShape;
        this.fullShape = fullShape;
        this.m = m;
        this.k = k;
        this.n = n;
        this.batches = aMatrix.length;
        this.aMatrix = aMatrix;
        this.bMatrix = bMatrix;
    }

    static MatMulPlan of(OpContext c, long[] aShape, long[] bShape) {
        if (aShape.length == 0 || bShape.length == 0) {
            throw c.error("MatMul operands must have rank >= 1, got " + Arrays.toString(aShape) + " and " + Arrays.toString(bShape));
        }
        long[] a = aShape.length == 1 ? new long[] {1, aShape[0]} : aShape;
        long[] b = bShape.length == 1 ? new long[] {bShape[0], 1} : bShape;
        long m = a[a.length - 2];
        long k = a[a.length - 1];
        long kb = b[b.length - 2];
        long n = b[b.length - 1];
        if (k != kb) {
            throw c.error("inner dimensions differ: A " + Arrays.toString(aShape) + " and B " + Arrays.toString(bShape));
        }
        long[] aBatch = Arrays.copyOf(a, a.length - 2);
        long[] bBatch = Arrays.copyOf(b, b.length - 2);
        long[] batch = Shapes.broadcast(c, aBatch, bBatch);
        long[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = m;
        out[batch.length + 1] = n;
        long total = dev.modelx.graph.Tensor.elementCount(out);
        if (total > Integer.MAX_VALUE - 16) {
            throw c.error("result of shape " + Arrays.toString(out) + " is too large");
        }
        int[] ai = Shapes.broadcastIndex(aBatch, batch);
        int[] bi = Shapes.broadcastIndex(bBatch, batch);
        long[] shown;
        if (aShape.length == 1 && bShape.length == 1) {
            shown = batch;
        } else if (aShape.length == 1) {
            shown = remove(out, out.length - 2);
        } else if (bShape.length == 1) {
            shown = remove(out, out.length - 1);
        } else {
            shown = out;
        }
        return new MatMulPlan(shown, out, (int) m, (int) k, (int) n, ai, bi);
    }

    private static long[] remove(long[] s, int i) {
        long[] r = new long[s.length - 1];
        System.arraycopy(s, 0, r, 0, i);
        System.arraycopy(s, i + 1, r, i, s.length - i - 1);
        return r;
    }

    int outSize() {
        return batches * m * n;
    }

    /** C = A x B for every batch, accumulating in double, rows of B streamed (i-k-j order). */
    double[] run(double[] a, double[] b) {
        double[] c = new double[outSize()];
        long aStride = (long) m * k;
        long bStride = (long) k * n;
        for (int bt = 0; bt < batches; bt++) {
            int aOff = (int) (aMatrix[bt] * aStride);
            int bOff = (int) (bMatrix[bt] * bStride);
            int cOff = bt * m * n;
            for (int i = 0; i < m; i++) {
                int row = cOff + i * n;
                int aRow = aOff + i * k;
                for (int p = 0; p < k; p++) {
                    double av = a[aRow + p];
                    int bRow = bOff + p * n;
                    for (int j = 0; j < n; j++) {
                        c[row + j] += av * b[bRow + j];
                    }
                }
            }
        }
        return c;
    }

    /** Float inputs: same order, with a double accumulator row, without widening the operands up front. */
    double[] run(float[] a, float[] b) {
        double[] c = new double[outSize()];
        long aStride = (long) m * k;
        long bStride = (long) k * n;
        for (int bt = 0; bt < batches; bt++) {
            int aOff = (int) (aMatrix[bt] * aStride);
            int bOff = (int) (bMatrix[bt] * bStride);
            int cOff = bt * m * n;
            for (int i = 0; i < m; i++) {
                int row = cOff + i * n;
                int aRow = aOff + i * k;
                for (int p = 0; p < k; p++) {
                    double av = a[aRow + p];
                    int bRow = bOff + p * n;
                    for (int j = 0; j < n; j++) {
                        c[row + j] += av * b[bRow + j];
                    }
                }
            }
        }
        return c;
    }

    long[] run(long[] a, long[] b) {
        long[] c = new long[outSize()];
        long aStride = (long) m * k;
        long bStride = (long) k * n;
        for (int bt = 0; bt < batches; bt++) {
            int aOff = (int) (aMatrix[bt] * aStride);
            int bOff = (int) (bMatrix[bt] * bStride);
            int cOff = bt * m * n;
            for (int i = 0; i < m; i++) {
                int row = cOff + i * n;
                int aRow = aOff + i * k;
                for (int p = 0; p < k; p++) {
                    long av = a[aRow + p];
                    int bRow = bOff + p * n;
                    for (int j = 0; j < n; j++) {
                        c[row + j] += av * b[bRow + j];
                    }
                }
            }
        }
        return c;
    }
}
