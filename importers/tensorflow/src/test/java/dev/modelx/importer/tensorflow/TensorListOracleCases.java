package dev.modelx.importer.tensorflow;

import static dev.modelx.graph.DataType.FLOAT;
import static dev.modelx.graph.DataType.INT32;

import dev.modelx.graph.Tensor;
import org.tensorflow.Output;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/** TF2 TensorList ops, alone and carried through a TF2 While loop as tf.TensorArray does. */
final class TensorListOracleCases {

    private TensorListOracleCases() {
    }

    static void add(OracleCases c) {
        c.add("TensorListFromTensor", "unstack rows, read row 2", g -> {
            Output<?> l = fromTensor(g, g.in(FLOAT, 4, 3), g.i32(3));
            g.fetch(getItem(g, l, g.i32s(2), g.i32(3)));
        });
        c.add("TensorListGetItem", "index fed at run time", g -> {
            Output<?> l = fromTensor(g, g.in(FLOAT, 5, 2, 2), g.i32(2, 2));
            g.fetch(getItem(g, l, g.in(Tensor.ofInts(new long[0], 3)), g.i32(2, 2)));
        });
        c.add("TensorListReserve", "all items set, stacked", g -> {
            Output<?> l = reserve(g, g.i32(2), g.i32s(3));
            for (int i = 0; i < 3; i++) {
                l = setItem(g, l, g.i32s(2 - i), g.in(FLOAT, 2));
            }
            g.fetch(stack(g, l, g.i32(2)));
        });
        c.add("TensorListSetItem", "items 1 and 3 of 4 set; the others stack as zeros", g -> {
            Output<?> l = reserve(g, g.i32(2, 3), g.i32s(4));
            l = setItem(g, l, g.i32s(1), g.in(FLOAT, 2, 3));
            l = setItem(g, l, g.i32s(3), g.in(FLOAT, 2, 3));
            g.fetch(stack(g, l, g.i32(2, 3)));
        });
        c.add("TensorListStack", "round trip of an int32 tensor", g -> g.fetch(stack(g, fromTensor(g, g.in(INT32, 3, 4), g.i32(4)), g.i32(4), INT32)));
        c.add("TensorListGather", "rows 2, 0, 2", g -> g.fetch(g.op("TensorListGather", fromTensor(g, g.in(FLOAT, 3, 2), g.i32(2)),
                g.i32(2, 0, 2), g.i32(2)).type("element_dtype", dev.modelx.graph.DataType.FLOAT).out()));
        c.add("TensorListLength", "of an unstacked tensor", g -> g.fetch(g.op("TensorListLength",
                fromTensor(g, g.in(FLOAT, 5, 2), g.i32(2))).out()));
        c.add("TensorListElementShape", "of an unstacked tensor", g -> g.fetch(g.op("TensorListElementShape",
                fromTensor(g, g.in(FLOAT, 5, 2, 3), g.i32(2, 3))).type("shape_type", INT32).out()));
        c.add("EmptyTensorList", "pushed three times, stacked", g -> g.fetch(stack(g, pushed(g), g.i32(2))));
        c.add("TensorListPushBack", "pushed three times, length", g -> g.fetch(g.op("TensorListLength", pushed(g)).out()));
        c.add("TensorListPopBack", "popped item and the remaining stack", g -> {
            var pop = g.op("TensorListPopBack", pushed(g), g.i32(2)).type("element_dtype", dev.modelx.graph.DataType.FLOAT).build();
            g.fetch(pop.output(1), stack(g, pop.output(0), g.i32(2)));
        });
        for (String op : new String[]{"TensorListReserve", "TensorListSetItem", "TensorListGetItem", "TensorListFromTensor",
                                      "TensorListStack"}) {
            c.add(op, "TF2 While loop: out[i] = 2 * in[i] + i", TensorListOracleCases::whileOverLists);
        }
    }

    private static Output<?> pushed(OracleGraph g) {
        Output<?> l = g.op("EmptyTensorList", g.i32(2), g.i32s(-1)).type("element_dtype", dev.modelx.graph.DataType.FLOAT)
                .type("shape_type", INT32).out();
        for (int i = 0; i < 3; i++) {
            l = g.op("TensorListPushBack", l, g.in(FLOAT, 2)).type("element_dtype", dev.modelx.graph.DataType.FLOAT).out();
        }
        return l;
    }

    private static Output<?> fromTensor(OracleGraph g, Output<?> x, Output<?> elementShape) {
        return g.op("TensorListFromTensor", x, elementShape).out();
    }

    private static Output<?> reserve(OracleGraph g, Output<?> elementShape, Output<?> n) {
        return g.op("TensorListReserve", elementShape, n).type("element_dtype", dev.modelx.graph.DataType.FLOAT).out();
    }

    private static Output<?> setItem(OracleGraph g, Output<?> l, Output<?> i, Output<?> item) {
        return g.op("TensorListSetItem", l, i, item).out();
    }

    private static Output<?> getItem(OracleGraph g, Output<?> l, Output<?> i, Output<?> shape) {
        return g.op("TensorListGetItem", l, i, shape).type("element_dtype", dev.modelx.graph.DataType.FLOAT).out();
    }

    private static Output<?> stack(OracleGraph g, Output<?> l, Output<?> shape) {
        return stack(g, l, shape, dev.modelx.graph.DataType.FLOAT);
    }

    private static Output<?> stack(OracleGraph g, Output<?> l, Output<?> shape, dev.modelx.graph.DataType t) {
        return g.op("TensorListStack", l, shape).type("element_dtype", t).out();
    }

    private static AttrValue type(DataType t) {
        return AttrValue.newBuilder().setType(t).build();
    }

    private static NodeDef.Builder node(String name, String op, String... inputs) {
        NodeDef.Builder b = NodeDef.newBuilder().setName(name).setOp(op);
        for (String in : inputs) {
            b.addInput(in);
        }
        return b;
    }

    private static NodeDef constant(String name, DataType t, long[] shape, Number... v) {
        TensorProto.Builder p = TensorProto.newBuilder().setDtype(t);
        TensorShapeProto.Builder sh = TensorShapeProto.newBuilder();
        for (long d : shape) {
            sh.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        p.setTensorShape(sh);
        for (Number x : v) {
            if (t == DataType.DT_FLOAT) {
                p.addFloatVal(x.floatValue());
            } else {
                p.addIntVal(x.intValue());
            }
        }
        return node(name, "Const").putAttr("dtype", type(t)).putAttr("value", AttrValue.newBuilder().setTensor(p).build()).build();
    }

    private static OpDef.Builder signature(String name) {
        return OpDef.newBuilder().setName(name)
                .addInputArg(OpDef.ArgDef.newBuilder().setName("a_i").setType(DataType.DT_INT32))
                .addInputArg(OpDef.ArgDef.newBuilder().setName("b_out").setType(DataType.DT_VARIANT))
                .addInputArg(OpDef.ArgDef.newBuilder().setName("c_in").setType(DataType.DT_VARIANT));
    }

    /**
     * cond(i, out, in) = i < 4; body(i, out, in) = (i + 1, SetItem(out, i, 2 * GetItem(in, i) + i), in), written as
     * FunctionDefs by hand: TF Java's function builder cannot declare variant (list handle) arguments.
     */
    private static FunctionDefLibrary library() {
        FunctionDef cond = FunctionDef.newBuilder()
                .setSignature(signature("list_loop_cond").addOutputArg(OpDef.ArgDef.newBuilder().setName("p").setType(DataType.DT_BOOL)))
                .addNodeDef(constant("n", DataType.DT_INT32, new long[0], 4))
                .addNodeDef(node("less", "Less", "a_i", "n:output:0").putAttr("T", type(DataType.DT_INT32)))
                .putRet("p", "less:z:0").build();
        OpDef.Builder bodySig = signature("list_loop_body")
                .addOutputArg(OpDef.ArgDef.newBuilder().setName("a_i_out").setType(DataType.DT_INT32))
                .addOutputArg(OpDef.ArgDef.newBuilder().setName("b_out_out").setType(DataType.DT_VARIANT))
                .addOutputArg(OpDef.ArgDef.newBuilder().setName("c_in_out").setType(DataType.DT_VARIANT));
        FunctionDef body = FunctionDef.newBuilder().setSignature(bodySig)
                .addNodeDef(constant("shape", DataType.DT_INT32, new long[]{1}, 3))
                .addNodeDef(constant("two", DataType.DT_FLOAT, new long[0], 2f))
                .addNodeDef(constant("one", DataType.DT_INT32, new long[0], 1))
                .addNodeDef(node("get", "TensorListGetItem", "c_in", "a_i", "shape:output:0").putAttr("element_dtype", type(DataType.DT_FLOAT)))
                .addNodeDef(node("fi", "Cast", "a_i").putAttr("SrcT", type(DataType.DT_INT32)).putAttr("DstT", type(DataType.DT_FLOAT)))
                .addNodeDef(node("twice", "Mul", "get:item:0", "two:output:0").putAttr("T", type(DataType.DT_FLOAT)))
                .addNodeDef(node("v", "AddV2", "twice:z:0", "fi:y:0").putAttr("T", type(DataType.DT_FLOAT)))
                .addNodeDef(node("set", "TensorListSetItem", "b_out", "a_i", "v:z:0").putAttr("element_dtype", type(DataType.DT_FLOAT)))
                .addNodeDef(node("next", "AddV2", "a_i", "one:output:0").putAttr("T", type(DataType.DT_INT32)))
                .putRet("a_i_out", "next:z:0").putRet("b_out_out", "set:output_handle:0").putRet("c_in_out", "c_in")
                .build();
        return FunctionDefLibrary.newBuilder().addFunction(cond).addFunction(body).build();
    }

    private static AttrValue func(String name) {
        return AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(name)).build();
    }

    /** While (i < 4): out = SetItem(out, i, 2 * GetItem(in, i) + i); i += 1; then Stack(out). */
    private static void whileOverLists(OracleGraph g) {
        g.graph.importGraphDef(GraphDef.newBuilder().setLibrary(library()).build());
        Output<?> in = fromTensor(g, g.in(FLOAT, 4, 3), g.i32(3));
        Output<?> out = reserve(g, g.i32(3), g.i32s(4));
        AttrValue t = AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder().addType(DataType.DT_INT32)
                .addType(DataType.DT_VARIANT).addType(DataType.DT_VARIANT)).build();
        var w = g.op("While").list(g.i32s(0), out, in).raw("T", t).raw("cond", func("list_loop_cond"))
                .raw("body", func("list_loop_body")).build();
        g.fetch(stack(g, w.output(1), g.i32(3)));
    }
}
