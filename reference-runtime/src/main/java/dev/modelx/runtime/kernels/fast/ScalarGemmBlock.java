package dev.modelx.runtime.kernels.fast;

/**
 * The scalar block, used when the Vector API is absent: tiles of 4 rows x 4 columns of C held in locals
 * across a k block, each element c = Math.fma(a[i,p], b[p,j], c) for p ascending, exactly as
 * {@link VectorGemmBlock} does lane by lane, so both agree bit for bit.
 */
final class ScalarGemmBlock implements GemmBlock {

    @Override
    public int columnTile() {
        return 16;
    }

    @Override
    public void multiply(float[] a, int aOff, float[] b, int bOff, int ldb, float[] c, int cOff, int k, int n, int i0, int i1, int j0, int j1) {
        for (int kb = 0; kb < k; kb += KC) {
            int ke = Math.min(k, kb + KC);
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                int j = j0;
                for (; j + 4 <= j1; j += 4) {
                    tile4x4(a, aOff + i * k, b, bOff + j, ldb, c, cOff + i * n + j, k, n, kb, ke);
                }
                for (; j < j1; j++) {
                    for (int r = 0; r < 4; r++) {
                        element(a, aOff + (i + r) * k, b, bOff + j, ldb, c, cOff + (i + r) * n + j, kb, ke);
                    }
                }
            }
            for (; i < i1; i++) {
                for (int j = j0; j < j1; j++) {
                    element(a, aOff + i * k, b, bOff + j, ldb, c, cOff + i * n + j, kb, ke);
                }
            }
        }
    }

    private static void tile4x4(float[] a, int aRow, float[] b, int bCol, int ldb, float[] c, int cAt, int k, int n, int kb, int ke) {
        int c1 = cAt + n;
        int c2 = c1 + n;
        int c3 = c2 + n;
        float x00 = c[cAt], x01 = c[cAt + 1], x02 = c[cAt + 2], x03 = c[cAt + 3];
        float x10 = c[c1], x11 = c[c1 + 1], x12 = c[c1 + 2], x13 = c[c1 + 3];
        float x20 = c[c2], x21 = c[c2 + 1], x22 = c[c2 + 2], x23 = c[c2 + 3];
        float x30 = c[c3], x31 = c[c3 + 1], x32 = c[c3 + 2], x33 = c[c3 + 3];
        int a1 = aRow + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        for (int p = kb; p < ke; p++) {
            int bp = bCol + p * ldb;
            float b0 = b[bp], b1 = b[bp + 1], b2 = b[bp + 2], b3 = b[bp + 3];
            float v = a[aRow + p];
            x00 = Math.fma(v, b0, x00);
            x01 = Math.fma(v, b1, x01);
            x02 = Math.fma(v, b2, x02);
            x03 = Math.fma(v, b3, x03);
            v = a[a1 + p];
            x10 = Math.fma(v, b0, x10);
            x11 = Math.fma(v, b1, x11);
            x12 = Math.fma(v, b2, x12);
            x13 = Math.fma(v, b3, x13);
            v = a[a2 + p];
            x20 = Math.fma(v, b0, x20);
            x21 = Math.fma(v, b1, x21);
            x22 = Math.fma(v, b2, x22);
            x23 = Math.fma(v, b3, x23);
            v = a[a3 + p];
            x30 = Math.fma(v, b0, x30);
            x31 = Math.fma(v, b1, x31);
            x32 = Math.fma(v, b2, x32);
            x33 = Math.fma(v, b3, x33);
        }
        c[cAt] = x00;
        c[cAt + 1] = x01;
        c[cAt + 2] = x02;
        c[cAt + 3] = x03;
        c[c1] = x10;
        c[c1 + 1] = x11;
        c[c1 + 2] = x12;
        c[c1 + 3] = x13;
        c[c2] = x20;
        c[c2 + 1] = x21;
        c[c2 + 2] = x22;
        c[c2 + 3] = x23;
        c[c3] = x30;
        c[c3 + 1] = x31;
        c[c3 + 2] = x32;
        c[c3 + 3] = x33;
    }

    private static void element(float[] a, int aRow, float[] b, int bCol, int ldb, float[] c, int cAt, int kb, int ke) {
        float s = c[cAt];
        for (int p = kb; p < ke; p++) {
            s = Math.fma(a[aRow + p], b[bCol + p * ldb], s);
        }
        c[cAt] = s;
    }
}
