package dev.modelx.importer.paddle.ops;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.ValueInfo;
import dev.modelx.importer.paddle.ConvertContext;

import java.util.List;

/**
 * A reduction whose axes are a tensor computed at run time (a VAR dim, or a computed PIR IntArray operand). The
 * imported graph is opset 17, where only ReduceSum reads its axes from an input, so every reduction is written
 * axis by axis: a mask says which of x's axes are listed (every axis for an empty list, as Paddle reduces all
 * for an empty dim), an If per axis reduces it (keeping the axis) or passes the value on, and when keep_dim is
 * false the reduced axes are dropped from the shape at the end.
 */
final class RuntimeAxesReduce {

    private RuntimeAxesReduce() {
    }

    static Node reduce(ConvertContext c, String onnx, String x, int rank, String axes, long keep, String out) {
        if (rank == 0) {
            return c.emit("Identity", out, x); // a 0-D tensor reduces to itself
        }
        String a = c.op1("Reshape", c.cast(axes, DataType.INT64), c.constI64(-1));
        String normalized = c.op1("Mod", c.op1("Add", a, c.scalarI64(rank)), c.scalarI64(rank));
        long[] all = new long[rank];
        for (int i = 0; i < rank; i++) {
            all[i] = i;
        }
        String hits = c.op1("Equal", c.op1("Unsqueeze", normalized, c.constI64(1)), c.constI64(all));
        String count = c.op("ReduceSum", c.cast(hits, DataType.INT64), c.constI64(0)).attr("keepdims", 0L).output(0);
        String none = c.op1("Equal", c.op1("Size", a), c.scalarI64(0));
        String mask = c.op1("Or", c.op1("Greater", count, c.scalarI64(0)), none);
        String y = x;
        Node last = null;
        for (int d = 0; d < rank; d++) {
            String cond = c.op("Gather", mask, c.scalarI64(d)).attr("axis", 0L).output(0);
            Graph then = new Graph(c.fresh("reduce_axis" + d));
            ConvertContext tc = c.child(then);
            String reduced = c.fresh("reduced" + d);
            Node r = onnx.equals("ReduceSum") ? tc.emit("ReduceSum", reduced, y, tc.constI64(d)) : tc.emit(onnx, reduced, y).ints("axes", d);
            r.attr("keepdims", 1L);
            then.output(new ValueInfo(reduced, null));
            Graph other = new Graph(c.fresh("keep_axis" + d));
            ConvertContext ec = c.child(other);
            String kept = c.fresh("kept" + d);
            ec.emit("Identity", kept, y);
            other.output(new ValueInfo(kept, null));
            String next = keep == 0 || d < rank - 1 ? c.fresh("reduce_step" + d) : out;
            last = c.emit("If", List.of(cond), List.of(next)).attr(Attribute.of("then_branch", then))
                    .attr(Attribute.of("else_branch", other));
            y = next;
        }
        if (keep != 0) {
            return last;
        }
        String shape = c.op("Compress", c.op1("Shape", y), c.op1("Not", mask)).attr("axis", 0L).output(0);
        return c.emit("Reshape", out, y, shape);
    }
}
