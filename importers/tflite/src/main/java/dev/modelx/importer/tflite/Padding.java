package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.Options;

/** TFLite's SAME/VALID padding of one spatial dimension, computed as its kernels do. */
final class Padding {

    private Padding() {
    }

    /** Output size of a convolution/pool over {@code in} elements. */
    static int outputSize(int padding, int in, int kernel, int stride, int dilation) {
        int effective = (kernel - 1) * dilation + 1;
        return padding == Options.PADDING_SAME ? (in + stride - 1) / stride : (in - effective + stride) / stride;
    }

    /** {before, after} padding; SAME puts the odd element after, VALID pads nothing. */
    static long[] pads(int padding, int in, int kernel, int stride, int dilation) {
        if (padding != Options.PADDING_SAME) {
            return new long[] {0, 0};
        }
        int effective = (kernel - 1) * dilation + 1;
        int out = outputSize(padding, in, kernel, stride, dilation);
        int total = Math.max((out - 1) * stride + effective - in, 0);
        return new long[] {total / 2, total - total / 2};
    }
}
