package dev.modelx.importer.tensorflow;

import static dev.modelx.graph.DataType.BOOL;
import static dev.modelx.graph.DataType.DOUBLE;
import static dev.modelx.graph.DataType.FLOAT;
import static dev.modelx.graph.DataType.INT32;
import static dev.modelx.graph.DataType.INT64;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/** Constants, placeholders, identities, casts, shape queries, fills and random ops. */
final class ShapeOracleCases {

    private ShapeOracleCases() {
    }

    private static final long[] S = {2, 3, 4};

    static void add(OracleCases c) {
        c.add("Const", "float added to input", g -> g.fetch(g.op("Add", g.in(FLOAT, S), g.konst(FLOAT, S))));
        c.add("Const", "int64 fetched directly", g -> g.fetch(g.konst(INT64, S)));
        c.add("HostConst", "int32", g -> g.fetch(g.op("Mul", g.in(INT32, 3), g.op("HostConst").tensor("value", Tensor.ofInts(new long[]{3}, 2, -1, 4))
                .type("dtype", INT32).out())));
        c.add("Placeholder", "unknown batch dimension", g -> {
            var x = g.graph.opBuilder("Placeholder", "in0", g.graph.baseScope()).setAttr("dtype", TfJavaTensors.tfType(FLOAT))
                    .setAttr("shape", org.tensorflow.ndarray.Shape.of(-1, 3)).build().output(0);
            g.feeds.put("in0", g.random(FLOAT, 5, 3));
            g.fetch(g.op("Relu", x).out());
        });
        for (String op : new String[]{"Identity", "StopGradient", "Snapshot", "PreventGradient"}) {
            c.add(op, "float", g -> g.fetch(g.op(op, g.in(FLOAT, S))));
        }
        c.add("Identity", "bool", g -> g.fetch(g.op("Identity", g.in(BOOL, S))));
        c.add("CheckNumerics", "finite values", g -> g.fetch(g.op("CheckNumerics", g.in(FLOAT, S)).attr("message", "bad")));
        c.add("EnsureShape", "matching shape", g -> g.fetch(g.op("EnsureShape", g.in(FLOAT, S)).shape("shape", 2, 3, 4)));
        c.add("DebugIdentity", "float", g -> g.fetch(g.op("DebugIdentity", g.in(FLOAT, S)).attr("tensor_name", "in0:0")));
        c.add("PlaceholderWithDefault", "default used", g -> g.fetch(g.op("Mul", g.op("PlaceholderWithDefault", g.konst(FLOAT, S))
                .shape("shape", S).out(), g.in(FLOAT, S)).out()));
        c.add("IdentityN", "float and int32", g -> {
            var op = g.op("IdentityN").list(g.in(FLOAT, S), g.in(INT32, 3)).build();
            g.fetch(op.output(0), op.output(1));
        });
        c.add("NoOp", "as a control input", g -> {
            var noop = g.op("NoOp").build();
            g.fetch(g.op("Identity", g.in(FLOAT, S)).control(noop).out());
        });
        c.add("Shape", "int32", g -> g.fetch(g.op("Shape", g.in(FLOAT, S))));
        c.add("Shape", "int64", g -> g.fetch(g.op("Shape", g.in(FLOAT, S)).type("out_type", INT64)));
        c.add("Shape", "of a scalar", g -> g.fetch(g.op("Shape", g.in(Tensor.ofFloats(new long[0], 1f)))));
        c.add("ShapeN", "two inputs", g -> {
            var op = g.op("ShapeN").list(g.in(FLOAT, S), g.in(FLOAT, 5)).build();
            g.fetch(op.output(0), op.output(1));
        });
        c.add("Size", "int32", g -> g.fetch(g.op("Size", g.in(FLOAT, S))));
        c.add("Size", "int64", g -> g.fetch(g.op("Size", g.in(INT32, S)).type("out_type", INT64)));
        c.add("Rank", "rank 3", g -> g.fetch(g.op("Rank", g.in(FLOAT, S))));
        cast(c, "float to int32 (truncates toward zero)", FLOAT, INT32);
        cast(c, "int32 to float", INT32, FLOAT);
        cast(c, "float to bool", FLOAT, BOOL);
        cast(c, "bool to float", BOOL, FLOAT);
        cast(c, "int64 to int32", INT64, INT32);
        cast(c, "float to double", FLOAT, DOUBLE);
        c.add("Fill", "float value", g -> g.fetch(g.op("Fill", g.i32(2, 3), g.in(g.uniform(FLOAT, 0, 1)))));
        c.add("Fill", "int64 dims int32 value", g -> g.fetch(g.op("Fill", g.i64(3, 1, 2), g.i32s(7))));
        for (String op : new String[]{"ZerosLike", "OnesLike"}) {
            c.add(op, "float", g -> g.fetch(g.op(op, g.in(FLOAT, S))));
            c.add(op, "int32", g -> g.fetch(g.op(op, g.in(INT32, S))));
        }
        c.add("Range", "int32", g -> g.fetch(g.op("Range", g.i32s(1), g.i32s(10), g.i32s(3))));
        c.add("Range", "float negative delta", g -> g.fetch(g.op("Range", g.f32s(3f), g.f32s(0.5f), g.f32s(-0.4f))));
        c.add("Range", "limit at run time", g -> g.fetch(g.op("Range", g.i32s(0), g.in(Tensor.ofInts(new long[0], 6)), g.i32s(2))));
        c.add("RandomUniform", "float [0,1)", OracleCompare.distribution(0, 1, 0.5, 0.05),
                g -> g.fetch(g.op("RandomUniform", g.i32(300, 4)).type("dtype", FLOAT)));
        c.add("RandomStandardNormal", "float", OracleCompare.distribution(-7, 7, 0, 0.1),
                g -> g.fetch(g.op("RandomStandardNormal", g.i32(300, 4)).type("dtype", FLOAT)));
    }

    private static void cast(OracleCases c, String variant, DataType from, DataType to) {
        c.add("Cast", variant, g -> g.fetch(g.op("Cast", g.in(from == FLOAT ? g.uniform(FLOAT, -3, 3, S) : g.random(from, S)))
                .type("DstT", to)));
    }
}
