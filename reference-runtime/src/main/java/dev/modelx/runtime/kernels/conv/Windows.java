package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/** HannWindow, HammingWindow and BlackmanWindow (17): periodic (N = size) or symmetric (N = size - 1). */
public final class Windows {

    private Windows() {
    }

    public static void hann(OpContext ctx) {
        run(ctx, 'n');
    }

    public static void hamming(OpContext ctx) {
        run(ctx, 'm');
    }

    public static void blackman(OpContext ctx) {
        run(ctx, 'b');
    }

    private static void run(OpContext ctx, char kind) {
        Tensor sizeT = ctx.input(0);
        if (sizeT.size() != 1) {
            throw ctx.error("size must be a scalar, got shape " + Arrays.toString(sizeT.shape()));
        }
        long size = sizeT.getLong(0);
        if (size < 0) {
            throw ctx.error("size must be non-negative, got " + size);
        }
        DataType type = outputType(ctx, ctx.attrLong("output_datatype", DataType.FLOAT.code()));
        boolean periodic = ctx.attrLong("periodic", 1) != 0;
        Tensor.checkAllocatable(size, type);
        double n1 = periodic ? size : size - 1;
        double[] y = new double[(int) size];
        double alpha = 25.0 / 46.0;
        for (int i = 0; i < size; i++) {
            double a = 2 * Math.PI * i / n1;
            y[i] = switch (kind) {
                case 'n' -> {
                    double s = Math.sin(Math.PI * i / n1);
                    yield s * s;
                }
                case 'm' -> alpha - (1 - alpha) * Math.cos(a);
                default -> 0.42 - 0.5 * Math.cos(a) + 0.08 * Math.cos(4 * Math.PI * i / n1);
            };
        }
        ctx.output(0, Tensors.fromDoubles(type, new long[] {size}, y));
    }

    static DataType outputType(OpContext ctx, long code) {
        DataType t;
        try {
            t = DataType.fromCode((int) code);
        } catch (RuntimeException e) {
            throw ctx.error("output_datatype " + code + " is not a known element type");
        }
        if (t == DataType.STRING || t == DataType.UNDEFINED || t.isComplex()) {
            throw ctx.error("output_datatype " + t.displayName() + " is not a numeric type");
        }
        return t;
    }
}
