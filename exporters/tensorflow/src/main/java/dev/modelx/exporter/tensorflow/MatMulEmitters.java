package dev.modelx.exporter.tensorflow;

import static dev.modelx.exporter.tensorflow.ActivationEmitters.add;
import static dev.modelx.exporter.tensorflow.ActivationEmitters.k;
import static dev.modelx.exporter.tensorflow.ActivationEmitters.mul;

import java.util.Arrays;
import java.util.TreeSet;

/** MatMul (with NumPy's 1-D rules), Gemm and Einsum. */
final class MatMulEmitters {

    private MatMulEmitters() {
    }

    static void register(Emitters r) {
        r.register(MatMulEmitters::matMul, "MatMul");
        r.register(MatMulEmitters::gemm, "Gemm");
        r.register(MatMulEmitters::einsum, "Einsum");
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
        if ((ra == 2 || ra == 1) && (rb == 2 || rb == 1)) {
            out = c.op("MatMul").in(x).in(y).type("T", a.type()).out();
        } else {
            out = c.op("BatchMatMulV2").in(x).in(y).type("T", a.type()).out();
        }
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

    /** alpha * op(A) op(B) + beta * C, with TF MatMul's transpose flags. */
    private static void gemm(EmitContext c) {
        Val a = c.require(0, "A");
        Val b = c.require(1, "B");
        Val cc = c.in(2);
        boolean ta = c.node.attrLong("transA", 0) != 0;
        boolean tb = c.node.attrLong("transB", 0) != 0;
        float alpha = c.node.attrFloat("alpha", 1f);
        float beta = c.node.attrFloat("beta", 1f);
        String y = c.op("MatMul").in(c.t(a)).in(c.t(b)).type("T", a.type()).b("transpose_a", ta).b("transpose_b", tb).out();
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
