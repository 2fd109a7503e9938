package dev.modelx.runtime.kernels.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API block (the only class that names jdk.incubator.vector; loaded reflectively, and only when the
 * module is present). Tiles of 8 (with 512-bit vectors) or 4 rows x 3 vectors of C (then 2 and 1 vectors,
 * then a scalar tail) live in registers across a k block; each lane does c = fma(a[i,p], b[p,j], c) for p ascending, exactly as
 * {@link ScalarGemmBlock} does, so both agree bit for bit.
 */
final class VectorGemmBlock implements GemmBlock {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** 8-row tiles need 24 accumulators + 4 temporaries: only with 512-bit vectors, which come with 32 registers. */
    private static final boolean EIGHT_ROWS = L >= 16;

    @Override
    public int columnTile() {
        return 3 * L;
    }

    @Override
    public void multiply(float[] a, int aOff, float[] b, int bOff, int ldb, float[] c, int cOff, int k, int n, int i0, int i1, int j0, int j1) {
        for (int kb = 0; kb < k; kb += KC) {
            int ke = Math.min(k, kb + KC);
            int j = j0;
            for (; j + 3 * L <= j1; j += 3 * L) {
                int i = i0;
                for (; EIGHT_ROWS && i + 8 <= i1; i += 8) {
                    tile8x3(a, aOff + i * k, b, bOff + j, ldb, c, cOff + i * n + j, k, n, kb, ke);
                }
                for (; i + 4 <= i1; i += 4) {
                    tile4x3(a, aOff + i * k, b, bOff + j, ldb, c, cOff + i * n + j, k, n, kb, ke);
                }
                for (; i < i1; i++) {
                    tile1x2(a, aOff + i * k, b, bOff + j, ldb, c, cOff + i * n + j, kb, ke);
                    tile1x1(a, aOff + i * k, b, bOff + j + 2 * L, ldb, c, cOff + i * n + j + 2 * L, kb, ke);
                }
            }
            for (; j + 2 * L <= j1; j += 2 * L) {
                int i = i0;
                for (; i + 4 <= i1; i += 4) {
                    tile4x2(a, aOff + i * k, b, bOff + j, ldb, c, cOff + i * n + j, k, n, kb, ke);
                }
                for (; i < i1; i++) {
                    tile1x2(a, aOff + i * k, b, bOff + j, ldb, c, cOff + i * n + j, kb, ke);
                }
            }
            for (; j + L <= j1; j += L) {
                int i = i0;
                for (; i + 4 <= i1; i += 4) {
                    tile4x1(a, aOff + i * k, b, bOff + j, ldb, c, cOff + i * n + j, k, n, kb, ke);
                }
                for (; i < i1; i++) {
                    tile1x1(a, aOff + i * k, b, bOff + j, ldb, c, cOff + i * n + j, kb, ke);
                }
            }
            if (j < j1) {
                tailColumns(a, aOff, b, bOff, ldb, c, cOff, k, n, i0, i1, j, j1, kb, ke);
            }
        }
    }

    private static void tile4x2(float[] a, int aRow, float[] b, int bCol, int ldb, float[] c, int cAt, int k, int n, int kb, int ke) {
        int c1 = cAt + n;
        int c2 = c1 + n;
        int c3 = c2 + n;
        FloatVector x00 = FloatVector.fromArray(S, c, cAt);
        FloatVector x01 = FloatVector.fromArray(S, c, cAt + L);
        FloatVector x10 = FloatVector.fromArray(S, c, c1);
        FloatVector x11 = FloatVector.fromArray(S, c, c1 + L);
        FloatVector x20 = FloatVector.fromArray(S, c, c2);
        FloatVector x21 = FloatVector.fromArray(S, c, c2 + L);
        FloatVector x30 = FloatVector.fromArray(S, c, c3);
        FloatVector x31 = FloatVector.fromArray(S, c, c3 + L);
        int a1 = aRow + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        for (int p = kb; p < ke; p++) {
            int bp = bCol + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector v = FloatVector.broadcast(S, a[aRow + p]);
            x00 = v.fma(b0, x00);
            x01 = v.fma(b1, x01);
            v = FloatVector.broadcast(S, a[a1 + p]);
            x10 = v.fma(b0, x10);
            x11 = v.fma(b1, x11);
            v = FloatVector.broadcast(S, a[a2 + p]);
            x20 = v.fma(b0, x20);
            x21 = v.fma(b1, x21);
            v = FloatVector.broadcast(S, a[a3 + p]);
            x30 = v.fma(b0, x30);
            x31 = v.fma(b1, x31);
        }
        x00.intoArray(c, cAt);
        x01.intoArray(c, cAt + L);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + L);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + L);
        x30.intoArray(c, c3);
        x31.intoArray(c, c3 + L);
    }

    private static void tile8x3(float[] a, int aRow, float[] b, int bCol, int ldb, float[] c, int cAt, int k, int n, int kb, int ke) {
        int c0r = cAt + 0 * n;
        int c1r = cAt + 1 * n;
        int c2r = cAt + 2 * n;
        int c3r = cAt + 3 * n;
        int c4r = cAt + 4 * n;
        int c5r = cAt + 5 * n;
        int c6r = cAt + 6 * n;
        int c7r = cAt + 7 * n;
        FloatVector x00 = FloatVector.fromArray(S, c, c0r + 0 * L);
        FloatVector x01 = FloatVector.fromArray(S, c, c0r + 1 * L);
        FloatVector x02 = FloatVector.fromArray(S, c, c0r + 2 * L);
        FloatVector x10 = FloatVector.fromArray(S, c, c1r + 0 * L);
        FloatVector x11 = FloatVector.fromArray(S, c, c1r + 1 * L);
        FloatVector x12 = FloatVector.fromArray(S, c, c1r + 2 * L);
        FloatVector x20 = FloatVector.fromArray(S, c, c2r + 0 * L);
        FloatVector x21 = FloatVector.fromArray(S, c, c2r + 1 * L);
        FloatVector x22 = FloatVector.fromArray(S, c, c2r + 2 * L);
        FloatVector x30 = FloatVector.fromArray(S, c, c3r + 0 * L);
        FloatVector x31 = FloatVector.fromArray(S, c, c3r + 1 * L);
        FloatVector x32 = FloatVector.fromArray(S, c, c3r + 2 * L);
        FloatVector x40 = FloatVector.fromArray(S, c, c4r + 0 * L);
        FloatVector x41 = FloatVector.fromArray(S, c, c4r + 1 * L);
        FloatVector x42 = FloatVector.fromArray(S, c, c4r + 2 * L);
        FloatVector x50 = FloatVector.fromArray(S, c, c5r + 0 * L);
        FloatVector x51 = FloatVector.fromArray(S, c, c5r + 1 * L);
        FloatVector x52 = FloatVector.fromArray(S, c, c5r + 2 * L);
        FloatVector x60 = FloatVector.fromArray(S, c, c6r + 0 * L);
        FloatVector x61 = FloatVector.fromArray(S, c, c6r + 1 * L);
        FloatVector x62 = FloatVector.fromArray(S, c, c6r + 2 * L);
        FloatVector x70 = FloatVector.fromArray(S, c, c7r + 0 * L);
        FloatVector x71 = FloatVector.fromArray(S, c, c7r + 1 * L);
        FloatVector x72 = FloatVector.fromArray(S, c, c7r + 2 * L);
        int a0r = aRow + 0 * k;
        int a1r = aRow + 1 * k;
        int a2r = aRow + 2 * k;
        int a3r = aRow + 3 * k;
        int a4r = aRow + 4 * k;
        int a5r = aRow + 5 * k;
        int a6r = aRow + 6 * k;
        int a7r = aRow + 7 * k;
        for (int p = kb; p < ke; p++) {
            int bp = bCol + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector v0 = FloatVector.broadcast(S, a[a0r + p]);
            x00 = v0.fma(b0, x00);
            x01 = v0.fma(b1, x01);
            x02 = v0.fma(b2, x02);
            FloatVector v1 = FloatVector.broadcast(S, a[a1r + p]);
            x10 = v1.fma(b0, x10);
            x11 = v1.fma(b1, x11);
            x12 = v1.fma(b2, x12);
            FloatVector v2 = FloatVector.broadcast(S, a[a2r + p]);
            x20 = v2.fma(b0, x20);
            x21 = v2.fma(b1, x21);
            x22 = v2.fma(b2, x22);
            FloatVector v3 = FloatVector.broadcast(S, a[a3r + p]);
            x30 = v3.fma(b0, x30);
            x31 = v3.fma(b1, x31);
            x32 = v3.fma(b2, x32);
            FloatVector v4 = FloatVector.broadcast(S, a[a4r + p]);
            x40 = v4.fma(b0, x40);
            x41 = v4.fma(b1, x41);
            x42 = v4.fma(b2, x42);
            FloatVector v5 = FloatVector.broadcast(S, a[a5r + p]);
            x50 = v5.fma(b0, x50);
            x51 = v5.fma(b1, x51);
            x52 = v5.fma(b2, x52);
            FloatVector v6 = FloatVector.broadcast(S, a[a6r + p]);
            x60 = v6.fma(b0, x60);
            x61 = v6.fma(b1, x61);
            x62 = v6.fma(b2, x62);
            FloatVector v7 = FloatVector.broadcast(S, a[a7r + p]);
            x70 = v7.fma(b0, x70);
            x71 = v7.fma(b1, x71);
            x72 = v7.fma(b2, x72);
        }
        x00.intoArray(c, c0r + 0 * L);
        x01.intoArray(c, c0r + 1 * L);
        x02.intoArray(c, c0r + 2 * L);
        x10.intoArray(c, c1r + 0 * L);
        x11.intoArray(c, c1r + 1 * L);
        x12.intoArray(c, c1r + 2 * L);
        x20.intoArray(c, c2r + 0 * L);
        x21.intoArray(c, c2r + 1 * L);
        x22.intoArray(c, c2r + 2 * L);
        x30.intoArray(c, c3r + 0 * L);
        x31.intoArray(c, c3r + 1 * L);
        x32.intoArray(c, c3r + 2 * L);
        x40.intoArray(c, c4r + 0 * L);
        x41.intoArray(c, c4r + 1 * L);
        x42.intoArray(c, c4r + 2 * L);
        x50.intoArray(c, c5r + 0 * L);
        x51.intoArray(c, c5r + 1 * L);
        x52.intoArray(c, c5r + 2 * L);
        x60.intoArray(c, c6r + 0 * L);
        x61.intoArray(c, c6r + 1 * L);
        x62.intoArray(c, c6r + 2 * L);
        x70.intoArray(c, c7r + 0 * L);
        x71.intoArray(c, c7r + 1 * L);
        x72.intoArray(c, c7r + 2 * L);
    }

    private static void tile4x3(float[] a, int aRow, float[] b, int bCol, int ldb, float[] c, int cAt, int k, int n, int kb, int ke) {
        int c1 = cAt + n;
        int c2 = c1 + n;
        int c3 = c2 + n;
        FloatVector x00 = FloatVector.fromArray(S, c, cAt);
        FloatVector x01 = FloatVector.fromArray(S, c, cAt + L);
        FloatVector x02 = FloatVector.fromArray(S, c, cAt + 2 * L);
        FloatVector x10 = FloatVector.fromArray(S, c, c1);
        FloatVector x11 = FloatVector.fromArray(S, c, c1 + L);
        FloatVector x12 = FloatVector.fromArray(S, c, c1 + 2 * L);
        FloatVector x20 = FloatVector.fromArray(S, c, c2);
        FloatVector x21 = FloatVector.fromArray(S, c, c2 + L);
        FloatVector x22 = FloatVector.fromArray(S, c, c2 + 2 * L);
        FloatVector x30 = FloatVector.fromArray(S, c, c3);
        FloatVector x31 = FloatVector.fromArray(S, c, c3 + L);
        FloatVector x32 = FloatVector.fromArray(S, c, c3 + 2 * L);
        int a1 = aRow + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        for (int p = kb; p < ke; p++) {
            int bp = bCol + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector v = FloatVector.broadcast(S, a[aRow + p]);
            x00 = v.fma(b0, x00);
            x01 = v.fma(b1, x01);
            x02 = v.fma(b2, x02);
            v = FloatVector.broadcast(S, a[a1 + p]);
            x10 = v.fma(b0, x10);
            x11 = v.fma(b1, x11);
            x12 = v.fma(b2, x12);
            v = FloatVector.broadcast(S, a[a2 + p]);
            x20 = v.fma(b0, x20);
            x21 = v.fma(b1, x21);
            x22 = v.fma(b2, x22);
            v = FloatVector.broadcast(S, a[a3 + p]);
            x30 = v.fma(b0, x30);
            x31 = v.fma(b1, x31);
            x32 = v.fma(b2, x32);
        }
        x00.intoArray(c, cAt);
        x01.intoArray(c, cAt + L);
        x02.intoArray(c, cAt + 2 * L);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + L);
        x12.intoArray(c, c1 + 2 * L);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + L);
        x22.intoArray(c, c2 + 2 * L);
        x30.intoArray(c, c3);
        x31.intoArray(c, c3 + L);
        x32.intoArray(c, c3 + 2 * L);
    }

    private static void tile1x2(float[] a, int aRow, float[] b, int bCol, int ldb, float[] c, int cAt, int kb, int ke) {
        FloatVector x0 = FloatVector.fromArray(S, c, cAt);
        FloatVector x1 = FloatVector.fromArray(S, c, cAt + L);
        for (int p = kb; p < ke; p++) {
            int bp = bCol + p * ldb;
            FloatVector v = FloatVector.broadcast(S, a[aRow + p]);
            x0 = v.fma(FloatVector.fromArray(S, b, bp), x0);
            x1 = v.fma(FloatVector.fromArray(S, b, bp + L), x1);
        }
        x0.intoArray(c, cAt);
        x1.intoArray(c, cAt + L);
    }

    private static void tile4x1(float[] a, int aRow, float[] b, int bCol, int ldb, float[] c, int cAt, int k, int n, int kb, int ke) {
        int c1 = cAt + n;
        int c2 = c1 + n;
        int c3 = c2 + n;
        FloatVector x0 = FloatVector.fromArray(S, c, cAt);
        FloatVector x1 = FloatVector.fromArray(S, c, c1);
        FloatVector x2 = FloatVector.fromArray(S, c, c2);
        FloatVector x3 = FloatVector.fromArray(S, c, c3);
        int a1 = aRow + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        for (int p = kb; p < ke; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bCol + p * ldb);
            x0 = FloatVector.broadcast(S, a[aRow + p]).fma(b0, x0);
            x1 = FloatVector.broadcast(S, a[a1 + p]).fma(b0, x1);
            x2 = FloatVector.broadcast(S, a[a2 + p]).fma(b0, x2);
            x3 = FloatVector.broadcast(S, a[a3 + p]).fma(b0, x3);
        }
        x0.intoArray(c, cAt);
        x1.intoArray(c, c1);
        x2.intoArray(c, c2);
        x3.intoArray(c, c3);
    }

    private static void tile1x1(float[] a, int aRow, float[] b, int bCol, int ldb, float[] c, int cAt, int kb, int ke) {
        FloatVector x0 = FloatVector.fromArray(S, c, cAt);
        for (int p = kb; p < ke; p++) {
            x0 = FloatVector.broadcast(S, a[aRow + p]).fma(FloatVector.fromArray(S, b, bCol + p * ldb), x0);
        }
        x0.intoArray(c, cAt);
    }

    private static void tailColumns(float[] a, int aOff, float[] b, int bOff, int ldb, float[] c, int cOff, int k, int n,
            int i0, int i1, int j0, int j1, int kb, int ke) {
        for (int i = i0; i < i1; i++) {
            int aRow = aOff + i * k;
            int cRow = cOff + i * n;
            for (int j = j0; j < j1; j++) {
                float s = c[cRow + j];
                for (int p = kb; p < ke; p++) {
                    s = Math.fma(a[aRow + p], b[bOff + p * ldb + j], s);
                }
                c[cRow + j] = s;
            }
        }
    }
}
