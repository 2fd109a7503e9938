package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;

/**
 * LeftShift and RightShift. TF clamps the shift amount to [0, bits - 1] and shifts signed integers
 * arithmetically; ONNX BitShift takes unsigned integers only. Signed operands are shifted as their
 * unsigned two's-complement bits (integer Cast wraps): left shifts are then exact; a right shift of a
 * negative x is ~(~x >>> y), the arithmetic shift.
 */
final class BitShiftOps {

    private BitShiftOps() {
    }

    static void register(OpRegistry r) {
        r.register((n, s) -> shift(n, s, true), "LeftShift");
        r.register((n, s) -> shift(n, s, false), "RightShift");
    }

    private static DataType unsigned(TfNode n, DataType t) {
        return switch (t) {
            case INT8, UINT8 -> DataType.UINT8;
            case INT16, UINT16 -> DataType.UINT16;
            case INT32, UINT32 -> DataType.UINT32;
            case INT64, UINT64 -> DataType.UINT64;
            default -> throw new TfImportException(n.describe() + ": shifts take integers, got " + t.displayName());
        };
    }

    private static void shift(TfNode n, Scope s, boolean left) {
        DataType t = n.requireType("T");
        DataType u = unsigned(n, t);
        String x = s.in(n, 0);
        s.setType(x, t);
        String y = s.in(n, 1);
        s.setType(y, t);
        if (!t.isUnsigned()) {
            y = s.op("Max", y, s.constant(Consts.scalar(t, 0), "zero"));
        }
        y = s.op("Min", y, s.constant(Consts.scalar(t, t.bits() - 1), "max_shift"));
        s.setType(y, t);
        String yu = s.cast(y, u);
        String dir = left ? "LEFT" : "RIGHT";
        if (t.isUnsigned() || left) {
            s.out(n, 0, s.cast(bitShift(s, s.cast(x, u), yu, dir, u), t));
            return;
        }
        String negative = s.op("Less", x, s.constant(Consts.scalar(t, 0), "zero"));
        String notX = s.op("BitwiseNot", x);
        s.setType(notX, t);
        String shiftedNot = s.op("BitwiseNot", s.cast(bitShift(s, s.cast(notX, u), yu, dir, u), t));
        String shifted = s.cast(bitShift(s, s.cast(x, u), yu, dir, u), t);
        s.out(n, 0, s.op("Where", negative, shiftedNot, shifted));
    }

    private static String bitShift(Scope s, String x, String y, String dir, DataType u) {
        String out = s.add(s.node("BitShift", x, y).attr("direction", dir)).output(0);
        s.setType(out, u);
        return out;
    }

}
