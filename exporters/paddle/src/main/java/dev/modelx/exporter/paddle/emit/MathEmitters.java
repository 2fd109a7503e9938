package dev.modelx.exporter.paddle.emit;

import dev.modelx.exporter.paddle.Attrs;
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
        t.add("ReduceL1", (c, n) -> reduceOf(c, n, "abs", "reduce_sum", null));
        t.add("ReduceL2", (c, n) -> reduceOf(c, n, "square", "reduce_sum", "sqrt"));
        t.add("ReduceSumSquare", (c, n) -> reduceOf(c, n, "square", "reduce_sum", null));
        t.add("ReduceLogSum", (c, n) -> reduceOf(c, n, null, "reduce_sum", "log"));
        t.add("ReduceLogSumExp", MathEmitters::logSumExp);
        t.add("TopK", MathEmitters::topK);
        t.add("CumSum", MathEmitters::cumSum);
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

    /** The constant axes (attribute or constant input); null when the axes input is computed at run time. */
    private static long[] axes(ExportContext c, Node n) {
        if (n.hasAttribute("axes")) {
            return n.attrLongs("axes", new long[0]);
        }
        if (Emit.hasInput(n, 1)) {
            return c.constLongs(n.input(1));
        }
        return new long[0];
    }

    /**
     * Computed axes are read at run time, as Paddle writes {@code paddle.sum(x, axis=tensor)}: the reduce op's
     * {@code dim} (declared SupportTensor) becomes a VAR attribute naming the axes variable. ONNX reduces every
     * axis for an empty axes tensor, as Paddle does for an empty dim, but noop_with_empty_axes would need a branch.
     */
    private static String axesVar(ExportContext c, Node n) {
        if (axes(c, n) != null) {
            return null;
        }
        if (n.attrLong("noop_with_empty_axes", 0) != 0) {
            throw new IllegalArgumentException(n.opType() + " with computed axes and noop_with_empty_axes=1 is not written");
        }
        return c.var(n.input(1));
    }

    private static boolean noop(ExportContext c, Node n) {
        long[] axes = axes(c, n);
        return axes != null && axes.length == 0 && n.attrLong("noop_with_empty_axes", 0) != 0;
    }

    private static void reduce(ExportContext c, Node n, String type) {
        if (noop(c, n)) {
            Emit.unary(c, n, "assign");
            return;
        }
        reduceOp(c, n, type, c.var(n.input(0)), c.out(n.output(0)), n.attrLong("keepdims", 1) != 0);
    }

    /** reduce_{type}(in) -> out over the node's axes. */
    private static void reduceOp(ExportContext c, Node n, String type, String in, String out, boolean keep) {
        var op = c.op(type).in("X", in).out("Out", out).b("keep_dim", keep);
        int rank = c.types().rank(n.input(0));
        String axesVar = axesVar(c, n);
        if (axesVar != null) {
            // reduce_all as paddle.sum sets it for a tensor axis: when the axes tensor lists as many axes as x has
            long[] ad = c.dims(n.input(1));
            op.attr(Attrs.var("dim", axesVar)).b("reduce_all", ad != null && ad.length == 1 && ad[0] == rank);
            return;
        }
        long[] axes = axes(c, n);
        boolean all = axes.length == 0;
        op.ints("dim", all ? (rank > 0 ? Emit.range(0, rank) : new long[] {0}) : axes).b("reduce_all", all || (rank > 0 && axes.length == rank));
    }

    /** post(reduce(pre(x))): the ONNX reductions Paddle writes as compositions (e.g. ReduceL2 = sqrt(sum(square(x)))). */
    private static void reduceOf(ExportContext c, Node n, String pre, String reduce, String post) {
        if (noop(c, n)) {
            throw new IllegalArgumentException(n.opType() + " with noop_with_empty_axes and no axes is not written");
        }
        String x = n.input(0), out = n.output(0);
        DataType t = c.dtype(x);
        String in = c.var(x);
        if (pre != null) {
            String p = c.tempLike(out + "." + pre, t, c.dims(x));
            c.op(pre).in("X", in).out("Out", p);
            in = p;
        }
        String r = post == null ? c.out(out) : c.tempLike(out + "." + reduce, t, c.dims(out));
        reduceOp(c, n, reduce, in, r, n.attrLong("keepdims", 1) != 0);
        if (post != null) {
            c.op(post).in("X", r).out("Out", c.out(out));
        }
    }

    /** log(sum(exp(x - m))) + m with m the (kept) maximum, so large inputs do not overflow. */
    private static void logSumExp(ExportContext c, Node n) {
        if (noop(c, n)) {
            throw new IllegalArgumentException("ReduceLogSumExp with noop_with_empty_axes and no axes is not written");
        }
        String x = n.input(0), out = n.output(0);
        DataType t = c.dtype(x);
        String max = c.tempLike(out + ".max", t, keptDims(c, n));
        reduceOp(c, n, "reduce_max", c.var(x), max, true);
        String shifted = c.tempLike(out + ".shifted", t, c.dims(x));
        c.op("elementwise_sub").in("X", c.var(x)).in("Y", max).out("Out", shifted).i("axis", -1);
        String e = c.tempLike(out + ".exp", t, c.dims(x));
        c.op("exp").in("X", shifted).out("Out", e);
        boolean keep = n.attrLong("keepdims", 1) != 0;
        String sum = c.tempLike(out + ".sum", t, c.dims(out));
        reduceOp(c, n, "reduce_sum", e, sum, keep);
        String log = c.tempLike(out + ".log", t, c.dims(out));
        c.op("log").in("X", sum).out("Out", log);
        String m = max;
        if (!keep) {
            m = c.tempLike(out + ".max_dropped", t, c.dims(out));
            reduceOp(c, n, "reduce_max", max, m, false);
        }
        c.op("elementwise_add").in("X", log).in("Y", m).out("Out", c.out(out)).i("axis", -1);
    }

    /** x's shape with the reduced axes kept as 1 (-1 where computed axes leave it open). */
    private static long[] keptDims(ExportContext c, Node n) {
        long[] xd = c.dims(n.input(0));
        if (xd == null) {
            return null;
        }
        long[] axes = axes(c, n);
        long[] d = xd.clone();
        if (axes == null) {
            java.util.Arrays.fill(d, -1);
            return d;
        }
        for (int i = 0; i < d.length; i++) {
            boolean reduced = axes.length == 0;
            for (long a : axes) {
                reduced |= (a < 0 ? a + d.length : a) == i;
            }
            if (reduced) {
                d[i] = 1;
            }
        }
        return d;
    }

    /** top_k_v2: a constant K becomes the k attribute, a computed one the K input. */
    private static void topK(ExportContext c, Node n) {
        String x = n.input(0);
        var op = c.op("top_k_v2").in("X", c.var(x)).out("Out", c.out(n.output(0))).out("Indices", c.out(n.output(1)))
                .i("axis", n.attrLong("axis", -1)).b("largest", n.attrLong("largest", 1) != 0).b("sorted", n.attrLong("sorted", 1) != 0);
        long[] k = Emit.hasInput(n, 1) ? c.constLongs(n.input(1)) : new long[] {n.attrLong("k", 1)};
        if (k != null) {
            op.i("k", k[0]);
        } else {
            op.in("K", c.var(n.input(1)));
        }
    }

    private static void cumSum(ExportContext c, Node n) {
        long[] axis = c.constLongs(n.input(1));
        var op = Emit.unary(c, n, "cumsum");
        // a computed axis is read at run time: cumsum's axis is declared SupportTensor, written as a VAR attribute
        op.attr(axis == null ? Attrs.var("axis", c.var(n.input(1))) : Attrs.i("axis", axis[0]));
        op.b("exclusive", n.attrLong("exclusive", 0) != 0)
                .b("reverse", n.attrLong("reverse", 0) != 0).b("flatten", false);
    }

    private static void arg(ExportContext c, Node n, String type) {
        if (n.attrLong("select_last_index", 0) != 0) {
            argLast(c, n, type);
            return;
        }
        Emit.unary(c, n, type).l("axis", n.attrLong("axis", 0)).b("keepdims", n.attrLong("keepdims", 1) != 0)
                .b("flatten", false).i("dtype", ConstantOps.dtypeCode(DataType.INT64));
    }

    /**
     * ArgMax/ArgMin with select_last_index: Paddle's arg ops return the first extreme index, so the axis is
     * flipped, the first index i found there, and the last index in the original order is (size - 1) - i.
     */
    private static void argLast(ExportContext c, Node n, String type) {
        String x = n.input(0), out = n.output(0);
        int rank = c.rank(x);
        long axis = n.attrLong("axis", 0);
        axis = axis < 0 ? axis + rank : axis;
        long[] xd = c.dims(x);
        if (xd == null || xd[(int) axis] < 0) {
            throw new IllegalArgumentException(n.opType() + " with select_last_index=1 needs the size of axis " + axis);
        }
        String flipped = c.tempLike(out + ".flipped", c.dtype(x), xd);
        c.op("flip").in("X", c.var(x)).out("Out", flipped).ints("axis", axis);
        String first = c.tempLike(out + ".first", DataType.INT64, c.dims(out));
        c.op(type).in("X", flipped).out("Out", first).l("axis", axis).b("keepdims", n.attrLong("keepdims", 1) != 0)
                .b("flatten", false).i("dtype", ConstantOps.dtypeCode(DataType.INT64));
        c.op("scale").in("X", first).out("Out", c.out(out)).f("scale", -1).f("bias", xd[(int) axis] - 1).b("bias_after_scale", true);
    }
}
