package dev.modelx.runtime.kernels.fast;

/**
 * One block of a float32 matrix product: C[i0:i1, j0:j1] += A[i0:i1, :] x B[:, j0:j1] with A (m x k, rows k
 * apart), B (k x n, rows ldb apart) and C (m x n, rows n apart), row-major from the given offsets. Every element is accumulated with one fused multiply-add per
 * p = 0..k-1 in ascending order, so all implementations give bit-identical results.
 */
interface GemmBlock {

    /** Depth of the k blocks: a block of B rows this deep stays in cache while the rows of A stream past. */
    int KC = 256;

    void multiply(float[] a, int aOff, float[] b, int bOff, int ldb, float[] c, int cOff, int k, int n, int i0, int i1, int j0, int j1);

    /** The column-tile width the block works in (a multiple of its vector length). */
    int columnTile();
}
