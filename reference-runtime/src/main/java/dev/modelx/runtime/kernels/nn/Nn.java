package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;

import java.util.Arrays;

/** Small checks and conversions shared by the nn kernels. */
final class Nn {

    private Nn() {
    }

    /** Rejects non-floating element types (the normalisation, softmax and recurrent ops take floats only). */
    static void requireFloat(OpContext c, Tensor t, String what) {
        DataType d = t.type();
        if (!(d == DataType.FLOAT || d == DataType.DOUBLE || d == DataType.FLOAT16 || d == DataType.BFLOAT16)) {
            throw c.error(what + " must be float16, bfloat16, float or double, got " + d.displayName());
        }
    }

    /** Rejects strings, bools and complex numbers. */
    static void requireNumeric(OpContext c, Tensor t, String what) {
        DataType d = t.type();
        if (d == DataType.STRING || d == DataType.BOOL || d.isComplex()) {
            throw c.error(what + " must be numeric, got " + d.displayName());
        }
    }

    static double[] doubles(Tensor t) {
        if (t.type() == DataType.FLOAT) {
            float[] f = t.floats();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        return t.toDoubleArray();
    }

    /** The product of dims [from, to). */
    static int prod(long[] shape, int from, int to) {
        long n = 1;
        for (int i = from; i < to; i++) {
            n *= shape[i];
        }
        return (int) n;
    }

    /** Index map that broadcasts {@code t} unidirectionally onto {@code target}; an error when it does not fit. */
    static int[] unidirectional(OpContext c, Tensor t, long[] target, String what) {
        long[] s = t.shape();
        long[] b = Shapes.broadcast(c, s, target);
        if (!Arrays.equals(b, target)) {
            throw c.error(what + " of shape " + Arrays.toString(s) + " does not broadcast to " + Arrays.toString(target));
        }
        return Shapes.broadcastIndex(s, target);
    }

    /** A single value read from a scalar or one-element tensor. */
    static double scalar(OpContext c, Tensor t, String what) {
        if (t.size() != 1) {
            throw c.error(what + " must hold one value, got shape " + Arrays.toString(t.shape()));
        }
        return t.getDouble(0);
    }

    /** Output shape of the statistics of a normalisation over axes [axis, rank): X's dims before axis, then ones. */
    static long[] reducedShape(long[] x, int axis) {
        long[] s = x.clone();
        for (int i = axis; i < s.length; i++) {
            s[i] = 1;
        }
        return s;
    }

    /** The element type named by a stash_type attribute (a TensorProto data type code). */
    static DataType stashType(OpContext c, long code) {
        DataType d;
        try {
            d = DataType.fromCode(code == (int) code ? (int) code : -1);
        } catch (RuntimeException e) {
            throw c.error("stash_type " + code + " is not a data type");
        }
        if (!d.isFloatingPoint()) {
            throw c.error("stash_type " + code + " is not a floating type");
        }
        return d;
    }

    /** Rounds {@code v} to the precision of {@code type} (stage-one computation in stash precision). */
    static double roundTo(DataType type, double v) {
        return switch (type) {
            case FLOAT -> (float) v;
            case FLOAT16 -> dev.modelx.graph.FloatFormats.halfToFloat(dev.modelx.graph.FloatFormats.floatToHalf((float) v));
            case BFLOAT16 -> dev.modelx.graph.FloatFormats.bfloat16ToFloat(dev.modelx.graph.FloatFormats.floatToBfloat16((float) v));
            default -> v;
        };
    }
}
