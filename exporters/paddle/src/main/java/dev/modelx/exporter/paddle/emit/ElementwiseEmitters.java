package dev.modelx.exporter.paddle.emit;

import dev.modelx.exporter.paddle.EmitterTable;
import dev.modelx.exporter.paddle.ExportContext;
import dev.modelx.exporter.paddle.PaddleOp;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;

/**
 * Binary element-wise ops. Numpy broadcasting is Paddle's axis -1; a Y made by Unsqueeze-ing trailing axes
 * (how Paddle's axis rule reads in ONNX) is written back as the original Y with that axis. A float op with
 * a scalar Constant-node operand becomes Paddle's scale op (Mul then Add fuse into one scale).
 */
public final class ElementwiseEmitters {

    private ElementwiseEmitters() {
    }

    public static void register(EmitterTable t) {
        String[][] arith = {{"Add", "elementwise_add"}, {"Sub", "elementwise_sub"}, {"Mul", "elementwise_mul"},
            {"Div", "elementwise_div"}, {"Max", "elementwise_max"}, {"Min", "elementwise_min"}};
        for (String[] a : arith) {
            t.add(a[0], (c, n) -> {
                if ((a[0].equals("Max") || a[0].equals("Min")) && n.inputs().size() != 2) {
                    chain(c, n, a[1]);
                } else if (!scale(c, n)) {
                    binary(c, n, a[1]);
                }
            });
        }
        t.add("Sum", (c, n) -> sum(c, n, n.output(0)));
        t.add("Mean", (c, n) -> {
            String out = n.output(0);
            String total = n.inputs().size() == 1 ? c.var(n.input(0)) : sum(c, n, out + ".sum");
            c.op("scale").in("X", total).out("Out", c.out(out)).f("scale", 1.0 / n.inputs().size()).f("bias", 0).b("bias_after_scale", true);
        });
        t.add("Mod", (c, n) -> {
            if (n.attrLong("fmod", 0) != 0) {
                throw new IllegalArgumentException("Mod with fmod=1 (C remainder) has no Paddle op; elementwise_mod is Python's");
            }
            binary(c, n, "elementwise_mod");
        });
        String[][] compare = {{"Equal", "equal"}, {"Less", "less_than"}, {"LessOrEqual", "less_equal"}, {"Greater", "greater_than"},
            {"GreaterOrEqual", "greater_equal"}};
        for (String[] a : compare) {
            t.add(a[0], (c, n) -> c.op(a[1]).in("X", c.var(n.input(0))).in("Y", c.var(n.input(1))).out("Out", c.out(n.output(0))).i("axis", -1));
        }
        String[][] logical = {{"And", "logical_and"}, {"Or", "logical_or"}, {"Xor", "logical_xor"}};
        for (String[] a : logical) {
            t.add(a[0], (c, n) -> c.op(a[1]).in("X", c.var(n.input(0))).in("Y", c.var(n.input(1))).out("Out", c.out(n.output(0))));
        }
        t.add("Where", (c, n) -> c.op("where").in("Condition", c.var(n.input(0))).in("X", c.var(n.input(1)))
                .in("Y", c.var(n.input(2))).out("Out", c.out(n.output(0))));
    }

    /** Paddle's sum adds a list of same-shaped tensors; broadcasting operands take a chain of elementwise_add. */
    private static String sum(ExportContext c, Node n, String out) {
        String var = out.equals(n.output(0)) ? c.out(out) : c.tempLike(out, c.dtype(n.output(0)), c.dims(n.output(0)));
        if (n.inputs().size() == 1) {
            c.op("assign").in("X", c.var(n.input(0))).out("Out", var);
            return var;
        }
        long[] od = c.dims(n.output(0));
        boolean same = od != null && n.inputs().stream().allMatch(v -> java.util.Arrays.equals(c.dims(v), od));
        if (!same) {
            String acc = c.var(n.input(0));
            for (int i = 1; i < n.inputs().size(); i++) {
                String o = i == n.inputs().size() - 1 ? var : c.tempLike(out + ".part" + i, c.dtype(n.output(0)), od);
                c.op("elementwise_add").in("X", acc).in("Y", c.var(n.input(i))).out("Out", o).i("axis", -1);
                acc = o;
            }
            return var;
        }
        java.util.List<String> xs = new java.util.ArrayList<>();
        n.inputs().forEach(v -> xs.add(c.var(v)));
        c.op("sum").in("X", xs).out("Out", var);
        return var;
    }

    /** Max/Min of one or of three and more operands: assign, or a chain of the binary op. */
    private static void chain(ExportContext c, Node n, String type) {
        String out = n.output(0);
        if (n.inputs().size() == 1) {
            Emit.unary(c, n, "assign");
            return;
        }
        String acc = c.var(n.input(0));
        for (int i = 1; i < n.inputs().size(); i++) {
            String o = i == n.inputs().size() - 1 ? c.out(out) : c.tempLike(out + ".part" + i, c.dtype(out), c.dims(out));
            c.op(type).in("X", acc).in("Y", c.var(n.input(i))).out("Out", o).i("axis", -1);
            acc = o;
        }
    }

    /** elementwise_{type}(X, Y) with Paddle's axis recovered from an Unsqueeze of Y where there is one. */
    static PaddleOp binary(ExportContext c, Node n, String type) {
        if (n.inputs().size() != 2) {
            throw new IllegalArgumentException(n.opType() + " with " + n.inputs().size() + " inputs has no Paddle op");
        }
        String x = n.input(0), y = n.input(1);
        long axis = -1;
        Node unsq = Emit.producedBy(c, y, "Unsqueeze");
        long[] axes = unsq == null ? null : unsqueezeAxes(c, unsq);
        if (axes != null) {
            String src = unsq.input(0);
            int rx = c.types().rank(x), rs = c.types().rank(src);
            boolean trailing = rs >= 1 && rx >= 0 && axes.length > 0;
            for (int i = 0; trailing && i < axes.length; i++) {
                trailing = axes[i] == rs + i;
            }
            if (trailing && rx - rs - axes.length >= 0 && rs + axes.length <= rx) {
                axis = rx - rs - axes.length;
                y = src;
            }
        }
        return c.op(type).in("X", c.var(x)).in("Y", c.var(y)).out("Out", c.out(n.output(0))).i("axis", axis);
    }

    private static long[] unsqueezeAxes(ExportContext c, Node unsq) {
        long[] axes = unsq.inputs().size() > 1 ? c.constLongs(unsq.input(1)) : unsq.attrLongs("axes", null);
        if (axes == null) {
            return null;
        }
        axes = axes.clone();
        java.util.Arrays.sort(axes);
        return axes;
    }

    /**
     * x*s, x+b, x-b, x/s with a scalar from a Constant node (not a parameter) on a float tensor: Paddle's scale.
     * A Mul whose only reader is such an Add becomes one scale with a bias.
     */
    private static boolean scale(ExportContext c, Node n) {
        String op = n.opType();
        if (!(op.equals("Mul") || op.equals("Add") || op.equals("Sub") || op.equals("Div")) || n.inputs().size() != 2) {
            return false;
        }
        int k = scalarOperand(c, n, 1) ? 1 : (op.equals("Mul") || op.equals("Add")) && scalarOperand(c, n, 0) ? 0 : -1;
        if (k < 0 || !scalable(c, n.input(1 - k), n.input(k)) || op.equals("Div") && !c.dtype(n.input(1 - k)).isFloatingPoint()) {
            return false;
        }
        String x = n.input(1 - k);
        double v = c.constScalar(n.input(k));
        long[] xd = c.dims(x);
        long[] od = c.dims(n.output(0));
        if (xd == null || od == null || xd.length != od.length) {
            return false; // a scalar of higher rank would broadcast x up; scale cannot
        }
        double s = 1, b = 0;
        switch (op) {
            case "Mul" -> s = v;
            case "Div" -> s = 1 / v;
            case "Add" -> b = v;
            default -> b = -v;
        }
        String out = n.output(0);
        if (op.equals("Mul") && c.consumers(out).size() == 1 && !c.isGraphOutput(out)) {
            Node add = c.consumers(out).get(0);
            int bk = add.opType().equals("Add") && add.inputs().size() == 2 ? (add.input(0).equals(out) ? 1 : 0) : -1;
            if (bk >= 0 && scalarOperand(c, add, bk) && scalable(c, x, add.input(bk)) && c.dims(add.output(0)) != null
                    && c.dims(add.output(0)).length == xd.length) {
                b = c.constScalar(add.input(bk));
                c.absorb(add);
                out = add.output(0);
            }
        }
        c.op("scale").in("X", c.var(x)).out("Out", c.out(out)).f("scale", s).f("bias", b).b("bias_after_scale", true);
        return true;
    }

    private static boolean scalarOperand(ExportContext c, Node n, int i) {
        String v = n.input(i);
        return !c.graph().initializers().containsKey(v) && !c.isDefined(v) && c.constScalar(v) != null;
    }

    /**
     * Whether x op k can be Paddle's scale: a float x and a float scalar, or an int32/int64 x and a scalar of
     * its type (Paddle's scale kernel casts the float scale and bias to the integer type, exact for whole numbers).
     */
    private static boolean scalable(ExportContext c, String x, String k) {
        DataType xt = c.dtype(x), kt = c.constant(k).get().type();
        if (xt.isFloatingPoint()) {
            return kt.isFloatingPoint();
        }
        double v = c.constScalar(k);
        return (xt == DataType.INT64 || xt == DataType.INT32) && kt == xt && v == Math.rint(v) && Math.abs(v) < (1 << 24);
    }
}
