package dev.modelx.exporter.tensorflow;

/** Logical-shape bookkeeping (-1 = unknown dim, null = unknown rank). */
final class Shapes {

    private Shapes() {
    }

    static long[] broadcast(long[]... shapes) {
        int r = 0;
        for (long[] s : shapes) {
            if (s == null) {
                return null;
            }
            r = Math.max(r, s.length);
        }
        long[] out = new long[r];
        java.util.Arrays.fill(out, 1);
        for (long[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int o = r - s.length + i;
                long a = out[o];
                long b = s[i];
                if (a == 1) {
                    out[o] = b;
                } else if (b == 1) {
                    // keep a
                } else if (a < 0) {
                    out[o] = b;
                } else if (b >= 0 && a != b) {
                    return null;
                }
            }
        }
        return out;
    }

    static long product(long[] s, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            if (s[i] < 0) {
                return -1;
            }
            p *= s[i];
        }
        return p;
    }

    static int axis(long a, int rank) {
        return (int) (a < 0 ? a + rank : a);
    }

    static long[] unknown(int rank) {
        long[] s = new long[rank];
        java.util.Arrays.fill(s, -1);
        return s;
    }

    /** Leading 1s so {@code s} has rank {@code r}. */
    static long[] padLeft(long[] s, int r) {
        long[] out = new long[r];
        java.util.Arrays.fill(out, 1);
        System.arraycopy(s, 0, out, r - s.length, s.length);
        return out;
    }
}
