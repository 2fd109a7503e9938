package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

/** Boolean And, Or, Xor, Not and the integer bitwise ops BitwiseAnd/Or/Xor/Not and BitShift. */
public final class Logic {

    private Logic() {
    }

    public static void and(OpContext c) {
        c.output(0, Binary.logical(c, (a, b) -> a != 0 && b != 0));
    }

    public static void or(OpContext c) {
        c.output(0, Binary.logical(c, (a, b) -> a != 0 || b != 0));
    }

    public static void xor(OpContext c) {
        c.output(0, Binary.logical(c, (a, b) -> (a != 0) != (b != 0)));
    }

    public static void not(OpContext c) {
        Tensor x = c.input(0);
        Ew.requireBool(c, x, "X");
        byte[] v = x.bytes();
        byte[] r = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (byte) (v[i] != 0 ? 0 : 1);
        }
        c.output(0, Tensor.of(DataType.BOOL, x.shape(), r));
    }

    public static void bitwiseAnd(OpContext c) {
        requireIntegers(c);
        c.output(0, Binary.numeric(c, (a, b) -> 0, t -> (a, b) -> a & b));
    }

    public static void bitwiseOr(OpContext c) {
        requireIntegers(c);
        c.output(0, Binary.numeric(c, (a, b) -> 0, t -> (a, b) -> a | b));
    }

    public static void bitwiseXor(OpContext c) {
        requireIntegers(c);
        c.output(0, Binary.numeric(c, (a, b) -> 0, t -> (a, b) -> a ^ b));
    }

    public static void bitwiseNot(OpContext c) {
        Tensor x = c.input(0);
        requireInteger(c, x, "X");
        long[] v = x.toLongArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = ~v[i];
        }
        c.output(0, Tensors.fromLongs(x.type(), x.shape(), v));
    }

    /** BitShift on unsigned integers; shifting by the type's width or more gives 0. */
    public static void bitShift(OpContext c) {
        String direction = c.attrString("direction", "");
        boolean left;
        if (direction.equals("LEFT")) {
            left = true;
        } else if (direction.equals("RIGHT")) {
            left = false;
        } else {
            throw c.error("attribute direction must be LEFT or RIGHT, got '" + direction + "'");
        }
        Tensor x = c.input(0);
        if (!x.type().isUnsigned() || !Ew.isInt(x.type())) {
            throw c.error("BitShift takes unsigned integers, got " + x.type().displayName());
        }
        int bits = x.type().bits();
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        c.output(0, Binary.numeric(c, (a, b) -> 0, t -> (a, b) -> {
            if (Long.compareUnsigned(b, bits) >= 0) {
                return 0;
            }
            return left ? (a << b) & mask : (a & mask) >>> b;
        }));
    }

    private static void requireIntegers(OpContext c) {
        requireInteger(c, c.input(0), "A");
        requireInteger(c, c.input(1), "B");
    }

    private static void requireInteger(OpContext c, Tensor t, String name) {
        if (!Ew.isInt(t.type())) {
            throw c.error(name + " must be an integer tensor, got " + t.type().displayName());
        }
    }
}
