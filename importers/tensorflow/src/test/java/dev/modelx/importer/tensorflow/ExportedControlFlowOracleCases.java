package dev.modelx.importer.tensorflow;

import dev.modelx.graph.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * TF1 control flow laid out as modelx's TF exporter writes it (exporters/tensorflow ControlFlowEmitters and
 * Frame; that module builds after this one, so the graphs are written here node for node): a Loop is an
 * Enter/Merge/Switch/LoopCond/NextIteration/Exit frame over (iteration, condition, carried values) with
 * outer values entering through is_constant Enters and frame constants control-dependent on a pivot; an If
 * is Switch(pred, pred) with pivot Identities, values entering through Switch, and a Merge(else, then).
 * The GraphDef (it has cycles, which TF Java's op builder cannot make) is imported into TF Java and run there.
 */
final class ExportedControlFlowOracleCases {

    private ExportedControlFlowOracleCases() {
    }

    static void add(OracleCases c) {
        for (String op : new String[]{"Enter", "Merge", "Switch", "LoopCond", "NextIteration", "Exit"}) {
            for (long m : new long[]{2, 10}) {
                c.add(op, "exported Loop, max trip " + m + ", carried value, outer invariant", g -> loop(g, m, true));
            }
            c.add(op, "exported Loop, condition false on entry", g -> loop(g, 10, false));
        }
        for (boolean p : new boolean[]{true, false}) {
            c.add("Switch", "exported If, constant-only else branch, predicate " + p, g -> ifOp(g, p, false));
            c.add("Merge", "exported If, constant-only else branch, predicate " + p, g -> ifOp(g, p, false));
            c.add("Merge", "exported If, both branches constant-only, predicate " + p, g -> ifOp(g, p, true));
            for (boolean q : new boolean[]{true, false}) {
                c.add("Merge", "exported nested If, predicates " + p + ", " + q, g -> nestedIf(g, p, q));
            }
        }
        c.add("Merge", "exported If inside an exported Loop body", ExportedControlFlowOracleCases::ifInLoop);
        for (long m : new long[]{1, 3}) {
            c.add("Enter", "exported Loop nested in an exported Loop body, " + m + " outer trips", g -> nestedLoop(g, m));
        }
        c.add("NextIteration", "exported Loop carrying values forwarded unchanged (some never read, some not returned)",
                ExportedControlFlowOracleCases::forwardedLoop);
        c.add("Exit", "two exported Loops in one graph, the second reading the first", ExportedControlFlowOracleCases::twoLoops);
        for (long limit : new long[]{1, 3}) {
            c.add("LoopCond", "exported Loop whose condition depends only on the counter, limit " + limit,
                    g -> counterLoop(g, limit));
        }
        for (String op : new String[]{"TensorArrayV3", "TensorArrayWriteV3", "TensorArraySizeV3", "TensorArrayGatherV3"}) {
            for (long m : new long[]{3, 0}) {
                c.add(op, "exported Loop scan output (TensorArray), " + m + " trips", g -> scanLoop(g, m, false));
            }
        }
        c.add("TensorArrayReadV3", "item 1 after an exported Loop's 3 trips", g -> scanLoop(g, 3, true));
        c.add("Merge", "exported If whose dead branch could not run (a Reshape that does not fit)", ExportedControlFlowOracleCases::deadBranch);
        for (boolean p : new boolean[]{true, false}) {
            c.add("Merge", "exported If whose branches have different shapes, predicate " + p, g -> shapedBranches(g, p));
            c.add("Merge", "two exported Ifs on one predicate, the second reading the first, predicate " + p, g -> sharedPredicate(g, p));
        }
    }

    /** NodeDefs in the exporter's shape. */
    private static final class Nodes {
        final List<NodeDef> nodes = new ArrayList<>();

        NodeDef.Builder add(String name, String op, String... inputs) {
            NodeDef.Builder b = NodeDef.newBuilder().setName(name).setOp(op);
            for (String in : inputs) {
                b.addInput(in);
            }
            return b;
        }

        void put(NodeDef.Builder b) {
            nodes.add(b.build());
        }

        void op(String name, String op, DataType t, String... inputs) {
            put(add(name, op, inputs).putAttr("T", type(t)));
        }

        void placeholder(OracleGraph g, String name, Tensor value) {
            TensorShapeProto.Builder sh = TensorShapeProto.newBuilder();
            for (long d : value.shape()) {
                sh.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
            }
            put(add(name, "Placeholder").putAttr("dtype", type(TfJavaTensors.tfType(value.type())))
                    .putAttr("shape", AttrValue.newBuilder().setShape(sh).build()));
            g.feeds.put(name, value);
        }

        /** A Placeholder of unknown shape (TF's graph import checks nothing about what reads it). */
        void placeholderOfUnknownShape(OracleGraph g, String name, Tensor value) {
            put(add(name, "Placeholder").putAttr("dtype", type(TfJavaTensors.tfType(value.type()))));
            g.feeds.put(name, value);
        }

        /** A Const, control-dependent on {@code pivot} when it is made inside a frame. */
        void constant(String name, Tensor value, String pivot) {
            TensorProto.Builder p = TensorProto.newBuilder().setDtype(TfJavaTensors.tfType(value.type()));
            TensorShapeProto.Builder sh = TensorShapeProto.newBuilder();
            for (long d : value.shape()) {
                sh.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
            }
            p.setTensorShape(sh);
            switch (value.type()) {
                case FLOAT -> {
                    for (double v : value.toDoubleArray()) {
                        p.addFloatVal((float) v);
                    }
                }
                case INT64 -> {
                    for (long v : value.toLongArray()) {
                        p.addInt64Val(v);
                    }
                }
                case INT32 -> {
                    for (long v : value.toLongArray()) {
                        p.addIntVal((int) v);
                    }
                }
                default -> throw new IllegalArgumentException(value.type().toString());
            }
            NodeDef.Builder b = add(name, "Const").putAttr("dtype", type(p.getDtype())).putAttr("value", AttrValue.newBuilder().setTensor(p).build());
            if (pivot != null) {
                b.addInput("^" + pivot);
            }
            put(b);
        }

        void enter(String name, String in, DataType t, String frame, boolean constant) {
            put(add(name, "Enter", in).putAttr("T", type(t)).putAttr("frame_name", AttrValue.newBuilder().setS(
                    com.google.protobuf.ByteString.copyFromUtf8(frame)).build()).putAttr("is_constant", AttrValue.newBuilder()
                    .setB(constant).build()).putAttr("parallel_iterations", AttrValue.newBuilder().setI(1).build()));
        }

        void merge(String name, DataType t, String a, String b) {
            put(add(name, "Merge", a, b).putAttr("T", type(t)).putAttr("N", AttrValue.newBuilder().setI(2).build()));
        }

        void load(OracleGraph g) {
            g.graph.importGraphDef(GraphDef.newBuilder().addAllNode(nodes).build());
        }

        /**
         * Drops the loop plumbing nothing reads (Switch, Identity, Exit), as the exporter's graph cleanup does: a
         * variable the body never reads loses its Switch, one no caller reads its Exit. {@code keep}: fetched nodes.
         */
        void pruneUnread(String... keep) {
            Set<String> kept = Set.of(keep);
            boolean changed = true;
            while (changed) {
                Set<String> read = new HashSet<>();
                for (NodeDef d : nodes) {
                    for (String in : d.getInputList()) {
                        String name = in.startsWith("^") ? in.substring(1) : in;
                        int colon = name.indexOf(':');
                        read.add(colon < 0 ? name : name.substring(0, colon));
                    }
                }
                changed = nodes.removeIf(d -> (d.getOp().equals("Switch") || d.getOp().equals("Exit") || d.getOp().equals("Identity"))
                        && d.getName().contains("while/") && !read.contains(d.getName()) && !kept.contains(d.getName()));
            }
        }
    }

    private static AttrValue type(DataType t) {
        return AttrValue.newBuilder().setType(t).build();
    }

    /** Loop frame "{prefix}while": vars iteration (int64), cond (bool), then {@code carried}; returns the Exit names. */
    private static String[] loopFrame(Nodes n, String prefix, String maxTrip, String cond, String[] carried, DataType[] types,
                                      BodyWriter body) {
        return loopFrame(n, prefix, null, maxTrip, cond, carried, types, body);
    }

    /** As above, inside the frame whose pivot is {@code pivot} (null: the root), where the iteration's start is made. */
    private static String[] loopFrame(Nodes n, String prefix, String pivot, String maxTrip, String cond, String[] carried,
                                      DataType[] types, BodyWriter body) {
        String frame = prefix + "while";
        n.constant(prefix + "iter0", Tensor.ofLongs(new long[0], 0), pivot);
        n.enter(prefix + "while/max_trip", maxTrip, DataType.DT_INT64, frame, true);
        int count = carried.length + 2;
        String[] init = new String[count];
        DataType[] ts = new DataType[count];
        init[0] = prefix + "iter0";
        ts[0] = DataType.DT_INT64;
        init[1] = cond;
        ts[1] = DataType.DT_BOOL;
        for (int i = 0; i < carried.length; i++) {
            init[i + 2] = carried[i];
            ts[i + 2] = types[i];
        }
        for (int j = 0; j < count; j++) {
            n.enter(prefix + "while/enter_" + j, init[j], ts[j], frame, false);
            n.merge(prefix + "while/merge_" + j, ts[j], prefix + "while/enter_" + j, prefix + "while/next_" + j);
        }
        n.op(prefix + "while/less", "Less", DataType.DT_INT64, prefix + "while/merge_0", prefix + "while/max_trip");
        n.put(n.add(prefix + "while/pred", "LogicalAnd", prefix + "while/less", prefix + "while/merge_1"));
        n.put(n.add(prefix + "while/loop_cond", "LoopCond", prefix + "while/pred"));
        String[] exits = new String[count];
        String[] inside = new String[count];
        for (int j = 0; j < count; j++) {
            n.op(prefix + "while/switch_" + j, "Switch", ts[j], prefix + "while/merge_" + j, prefix + "while/loop_cond");
            exits[j] = prefix + "while/exit_" + j;
            n.op(exits[j], "Exit", ts[j], prefix + "while/switch_" + j);
            inside[j] = prefix + "while/body_" + j;
            n.op(inside[j], "Identity", ts[j], prefix + "while/switch_" + j + ":1");
        }
        String[] results = body.write(n, frame, inside);
        n.constant(prefix + "while/one", Tensor.ofLongs(new long[0], 1), inside[0]);
        n.op(prefix + "while/next_iter", "AddV2", DataType.DT_INT64, inside[0], prefix + "while/one");
        n.op(prefix + "while/next_0", "NextIteration", DataType.DT_INT64, prefix + "while/next_iter");
        for (int j = 1; j < count; j++) {
            n.op(prefix + "while/next_" + j, "NextIteration", ts[j], results[j - 1]);
        }
        return exits;
    }

    @FunctionalInterface
    private interface BodyWriter {
        /** Writes the body given the frame's (iteration, cond, carried...) tensors; returns (cond', carried'...). */
        String[] write(Nodes n, String frame, String[] inside);
    }

    /** v' = v * 1.5 + bias + iteration, cond' = sum(v') < 40, at most {@code m} trips. */
    private static void loop(OracleGraph g, long m, boolean cond) {
        Nodes n = new Nodes();
        n.placeholder(g, "in0", Tensor.ofFloats(new long[]{3}, 0.5f, -1f, 2f));
        n.placeholder(g, "in1", Tensor.ofLongs(new long[0], m));
        n.placeholder(g, "in2", Tensor.ofBooleans(new long[0], cond));
        n.placeholder(g, "in3", Tensor.ofFloats(new long[]{3}, 0.25f, 0.5f, -0.75f));
        String[] exits = loopFrame(n, "", "in1", "in2", new String[]{"in0"}, new DataType[]{DataType.DT_FLOAT}, (w, frame, in) -> {
            w.enter("in3/enter", "in3", DataType.DT_FLOAT, frame, true);
            w.constant("while/c15", Tensor.ofFloats(new long[0], 1.5f), in[0]);
            w.op("while/scaled", "Mul", DataType.DT_FLOAT, in[2], "while/c15");
            w.op("while/biased", "AddV2", DataType.DT_FLOAT, "while/scaled", "in3/enter");
            w.put(w.add("while/fi", "Cast", in[0]).putAttr("SrcT", type(DataType.DT_INT64)).putAttr("DstT", type(DataType.DT_FLOAT)));
            w.op("while/v", "AddV2", DataType.DT_FLOAT, "while/biased", "while/fi");
            w.constant("while/axes", Tensor.ofInts(new long[]{1}, 0), in[0]);
            w.put(w.add("while/sum", "Sum", "while/v", "while/axes").putAttr("T", type(DataType.DT_FLOAT))
                    .putAttr("Tidx", type(DataType.DT_INT32)));
            w.constant("while/limit", Tensor.ofFloats(new long[0], 40f), in[0]);
            w.op("while/cond_out", "Less", DataType.DT_FLOAT, "while/sum", "while/limit");
            return new String[]{"while/cond_out", "while/v"};
        });
        n.load(g);
        g.fetch(g.graph.operation(exits[2]).output(0));
    }

    /**
     * A Loop with a scan output as the exporter writes it: a growable TensorArray whose flow is a loop variable,
     * written at the iteration index each trip, its handle entering the frame as a constant; after the loop the
     * array is gathered over [0, size). With zero trips the gather of the empty array gives [0, 3].
     */
    private static void scanLoop(OracleGraph g, long m, boolean readOne) {
        Nodes n = new Nodes();
        n.placeholder(g, "in0", Tensor.ofFloats(new long[]{3}, 0.5f, -1f, 2f));
        n.placeholder(g, "in1", Tensor.ofLongs(new long[0], m));
        n.placeholder(g, "in2", Tensor.ofBooleans(new long[0], true));
        n.constant("array/size", Tensor.ofInts(new long[0], 0), null);
        TensorShapeProto.Builder element = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(3));
        AttrValue shape = AttrValue.newBuilder().setShape(element).build();
        n.put(n.add("array", "TensorArrayV3", "array/size").putAttr("dtype", type(DataType.DT_FLOAT)).putAttr("element_shape", shape)
                .putAttr("dynamic_size", AttrValue.newBuilder().setB(true).build())
                .putAttr("clear_after_read", AttrValue.newBuilder().setB(true).build())
                .putAttr("identical_element_shapes", AttrValue.newBuilder().setB(false).build())
                .putAttr("tensor_array_name", AttrValue.newBuilder().setS(com.google.protobuf.ByteString.EMPTY).build()));
        String[] exits = loopFrame(n, "", "in1", "in2", new String[]{"in0", "array:1"},
                new DataType[]{DataType.DT_FLOAT, DataType.DT_FLOAT}, (w, frame, in) -> {
                    w.constant("while/c15", Tensor.ofFloats(new long[0], 1.5f), in[0]);
                    w.op("while/v", "Mul", DataType.DT_FLOAT, in[2], "while/c15");
                    w.put(w.add("while/index", "Cast", in[0]).putAttr("SrcT", type(DataType.DT_INT64)).putAttr("DstT", type(DataType.DT_INT32)));
                    w.enter("while/array_enter", "array", DataType.DT_RESOURCE, frame, true);
                    w.op("while/array_write", "TensorArrayWriteV3", DataType.DT_FLOAT, "while/array_enter", "while/index", "while/v", in[3]);
                    w.op("while/keep", "Identity", DataType.DT_BOOL, in[1]);
                    return new String[]{"while/keep", "while/v", "while/array_write"};
                });
        n.put(n.add("array_size", "TensorArraySizeV3", "array", exits[3]));
        n.constant("zero_i", Tensor.ofInts(new long[0], 0), null);
        n.constant("one_i", Tensor.ofInts(new long[0], 1), null);
        n.put(n.add("array_indices", "Range", "zero_i", "array_size", "one_i").putAttr("Tidx", type(DataType.DT_INT32)));
        n.put(n.add("array_stack", "TensorArrayGatherV3", "array", "array_indices", exits[3]).putAttr("dtype", type(DataType.DT_FLOAT))
                .putAttr("element_shape", shape));
        if (readOne) {
            n.put(n.add("array_read", "TensorArrayReadV3", "array", "one_i", exits[3]).putAttr("dtype", type(DataType.DT_FLOAT)));
        }
        n.load(g);
        g.fetch(g.graph.operation(readOne ? "array_read" : "array_stack").output(0), g.graph.operation(exits[2]).output(0));
    }

    /**
     * Switch(pred, pred) with pivots; then: x * 2, else: a constant made in the else frame. With
     * {@code constants}, both branches are constants (ONNX test_if): nothing but control edges reach the predicate.
     */
    private static void ifOp(OracleGraph g, boolean p, boolean constants) {
        Nodes n = new Nodes();
        n.placeholder(g, "in0", Tensor.ofBooleans(new long[0], p));
        String merged;
        if (constants) {
            n.op("cond/switch", "Switch", DataType.DT_BOOL, "in0", "in0");
            n.op("cond/pivot_t", "Identity", DataType.DT_BOOL, "cond/switch:1");
            n.op("cond/pivot_f", "Identity", DataType.DT_BOOL, "cond/switch");
            n.constant("cond/then", Tensor.ofFloats(new long[]{2}, 1f, 2f), "cond/pivot_t");
            n.constant("cond/else", Tensor.ofFloats(new long[]{2}, -1f, -2f), "cond/pivot_f");
            n.merge("cond/merge_0", DataType.DT_FLOAT, "cond/else", "cond/then");
            merged = "cond/merge_0";
        } else {
            n.placeholder(g, "in1", Tensor.ofFloats(new long[]{3}, 1f, -2f, 3.5f));
            merged = cond(n, "", "in0", "in1", "Mul");
        }
        n.load(g);
        g.fetch(g.graph.operation(merged).output(0));
    }

    /** One exported If over x: then x * 2 (or x + 2), else a constant; returns the Merge's name. */
    private static String cond(Nodes n, String prefix, String pred, String x, String thenOp) {
        n.op(prefix + "cond/switch", "Switch", DataType.DT_BOOL, pred, pred);
        n.op(prefix + "cond/pivot_t", "Identity", DataType.DT_BOOL, prefix + "cond/switch:1");
        n.op(prefix + "cond/pivot_f", "Identity", DataType.DT_BOOL, prefix + "cond/switch");
        n.op(prefix + "x/switch", "Switch", DataType.DT_FLOAT, x, pred);
        n.constant(prefix + "cond/two", Tensor.ofFloats(new long[0], 2f), prefix + "cond/pivot_t");
        n.op(prefix + "cond/then", thenOp, DataType.DT_FLOAT, prefix + "x/switch:1", prefix + "cond/two");
        n.constant(prefix + "cond/else", Tensor.ofFloats(new long[]{3}, 7f, 8f, 9f), prefix + "cond/pivot_f");
        n.merge(prefix + "cond/merge_0", DataType.DT_FLOAT, prefix + "cond/else", prefix + "cond/then");
        return prefix + "cond/merge_0";
    }

    /** then: x [2, 3] flattened to [6]; else: a [4] constant. Only the live branch may run (they do not broadcast). */
    private static void shapedBranches(OracleGraph g, boolean p) {
        Nodes n = new Nodes();
        n.placeholder(g, "in0", Tensor.ofBooleans(new long[0], p));
        n.placeholder(g, "in1", Tensor.ofFloats(new long[]{2, 3}, 1f, -2f, 3.5f, 4f, 5f, 6f));
        n.op("cond/switch", "Switch", DataType.DT_BOOL, "in0", "in0");
        n.op("cond/pivot_t", "Identity", DataType.DT_BOOL, "cond/switch:1");
        n.op("cond/pivot_f", "Identity", DataType.DT_BOOL, "cond/switch");
        n.op("x/switch", "Switch", DataType.DT_FLOAT, "in1", "in0");
        n.constant("cond/flat", Tensor.ofInts(new long[]{1}, -1), "cond/pivot_t");
        n.put(n.add("cond/then", "Reshape", "x/switch:1", "cond/flat").putAttr("T", type(DataType.DT_FLOAT))
                .putAttr("Tshape", type(DataType.DT_INT32)));
        n.constant("cond/else", Tensor.ofFloats(new long[]{4}, 7f, 8f, 9f, 10f), "cond/pivot_f");
        n.merge("cond/merge_0", DataType.DT_FLOAT, "cond/else", "cond/then");
        n.load(g);
        g.fetch(g.graph.operation("cond/merge_0").output(0));
    }

    /** p is false: the then branch reshapes 6 values to [4, -1], which fails; only the else branch may run. */
    private static void deadBranch(OracleGraph g) {
        Nodes n = new Nodes();
        n.placeholder(g, "in0", Tensor.ofBooleans(new long[0], false));
        n.placeholderOfUnknownShape(g, "in1", Tensor.ofFloats(new long[]{2, 3}, 1f, -2f, 3.5f, 4f, 5f, 6f));
        n.op("cond/switch", "Switch", DataType.DT_BOOL, "in0", "in0");
        n.op("cond/pivot_t", "Identity", DataType.DT_BOOL, "cond/switch:1");
        n.op("cond/pivot_f", "Identity", DataType.DT_BOOL, "cond/switch");
        n.op("x/switch", "Switch", DataType.DT_FLOAT, "in1", "in0");
        n.constant("cond/bad_shape", Tensor.ofInts(new long[]{2}, 4, -1), "cond/pivot_t");
        n.put(n.add("cond/then", "Reshape", "x/switch:1", "cond/bad_shape").putAttr("T", type(DataType.DT_FLOAT))
                .putAttr("Tshape", type(DataType.DT_INT32)));
        n.constant("cond/two", Tensor.ofFloats(new long[0], 2f), "cond/pivot_f");
        n.op("cond/else", "Mul", DataType.DT_FLOAT, "x/switch", "cond/two");
        n.merge("cond/merge_0", DataType.DT_FLOAT, "cond/else", "cond/then");
        n.load(g);
        g.fetch(g.graph.operation("cond/merge_0").output(0));
    }

    /** a = p ? x * 2 : const; b = p ? a + x : const (as ONNX functions write several Ifs on one condition). */
    private static void sharedPredicate(OracleGraph g, boolean p) {
        Nodes n = new Nodes();
        n.placeholder(g, "in0", Tensor.ofBooleans(new long[0], p));
        n.placeholder(g, "in1", Tensor.ofFloats(new long[]{3}, 1f, -2f, 3.5f));
        String a = cond(n, "first/", "in0", "in1", "Mul");
        n.op("second/cond/switch", "Switch", DataType.DT_BOOL, "in0", "in0");
        n.op("second/cond/pivot_t", "Identity", DataType.DT_BOOL, "second/cond/switch:1");
        n.op("second/cond/pivot_f", "Identity", DataType.DT_BOOL, "second/cond/switch");
        n.op("second/a/switch", "Switch", DataType.DT_FLOAT, a, "in0");
        n.op("second/x/switch", "Switch", DataType.DT_FLOAT, "in1", "in0");
        n.op("second/then", "AddV2", DataType.DT_FLOAT, "second/a/switch:1", "second/x/switch:1");
        n.constant("second/else", Tensor.ofFloats(new long[]{3}, -1f, -1f, -1f), "second/cond/pivot_f");
        n.merge("second/merge_0", DataType.DT_FLOAT, "second/else", "second/then");
        n.load(g);
        g.fetch(g.graph.operation("second/merge_0").output(0));
    }

    /** If p: (if q: x * 2 else const) + 1, else const; the inner predicate q enters the then branch through a Switch. */
    private static void nestedIf(OracleGraph g, boolean p, boolean q) {
        Nodes n = new Nodes();
        n.placeholder(g, "in0", Tensor.ofBooleans(new long[0], p));
        n.placeholder(g, "in1", Tensor.ofBooleans(new long[0], q));
        n.placeholder(g, "in2", Tensor.ofFloats(new long[]{3}, 1f, -2f, 3.5f));
        n.op("cond/switch", "Switch", DataType.DT_BOOL, "in0", "in0");
        n.op("cond/pivot_t", "Identity", DataType.DT_BOOL, "cond/switch:1");
        n.op("cond/pivot_f", "Identity", DataType.DT_BOOL, "cond/switch");
        n.op("q/switch", "Switch", DataType.DT_BOOL, "in1", "in0");
        n.op("x/switch", "Switch", DataType.DT_FLOAT, "in2", "in0");
        String inner = cond(n, "inner/", "q/switch:1", "x/switch:1", "Mul");
        n.constant("cond/one", Tensor.ofFloats(new long[0], 1f), "cond/pivot_t");
        n.op("cond/then", "AddV2", DataType.DT_FLOAT, inner, "cond/one");
        n.constant("cond/else", Tensor.ofFloats(new long[]{3}, -7f, -8f, -9f), "cond/pivot_f");
        n.merge("cond/merge_0", DataType.DT_FLOAT, "cond/else", "cond/then");
        n.load(g);
        g.fetch(g.graph.operation("cond/merge_0").output(0));
    }

    /** A loop whose body is an If on (iteration is even): v' = even ? v + 2 : const, four trips. */
    private static void ifInLoop(OracleGraph g) {
        Nodes n = new Nodes();
        n.placeholder(g, "in0", Tensor.ofFloats(new long[]{3}, 0.5f, -1f, 2f));
        n.placeholder(g, "in1", Tensor.ofLongs(new long[0], 4));
        n.placeholder(g, "in2", Tensor.ofBooleans(new long[0], true));
        String[] exits = loopFrame(n, "", "in1", "in2", new String[]{"in0"}, new DataType[]{DataType.DT_FLOAT}, (w, frame, in) -> {
            w.constant("while/two_i", Tensor.ofLongs(new long[0], 2), in[0]);
            w.put(w.add("while/mod", "FloorMod", in[0], "while/two_i").putAttr("T", type(DataType.DT_INT64)));
            w.constant("while/zero_i", Tensor.ofLongs(new long[0], 0), in[0]);
            w.op("while/even", "Equal", DataType.DT_INT64, "while/mod", "while/zero_i");
            String merged = cond(w, "while/", "while/even", in[2], "AddV2");
            w.op("while/keep", "Identity", DataType.DT_BOOL, in[1]);
            return new String[]{"while/keep", merged};
        });
        n.load(g);
        g.fetch(g.graph.operation(exits[2]).output(0));
    }

    /**
     * Outer loop (at most {@code m} trips while sum(v) < 100): v' = inner(v) + 1, where the inner loop (its own
     * frame, nested in the outer body) runs 3 trips of x' = x * 1.5 + outer iteration, its trip count a constant of
     * the outer frame and the outer iteration entering it as an invariant. Neither body reads its condition flag.
     */
    private static void nestedLoop(OracleGraph g, long m) {
        Nodes n = new Nodes();
        n.placeholder(g, "in0", Tensor.ofFloats(new long[]{3}, 0.5f, -1f, 2f));
        n.placeholder(g, "in1", Tensor.ofLongs(new long[0], m));
        n.placeholder(g, "in2", Tensor.ofBooleans(new long[0], true));
        String[] exits = loopFrame(n, "outer/", "in1", "in2", new String[]{"in0"}, new DataType[]{DataType.DT_FLOAT}, (w, frame, out) -> {
            w.constant(frame + "/inner_trips", Tensor.ofLongs(new long[0], 3), out[0]);
            w.put(w.add(frame + "/fi", "Cast", out[0]).putAttr("SrcT", type(DataType.DT_INT64)).putAttr("DstT", type(DataType.DT_FLOAT)));
            w.put(w.add(frame + "/inner_go", "Const").putAttr("dtype", type(DataType.DT_BOOL)).putAttr("value", boolValue(true))
                    .addInput("^" + out[0]));
            String[] inner = loopFrame(w, frame + "/inner/", out[0], frame + "/inner_trips", frame + "/inner_go",
                    new String[]{out[2]}, new DataType[]{DataType.DT_FLOAT}, (v, innerFrame, in) -> {
                        v.enter(innerFrame + "/fi_enter", frame + "/fi", DataType.DT_FLOAT, innerFrame, true);
                        v.constant(innerFrame + "/c15", Tensor.ofFloats(new long[0], 1.5f), in[0]);
                        v.op(innerFrame + "/scaled", "Mul", DataType.DT_FLOAT, in[2], innerFrame + "/c15");
                        v.op(innerFrame + "/x", "AddV2", DataType.DT_FLOAT, innerFrame + "/scaled", innerFrame + "/fi_enter");
                        v.put(v.add(innerFrame + "/go", "Const").putAttr("dtype", type(DataType.DT_BOOL)).putAttr("value", boolValue(true))
                                .addInput("^" + in[0]));
                        return new String[]{innerFrame + "/go", innerFrame + "/x"};
                    });
            w.constant(frame + "/one_f", Tensor.ofFloats(new long[0], 1f), out[0]);
            w.op(frame + "/v", "AddV2", DataType.DT_FLOAT, inner[2], frame + "/one_f");
            w.constant(frame + "/axes", Tensor.ofInts(new long[]{1}, 0), out[0]);
            w.put(w.add(frame + "/sum", "Sum", frame + "/v", frame + "/axes").putAttr("T", type(DataType.DT_FLOAT))
                    .putAttr("Tidx", type(DataType.DT_INT32)));
            w.constant(frame + "/limit", Tensor.ofFloats(new long[0], 100f), out[0]);
            w.op(frame + "/cond_out", "Less", DataType.DT_FLOAT, frame + "/sum", frame + "/limit");
            return new String[]{frame + "/cond_out", frame + "/v"};
        });
        n.pruneUnread(exits[2]);
        n.load(g);
        g.fetch(g.graph.operation(exits[2]).output(0));
    }

    /**
     * Carried (v, w, z, u), at most 10 trips while sum(v) < 50: v' = v * 2 + w + u; w and u go round unchanged
     * (u is not returned, so it has no Exit); z' = v' + 1 is never read by the body (no Identity off its Switch).
     */
    private static void forwardedLoop(OracleGraph g) {
        Nodes n = new Nodes();
        n.placeholder(g, "in0", Tensor.ofFloats(new long[]{3}, 0.5f, -1f, 2f));
        n.placeholder(g, "in1", Tensor.ofLongs(new long[0], 10));
        n.placeholder(g, "in2", Tensor.ofBooleans(new long[0], true));
        n.placeholder(g, "in3", Tensor.ofFloats(new long[]{3}, 0.25f, 0.5f, -0.75f));
        n.placeholder(g, "in4", Tensor.ofFloats(new long[]{3}, 9f, 8f, 7f));
        n.placeholder(g, "in5", Tensor.ofFloats(new long[]{3}, 1f, 0f, -1f));
        DataType f = DataType.DT_FLOAT;
        String[] exits = loopFrame(n, "", "in1", "in2", new String[]{"in0", "in3", "in4", "in5"}, new DataType[]{f, f, f, f},
                (w, frame, in) -> {
                    w.constant("while/two", Tensor.ofFloats(new long[0], 2f), in[0]);
                    w.op("while/scaled", "Mul", f, in[2], "while/two");
                    w.op("while/plus_w", "AddV2", f, "while/scaled", in[3]);
                    w.op("while/v", "AddV2", f, "while/plus_w", in[5]);
                    w.constant("while/one_f", Tensor.ofFloats(new long[0], 1f), in[0]);
                    w.op("while/z", "AddV2", f, "while/v", "while/one_f");
                    w.op("while/w", "Identity", f, in[3]);
                    w.op("while/u", "Identity", f, in[5]);
                    w.constant("while/axes", Tensor.ofInts(new long[]{1}, 0), in[0]);
                    w.put(w.add("while/sum", "Sum", "while/v", "while/axes").putAttr("T", type(f)).putAttr("Tidx", type(DataType.DT_INT32)));
                    w.constant("while/limit", Tensor.ofFloats(new long[0], 50f), in[0]);
                    w.op("while/cond_out", "Less", f, "while/sum", "while/limit");
                    return new String[]{"while/cond_out", "while/v", "while/w", "while/z", "while/u"};
                });
        n.pruneUnread(exits[2], exits[3], exits[4]);
        n.load(g);
        g.fetch(g.graph.operation(exits[2]).output(0), g.graph.operation(exits[3]).output(0), g.graph.operation(exits[4]).output(0));
    }

    /** Loop a: 2 trips of v' = v * 1.5; loop b over a's result: 3 trips of v' = v + 1. Both fetched. */
    private static void twoLoops(OracleGraph g) {
        Nodes n = new Nodes();
        n.placeholder(g, "in0", Tensor.ofFloats(new long[]{3}, 0.5f, -1f, 2f));
        n.placeholder(g, "in1", Tensor.ofLongs(new long[0], 2));
        n.placeholder(g, "in2", Tensor.ofBooleans(new long[0], true));
        n.placeholder(g, "in3", Tensor.ofLongs(new long[0], 3));
        String[] a = loopFrame(n, "a/", "in1", "in2", new String[]{"in0"}, new DataType[]{DataType.DT_FLOAT},
                (w, frame, in) -> body(w, frame, in, "Mul", 1.5f));
        String[] b = loopFrame(n, "b/", "in3", "in2", new String[]{a[2]}, new DataType[]{DataType.DT_FLOAT},
                (w, frame, in) -> body(w, frame, in, "AddV2", 1f));
        n.pruneUnread(a[2], b[2]);
        n.load(g);
        g.fetch(g.graph.operation(a[2]).output(0), g.graph.operation(b[2]).output(0));
    }

    /** v' = v (op) k, the condition kept true (a constant of the body frame). */
    private static String[] body(Nodes w, String frame, String[] in, String op, float k) {
        w.constant(frame + "/k", Tensor.ofFloats(new long[0], k), in[0]);
        w.op(frame + "/v", op, DataType.DT_FLOAT, in[2], frame + "/k");
        w.put(w.add(frame + "/go", "Const").putAttr("dtype", type(DataType.DT_BOOL)).putAttr("value", boolValue(true)).addInput("^" + in[0]));
        return new String[]{frame + "/go", frame + "/v"};
    }

    /** v' = v * 2 while iteration + 1 < limit (an invariant entering the frame), at most 10 trips. */
    private static void counterLoop(OracleGraph g, long limit) {
        Nodes n = new Nodes();
        n.placeholder(g, "in0", Tensor.ofFloats(new long[]{3}, 0.5f, -1f, 2f));
        n.placeholder(g, "in1", Tensor.ofLongs(new long[0], 10));
        n.placeholder(g, "in2", Tensor.ofBooleans(new long[0], true));
        n.placeholder(g, "in3", Tensor.ofLongs(new long[0], limit));
        String[] exits = loopFrame(n, "", "in1", "in2", new String[]{"in0"}, new DataType[]{DataType.DT_FLOAT}, (w, frame, in) -> {
            w.enter("while/limit", "in3", DataType.DT_INT64, frame, true);
            w.constant("while/one_i", Tensor.ofLongs(new long[0], 1), in[0]);
            w.op("while/next_i", "AddV2", DataType.DT_INT64, in[0], "while/one_i");
            w.op("while/cond_out", "Less", DataType.DT_INT64, "while/next_i", "while/limit");
            w.constant("while/two", Tensor.ofFloats(new long[0], 2f), in[0]);
            w.op("while/v", "Mul", DataType.DT_FLOAT, in[2], "while/two");
            return new String[]{"while/cond_out", "while/v"};
        });
        n.pruneUnread(exits[2]);
        n.load(g);
        g.fetch(g.graph.operation(exits[2]).output(0));
    }

    private static AttrValue boolValue(boolean v) {
        return AttrValue.newBuilder().setTensor(TensorProto.newBuilder().setDtype(DataType.DT_BOOL).addBoolVal(v)
                .setTensorShape(TensorShapeProto.newBuilder())).build();
    }
}
