package dev.modelx.importer.tensorflow;

/** NHWC <-> NCHW permutations and reading TF's per-layout attribute lists. */
final class Layout {

    private Layout() {
    }

    /** Permutation taking a channels-last tensor of {@code rank} to channels-first. */
    static long[] toChannelsFirst(int rank) {
        long[] p = new long[rank];
        p[0] = 0;
        p[1] = rank - 1;
        for (int i = 2; i < rank; i++) {
            p[i] = i - 1;
        }
        return p;
    }

    static long[] toChannelsLast(int rank) {
        long[] p = new long[rank];
        p[0] = 0;
        for (int i = 1; i < rank - 1; i++) {
            p[i] = i + 1;
        }
        p[rank - 1] = 1;
        return p;
    }

    /** The spatial entries of a per-dimension attribute (strides, ksize, dilations) of a rank-{@code rank} tensor. */
    static long[] spatial(long[] perDim, boolean channelsFirst, int rank, long dflt) {
        long[] out = new long[rank - 2];
        for (int i = 0; i < out.length; i++) {
            int src = channelsFirst ? i + 2 : i + 1;
            out[i] = perDim != null && perDim.length == rank ? perDim[src] : perDim != null && perDim.length == rank - 2 ? perDim[i] : dflt;
        }
        return out;
    }

    static boolean channelsFirst(TfNode n) {
        return n.dataFormat().startsWith("NC");
    }

    static String transpose(Scope s, String x, long[] perm) {
        return s.add(s.node("Transpose", x).ints("perm", perm)).output(0);
    }
}
