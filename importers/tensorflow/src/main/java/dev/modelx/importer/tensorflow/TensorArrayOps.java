package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import java.util.List;

/**
 * TF1 TensorArrays (what tf.while_loop collects per-iteration values in): the array's contents travel in
 * its float "flow" tensor, which becomes an ONNX sequence (carried through TF1 loop frames like any loop
 * variable); the resource handle is bound to the initial sequence and only read for its element type.
 * A write at the array's length appends, a write below it replaces; writes further out are not reproduced,
 * nor is gathering from an empty array whose element shape is not fully known.
 */
final class TensorArrayOps {

    private TensorArrayOps() {
    }

    static void register(OpRegistry r) {
        r.register(TensorArrayOps::create, "TensorArrayV3");
        r.register(TensorArrayOps::write, "TensorArrayWriteV3");
        r.register(TensorArrayOps::read, "TensorArrayReadV3");
        r.register(TensorArrayOps::gather, "TensorArrayGatherV3");
        r.register(TensorArrayOps::size, "TensorArraySizeV3");
    }

    private static String flow(TfNode n, Scope s, int i) {
        String v = s.in(n, i);
        if (!s.session.sequences.containsKey(v)) {
            throw new TfImportException(n.describe() + ": input " + i + " ('" + n.input(i) + "') is not a TensorArray flow this importer built");
        }
        return v;
    }

    /** size placeholder items (empty tensors of the element type) that writes replace; size 0 starts empty. */
    private static void create(TfNode n, Scope s) {
        DataType t = n.requireType("dtype");
        var size = s.constantValue(s.in(n, 0));
        String seq;
        if (size.isPresent() && size.get().getLong(0) == 0) {
            seq = s.add(s.node("SequenceEmpty").attr("dtype", (long) t.code())).output(0);
        } else {
            String count = s.cast(s.op("Reshape", s.in(n, 0), s.constLongs("one_dim", 1)), DataType.INT64);
            String dims = s.add(s.node("Concat", count, s.constLongs("empty_item", 0)).attr("axis", 0L)).output(0);
            String blanks = s.op("Expand", s.constant(Consts.scalar(t, 0), "zero"), dims);
            seq = s.add(s.node("SplitToSequence", blanks).attr("axis", 0L).attr("keepdims", 0L)).output(0);
        }
        s.session.sequences.put(seq, t);
        s.out(n, 0, seq);
        s.out(n, 1, seq);
    }

    /** If(index < length): replace the item; else append. */
    private static void write(TfNode n, Scope s) {
        String seq = flow(n, s, 3);
        DataType t = s.session.sequences.get(seq);
        String index = s.in(n, 1);
        String value = s.in(n, 2);
        String length = s.op("SequenceLength", seq);
        String inside = s.op("Less", s.cast(index, DataType.INT64), length);
        String base = s.prefix() + n.name() + "/";
        Graph replace = new Graph(n.name() + "_replace");
        Scope r = s.branch(replace, base + "replace/");
        String replaced = r.op("SequenceInsert", r.op("SequenceErase", seq, index), value, index);
        s.session.sequences.put(replaced, t);
        replace.output(FunctionalOps.outputOf(r, replaced, base + "replace_out"));
        Graph append = new Graph(n.name() + "_append");
        Scope a = s.branch(append, base + "append/");
        String appended = a.op("SequenceInsert", seq, value);
        s.session.sequences.put(appended, t);
        append.output(FunctionalOps.outputOf(a, appended, base + "append_out"));
        String out = s.name(n, 0);
        s.add(Node.of("If").inputs(inside).outputs(List.of(out)).attr("then_branch", replace).attr("else_branch", append));
        s.session.sequences.put(out, t);
        s.out(n, 0, out);
    }

    private static void read(TfNode n, Scope s) {
        String item = s.op("SequenceAt", flow(n, s, 2), s.in(n, 1));
        s.setType(item, n.requireType("dtype"));
        s.out(n, 0, item);
    }

    /**
     * The items stacked on a new axis 0. With a fully known element_shape, a zero item is put first and sliced off
     * again, so an empty array stacks to [0, element_shape...] as in TF.
     */
    private static void gather(TfNode n, Scope s) {
        DataType t = n.requireType("dtype");
        String seq = flow(n, s, 2);
        var shape = n.shape("element_shape").map(dev.modelx.format.tensorflow.TfTensors::shape).filter(sh -> sh != null && sh.isStatic());
        String stacked;
        if (shape.isPresent()) {
            String zero = s.op("Expand", s.constant(Consts.scalar(t, 0), "zero"), s.constLongs("element_shape", shape.get().toArray()));
            String padded = s.op("SequenceInsert", seq, zero, s.scalarLong("first", 0));
            String all = s.add(s.node("ConcatFromSequence", padded).attr("axis", 0L).attr("new_axis", 1L)).output(0);
            stacked = s.op("Slice", all, s.constLongs("from", 1), s.constLongs("to", Long.MAX_VALUE), s.constLongs("axis", 0));
        } else {
            stacked = s.add(s.node("ConcatFromSequence", seq).attr("axis", 0L).attr("new_axis", 1L)).output(0);
        }
        String out = s.add(s.node("Gather", stacked, s.in(n, 1)).attr("axis", 0L)).output(0);
        s.setType(out, t);
        s.out(n, 0, out);
    }

    private static void size(TfNode n, Scope s) {
        String len = s.op("SequenceLength", flow(n, s, 1));
        s.setType(len, DataType.INT64);
        s.out(n, 0, s.cast(len, DataType.INT32));
    }
}
