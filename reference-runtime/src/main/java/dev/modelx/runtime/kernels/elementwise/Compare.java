package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.runtime.OpContext;

/** Equal, Greater, Less, GreaterOrEqual, LessOrEqual (NaN compares false, UINT64 compares unsigned). */
public final class Compare {

    private Compare() {
    }

    public static void equal(OpContext c) {
        c.output(0, Binary.compare(c, (a, b) -> a == b, (a, b) -> a == b, String::equals));
    }

    public static void greater(OpContext c) {
        c.output(0, Binary.compare(c, (a, b) -> a > b, (a, b) -> a > b, null));
    }

    public static void less(OpContext c) {
        c.output(0, Binary.compare(c, (a, b) -> a < b, (a, b) -> a < b, null));
    }

    public static void greaterOrEqual(OpContext c) {
        c.output(0, Binary.compare(c, (a, b) -> a >= b, (a, b) -> a >= b, null));
    }

    public static void lessOrEqual(OpContext c) {
        c.output(0, Binary.compare(c, (a, b) -> a <= b, (a, b) -> a <= b, null));
    }
}
