package dev.modelx.importer.paddle.ops;

import dev.modelx.graph.DataType;
import dev.modelx.importer.paddle.ConvertContext;
import dev.modelx.importer.paddle.OpRegistry;
import dev.modelx.importer.paddle.SourceOp;

import java.util.List;

/**
 * Binary element-wise ops (X, Y -> Out). Paddle's elementwise_* broadcast Y onto X starting at dimension
 * {@code axis}; with axis -1 (or equal ranks) that is numpy broadcasting. Comparison and logical ops broadcast
 * numpy-style.
 */
public final class ElementwiseOps {

    private ElementwiseOps() {
    }

    public static void register(OpRegistry r) {
        String[][] arith = {
            {"elementwise_add", "Add"}, {"elementwise_sub", "Sub"}, {"elementwise_mul", "Mul"}, {"elementwise_div", "Div"},
            {"elementwise_pow", "Pow"}, {"elementwise_max", "Max"}, {"elementwise_min", "Min"},
        };
        for (String[] a : arith) {
            r.add(a[0], (c, op) -> c.emit(a[1], c.out(op, "Out"), c.in(op, "X"), alignedY(c, op)));
        }
        r.add("elementwise_mod", (c, op) -> {
            String x = c.in(op, "X"), y = alignedY(c, op);
            DataType t = c.dtype(op.input("X"));
            if (t.isFloatingPoint()) {
                // Python-style remainder (sign of the divisor): x - floor(x / y) * y
                String q = c.op1("Floor", c.op1("Div", x, y));
                c.emit("Sub", c.out(op, "Out"), x, c.op1("Mul", q, y));
            } else {
                c.emit("Mod", c.out(op, "Out"), x, y).attr("fmod", 0L);
            }
        });
        r.add("elementwise_floordiv", (c, op) -> {
            String x = c.in(op, "X"), y = alignedY(c, op);
            DataType t = c.dtype(op.input("X"));
            if (t.isFloatingPoint()) {
                c.emit("Floor", c.out(op, "Out"), c.op1("Div", x, y));
            } else {
                String q = c.op1("Floor", c.op1("Div", c.cast(x, DataType.DOUBLE), c.cast(y, DataType.DOUBLE)));
                c.emit("Cast", c.out(op, "Out"), q).attr("to", (long) t.code());
            }
        });
        String[][] compare = {
            {"equal", "Equal"}, {"less_than", "Less"}, {"less_equal", "LessOrEqual"}, {"greater_than", "Greater"},
            {"greater_equal", "GreaterOrEqual"}, {"logical_and", "And"}, {"logical_or", "Or"}, {"logical_xor", "Xor"},
        };
        for (String[] a : compare) {
            r.add(a[0], (c, op) -> c.emit(a[1], c.out(op, "Out"), c.in(op, "X"), c.in(op, "Y")));
        }
        r.add("not_equal", (c, op) -> c.emit("Not", c.out(op, "Out"), c.op1("Equal", c.in(op, "X"), c.in(op, "Y"))));
        for (String[] a : new String[][] {{"bitwise_and", "And"}, {"bitwise_or", "Or"}, {"bitwise_xor", "Xor"}}) {
            r.add(a[0], (c, op) -> bitwise(c, op, a[1]));
        }
        r.add("bitwise_not", (c, op) -> {
            String x = c.in(op, "X");
            DataType t = c.dtype(op.input("X"));
            String out = c.out(op, "Out");
            if (t == DataType.BOOL) {
                c.emit("Not", out, x);
            } else if (t == DataType.UINT8) {
                c.emit("Sub", out, c.scalar(t, 255), x);
            } else if (t.isFloatingPoint()) {
                throw new IllegalArgumentException("bitwise_not of " + t.displayName() + " is not defined");
            } else {
                c.emit("Sub", out, c.op1("Neg", x), c.scalar(t, 1)); // two's complement: ~x = -x - 1
            }
        });
    }

    /**
     * Bool operands use the logical op. Integers (op set 17 has no Bitwise*) are split into a signed high and an
     * unsigned low 32-bit half, each expanded into 32 bits with Div/Mod by powers of two, combined bit by bit
     * (and: a*b, or: a+b-a*b, xor: (a+b) mod 2) and summed back.
     */
    private static void bitwise(ConvertContext c, SourceOp op, String logical) {
        DataType t = c.dtype(op.input("X"));
        String out = c.out(op, "Out");
        if (t == DataType.BOOL) {
            c.emit(logical, out, c.in(op, "X"), c.in(op, "Y"));
            return;
        }
        if (t.isFloatingPoint()) {
            throw new IllegalArgumentException(op.type() + " of " + t.displayName() + " is not defined");
        }
        long[] pow = new long[32];
        for (int i = 0; i < 32; i++) {
            pow[i] = 1L << i;
        }
        String pows = c.constI64(pow);
        String two32 = c.scalarI64(1L << 32);
        String[] parts = new String[2];
        String[][] bits = new String[2][2];
        String[] xs = {c.cast(c.in(op, "X"), DataType.INT64), c.cast(c.in(op, "Y"), DataType.INT64)};
        for (int v = 0; v < 2; v++) {
            String lo = c.op("Mod", xs[v], two32).attr("fmod", 0L).output(0);
            String hi = c.op("Mod", c.op1("Div", c.op1("Sub", xs[v], lo), two32), two32).attr("fmod", 0L).output(0);
            bits[v][0] = expandBits(c, lo, pows);
            bits[v][1] = expandBits(c, hi, pows);
        }
        for (int h = 0; h < 2; h++) {
            String a = bits[0][h], b = bits[1][h];
            String r = switch (logical) {
                case "And" -> c.op1("Mul", a, b);
                case "Or" -> c.op1("Sub", c.op1("Add", a, b), c.op1("Mul", a, b));
                default -> c.op("Mod", c.op1("Add", a, b), c.scalarI64(2)).attr("fmod", 0L).output(0);
            };
            parts[h] = c.op("ReduceSum", c.op1("Mul", r, pows), c.constI64(-1)).attr("keepdims", 0L).output(0);
        }
        String hiSigned = c.op1("Where", c.op1("GreaterOrEqual", parts[1], c.scalarI64(1L << 31)), c.op1("Sub", parts[1], two32), parts[1]);
        c.emit("Cast", out, c.op1("Add", c.op1("Mul", hiSigned, two32), parts[0])).attr("to", (long) t.code());
    }

    /** v in [0, 2^32) to its 32 bits on a new last axis, least significant first. */
    private static String expandBits(ConvertContext c, String v, String pows) {
        String q = c.op1("Div", c.op1("Unsqueeze", v, c.constI64(-1)), pows);
        return c.op("Mod", q, c.scalarI64(2)).attr("fmod", 0L).output(0);
    }

    /** Y reshaped so numpy broadcasting reproduces Paddle's axis rule. */
    static String alignedY(ConvertContext c, SourceOp op) {
        String y = c.in(op, "Y");
        long axis = op.i("axis", -1);
        if (axis == -1) {
            return y;
        }
        int rx = c.info(op.input("X")).rank();
        int ry = c.info(op.input("Y")).rank();
        if (rx < 0 || ry < 0) {
            throw new IllegalArgumentException("elementwise axis " + axis + " needs the ranks of X and Y");
        }
        if (axis < 0) {
            axis += rx;
        }
        // Paddle trims trailing 1s of Y before aligning; Y dims then occupy [axis, axis + ry)
        long[] yd = c.info(op.input("Y")).dims();
        int effective = ry;
        while (effective > 0 && yd[effective - 1] == 1 && axis + effective > rx) {
            effective--;
        }
        int trailing = (int) (rx - axis - ry);
        if (rx == ry || trailing <= 0) {
            if (effective < ry && trailing < 0) {
                y = c.op1("Reshape", y, c.constI64(java.util.Arrays.copyOf(yd, effective)));
                trailing = (int) (rx - axis - effective);
                if (trailing <= 0) {
                    return y;
                }
                return unsqueezeTrailing(c, y, effective, trailing);
            }
            return y;
        }
        return unsqueezeTrailing(c, y, ry, trailing);
    }

    private static String unsqueezeTrailing(ConvertContext c, String y, int ry, int trailing) {
        long[] axes = new long[trailing];
        for (int i = 0; i < trailing; i++) {
            axes[i] = ry + i;
        }
        return c.op1("Unsqueeze", y, c.constI64(axes));
    }

    static List<String> list(String... s) {
        return List.of(s);
    }
}
