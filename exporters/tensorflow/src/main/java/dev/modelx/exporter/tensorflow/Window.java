package dev.modelx.exporter.tensorflow;

import java.util.Arrays;

/**
 * The sliding-window attributes of Conv/ConvTranspose/pooling nodes (kernel, strides, dilations, pads,
 * auto_pad), resolved to what a TF op needs: "VALID", "SAME" (= ONNX SAME_UPPER) or explicit pads.
 */
final class Window {

    final int n;
    final long[] kernel;
    final long[] strides;
    final long[] dilations;
    final long[] padBegin;
    final long[] padEnd;
    /** "VALID", "SAME" or "EXPLICIT". */
    final String padding;

    private Window(int n, long[] kernel, long[] strides, long[] dilations, long[] padBegin, long[] padEnd, String padding) {
        this.n = n;
        this.kernel = kernel;
        this.strides = strides;
        this.dilations = dilations;
        this.padBegin = padBegin;
        this.padEnd = padEnd;
        this.padding = padding;
    }

    /** {@code spatial}: the static spatial input dims (-1 unknown), needed only for SAME_LOWER. */
    static Window of(EmitContext c, int n, long[] kernelFromWeights, long[] spatial) {
        long[] kernel = c.node.attrLongs("kernel_shape", kernelFromWeights);
        if (kernel == null || kernel.length != n) {
            throw c.error("kernel_shape " + Arrays.toString(kernel) + " does not have " + n + " spatial dims");
        }
        long[] strides = c.node.attrLongs("strides", ones(n));
        long[] dilations = c.node.attrLongs("dilations", ones(n));
        long[] pads = c.node.attrLongs("pads", new long[2 * n]);
        if (strides.length != n || dilations.length != n || pads.length != 2 * n) {
            throw c.error("strides/dilations/pads do not match " + n + " spatial dims");
        }
        String auto = c.node.attrString("auto_pad", "NOTSET");
        long[] begin = Arrays.copyOfRange(pads, 0, n);
        long[] end = Arrays.copyOfRange(pads, n, 2 * n);
        switch (auto) {
            case "NOTSET" -> {
                boolean zero = Arrays.stream(pads).allMatch(p -> p == 0);
                return new Window(n, kernel, strides, dilations, begin, end, zero ? "VALID" : "EXPLICIT");
            }
            case "VALID" -> {
                return new Window(n, kernel, strides, dilations, new long[n], new long[n], "VALID");
            }
            case "SAME_UPPER", "SAME_LOWER" -> {
                if (auto.equals("SAME_UPPER") || allOnes(strides) && oddKernels(kernel, dilations)) {
                    // SAME_LOWER equals SAME_UPPER when the total padding is even (stride 1, odd effective kernel)
                    return new Window(n, kernel, strides, dilations, null, null, "SAME");
                }
                long[] b = new long[n];
                long[] e = new long[n];
                for (int i = 0; i < n; i++) {
                    if (spatial == null || spatial[i] < 0) {
                        throw c.error("auto_pad SAME_LOWER with a dynamic spatial size cannot be written for TensorFlow");
                    }
                    long out = (spatial[i] + strides[i] - 1) / strides[i];
                    long total = Math.max(0, (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - spatial[i]);
                    e[i] = total / 2;
                    b[i] = total - e[i];
                }
                return new Window(n, kernel, strides, dilations, b, e, "EXPLICIT");
            }
            default -> throw c.error("auto_pad '" + auto + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
        }
    }

    static long[] ones(int n) {
        long[] a = new long[n];
        Arrays.fill(a, 1);
        return a;
    }

    private static boolean allOnes(long[] a) {
        return Arrays.stream(a).allMatch(x -> x == 1);
    }

    private static boolean oddKernels(long[] k, long[] d) {
        for (int i = 0; i < k.length; i++) {
            if (((k[i] - 1) * d[i]) % 2 != 0) {
                return false;
            }
        }
        return true;
    }

    /** The same window with each kernel dilated (zeros inserted) to its effective size and unit dilations. */
    Window withDilatedKernel() {
        long[] k = new long[n];
        for (int i = 0; i < n; i++) {
            k[i] = (kernel[i] - 1) * dilations[i] + 1;
        }
        return new Window(n, k, strides, ones(n), padBegin, padEnd, padding);
    }

    boolean unitDilations() {
        return allOnes(dilations);
    }

    /** The spatial output size for input size {@code in} (-1 unknown), floor mode. */
    long outSize(int i, long in) {
        if (in < 0) {
            return -1;
        }
        if (padding.equals("SAME")) {
            return (in + strides[i] - 1) / strides[i];
        }
        long eff = (kernel[i] - 1) * dilations[i] + 1;
        return (in + padBegin[i] + padEnd[i] - eff) / strides[i] + 1;
    }

    /** TF's attribute form of a per-spatial-dim list in channels-last order: {1, a..., 1}. */
    static long[] nhwc(long[] spatial) {
        long[] out = new long[spatial.length + 2];
        Arrays.fill(out, 1);
        System.arraycopy(spatial, 0, out, 1, spatial.length);
        return out;
    }

    /** explicit_paddings of a channels-last op: pairs per dim, zero for batch and channels. */
    long[] explicitPaddings() {
        long[] out = new long[2 * (n + 2)];
        for (int i = 0; i < n; i++) {
            out[2 * (i + 1)] = padBegin[i];
            out[2 * (i + 1) + 1] = padEnd[i];
        }
        return out;
    }

    /** A [rank, 2] int64 paddings tensor for a channels-last Pad. */
    dev.modelx.graph.Tensor padTensor() {
        return dev.modelx.graph.Tensor.ofLongs(new long[]{n + 2, 2}, explicitPaddings());
    }
}
