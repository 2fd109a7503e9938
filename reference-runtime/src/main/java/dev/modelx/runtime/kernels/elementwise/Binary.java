package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/** Broadcasting drivers for two-input element-wise ops. */
final class Binary {

    private Binary() {
    }

    /** A comparison on doubles / longs / strings. */
    interface DoublePredicate2 {
        boolean test(double a, double b);
    }

    interface LongPredicate2 {
        boolean test(long a, long b);
    }

    interface StringPredicate2 {
        boolean test(String a, String b);
    }

    /** The broadcast shape of A and B, honouring the legacy 'broadcast'/'axis' attributes of op sets before 7. */
    static long[][] shapes(OpContext c, Tensor a, Tensor b) {
        long[] sa = a.shape();
        long[] sb = b.shape();
        if (c.opset() < 7 && c.hasAttr("broadcast")) {
            if (c.attrLong("broadcast", 0) == 0) {
                if (!Arrays.equals(sa, sb)) {
                    throw c.error("shapes " + OpContext.shape(sa) + " and " + OpContext.shape(sb)
                            + " differ and broadcast is not enabled");
                }
            } else {
                sb = legacyShape(c, sa, sb);
            }
        }
        return new long[][] {sa, sb};
    }

    /** Pre-7 broadcasting: B's dims line up with A's starting at 'axis' (default: trailing). */
    private static long[] legacyShape(OpContext c, long[] sa, long[] sb) {
        if (sb.length > sa.length) {
            throw c.error("B of shape " + OpContext.shape(sb) + " has more dimensions than A " + OpContext.shape(sa));
        }
        if (!c.hasAttr("axis")) {
            return sb;
        }
        long axis = c.attrLong("axis", 0);
        if (axis < 0) {
            axis += sa.length;
        }
        if (axis < 0 || axis + sb.length > sa.length) {
            throw c.error("axis " + c.attrLong("axis", 0) + " does not fit B " + OpContext.shape(sb) + " into A " + OpContext.shape(sa));
        }
        long[] r = new long[sa.length - (int) axis];
        Arrays.fill(r, 1);
        System.arraycopy(sb, 0, r, 0, sb.length);
        return r;
    }

    /**
     * Numeric op on inputs 0 and 1 (same type): floating types compute in double through {@code fd}, integer
     * types in long through the operator {@code fl} gives for the type (so unsigned 64-bit can differ).
     */
    static Tensor numeric(OpContext c, DoubleBinaryOperator fd, java.util.function.Function<DataType, LongBinaryOperator> fl) {
        Tensor a = c.input(0);
        Tensor b = c.input(1);
        Ew.requireSameType(c, a, b, "A and B");
        Ew.requireNumeric(c, a, "A");
        long[][] s = shapes(c, a, b);
        long[] out = Ew.broadcast(c, a.type(), s[0], s[1]);
        int[] ia = Shapes.broadcastIndex(s[0], out);
        int[] ib = Shapes.broadcastIndex(s[1], out);
        int n = ia.length;
        if (Ew.isFloat(a.type())) {
            double[] x = Tensors.doubles(a);
            double[] y = Tensors.doubles(b);
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = fd.applyAsDouble(x[ia[i]], y[ib[i]]);
            }
            return Ew.fromDoubles(a.type(), out, r);
        }
        LongBinaryOperator op = fl.apply(a.type());
        long[] x = a.toLongArray();
        long[] y = b.toLongArray();
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = op.applyAsLong(x[ia[i]], y[ib[i]]);
        }
        return Tensors.fromLongs(a.type(), out, r);
    }

    /** Comparison of inputs 0 and 1 (same type) into a bool tensor; UINT64 compares unsigned. */
    static Tensor compare(OpContext c, DoublePredicate2 fd, LongPredicate2 fl, StringPredicate2 fs) {
        Tensor a = c.input(0);
        Tensor b = c.input(1);
        Ew.requireSameType(c, a, b, "A and B");
        long[][] s = shapes(c, a, b);
        long[] out = Ew.broadcast(c, DataType.BOOL, s[0], s[1]);
        int[] ia = Shapes.broadcastIndex(s[0], out);
        int[] ib = Shapes.broadcastIndex(s[1], out);
        int n = ia.length;
        byte[] r = new byte[n];
        DataType t = a.type();
        if (t == DataType.STRING) {
            if (fs == null) {
                throw c.error("string inputs are not supported");
            }
            String[] x = a.strings();
            String[] y = b.strings();
            for (int i = 0; i < n; i++) {
                r[i] = (byte) (fs.test(x[ia[i]], y[ib[i]]) ? 1 : 0);
            }
        } else if (t.isFloatingPoint()) {
            double[] x = a.toDoubleArray();
            double[] y = b.toDoubleArray();
            for (int i = 0; i < n; i++) {
                r[i] = (byte) (fd.test(x[ia[i]], y[ib[i]]) ? 1 : 0);
            }
        } else if (Ew.isInt(t) || t == DataType.BOOL) {
            long[] x = a.toLongArray();
            long[] y = b.toLongArray();
            long flip = t == DataType.UINT64 ? Long.MIN_VALUE : 0;
            for (int i = 0; i < n; i++) {
                r[i] = (byte) (fl.test(x[ia[i]] ^ flip, y[ib[i]] ^ flip) ? 1 : 0);
            }
        } else {
            throw c.error("unsupported input type " + t.displayName());
        }
        return Tensor.of(DataType.BOOL, out, r);
    }

    /** Boolean logic of inputs 0 and 1 (both bool). */
    static Tensor logical(OpContext c, LongPredicate2 f) {
        Tensor a = c.input(0);
        Tensor b = c.input(1);
        Ew.requireBool(c, a, "A");
        Ew.requireBool(c, b, "B");
        long[][] s = shapes(c, a, b);
        long[] out = Ew.broadcast(c, DataType.BOOL, s[0], s[1]);
        int[] ia = Shapes.broadcastIndex(s[0], out);
        int[] ib = Shapes.broadcastIndex(s[1], out);
        byte[] x = a.bytes();
        byte[] y = b.bytes();
        byte[] r = new byte[ia.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (byte) (f.test(x[ia[i]], y[ib[i]]) ? 1 : 0);
        }
        return Tensor.of(DataType.BOOL, out, r);
    }
}
