package dev.modelx.importer.tensorflow;

import static dev.modelx.graph.DataType.FLOAT;
import static dev.modelx.graph.DataType.INT32;

import dev.modelx.graph.Tensor;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Output;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** TF1 dataflow control flow (built by TF's own while-loop builder) and TF2 functional control flow. */
final class ControlFlowOracleCases {

    private ControlFlowOracleCases() {
    }

    private static final String[] TF1_LOOP_OPS = {"Enter", "Merge", "Switch", "LoopCond", "NextIteration", "Exit"};

    static void add(OracleCases c) {
        for (String op : TF1_LOOP_OPS) {
            c.add(op, "TF1 while loop: x *= 1.5 while i < 5", ControlFlowOracleCases::tf1While);
        }
        for (boolean p : new boolean[]{true, false}) {
            c.add("Switch", "TF1 cond, predicate " + p, g -> tf1Cond(g, p));
            c.add("Merge", "TF1 cond, predicate " + p, g -> tf1Cond(g, p));
            for (String op : new String[]{"If", "StatelessIf"}) {
                c.add(op, "predicate " + p, g -> ifOp(g, op, p));
            }
        }
        for (String op : new String[]{"PartitionedCall", "StatefulPartitionedCall"}) {
            c.add(op, "two outputs", g -> {
                try (ConcreteFunction f = ConcreteFunction.create(tf -> {
                    Placeholder<TFloat32> a = tf.placeholder(TFloat32.class);
                    Placeholder<TFloat32> b = tf.placeholder(TFloat32.class);
                    return Signature.builder().input("a", a).input("b", b).output("x", tf.math.mul(a, b)).output("y", tf.math.sub(a, b))
                            .build();
                })) {
                    var call = g.op(op).list(g.in(FLOAT, 2, 3), g.in(FLOAT, 2, 3)).types("Tin", FLOAT, FLOAT).types("Tout", FLOAT, FLOAT)
                            .func("f", f).build();
                    g.fetch(call.output(0), call.output(1));
                }
            });
        }
        for (String op : new String[]{"While", "StatelessWhile"}) {
            c.add(op, "x *= 1.5 while i < n", g -> whileOp(g, op));
        }
    }

    private static void tf1While(OracleGraph g) {
        Output<?> x = g.in(FLOAT, 3);
        Output<?> i0 = g.i32s(0);
        Output<?>[] outs = g.graph.whileLoop(new Output<?>[]{x, i0}, (cg, in, out) -> {
            Ops tf = Ops.create(cg);
            @SuppressWarnings("unchecked") Output<TInt32> i = (Output<TInt32>) in[1];
            out[0] = tf.math.less(i, tf.constant(5)).asOutput();
        }, (bg, in, out) -> {
            Ops tf = Ops.create(bg);
            @SuppressWarnings("unchecked") Output<TFloat32> v = (Output<TFloat32>) in[0];
            @SuppressWarnings("unchecked") Output<TInt32> i = (Output<TInt32>) in[1];
            out[0] = tf.math.mul(v, tf.constant(1.5f)).asOutput();
            out[1] = tf.math.add(i, tf.constant(1)).asOutput();
        }, "loop");
        g.fetch(outs[0], outs[1]);
    }

    private static void tf1Cond(OracleGraph g, boolean p) {
        Output<?> x = g.in(FLOAT, 2, 3);
        Output<?> pred = g.in(Tensor.ofBooleans(new long[0], p));
        var sw = g.op("Switch", x, pred).build();
        Output<?> whenFalse = g.op("Neg", sw.output(0)).out();
        Output<?> whenTrue = g.op("Mul", sw.output(1), g.f32s(2f)).out();
        var merge = g.op("Merge").list(whenFalse, whenTrue).build();
        g.fetch(merge.output(0), merge.output(1));
    }

    private static void ifOp(OracleGraph g, String op, boolean p) {
        try (ConcreteFunction then = ConcreteFunction.create(tf -> {
            Placeholder<TFloat32> a = tf.placeholder(TFloat32.class);
            return Signature.builder().input("a", a).output("y", tf.math.mul(a, a)).build();
        }); ConcreteFunction otherwise = ConcreteFunction.create(tf -> {
            Placeholder<TFloat32> a = tf.placeholder(TFloat32.class);
            return Signature.builder().input("a", a).output("y", tf.math.neg(a)).build();
        })) {
            Output<?> pred = g.in(Tensor.ofBooleans(new long[0], p));
            g.fetch(g.op(op, pred).list(g.in(FLOAT, 2, 3)).types("Tin", FLOAT).types("Tout", FLOAT)
                    .func("then_branch", then).func("else_branch", otherwise).out());
        }
    }

    private static void whileOp(OracleGraph g, String op) {
        try (ConcreteFunction cond = ConcreteFunction.create(tf -> {
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
            Placeholder<TInt32> i = tf.placeholder(TInt32.class);
            Placeholder<TInt32> n = tf.placeholder(TInt32.class);
            return Signature.builder().input("a_x", x).input("b_i", i).input("c_n", n).output("p", tf.math.less(i, n)).build();
        }); ConcreteFunction body = ConcreteFunction.create(tf -> {
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
            Placeholder<TInt32> i = tf.placeholder(TInt32.class);
            Placeholder<TInt32> n = tf.placeholder(TInt32.class);
            return Signature.builder().input("a_x", x).input("b_i", i).input("c_n", n).output("a_x", tf.math.mul(x, tf.constant(1.5f)))
                    .output("b_i", tf.math.add(i, tf.constant(1))).output("c_n", tf.identity(n)).build();
        })) {
            var w = g.op(op).list(g.in(FLOAT, 3), g.i32s(0), g.in(Tensor.ofInts(new long[0], 4))).types("T", FLOAT, INT32, INT32)
                    .func("cond", cond).func("body", body).build();
            g.fetch(w.output(0), w.output(1));
        }
    }

}
