package dev.modelx.importer.tensorflow;

import dev.modelx.format.tensorflow.TfTensors;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;

/** Constants, placeholders, identities, casts and shape queries. */
final class BasicOps {

    private BasicOps() {
    }

    static void register(OpRegistry r) {
        r.register(BasicOps::constant, "Const", "HostConst");
        r.register((n, s) -> s.out(n, 0, s.in(n, 0)), "Identity", "StopGradient", "Snapshot", "PreventGradient",
                "CheckNumerics", "EnsureShape", "RefIdentity", "DebugIdentity", "PlaceholderWithDefault");
        r.register(BasicOps::identityN, "IdentityN");
        r.register((n, s) -> { }, "NoOp");
        r.register(BasicOps::placeholder, "Placeholder", "PlaceholderV2");
        r.register(BasicOps::shape, "Shape");
        r.register(BasicOps::shapeN, "ShapeN");
        r.register(BasicOps::size, "Size");
        r.register(BasicOps::rank, "Rank");
        r.register(BasicOps::cast, "Cast");
        r.register(BasicOps::fill, "Fill");
        r.register((n, s) -> like(n, s, 0), "ZerosLike");
        r.register((n, s) -> like(n, s, 1), "OnesLike");
        r.register(BasicOps::range, "Range");
        r.register((n, s) -> random(n, s, "RandomUniformLike"), "RandomUniform");
        r.register((n, s) -> random(n, s, "RandomNormalLike"), "RandomStandardNormal");
    }

    /** A zero tensor of the requested shape gives the random op its shape; seeds are not reproduced. */
    private static void random(TfNode n, Scope s, String op) {
        DataType t = n.requireType("dtype");
        String shaped = s.op("Expand", s.constant(Consts.scalar(t, 0), "zero"), s.cast(s.in(n, 0), DataType.INT64));
        s.out(n, 0, s.add(s.node(op, shaped).attr("dtype", (long) t.code())).output(0));
    }

    private static void constant(TfNode n, Scope s) {
        Tensor t = TfTensors.toTensor(n.attr("value").getTensor(), s.session.file, n.describe() + " attr 'value'");
        s.out(n, 0, s.session.constant(t, s.prefix() + n.name()));
    }

    private static void identityN(TfNode n, Scope s) {
        for (int i = 0; i < n.inputCount(); i++) {
            s.out(n, i, s.in(n, i));
        }
    }

    private static void placeholder(TfNode n, Scope s) {
        DataType t = n.requireType("dtype");
        Shape shape = n.shape("shape").map(TfTensors::shape).orElse(null);
        if (shape == null && n.has("_output_shapes")) {
            shape = TfTensors.shape(n.attr("_output_shapes").getList().getShape(0));
        }
        String name = s.session.fresh(s.prefix() + n.name());
        s.graph.input(new ValueInfo(name, new Type.TensorType(t, shape)));
        if (shape != null) {
            s.session.shapes.put(name, shape);
        }
        s.setType(name, t);
        s.out(n, 0, name);
    }

    static String shapeOf(Scope s, String x, DataType outType) {
        var shape = s.shape(x);
        if (shape.isPresent() && shape.get().isStatic()) {
            long[] dims = shape.get().toArray();
            Tensor t = outType == DataType.INT32 ? Tensor.ofInts(new long[]{dims.length}, toInts(dims))
                    : Tensor.ofLongs(new long[]{dims.length}, dims);
            return s.constant(t, "shape");
        }
        String v = s.op("Shape", x);
        s.setType(v, DataType.INT64);
        return s.cast(v, outType);
    }

    private static int[] toInts(long[] v) {
        int[] o = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = (int) v[i];
        }
        return o;
    }

    private static void shape(TfNode n, Scope s) {
        s.out(n, 0, shapeOf(s, s.in(n, 0), n.type("out_type").orElse(DataType.INT32)));
    }

    private static void shapeN(TfNode n, Scope s) {
        for (int i = 0; i < n.inputCount(); i++) {
            s.out(n, i, shapeOf(s, s.in(n, i), n.type("out_type").orElse(DataType.INT32)));
        }
    }

    private static void size(TfNode n, Scope s) {
        String v = s.op("Size", s.in(n, 0));
        s.setType(v, DataType.INT64);
        s.out(n, 0, s.cast(v, n.type("out_type").orElse(DataType.INT32)));
    }

    private static void rank(TfNode n, Scope s) {
        String x = s.in(n, 0);
        String v = s.rank(x).isPresent() ? s.constant(Tensor.ofInts(new long[0], s.rank(x).get()), "rank")
                : s.cast(s.op("Size", s.op("Shape", x)), DataType.INT32);
        s.out(n, 0, v);
    }

    private static void cast(TfNode n, Scope s) {
        DataType to = n.requireType("DstT");
        var node = s.node("Cast", s.in(n, 0)).attr("to", (long) to.code());
        if (to == DataType.FLOAT8E4M3FN || to == DataType.FLOAT8E5M2) {
            // TF's float8 conversion does not saturate: too large a value becomes NaN (e4m3fn) or Inf (e5m2)
            node.attr("saturate", 0L);
            s.session.requireOpset(19);
        }
        String out = s.add(node).output(0);
        s.setType(out, to);
        s.out(n, 0, out);
    }

    private static void fill(TfNode n, Scope s) {
        String dims = s.cast(s.in(n, 0), DataType.INT64);
        s.out(n, 0, s.op("Expand", s.in(n, 1), dims));
    }

    private static void like(TfNode n, Scope s, int value) {
        DataType t = n.requireType("T");
        String x = s.in(n, 0);
        s.out(n, 0, s.op("Expand", s.constant(Consts.scalar(t, value), value == 0 ? "zero" : "one"), shapeOf(s, x, DataType.INT64)));
    }

    private static void range(TfNode n, Scope s) {
        DataType t = n.type("Tidx").orElse(DataType.INT32);
        s.out(n, 0, s.op("Range", s.cast(s.in(n, 0), t), s.cast(s.in(n, 1), t), s.cast(s.in(n, 2), t)));
    }
}
