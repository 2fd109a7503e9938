package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import java.util.Optional;

/**
 * TF2 TensorList ops (what tf.TensorArray and While loops over lists become) as ONNX sequences: the list
 * handle is a sequence value, carried through Loop bodies like any other loop variable. A reserved list
 * holds placeholder items (zeros of the element shape when it is fully known, else empty tensors) that
 * SetItem replaces; reading a never-set item of a list whose element shape is not fully known, and
 * stacking an empty list, are not reproduced (TF fails or needs the shape there too).
 */
final class TensorListOps {

    private TensorListOps() {
    }

    static void register(OpRegistry r) {
        r.register(TensorListOps::reserve, "TensorListReserve");
        r.register(TensorListOps::empty, "EmptyTensorList");
        r.register(TensorListOps::fromTensor, "TensorListFromTensor");
        r.register(TensorListOps::setItem, "TensorListSetItem");
        r.register(TensorListOps::getItem, "TensorListGetItem");
        r.register(TensorListOps::stack, "TensorListStack");
        r.register(TensorListOps::gather, "TensorListGather");
        r.register(TensorListOps::length, "TensorListLength");
        r.register(TensorListOps::elementShape, "TensorListElementShape");
        r.register(TensorListOps::pushBack, "TensorListPushBack");
        r.register(TensorListOps::popBack, "TensorListPopBack");
    }

    private static DataType elementType(TfNode n) {
        return n.requireType("element_dtype");
    }

    private static String sequence(Scope s, String value, DataType t) {
        s.session.sequences.put(value, t);
        return value;
    }

    private static String list(TfNode n, Scope s, int i) {
        String v = s.in(n, i);
        if (!s.session.sequences.containsKey(v)) {
            throw new TfImportException(n.describe() + ": input " + i + " ('" + n.input(i) + "') is not a tensor list this importer built");
        }
        return v;
    }

    /** The element shape when it is a constant with every dim known. */
    private static Optional<long[]> knownShape(Scope s, String shape) {
        return s.constantValue(shape).map(Tensor::toLongArray).filter(d -> {
            if (s.constantValue(shape).get().rank() != 1) {
                return false;
            }
            for (long x : d) {
                if (x < 0) {
                    return false;
                }
            }
            return true;
        });
    }

    private static void reserve(TfNode n, Scope s) {
        DataType t = elementType(n);
        String count = s.cast(s.op("Reshape", s.in(n, 1), s.constLongs("one_dim", 1)), DataType.INT64);
        long[] shape = knownShape(s, s.in(n, 0)).orElse(new long[]{0});
        String dims = s.add(s.node("Concat", count, s.constLongs("element_shape", shape)).attr("axis", 0L)).output(0);
        String zeros = s.op("Expand", s.constant(Consts.scalar(t, 0), "zero"), dims);
        s.setType(zeros, t);
        s.out(n, 0, sequence(s, split(s, zeros), t));
    }

    private static String split(Scope s, String tensor) {
        return s.add(s.node("SplitToSequence", tensor).attr("axis", 0L).attr("keepdims", 0L)).output(0);
    }

    private static void empty(TfNode n, Scope s) {
        DataType t = elementType(n);
        s.out(n, 0, sequence(s, s.add(s.node("SequenceEmpty").attr("dtype", (long) t.code())).output(0), t));
    }

    private static void fromTensor(TfNode n, Scope s) {
        DataType t = elementType(n);
        s.out(n, 0, sequence(s, split(s, s.in(n, 0)), t));
    }

    private static void setItem(TfNode n, Scope s) {
        String l = list(n, s, 0);
        String index = s.in(n, 1);
        String erased = s.op("SequenceErase", l, index);
        s.out(n, 0, sequence(s, s.op("SequenceInsert", erased, s.in(n, 2), index), elementType(n)));
    }

    private static void getItem(TfNode n, Scope s) {
        String item = s.op("SequenceAt", list(n, s, 0), s.in(n, 1));
        s.setType(item, elementType(n));
        s.out(n, 0, item);
    }

    private static String stacked(TfNode n, Scope s) {
        String out = s.add(s.node("ConcatFromSequence", list(n, s, 0)).attr("axis", 0L).attr("new_axis", 1L)).output(0);
        s.setType(out, elementType(n));
        return out;
    }

    private static void stack(TfNode n, Scope s) {
        s.out(n, 0, stacked(n, s));
    }

    private static void gather(TfNode n, Scope s) {
        String out = s.add(s.node("Gather", stacked(n, s), s.in(n, 1)).attr("axis", 0L)).output(0);
        s.setType(out, elementType(n));
        s.out(n, 0, out);
    }

    private static void length(TfNode n, Scope s) {
        String len = s.op("SequenceLength", list(n, s, 0));
        s.setType(len, DataType.INT64);
        s.out(n, 0, s.cast(len, DataType.INT32));
    }

    /** The shape of the first item (TF answers the list's declared element shape; they agree once items are set). */
    private static void elementShape(TfNode n, Scope s) {
        String first = s.op("SequenceAt", list(n, s, 0), s.scalarLong("first", 0));
        String shape = s.op("Shape", first);
        s.setType(shape, DataType.INT64);
        s.out(n, 0, s.cast(shape, n.type("shape_type").orElse(DataType.INT32)));
    }

    private static void pushBack(TfNode n, Scope s) {
        s.out(n, 0, sequence(s, s.op("SequenceInsert", list(n, s, 0), s.in(n, 1)), elementType(n)));
    }

    private static void popBack(TfNode n, Scope s) {
        String l = list(n, s, 0);
        String last = s.scalarLong("last", -1);
        String item = s.op("SequenceAt", l, last);
        s.setType(item, elementType(n));
        s.out(n, 0, sequence(s, s.op("SequenceErase", l, last), elementType(n)));
        s.out(n, 1, item);
    }
}
