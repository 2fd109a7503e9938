package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an op emitter writes into: the TF nodes so far, unique names, the current frame of values and the
 * node being converted. Values are looked up by graph-model name; constants become Const nodes (or, for
 * SavedModels, resource variables) only when an emitter asks for their tensor.
 */
final class EmitContext {

    /** A weight held as a resource variable: its VarHandleOp node and its value for the checkpoint. */
    record Variable(String handle, Tensor value) {
    }

    final Path file;
    final boolean weightsAsVariables;
    final List<TfOp> ops = new ArrayList<>();
    final List<Variable> variables = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final Map<Tensor, String> constantHints = new IdentityHashMap<>();
    Frame frame = Frame.root();
    Node node;
    private String base = "model";

    EmitContext(Path file, boolean weightsAsVariables) {
        this.file = file;
        this.weightsAsVariables = weightsAsVariables;
    }

    // ---- naming ----

    /** Claims {@code hint} (sanitised) or the first free {@code hint_N}. */
    String unique(String hint) {
        String s = TfNames.sanitize(hint);
        if (names.add(s)) {
            return s;
        }
        for (int i = 1; ; i++) {
            String c = s + "_" + i;
            if (names.add(c)) {
                return c;
            }
        }
    }

    /** Starts converting {@code n}: its name (or first output) prefixes the TF nodes it becomes. */
    void begin(Node n) {
        this.node = n;
        String b = !n.name().isEmpty() ? n.name() : n.outputs().stream().filter(o -> !o.isEmpty()).findFirst().orElse(n.opType());
        this.base = TfNames.sanitize(b);
    }

    String base() {
        return base;
    }

    /** A new TF node of {@code type} named after the current graph-model node. */
    TfOp op(String type) {
        return op(type, null);
    }

    /** A new TF node named {@code <node>/<suffix>}. */
    TfOp op(String type, String suffix) {
        return add(new TfOp(unique(suffix == null ? base : base + "/" + suffix), type));
    }

    TfOp opNamed(String type, String exactName) {
        return add(new TfOp(exactName, type));
    }

    private TfOp add(TfOp o) {
        ops.add(o);
        return o;
    }

    // ---- values ----

    void nameConstant(Tensor t, String hint) {
        constantHints.putIfAbsent(t, hint);
    }

    /** Input {@code i} of the current node, or null when absent. */
    Val in(int i) {
        String name = node.input(i);
        return name.isEmpty() ? null : lookup(frame, name);
    }

    Val require(int i, String what) {
        Val v = in(i);
        if (v == null) {
            throw error("input " + i + " (" + what + ") is missing");
        }
        return v;
    }

    int inputCount() {
        return node.inputs().size();
    }

    boolean wantsOutput(int i) {
        return !node.output(i).isEmpty();
    }

    void out(int i, Val v) {
        String name = node.output(i);
        if (!name.isEmpty()) {
            frame.values.put(name, v);
        }
    }

    /** A value produced by a TF tensor of the current frame. */
    Val val(String tensor, DataType type, long[] shape) {
        return Val.of(tensor, type, shape, frame);
    }

    void define(String name, Val v) {
        frame.values.put(name, v);
    }

    Val lookup(Frame f, String name) {
        Val v = f.values.get(name);
        if (v != null) {
            return v;
        }
        if (f.parent == null) {
            throw error("reads value '" + name + "', which nothing produces");
        }
        Val outer = lookup(f.parent, name);
        if (outer.isConstant()) {
            return outer;
        }
        String src = outer.tensor();
        String local = f.imports.get(src);
        if (local == null) {
            if (f.kind == Frame.Kind.LOOP) {
                local = add(new TfOp(unique(TfNames.sanitize(src.replace(':', '_')) + "/enter"), "Enter")).in(src)
                        .type("T", outer.type()).s("frame_name", f.frameName).b("is_constant", true).i("parallel_iterations", 1).out();
            } else {
                TfOp sw = add(new TfOp(unique(TfNames.sanitize(src.replace(':', '_')) + "/switch"), "Switch")).in(src).in(f.pred)
                        .type("T", outer.type());
                local = sw.out(f.thenBranch ? 1 : 0);
            }
            f.imports.put(src, local);
        }
        Val v2 = new Val(local, outer.type(), outer.shape(), outer.perm(), null, f);
        f.values.put(name, v2);
        return v2;
    }

    // ---- tensors ----

    /** The TF tensor holding {@code v} in its logical (graph-model) layout. */
    String t(Val v) {
        if (v.isConstant()) {
            return materialize(v.constant());
        }
        if (v.perm() == null) {
            return v.tensor();
        }
        return transposed(v.tensor(), v.type(), Perms.inverse(v.perm()));
    }

    /** The TF tensor holding {@code transpose(logical(v), perm)}. */
    String phys(Val v, int[] perm) {
        if (Perms.isIdentity(perm)) {
            return t(v);
        }
        if (v.isConstant()) {
            return constant(ConstTensors.transpose(v.constant(), perm), hintOf(v.constant()));
        }
        if (Arrays.equals(v.perm(), perm)) {
            return v.tensor();
        }
        int[] have = v.perm() == null ? Perms.identity(perm.length) : v.perm();
        return transposed(v.tensor(), v.type(), Perms.compose(Perms.inverse(have), perm));
    }

    /** Transpose of a physical tensor, once per frame. */
    String transposed(String tensor, DataType type, int[] perm) {
        if (Perms.isIdentity(perm)) {
            return tensor;
        }
        String key = tensor + Arrays.toString(perm);
        String have = frame.materialized.get(key);
        if (have != null) {
            return have;
        }
        String out = op("Transpose", "transpose").in(tensor).in(constant(ConstTensors.ints(perm))).type("T", type)
                .type("Tperm", DataType.INT32).out();
        frame.materialized.put(key, out);
        return out;
    }

    /** A constant's tensor in the current frame: a weight (variable) or a Const node. */
    String materialize(Tensor t) {
        return constant(t, hintOf(t));
    }

    private String hintOf(Tensor t) {
        String h = constantHints.get(t);
        return h == null ? base + "/const" : h;
    }

    String constant(Tensor t) {
        return constant(t, base + "/const");
    }

    String constant(Tensor t, String hint) {
        String have = frame.constants.get(t);
        if (have != null) {
            return have;
        }
        String out;
        if (frame.kind == Frame.Kind.ROOT && weightsAsVariables && isWeight(t)) {
            String handle = unique(hint);
            add(new TfOp(handle, "VarHandleOp")).s("container", "").s("shared_name", handle).type("dtype", t.type())
                    .shape("shape", t.shape());
            variables.add(new Variable(handle, t));
            out = add(new TfOp(unique(handle + "/read"), "ReadVariableOp")).in(handle).type("dtype", t.type()).out();
        } else {
            TfOp c = add(new TfOp(unique(hint), "Const")).type("dtype", t.type()).tensor("value", t);
            if (frame.pivot != null) {
                c.control(frame.pivot);
            }
            out = c.out();
        }
        frame.constants.put(t, out);
        return out;
    }

    private static boolean isWeight(Tensor t) {
        return t.type().isFloatingPoint() && t.size() >= 2;
    }

    String scalar(DataType type, double v) {
        return constant(ConstTensors.scalar(type, v));
    }

    String longs(long... v) {
        return constant(ConstTensors.longs(v));
    }

    String ints(int... v) {
        return constant(ConstTensors.ints(v));
    }

    // ---- errors ----

    TfExportException error(String message) {
        return new TfExportException(file, (node == null ? "graph" : node.describe()) + ": " + message);
    }

    /** {@code v}'s rank, or an error naming {@code what} when it is unknown. */
    int rank(Val v, String what) {
        if (v.rank() < 0) {
            throw error("the rank of " + what + " must be known to write it for TensorFlow");
        }
        return v.rank();
    }

    long[] constLongs(Val v, String what) {
        long[] c = ConstTensors.longValues(v);
        if (c == null) {
            throw error(what + " must be a constant to write it for TensorFlow");
        }
        return c;
    }
}
