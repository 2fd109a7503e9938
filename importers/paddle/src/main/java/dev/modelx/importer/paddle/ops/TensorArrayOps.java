package dev.modelx.importer.paddle.ops;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.importer.paddle.ConvertContext;
import dev.modelx.importer.paddle.OpRegistry;
import dev.modelx.importer.paddle.SourceOp;

import java.util.List;

/**
 * Tensor arrays (LOD_TENSOR_ARRAY variables) as ONNX sequences: write_to_array sets element I (appending when I
 * is the length, replacing an element below it), read_from_array reads one, lod_array_length counts them, and
 * tensor_array_to_tensor stacks or concatenates them. A while loop carries the arrays its body writes
 * ({@link ControlFlowOps}). The LoD of array elements is not kept.
 */
public final class TensorArrayOps {

    private TensorArrayOps() {
    }

    public static void register(OpRegistry r) {
        r.add("write_to_array", TensorArrayOps::write);
        r.add("read_from_array", (c, op) -> c.emit("SequenceAt", c.out(op, "Out"), c.in(op, "X"), index(c, c.in(op, "I"))));
        r.add("lod_array_length", (c, op) -> c.emit("Reshape", c.out(op, "Out"), c.op1("SequenceLength", c.in(op, "X")), c.constI64(1)));
        r.add("tensor_array_to_tensor", TensorArrayOps::toTensor);
    }

    /** Paddle's index: a one-element int tensor; ONNX sequence positions are 0-D int64. */
    private static String index(ConvertContext c, String i) {
        return c.op1("Reshape", c.cast(i, DataType.INT64), c.constant(Tensor.ofLongs(new long[] {0})));
    }

    static Type sequenceOf(DataType t) {
        return new Type.SequenceType(new Type.TensorType(t, null));
    }

    /** An empty array of {@code var}'s element type. */
    static String empty(ConvertContext c, String var) {
        return c.op("SequenceEmpty").attr("dtype", (long) c.dtype(var).code()).output(0);
    }

    private static void write(ConvertContext c, SourceOp op) {
        String arrayVar = op.output("Out");
        String seq = c.isDefined(arrayVar) ? c.value(arrayVar) : empty(c, arrayVar);
        String x = c.in(op, "X");
        String i = index(c, c.in(op, "I"));
        String replace = c.op1("Less", i, c.op1("SequenceLength", seq));
        Type t = sequenceOf(c.dtype(op.input("X")));
        Graph then = new Graph(c.fresh("array_replace"));
        String replaced = c.fresh(arrayVar + "_replaced");
        String erased = c.fresh(arrayVar + "_erased");
        then.add(dev.modelx.graph.Node.of("SequenceErase").inputs(seq, i).outputs(erased));
        then.add(dev.modelx.graph.Node.of("SequenceInsert").inputs(erased, x, i).outputs(replaced));
        then.output(new ValueInfo(replaced, t));
        Graph append = new Graph(c.fresh("array_append"));
        String appended = c.fresh(arrayVar + "_appended");
        append.add(dev.modelx.graph.Node.of("SequenceInsert").inputs(seq, x, i).outputs(appended));
        append.output(new ValueInfo(appended, t));
        c.emit("If", List.of(replace), List.of(c.out(op, "Out"))).attr(Attribute.of("then_branch", then))
                .attr(Attribute.of("else_branch", append));
    }

    /** Out = the elements stacked (use_stack) or concatenated along axis; OutIndex = each element's size along axis. */
    private static void toTensor(ConvertContext c, SourceOp op) {
        String seq = c.in(op, "X");
        long axis = op.i("axis", 0);
        boolean stack = op.b("use_stack", false);
        c.emit("ConcatFromSequence", c.out(op, "Out"), seq).attr("axis", axis).attr("new_axis", stack ? 1L : 0L);
        if (op.hasOutput("OutIndex") && stack) {
            String n = c.op1("Reshape", c.op1("SequenceLength", seq), c.constI64(1));
            c.emit("ConstantOfShape", c.out(op, "OutIndex"), n).attr("value", Tensor.ofInts(new long[] {1}, 1));
        }
    }
}
