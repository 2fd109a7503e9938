package dev.modelx.exporter.tensorflow;

/** Permutation helpers; a perm p maps output axis i to input axis p[i] (TF and ONNX Transpose alike). */
final class Perms {

    /** NCHW-style (channels at 1) to channels-last, for rank {@code r}: {0, 2, ..., r-1, 1}. */
    static int[] toChannelsLast(int r) {
        int[] p = new int[r];
        p[0] = 0;
        for (int i = 1; i < r - 1; i++) {
            p[i] = i + 1;
        }
        p[r - 1] = 1;
        return p;
    }

    private Perms() {
    }

    static boolean isIdentity(int[] p) {
        if (p == null) {
            return true;
        }
        for (int i = 0; i < p.length; i++) {
            if (p[i] != i) {
                return false;
            }
        }
        return true;
    }

    static int[] identity(int r) {
        int[] p = new int[r];
        for (int i = 0; i < r; i++) {
            p[i] = i;
        }
        return p;
    }

    static int[] inverse(int[] p) {
        int[] q = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            q[p[i]] = i;
        }
        return q;
    }

    /** The perm of transpose(transpose(x, first), second). */
    static int[] compose(int[] first, int[] second) {
        int[] r = new int[second.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = first[second[i]];
        }
        return r;
    }

    static long[] apply(int[] p, long[] shape) {
        if (shape == null) {
            return null;
        }
        long[] out = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = shape[p[i]];
        }
        return out;
    }

    static long[] toLongs(int[] p) {
        long[] out = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i];
        }
        return out;
    }

    static boolean isPermutation(long[] p) {
        boolean[] seen = new boolean[p.length];
        for (long x : p) {
            if (x < 0 || x >= p.length || seen[(int) x]) {
                return false;
            }
            seen[(int) x] = true;
        }
        return true;
    }
}
