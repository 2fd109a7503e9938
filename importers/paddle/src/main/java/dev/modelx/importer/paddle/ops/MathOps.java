package dev.modelx.importer.paddle.ops;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.importer.paddle.ConvertContext;
import dev.modelx.importer.paddle.OpRegistry;
import dev.modelx.importer.paddle.SourceOp;

import java.util.List;

/** Matrix products, embeddings, arg/top-k, cumulative and norm ops. */
public final class MathOps {

    private MathOps() {
    }

    public static void register(OpRegistry r) {
        // einsum(Operands, equation): ONNX Einsum has Paddle's equation syntax (explicit "->" or implicit output)
        r.add("einsum", (c, op) -> c.emit("Einsum", c.ins(op, "Operands"), List.of(c.out(op, "Out")))
                .attr("equation", op.s("equation", "").replace(" ", "")));
        r.add("matmul_v2", (c, op) -> matmul(c, op, op.b("trans_x", false), op.b("trans_y", false), 1.0));
        r.add("matmul", (c, op) -> matmul(c, op, op.b("transpose_X", false), op.b("transpose_Y", false), op.f("alpha", 1.0)));
        r.add("bmm", (c, op) -> c.emit("MatMul", c.out(op, "Out"), c.in(op, "X"), c.in(op, "Y")));
        r.add("mul", MathOps::mul);
        r.add("fc", MathOps::fc);
        r.add("sum", (c, op) -> {
            List<String> xs = c.ins(op, "X");
            c.emit(xs.size() == 1 ? "Identity" : "Sum", xs, List.of(c.out(op, "Out")));
        });
        r.add("mean", (c, op) -> {
            String m = c.op("ReduceMean", c.in(op, "X")).attr("keepdims", 0L).output(0);
            long[] od = c.info(op.output("Out")).dims();
            String out = c.out(op, "Out");
            if (od != null && od.length == 1) {
                c.emit("Reshape", out, m, c.constI64(1));
            } else {
                c.emit("Identity", out, m);
            }
        });
        r.add("cumsum", (c, op) -> {
            String x = c.in(op, "X");
            boolean flatten = op.b("flatten", false);
            // the axis may be a variable (a VAR attribute, or a computed PIR operand), read by CumSum at run time
            String axis = op.attrs().get("axis") instanceof String v && !flatten
                    ? c.op1("Reshape", c.cast(c.value(v), DataType.INT64), c.constI64(new long[0]))
                    : c.scalarI64(flatten ? 0 : op.i("axis", -1));
            if (flatten) {
                x = c.op1("Reshape", x, c.constI64(-1));
            }
            c.emit("CumSum", c.out(op, "Out"), x, axis)
                    .attr("exclusive", op.b("exclusive", false) ? 1L : 0L).attr("reverse", op.b("reverse", false) ? 1L : 0L);
        });
        r.add("arg_max", (c, op) -> argExtreme(c, op, "ArgMax"));
        r.add("arg_min", (c, op) -> argExtreme(c, op, "ArgMin"));
        r.add("top_k", (c, op) -> topK(c, op, true, -1));
        r.add("top_k_v2", (c, op) -> topK(c, op, op.b("largest", true), op.i("axis", -1)));
        r.add("argsort", MathOps::argsort);
        r.add("where", (c, op) -> c.emit("Where", c.out(op, "Out"), c.in(op, "Condition"), c.in(op, "X"), c.in(op, "Y")));
        r.add("lookup_table", (c, op) -> lookup(c, op, true));
        r.add("lookup_table_v2", (c, op) -> lookup(c, op, false));
        r.add("one_hot_v2", (c, op) -> {
            long depth = op.i("depth", -1);
            String d = c.optIn(op, "depth_tensor").map(v -> c.cast(v, DataType.INT64)).orElseGet(() -> c.scalarI64(depth));
            DataType t = op.dtype("dtype").orElse(DataType.FLOAT);
            String values = c.constant(Tensors1.pair(t, 0, 1));
            String oh = c.op("OneHot", c.in(op, "X"), d, values).attr("axis", -1L).output(0);
            c.emit("Identity", c.out(op, "Out"), oh);
        });
        r.add("increment", (c, op) -> {
            DataType t = c.dtype(op.input("X"));
            c.emit("Add", c.out(op, "Out"), c.in(op, "X"), c.scalar(t, op.f("step", 1.0)));
        });
        r.add("p_norm", MathOps::pNorm);
        r.add("norm", (c, op) -> {
            // l2-normalise along axis: out = x / sqrt(sum(x^2, axis) + epsilon)
            String x = c.in(op, "X");
            DataType t = c.dtype(op.input("X"));
            long axis = op.i("axis", 1);
            String ss = c.op("ReduceSum", c.op1("Mul", x, x), c.constI64(axis)).attr("keepdims", 1L).output(0);
            String norm = c.op1("Sqrt", c.op1("Add", ss, c.scalar(t, op.f("epsilon", 1e-10))));
            c.emit("Div", c.out(op, "Out"), x, norm);
            if (op.hasOutput("Norm")) {
                c.emit("Identity", c.out(op, "Norm"), norm);
            }
        });
        r.add("dot", (c, op) -> {
            String prod = c.op1("Mul", c.in(op, "X"), c.in(op, "Y"));
            c.emit("ReduceSum", c.out(op, "Out"), prod, c.constI64(-1)).attr("keepdims", 0L);
        });
    }

    private static void matmul(ConvertContext c, SourceOp op, boolean tx, boolean ty, double alpha) {
        String x = c.in(op, "X"), y = c.in(op, "Y");
        int rx = c.info(op.input("X")).rank(), ry = c.info(op.input("Y")).rank();
        if (tx) {
            x = transposeLast2(c, x, rx);
        }
        if (ty) {
            y = transposeLast2(c, y, ry);
        }
        if (alpha == 1.0) {
            c.emit("MatMul", c.out(op, "Out"), x, y);
        } else {
            c.emit("Mul", c.out(op, "Out"), c.op1("MatMul", x, y), c.scalar(c.dtype(op.input("X")), alpha));
        }
    }

    private static String transposeLast2(ConvertContext c, String v, int rank) {
        if (rank < 0) {
            throw new IllegalArgumentException("transposing needs the operand's rank");
        }
        if (rank == 1) {
            return v;
        }
        long[] perm = new long[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i;
        }
        perm[rank - 1] = rank - 2;
        perm[rank - 2] = rank - 1;
        return c.op("Transpose", v).ints("perm", perm).output(0);
    }

    /** X flattened to 2-D at x_num_col_dims, Y at y_num_col_dims; result dims X[:xc] + Y[yc:]. */
    private static void mul(ConvertContext c, SourceOp op) {
        String x = c.in(op, "X"), y = c.in(op, "Y");
        long xc = op.i("x_num_col_dims", 1), yc = op.i("y_num_col_dims", 1);
        int rx = c.rank(op.input("X")), ry = c.rank(op.input("Y"));
        String x2 = rx == 2 && xc == 1 ? x : c.op("Flatten", x).attr("axis", xc).output(0);
        String y2 = ry == 2 && yc == 1 ? y : c.op("Flatten", y).attr("axis", yc).output(0);
        String out = c.out(op, "Out");
        if (rx == 2 && xc == 1 && ry - yc == 1) {
            c.emit("MatMul", out, x2, y2);
            return;
        }
        String prod = c.op1("MatMul", x2, y2);
        String lead = c.op1("Slice", c.op1("Shape", x), c.constI64(0), c.constI64(xc));
        String tail = c.op1("Slice", c.op1("Shape", y), c.constI64(yc), c.constI64(Long.MAX_VALUE));
        String shape = c.op("Concat", lead, tail).attr("axis", 0L).output(0);
        c.emit("Reshape", out, prod, shape);
    }

    private static void fc(ConvertContext c, SourceOp op) {
        String x = c.in(op, "Input"), w = c.in(op, "W");
        long nc = op.i("in_num_col_dims", 1);
        int rx = c.rank(op.input("Input"));
        String x2 = rx == 2 && nc == 1 ? x : c.op("Flatten", x).attr("axis", nc).output(0);
        String y = c.op1("MatMul", x2, w);
        if (op.hasInput("Bias")) {
            y = c.op1("Add", y, c.op1("Reshape", c.in(op, "Bias"), c.constI64(-1)));
        }
        if (rx != 2 || nc != 1) {
            String lead = c.op1("Slice", c.op1("Shape", x), c.constI64(0), c.constI64(nc));
            String shape = c.op("Concat", lead, c.constI64(-1)).attr("axis", 0L).output(0);
            y = c.op1("Reshape", y, shape);
        }
        String act = op.s("activation_type", "");
        String out = c.out(op, "Out");
        if (act.equals("relu")) {
            c.emit("Relu", out, y);
        } else if (act.isEmpty()) {
            c.emit("Identity", out, y);
        } else {
            throw new IllegalArgumentException("fc activation_type '" + act + "' is not supported");
        }
    }

    /** Version 1 of arg_max/arg_min added flatten and dtype; version-0 files mean axis-wise int64 results. */
    private static void argExtreme(ConvertContext c, SourceOp op, String onnx) {
        String x = c.in(op, "X");
        boolean flatten = c.opVersion(op.type()) >= 1 && op.b("flatten", false);
        long axis = op.i("axis", -1);
        if (flatten) {
            x = c.op1("Reshape", x, c.constI64(-1));
            axis = 0;
        }
        String idx = c.op(onnx, x).attr("axis", axis).attr("keepdims", op.b("keepdims", false) ? 1L : 0L).output(0);
        DataType t = c.opVersion(op.type()) >= 1 ? op.dtype("dtype").orElse(DataType.INT64) : DataType.INT64;
        c.emit("Cast", c.out(op, "Out"), idx).attr("to", (long) t.code());
    }

    private static void topK(ConvertContext c, SourceOp op, boolean largest, long axis) {
        String k = c.optIn(op, "K").map(v -> c.op1("Reshape", c.cast(v, DataType.INT64), c.constI64(1)))
                .orElseGet(() -> c.constI64(op.i("k", 1)));
        String x = c.in(op, "X");
        String vals = c.out(op, "Out");
        String idx = op.hasOutput("Indices") ? c.out(op, "Indices") : c.fresh("topk_indices");
        c.emit("TopK", List.of(x, k), List.of(vals, idx)).attr("axis", axis).attr("largest", largest ? 1L : 0L)
                .attr("sorted", op.b("sorted", true) ? 1L : 0L);
    }

    private static void argsort(ConvertContext c, SourceOp op) {
        String x = c.in(op, "X");
        long axis = op.i("axis", -1);
        String n = c.op1("Reshape", c.op("Gather", c.op1("Shape", x), c.scalarI64(axis)).attr("axis", 0L).output(0), c.constI64(1));
        String vals = c.out(op, "Out");
        String idx = op.hasOutput("Indices") ? c.out(op, "Indices") : c.fresh("argsort_indices");
        c.emit("TopK", List.of(x, n), List.of(vals, idx)).attr("axis", axis)
                .attr("largest", op.b("descending", false) ? 1L : 0L).attr("sorted", 1L);
    }

    /** Embedding lookup; lookup_table's Ids carry a trailing dim of 1. padding_idx rows read as zeros. */
    private static void lookup(ConvertContext c, SourceOp op, boolean trailingOne) {
        String ids = c.in(op, "Ids");
        if (trailingOne && c.info(op.input("Ids")).rank() > 1) {
            ids = c.op1("Squeeze", ids, c.constI64(-1));
        }
        String w = c.in(op, "W");
        String out = c.out(op, "Out");
        long pad = op.i("padding_idx", -1);
        if (pad == -1) {
            c.emit("Gather", out, w, ids).attr("axis", 0L);
            return;
        }
        String rows = c.op("Gather", w, ids).attr("axis", 0L).output(0);
        String keep = c.op1("Unsqueeze", c.op1("Not", c.op1("Equal", ids, c.scalar(c.dtype(op.input("Ids")), pad))), c.constI64(-1));
        c.emit("Where", out, keep, rows, c.scalar(c.dtype(op.input("W")), 0));
    }

    private static void pNorm(ConvertContext c, SourceOp op) {
        String x = c.in(op, "X");
        double p = op.f("porder", 2);
        long axis = op.i("axis", -1);
        long keep = op.b("keepdim", false) ? 1 : 0;
        if (op.b("asvector", false)) {
            x = c.op1("Reshape", x, c.constI64(-1));
            axis = 0;
        }
        String out = c.out(op, "Out");
        if (p == 2) {
            c.emit("ReduceL2", out, x).ints("axes", axis).attr("keepdims", keep);
        } else if (p == 1) {
            c.emit("ReduceL1", out, x).ints("axes", axis).attr("keepdims", keep);
        } else if (Double.isInfinite(p)) {
            c.emit(p > 0 ? "ReduceMax" : "ReduceMin", out, c.op1("Abs", x)).ints("axes", axis).attr("keepdims", keep);
        } else {
            DataType t = c.dtype(op.input("X"));
            String pw = c.op1("Pow", c.op1("Abs", x), c.scalar(t, p));
            String s = c.op("ReduceSum", pw, c.constI64(axis)).attr("keepdims", keep).output(0);
            c.emit("Pow", out, s, c.scalar(t, 1 / p));
        }
    }

    /** Two-element constants for OneHot's (off, on) values. */
    static final class Tensors1 {
        static Tensor pair(DataType t, double off, double on) {
            return switch (t) {
                case FLOAT -> Tensor.ofFloats(new long[] {2}, (float) off, (float) on);
                case DOUBLE -> Tensor.ofDoubles(new long[] {2}, off, on);
                case INT64 -> Tensor.ofLongs(new long[] {2}, (long) off, (long) on);
                case INT32 -> Tensor.ofInts(new long[] {2}, (int) off, (int) on);
                default -> throw new IllegalArgumentException("one_hot dtype " + t.displayName() + " is not supported");
            };
        }
    }
}
