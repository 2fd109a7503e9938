package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.util.Arrays;

/** DepthToSpace (DCR, and CRD from op set 11) and SpaceToDepth, as reshape-transpose-reshape on NCHW. */
final class DepthSpace {

    private DepthSpace() {
    }

    static void depthToSpace(OpContext c) {
        Tensor x = c.input(0);
        long[] s = check(c, x);
        long b = blocksize(c);
        if (s[1] % (b * b) != 0) {
            throw c.error("channels " + s[1] + " are not divisible by blocksize^2 = " + b * b);
        }
        String mode = c.attrString("mode", "DCR");
        long cc = s[1] / (b * b);
        Tensor t;
        if (mode.equals("DCR")) {
            t = Transpose.permute(x.reshape(s[0], b, b, cc, s[2], s[3]), new int[] {0, 3, 4, 1, 5, 2});
        } else if (mode.equals("CRD")) {
            t = Transpose.permute(x.reshape(s[0], cc, b, b, s[2], s[3]), new int[] {0, 1, 4, 2, 5, 3});
        } else {
            throw c.error("unknown mode '" + mode + "'");
        }
        c.output(0, t.reshape(s[0], cc, s[2] * b, s[3] * b));
    }

    static void spaceToDepth(OpContext c) {
        Tensor x = c.input(0);
        long[] s = check(c, x);
        long b = blocksize(c);
        if (s[2] % b != 0 || s[3] % b != 0) {
            throw c.error("height " + s[2] + " and width " + s[3] + " must be divisible by blocksize " + b);
        }
        Tensor t = Transpose.permute(x.reshape(s[0], s[1], s[2] / b, b, s[3] / b, b), new int[] {0, 3, 5, 1, 2, 4});
        c.output(0, t.reshape(s[0], s[1] * b * b, s[2] / b, s[3] / b));
    }

    private static long[] check(OpContext c, Tensor x) {
        if (x.rank() != 4) {
            throw c.error("input must be 4-D (N, C, H, W), got shape " + Arrays.toString(x.shape()));
        }
        return x.shape();
    }

    private static long blocksize(OpContext c) {
        long b = c.attrLong("blocksize", 0);
        if (b < 1) {
            throw c.error("attribute 'blocksize' must be a positive integer, got " + b);
        }
        return b;
    }
}
