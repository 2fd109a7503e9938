package dev.modelx.runtime.kernels.fast;

/**
 * Fast float32 matrix products, C += A x B, over all cores. The output is cut into blocks of rows and columns,
 * each block one task; a dot product is never split between tasks and is always summed in the same order, so
 * the result is the same bit for bit whatever the thread count, and the same for the scalar and the vector
 * block (see {@link GemmBlock}).
 */
public final class FloatGemm {

    /** Rows per task at most (a multiple of the 4-row tile). */
    static final int ROW_BLOCK = 64;
    /** Columns per task at most. */
    static final int COLUMN_BLOCK = 256;
    private static final String VECTOR_BLOCK = "dev.modelx.runtime.kernels.fast.VectorGemmBlock";

    private final GemmBlock block;
    private final KernelMode mode;
    private final Parallel parallel;

    private FloatGemm(GemmBlock block, KernelMode mode, Parallel parallel) {
        this.block = block;
        this.mode = mode;
        this.parallel = parallel;
    }

    /**
     * The product engine for {@code mode} ({@link KernelMode#SCALAR} or {@link KernelMode#VECTOR}); asking for
     * VECTOR where the Vector API is not available gives SCALAR (see {@link #mode()}).
     */
    public static FloatGemm of(KernelMode mode, Parallel parallel) {
        if (mode == KernelMode.PLAIN) {
            throw new IllegalArgumentException("the plain kernels have no fast matrix product");
        }
        if (mode == KernelMode.VECTOR) {
            GemmBlock v = VectorHolder.BLOCK;
            if (v != null) {
                return new FloatGemm(v, KernelMode.VECTOR, parallel);
            }
        }
        return new FloatGemm(new ScalarGemmBlock(), KernelMode.SCALAR, parallel);
    }

    /** The kernels actually used: SCALAR or VECTOR. */
    public KernelMode mode() {
        return mode;
    }

    public Parallel parallel() {
        return parallel;
    }

    /** C (m x n, at cOff) += A (m x k, at aOff) x B (k x n, at bOff), all row-major. */
    public void multiply(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        multiply(a, new int[] {aOff}, b, new int[] {bOff}, c, new int[] {cOff}, m, k, n);
    }

    /** For every t: C_t += A_t x B_t, with matrix t of A, B and C starting at aOffs[t], bOffs[t] and cOffs[t]. */
    public void multiply(float[] a, int[] aOffs, float[] b, int[] bOffs, float[] c, int[] cOffs, int m, int k, int n) {
        int count = cOffs.length;
        if (count == 0 || m == 0 || n == 0 || k == 0) {
            return;
        }
        int tile = block.columnTile();
        int rows = ROW_BLOCK;
        int cols = Math.max(tile, COLUMN_BLOCK / tile * tile);
        int want = 4 * parallel.threads();
        while ((long) count * ceilDiv(m, rows) * ceilDiv(n, cols) < want && (rows > 4 && rows < 2 * m || cols > tile && cols < 2 * n)) {
            if (rows > 4 && rows < 2 * m) {
                rows /= 2;
            } else {
                cols = Math.max(tile, cols / 2 / tile * tile);
            }
        }
        int rowBlocks = ceilDiv(m, rows);
        int colBlocks = ceilDiv(n, cols);
        int perMatrix = rowBlocks * colBlocks;
        int rowsPerTask = rows;
        int colsPerTask = cols;
        parallel.forEach(count * perMatrix, task -> {
            int t = task / perMatrix;
            int r = task % perMatrix / colBlocks;
            int q = task % colBlocks;
            int i0 = r * rowsPerTask;
            int j0 = q * colsPerTask;
            block.multiply(a, aOffs[t], b, bOffs[t], n, c, cOffs[t], k, n, i0, Math.min(m, i0 + rowsPerTask), j0, Math.min(n, j0 + colsPerTask));
        });
    }

    /** The width of the column tiles; column slices that are multiples of it run without scalar tails. */
    public int columnTile() {
        return block.columnTile();
    }

    /**
     * On the calling thread, for callers that parallelise themselves: C[:, j0:j1] += A x B[:, j0:j1] with A (m x k,
     * at aOff), C (m x n, at cOff), and B's element (p, j) at bOff + p * ldb + j (so a slice holding only columns
     * j0..j1 passes bOff = start - j0 and ldb = its width). Same order of summation as {@link #multiply}.
     */
    public void multiplyColumns(float[] a, int aOff, float[] b, int bOff, int ldb, float[] c, int cOff, int m, int k, int n, int j0, int j1) {
        if (m > 0 && k > 0 && j1 > j0) {
            block.multiply(a, aOff, b, bOff, ldb, c, cOff, k, n, 0, m, j0, j1);
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Loads the Vector API block once, and only if the module is present. */
    private static final class VectorHolder {
        static final GemmBlock BLOCK = load();

        private static GemmBlock load() {
            if (!KernelMode.vectorApiAvailable()) {
                return null;
            }
            try {
                return (GemmBlock) Class.forName(VECTOR_BLOCK).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return null;
            }
        }
    }
}
