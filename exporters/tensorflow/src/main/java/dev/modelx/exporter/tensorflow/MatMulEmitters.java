package dev.modelx.exporter.tensorflow;

import static dev.modelx.exporter.tensorflow.ActivationEmitters.add;
import static dev.modelx.exporter.tensorflow.ActivationEmitters.k;
import static dev.modelx.exporter.tensorflow.ActivationEmitters.mul;

import dev.modelx.graph.DataType;

import java.util.Arrays;
import java.util.TreeSet;

/** MatMul (with NumPy's 1-D rules), Gemm, Einsum, Det, the quantised matmuls and (in AttentionEmitter) Attention. */
final class MatMulEmitters {

    private MatMulEmitters() {
    }

    static void register(Emitters r) {
        r.register(MatMulEmitters::matMul, "MatMul");
        r.register(MatMulEmitters::gemm, "Gemm");
        r.register(MatMulEmitters::einsum, "Einsum");
        r.register(MatMulEmitters::qLinearMatMul, "QLinearMatMul");
        r.register(MatMulEmitters::matMulInteger, "MatMulInteger");
        r.register(AttentionEmitter::emit, "Attention");
        r.register(RotaryEmbeddingEmitter::emit, "RotaryEmbedding");
        r.register(c -> {
            Val x = c.require(0, "X");
            long[] s = x.shape() == null || x.rank() < 2 ? null : java.util.Arrays.copyOf(x.shape(), x.rank() - 2);
            c.out(0, c.val(c.op("MatrixDeterminant").in(c.t(x)).type("T", x.type()).out(), x.type(), s));
        }, "Det");
    }

    private static void matMul(EmitContext c) {
        Val a = c.require(0, "A");
        Val b = c.require(1, "B");
        c.out(0, matMul(c, a, b));
    }

    static Val matMul(EmitContext c, Val a, Val b) {
        String x = c.t(a);
        String y = c.t(b);
        int ra = a.rank();
        int rb = b.rank();
        if (ra == 1) {
            x = Ops.expandDims(c, x, a.type(), 0);
        }
        if (rb == 1) {
            y = Ops.expandDims(c, y, b.type(), -1);
        }
        String out;
        DataType t = a.type();
        // TF's CPU kernels accumulate bfloat16 products in bfloat16 (several ulps off ONNX's single rounding)
        DataType acc = t == DataType.BFLOAT16 ? DataType.FLOAT : t;
        x = Ops.cast(c, x, t, acc);
        y = Ops.cast(c, y, t, acc);
        if ((ra == 2 || ra == 1) && (rb == 2 || rb == 1)) {
            out = c.op("MatMul").in(x).in(y).type("T", acc).out();
        } else {
            out = c.op("BatchMatMulV2").in(x).in(y).type("T", acc).out();
        }
        out = Ops.cast(c, out, acc, t);
        if (ra == 1) {
            out = Ops.squeeze(c, out, a.type(), -2);
        }
        if (rb == 1) {
            out = Ops.squeeze(c, out, a.type(), -1);
        }
        return c.val(out, a.type(), matMulShape(a.shape(), b.shape()));
    }

    static long[] matMulShape(long[] a, long[] b) {
        if (a == null || b == null || a.length == 0 || b.length == 0) {
            return null;
        }
        long[] a2 = a.length == 1 ? new long[]{1, a[0]} : a;
        long[] b2 = b.length == 1 ? new long[]{b[0], 1} : b;
        long[] batch = Shapes.broadcast(Arrays.copyOf(a2, a2.length - 2), Arrays.copyOf(b2, b2.length - 2));
        if (batch == null) {
            return null;
        }
        int extra = (a.length == 1 ? 0 : 1) + (b.length == 1 ? 0 : 1);
        long[] out = Arrays.copyOf(batch, batch.length + extra);
        int i = batch.length;
        if (a.length != 1) {
            out[i++] = a2[a2.length - 2];
        }
        if (b.length != 1) {
            out[i] = b2[b2.length - 1];
        }
        return out;
    }

    /**
     * QLinearMatMul: the zero-point-free integer product (exact in float64), times round(round(a_scale *
     * b_scale) / y_scale) in the scales' type, plus y_zero_point, rounded half to even and saturated.
     */
    private static void qLinearMatMul(EmitContext c) {
        Val a = c.require(0, "a");
        Val b = c.require(3, "b");
        DataType out = c.in(7) != null ? c.in(7).type() : a.type();
        if (out != DataType.INT8 && out != DataType.UINT8 || a.type() != DataType.INT8 && a.type() != DataType.UINT8) {
            throw c.error("QLinearMatMul is supported for int8/uint8 operands and results, got " + a.type().displayName() + " -> "
                    + out.displayName());
        }
        Val acc = integerProduct(c, a, c.in(2), b, c.in(5));
        Val as = c.require(1, "a_scale");
        DataType st = as.type();
        String scale = Ops.bin(c, "Mul", param(c, as, true, a.rank(), st), param(c, c.require(4, "b_scale"), false, b.rank(), st), st);
        scale = Ops.bin(c, "RealDiv", scale, param(c, c.require(6, "y_scale"), true, a.rank(), st), st);
        DataType d = DataType.DOUBLE;
        String v = Ops.bin(c, "Mul", acc.tensor(), Ops.cast(c, scale, st, d), d);
        if (c.in(7) != null) {
            v = Ops.bin(c, "AddV2", v, param(c, c.in(7), true, a.rank(), d), d);
        }
        v = Ops.un(c, "Round", v, d);
        v = Ops.bin(c, "Minimum", Ops.bin(c, "Maximum", v, c.scalar(d, out == DataType.INT8 ? -128 : 0), d),
                c.scalar(d, out == DataType.INT8 ? 127 : 255), d);
        c.out(0, c.val(Ops.cast(c, v, d, out), out, acc.shape()));
    }

    /** MatMulInteger: (a - a_zero_point) x (b - b_zero_point) as int32. */
    private static void matMulInteger(EmitContext c) {
        Val acc = integerProduct(c, c.require(0, "A"), c.in(2), c.require(1, "B"), c.in(3));
        c.out(0, c.val(Ops.cast(c, acc.tensor(), DataType.DOUBLE, DataType.INT32), DataType.INT32, acc.shape()));
    }

    /** The product of two 8-bit operands less their zero points, in float64 (exact: every partial sum is an integer below 2^53). */
    private static Val integerProduct(EmitContext c, Val a, Val aZp, Val b, Val bZp) {
        DataType d = DataType.DOUBLE;
        String x = Ops.cast(c, c.t(a), a.type(), d);
        if (aZp != null) {
            x = Ops.bin(c, "Sub", x, param(c, aZp, true, a.rank(), d), d);
        }
        String y = Ops.cast(c, c.t(b), b.type(), d);
        if (bZp != null) {
            y = Ops.bin(c, "Sub", y, param(c, bZp, false, b.rank(), d), d);
        }
        return matMul(c, c.val(x, d, a.shape()), c.val(y, d, b.shape()));
    }

    /**
     * A per-tensor, per-row (A side: a 1-D parameter of length M is a column [M, 1]) or per-column (B side)
     * quantisation parameter, cast to {@code to}.
     */
    private static String param(EmitContext c, Val p, boolean aSide, int operandRank, DataType to) {
        String t = c.t(p);
        if (p.shape() != null && Shapes.product(p.shape(), 0, p.rank()) == 1) {
            t = Ops.reshape(c, t, p.type(), c.longs());
        } else if (aSide && p.rank() == 1 && operandRank >= 2) {
            t = Ops.reshape(c, t, p.type(), c.longs(-1, 1));
        }
        return Ops.cast(c, t, p.type(), to);
    }

    /** alpha * op(A) op(B) + beta * C, with TF MatMul's transpose flags. */
    private static void gemm(EmitContext c) {
        Val a = c.require(0, "A");
        Val b = c.require(1, "B");
        Val cc = c.in(2);
        boolean ta = c.node.attrLong("transA", 0) != 0;
        boolean tb = c.node.attrLong("transB", 0) != 0;
        float alpha = c.node.attrFloat("alpha", 1f);
        float beta = c.node.attrFloat("beta", 1f);
        DataType t = a.type();
        DataType acc = t == DataType.BFLOAT16 ? DataType.FLOAT : t;
        String y = c.op("MatMul").in(Ops.cast(c, c.t(a), t, acc)).in(Ops.cast(c, c.t(b), t, acc)).type("T", acc).b("transpose_a", ta)
                .b("transpose_b", tb).out();
        y = Ops.cast(c, y, acc, t);
        long m = a.dim(ta ? 1 : 0);
        long n = b.dim(tb ? 0 : 1);
        Val out = c.val(y, a.type(), new long[]{m, n});
        if (alpha != 1f) {
            out = mul(c, out, k(out, alpha));
        }
        if (cc != null && beta != 0f) {
            Val bias = beta == 1f ? cc : mul(c, cc, k(cc, beta));
            out = add(c, out, bias).withShape(new long[]{m, n});
        }
        c.out(0, out);
    }

    private static void einsum(EmitContext c) {
        String eq = explicitEquation(c.node.attrString("equation", "").replace(" ", ""));
        int n = c.inputCount();
        if (n < 1 || n > 2) {
            throw c.error("TensorFlow's Einsum takes 1 or 2 operands, this one has " + n);
        }
        Val first = c.require(0, "Inputs");
        TfOp o = c.op("Einsum").s("equation", eq).i("N", n).type("T", first.type());
        for (int i = 0; i < n; i++) {
            o.in(c.t(c.require(i, "Inputs")));
        }
        c.out(0, c.val(o.out(), first.type(), null));
    }

    /** "ij,jk" becomes "ij,jk->ik": the letters used once, in alphabetical order, after any ellipsis. */
    static String explicitEquation(String eq) {
        if (eq.contains("->")) {
            return eq;
        }
        int[] counts = new int[128];
        for (char ch : eq.replace("...", "").toCharArray()) {
            if (Character.isLetter(ch)) {
                counts[ch]++;
            }
        }
        TreeSet<Character> once = new TreeSet<>();
        for (char ch = 0; ch < 128; ch++) {
            if (counts[ch] == 1) {
                once.add(ch);
            }
        }
        StringBuilder sb = new StringBuilder(eq).append("->");
        if (eq.contains("...")) {
            sb.append("...");
        }
        once.forEach(sb::append);
        return sb.toString();
    }
}
