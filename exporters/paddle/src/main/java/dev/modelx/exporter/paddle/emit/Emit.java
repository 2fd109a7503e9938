package dev.modelx.exporter.paddle.emit;

import dev.modelx.exporter.paddle.ExportContext;
import dev.modelx.exporter.paddle.PaddleOp;
import dev.modelx.graph.Node;

/** Small helpers shared by the emitter families. */
final class Emit {

    private Emit() {
    }

    /** op(X = input 0) -> Out = output 0, the shape of most unary ops. */
    static PaddleOp unary(ExportContext c, Node n, String type) {
        return c.op(type).in("X", c.var(n.input(0))).out("Out", c.out(n.output(0)));
    }

    static boolean hasInput(Node n, int i) {
        return n.inputs().size() > i && !n.input(i).isEmpty();
    }

    /** The node producing {@code value} when it is of type {@code opType}, else null. */
    static Node producedBy(ExportContext c, String value, String opType) {
        Node p = c.producer(value);
        return p != null && p.opType().equals(opType) ? p : null;
    }

    static long[] range(int from, int to) {
        long[] r = new long[to - from];
        for (int i = from; i < to; i++) {
            r[i - from] = i;
        }
        return r;
    }
}
