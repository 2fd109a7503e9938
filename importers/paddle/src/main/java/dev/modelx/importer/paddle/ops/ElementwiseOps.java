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
