package dev.modelx.importer.tensorflow;

import static dev.modelx.graph.DataType.FLOAT;
import static dev.modelx.graph.DataType.INT32;

import org.tensorflow.GraphOperation;
import org.tensorflow.Output;

/** Variables: TF Java assigns them, exports a SavedModel (checkpoint written by TF), which is imported. */
final class VariableOracleCases {

    private VariableOracleCases() {
    }

    static void add(OracleCases c) {
        c.add("VarHandleOp", "resource variable read by MatMul", VariableOracleCases::resourceMatMul);
        c.add("ReadVariableOp", "resource variable read by MatMul", VariableOracleCases::resourceMatMul);
        c.add("ResourceGather", "rows of a resource variable", g -> {
            GraphOperation handle = resource(g, "table", 5, 3);
            g.fetch(g.op("ResourceGather", handle.output(0), g.in(g.integers(INT32, 0, 4, 2, 2))).type("dtype", FLOAT).out());
        });
        for (String op : new String[]{"VariableV2", "Variable"}) {
            c.add(op, "ref variable added to input", g -> {
                Output<?> v = g.op(op).shape("shape", 2, 3).type("dtype", FLOAT).attr("shared_name", "v").out();
                g.initializers.add(g.op("Assign", v, g.konst(FLOAT, 2, 3)).build());
                g.checkpoint.put("v", g.op("Identity", v).out());
                g.fetch(g.op("Add", g.in(FLOAT, 2, 3), g.op("Identity", v).out()).out());
            });
        }
    }

    private static void resourceMatMul(OracleGraph g) {
        GraphOperation handle = resource(g, "w", 4, 3);
        Output<?> w = g.op("ReadVariableOp", handle.output(0)).type("dtype", FLOAT).out();
        g.fetch(g.op("MatMul", g.in(FLOAT, 2, 4), w).out());
    }

    private static GraphOperation resource(OracleGraph g, String name, long... shape) {
        GraphOperation handle = g.op("VarHandleOp").shape("shape", shape).type("dtype", FLOAT).attr("shared_name", name).build();
        g.initializers.add(g.op("AssignVariableOp", handle.output(0), g.konst(FLOAT, shape)).type("dtype", FLOAT).build());
        g.checkpoint.put(name, g.op("ReadVariableOp", handle.output(0)).type("dtype", FLOAT).out());
        return handle;
    }
}
