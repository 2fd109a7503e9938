package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.SmallFloats;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;
import dev.modelx.runtime.Tensors;

import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

/** Helpers shared by the element-wise kernels: type checks, conversions back to tensors, unary maps. */
final class Ew {

    private Ew() {
    }

    /** The floating types element-wise arithmetic works on (float8/float4 are storage-only types). */
    static boolean isFloat(DataType t) {
        return t == DataType.FLOAT || t == DataType.DOUBLE || t == DataType.FLOAT16 || t == DataType.BFLOAT16;
    }

    static boolean isInt(DataType t) {
        return switch (t) {
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64 -> true;
            default -> false;
        };
    }

    static boolean isSignedInt(DataType t) {
        return t == DataType.INT8 || t == DataType.INT16 || t == DataType.INT32 || t == DataType.INT64;
    }

    /** A tensor of {@code type} from doubles, correctly rounded for float16/bfloat16 and the small float types. */
    static Tensor fromDoubles(DataType type, long[] shape, double[] v) {
        switch (type) {
            case FLOAT16, BFLOAT16 -> {
                short[] s = new short[v.length];
                for (int i = 0; i < v.length; i++) {
                    s[i] = type == DataType.FLOAT16 ? SmallFloats.toHalf(v[i]) : SmallFloats.toBfloat16(v[i]);
                }
                return Tensor.of(type, shape, s);
            }
            case FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT8E8M0, FLOAT4E2M1 -> {
                byte[] b = new byte[v.length];
                for (int i = 0; i < v.length; i++) {
                    b[i] = (byte) SmallFloats.encode(type, v[i], true);
                }
                return Tensor.of(type, shape, b);
            }
            default -> {
                return Tensors.fromDoubles(type, shape, v);
            }
        }
    }

    static String typeName(Tensor t) {
        return t.type().displayName();
    }

    static void requireFloat(OpContext c, Tensor t, String name) {
        if (!isFloat(t.type())) {
            throw c.error(name + " must be float, double, float16 or bfloat16, got " + typeName(t));
        }
    }

    static void requireNumeric(OpContext c, Tensor t, String name) {
        if (!isFloat(t.type()) && !isInt(t.type())) {
            throw c.error(name + " must be a numeric tensor, got " + typeName(t));
        }
    }

    static void requireSameType(OpContext c, Tensor a, Tensor b, String what) {
        if (a.type() != b.type()) {
            throw c.error(what + " must have the same element type, got " + typeName(a) + " and " + typeName(b));
        }
    }

    static void requireBool(OpContext c, Tensor t, String name) {
        if (t.type() != DataType.BOOL) {
            throw c.error(name + " must be bool, got " + typeName(t));
        }
    }

    /** Applies {@code f} to every element of a floating tensor; the result keeps the type and shape. */
    static Tensor mapFloat(OpContext c, Tensor x, DoubleUnaryOperator f) {
        requireFloat(c, x, "input");
        double[] v = Tensors.doubles(x);
        for (int i = 0; i < v.length; i++) {
            v[i] = f.applyAsDouble(v[i]);
        }
        return fromDoubles(x.type(), x.shape(), v);
    }

    /** Maps input 0 with {@code f} (floating types only) and sets output 0. */
    static void unaryFloat(OpContext c, DoubleUnaryOperator f) {
        c.output(0, mapFloat(c, c.input(0), f));
    }

    /** Maps a numeric tensor: floating types through {@code fd}, integer types through {@code fl} (wrapped to the type). */
    static Tensor mapNumeric(OpContext c, Tensor x, DoubleUnaryOperator fd, LongUnaryOperator fl) {
        if (isFloat(x.type())) {
            return mapFloat(c, x, fd);
        }
        requireNumeric(c, x, "input");
        long[] v = x.toLongArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = fl.applyAsLong(v[i]);
        }
        return Tensors.fromLongs(x.type(), x.shape(), v);
    }

    /**
     * The broadcast output shape of {@code shapes}, checked to be allocatable as {@code type} and as the double
     * working array the kernels compute in.
     */
    static long[] broadcast(OpContext c, DataType type, long[]... shapes) {
        long[] out = Shapes.broadcast(c, shapes);
        long n = Shapes.size(out);
        Tensor.checkAllocatable(n, type);
        Tensor.checkAllocatable(n, DataType.DOUBLE);
        return out;
    }

    /** Reads a scalar (or one-element) tensor input as a double; an error naming the input otherwise. */
    static double scalar(OpContext c, Tensor t, String name) {
        if (t.size() != 1) {
            throw c.error(name + " must be a scalar, got shape " + OpContext.shape(t.shape()));
        }
        return t.getDouble(0);
    }
}
