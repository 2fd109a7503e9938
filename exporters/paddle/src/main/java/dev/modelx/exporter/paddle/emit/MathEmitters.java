package dev.modelx.exporter.paddle.emit;

import dev.modelx.exporter.paddle.ConstantOps;
import dev.modelx.exporter.paddle.EmitterTable;
import dev.modelx.exporter.paddle.ExportContext;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;

/** Matrix products (mul for fc-style layers, matmul_v2 otherwise), Gemm, reductions and arg-max/min. */
public final class MathEmitters {

    private MathEmitters() {
    }

    public static void register(EmitterTable t) {
        t.add("MatMul", MathEmitters::matmul);
        t.add("Gemm", MathEmitters::gemm);
        String[][] reduce = {{"ReduceSum", "reduce_sum"}, {"ReduceMean", "reduce_mean"}, {"ReduceMax", "reduce_max"},
            {"ReduceMin", "reduce_min"}, {"ReduceProd", "reduce_prod"}};
        for (String[] r : reduce) {
            t.add(r[0], (c, n) -> reduce(c, n, r[1]));
        }
        t.add("ArgMax", (c, n) -> arg(c, n, "arg_max"));
        t.add("ArgMin", (c, n) -> arg(c, n, "arg_min"));
    }

    /**
     * MatMul of a 2-D activation (possibly Flatten-ed at axis k) by a 2-D parameter is Paddle's fc layer op
     * {@code mul} with x_num_col_dims k; other products are matmul_v2.
     */
    private static void matmul(ExportContext c, Node n) {
        String x = n.input(0), y = n.input(1);
        boolean yParam = c.graph().initializers().containsKey(y) && c.types().rank(y) == 2;
        if (yParam && c.types().rank(x) == 2) {
            long xc = 1;
            Node flat = Emit.producedBy(c, x, "Flatten");
            if (flat != null && c.types().rank(flat.input(0)) > 2 && flat.attrLong("axis", 1) >= 1) {
                xc = flat.attrLong("axis", 1);
                x = flat.input(0);
            }
            String out = n.output(0);
            Node user = c.consumers(out).size() == 1 && !c.isGraphOutput(out) ? c.consumers(out).get(0) : null;
            Node reshape = user != null && user.opType().equals("Reshape") && user.input(0).equals(out) ? user : null;
            if (reshape != null && c.types().rank(reshape.output(0)) == (int) xc + 1 && c.constant(reshape.input(1)).isEmpty()) {
                c.absorb(reshape);
                out = reshape.output(0);
            } else if (xc != 1 && c.types().rank(out) != (int) xc + 1) {
                x = n.input(0);
                xc = 1;
            }
            c.op("mul").in("X", c.var(x)).in("Y", c.var(y)).out("Out", c.out(out)).i("x_num_col_dims", xc).i("y_num_col_dims", 1);
            return;
        }
        c.op("matmul_v2").in("X", c.var(x)).in("Y", c.var(y)).out("Out", c.out(n.output(0)))
                .b("trans_x", false).b("trans_y", false);
    }

    /** Y = alpha * A' B' + beta * C, as matmul_v2 (or mul), scale and elementwise_add. */
    private static void gemm(ExportContext c, Node n) {
        boolean ta = n.attrLong("transA", 0) != 0, tb = n.attrLong("transB", 0) != 0;
        float alpha = n.attrFloat("alpha", 1), beta = n.attrFloat("beta", 1);
        boolean bias = Emit.hasInput(n, 2) && beta != 0;
        String out = n.output(0);
        DataType t = c.dtype(out);
        long[] od = c.dims(out);
        String prod = alpha == 1 && !bias ? c.out(out) : c.tempLike(out + ".matmul", t, od);
        if (!ta && !tb && c.graph().initializers().containsKey(n.input(1))) {
            c.op("mul").in("X", c.var(n.input(0))).in("Y", c.var(n.input(1))).out("Out", prod).i("x_num_col_dims", 1).i("y_num_col_dims", 1);
        } else {
            c.op("matmul_v2").in("X", c.var(n.input(0))).in("Y", c.var(n.input(1))).out("Out", prod).b("trans_x", ta).b("trans_y", tb);
        }
        if (alpha != 1) {
            String scaled = bias ? c.tempLike(out + ".alpha", t, od) : c.out(out);
            c.op("scale").in("X", prod).out("Out", scaled).f("scale", alpha).f("bias", 0).b("bias_after_scale", true);
            prod = scaled;
        }
        if (bias) {
            String cv = c.var(n.input(2));
            if (beta != 1) {
                String sc = c.tempLike(out + ".beta", t, c.dims(n.input(2)));
                c.op("scale").in("X", cv).out("Out", sc).f("scale", beta).f("bias", 0).b("bias_after_scale", true);
                cv = sc;
            }
            long axis = c.types().rank(n.input(2)) == 1 ? 1 : -1;
            c.op("elementwise_add").in("X", prod).in("Y", cv).out("Out", c.out(out)).i("axis", axis);
        }
    }

    private static long[] axes(ExportContext c, Node n) {
        if (n.hasAttribute("axes")) {
            return n.attrLongs("axes", new long[0]);
        }
        if (Emit.hasInput(n, 1)) {
            long[] a = c.constLongs(n.input(1));
            if (a == null) {
                throw new IllegalArgumentException(n.opType() + " with computed axes has no Paddle equivalent");
            }
            return a;
        }
        return new long[0];
    }

    private static void reduce(ExportContext c, Node n, String type) {
        long[] axes = axes(c, n);
        boolean all = axes.length == 0;
        if (all && n.attrLong("noop_with_empty_axes", 0) != 0) {
            Emit.unary(c, n, "assign");
            return;
        }
        int rank = c.types().rank(n.input(0));
        Emit.unary(c, n, type).ints("dim", all ? (rank > 0 ? Emit.range(0, rank) : new long[] {0}) : axes)
                .b("keep_dim", n.attrLong("keepdims", 1) != 0).b("reduce_all", all || (rank > 0 && axes.length == rank));
    }

    private static void arg(ExportContext c, Node n, String type) {
        if (n.attrLong("select_last_index", 0) != 0) {
            throw new IllegalArgumentException(n.opType() + " with select_last_index=1 has no Paddle equivalent");
        }
        Emit.unary(c, n, type).l("axis", n.attrLong("axis", 0)).b("keepdims", n.attrLong("keepdims", 1) != 0)
                .b("flatten", false).i("dtype", ConstantOps.dtypeCode(DataType.INT64));
    }
}
