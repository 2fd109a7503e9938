package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.AttributeKind;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/** Shape/Size, Cast, constants, Range, Dropout, OneHot, CumSum, Trilu, Resize, random ops and (de)quantisation. */
final class TensorEmitters {

    private TensorEmitters() {
    }

    static void register(Emitters r) {
        r.register(TensorEmitters::shape, "Shape");
        r.register(TensorEmitters::size, "Size");
        r.register(c -> cast(c, DataType.fromCode((int) c.node.attrLong("to", 0))), "Cast");
        r.register(c -> cast(c, c.require(1, "target_type").type()), "CastLike");
        r.register(TensorEmitters::constant, "Constant");
        r.register(TensorEmitters::constantOfShape, "ConstantOfShape");
        r.register(TensorEmitters::range, "Range");
        r.register(TensorEmitters::dropout, "Dropout");
        r.register(TensorEmitters::oneHot, "OneHot");
        r.register(TensorEmitters::cumSum, "CumSum");
        r.register(TensorEmitters::trilu, "Trilu");
        r.register(ResizeEmitter::emit, "Resize");
        r.register(c -> random(c, "RandomUniform", true), "RandomUniformLike");
        r.register(c -> random(c, "RandomStandardNormal", true), "RandomNormalLike");
        r.register(c -> random(c, "RandomUniform", false), "RandomUniform");
        r.register(c -> random(c, "RandomStandardNormal", false), "RandomNormal");
        r.register(TensorEmitters::quantize, "QuantizeLinear");
        r.register(TensorEmitters::dequantize, "DequantizeLinear");
    }

    /** Static shapes become constants; otherwise Shape, read through the input's permutation. */
    private static void shape(EmitContext c) {
        Val x = c.require(0, "data");
        long start = c.node.attrLong("start", 0);
        Long end = c.node.hasAttribute("end") ? c.node.attrLong("end", 0) : null;
        int rank = x.rank();
        if (x.hasStaticShape()) {
            long[] s = x.shape();
            int b = clampAxis(start, rank);
            int e = end == null ? rank : clampAxis(end, rank);
            c.out(0, Val.constant(ConstTensors.longs(java.util.Arrays.copyOfRange(s, b, Math.max(b, e)))));
            return;
        }
        String y;
        if (!x.isConstant() && x.perm() != null) {
            y = Ops.shape(c, x.tensor(), x.type());
            y = c.op("GatherV2", "logical").in(y).in(c.longs(Perms.toLongs(Perms.inverse(x.perm()))))
                    .in(c.constant(Tensor.scalar(0L))).type("Tparams", DataType.INT64).type("Tindices", DataType.INT64)
                    .type("Taxis", DataType.INT64).out();
        } else {
            y = Ops.shape(c, c.t(x), x.type());
        }
        long n = rank;
        if (start != 0 || end != null) {
            if (rank < 0) {
                throw c.error("Shape start/end need the input's rank");
            }
            int b = clampAxis(start, rank);
            int e = end == null ? rank : clampAxis(end, rank);
            y = Ops.slice1d(c, y, DataType.INT64, b, e);
            n = Math.max(0, e - b);
        }
        c.out(0, c.val(y, DataType.INT64, n < 0 ? null : new long[]{n}));
    }

    private static int clampAxis(long a, int rank) {
        long v = a < 0 ? a + rank : a;
        return (int) Math.max(0, Math.min(rank, v));
    }

    private static void size(EmitContext c) {
        Val x = c.require(0, "data");
        if (x.hasStaticShape()) {
            c.out(0, Val.constant(Tensor.scalar(Shapes.product(x.shape(), 0, x.rank()))));
            return;
        }
        String in = x.isConstant() ? c.t(x) : x.tensor();
        c.out(0, c.val(c.op("Size").in(in).type("T", x.type()).type("out_type", DataType.INT64).out(), DataType.INT64, new long[0]));
    }

    /** Layout-agnostic: the result keeps the operand's permutation. */
    private static void cast(EmitContext c, DataType to) {
        Val x = c.require(0, "input");
        if (to == DataType.STRING || x.type() == DataType.STRING) {
            throw c.error("Cast between strings and numbers is not supported");
        }
        if (x.isConstant() && x.constant().size() <= 4096 && castable(x.type()) && castable(to)) {
            c.out(0, Val.constant(ElementwiseEmitters.castConstant(x.constant(), to)));
            return;
        }
        if (x.type() == to) {
            c.out(0, ElementwiseEmitters.unary(c, "Identity", x, null));
            return;
        }
        String in = x.isConstant() ? c.t(x) : x.tensor();
        String y = c.op("Cast").in(in).type("SrcT", x.type()).type("DstT", to).out();
        c.out(0, new Val(y, to, x.shape(), x.isConstant() ? null : x.perm(), null, c.frame));
    }

    private static boolean castable(DataType t) {
        return switch (t) {
            case FLOAT, DOUBLE, INT64, INT32, INT16, UINT16, INT8, UINT8, BOOL -> true;
            default -> false;
        };
    }

    private static void constant(EmitContext c) {
        for (Attribute a : c.node.attributes().values()) {
            Tensor t = switch (a.name()) {
                case "value" -> a.asTensor();
                case "value_float" -> Tensor.scalar(a.asFloat());
                case "value_floats" -> Tensor.ofFloats(new long[]{a.asFloats().length}, a.asFloats());
                case "value_int" -> Tensor.scalar(a.asLong());
                case "value_ints" -> Tensor.ofLongs(new long[]{a.asLongs().length}, a.asLongs());
                case "value_string" -> Tensor.ofStrings(new long[0], a.asString());
                case "value_strings" -> Tensor.ofStrings(new long[]{a.asStrings().size()}, a.asStrings().toArray(String[]::new));
                default -> null;
            };
            if (t != null && a.kind() != AttributeKind.SPARSE_TENSOR) {
                c.nameConstant(t, c.base());
                c.out(0, Val.constant(t));
                return;
            }
        }
        throw c.error("Constant has no supported value attribute (sparse_value is not supported)");
    }

    private static void constantOfShape(EmitContext c) {
        Val s = c.require(0, "input");
        Tensor value = c.node.hasAttribute("value") ? c.node.attribute("value").asTensor() : Tensor.ofFloats(new long[]{1}, 0f);
        DataType t = value.type();
        Tensor scalar = value.reshape();
        long[] shape = ConstTensors.longValues(s);
        String y = c.op("Fill").in(c.t(s)).in(c.constant(scalar)).type("T", t).type("index_type", DataType.INT64).out();
        c.out(0, c.val(y, t, shape != null ? shape : s.dim(0) < 0 ? null : Shapes.unknown((int) s.dim(0))));
    }

    private static void range(EmitContext c) {
        Val start = c.require(0, "start");
        Val limit = c.require(1, "limit");
        Val delta = c.require(2, "delta");
        DataType t = start.type();
        String y = c.op("Range").in(c.t(start)).in(c.t(limit)).in(c.t(delta)).type("Tidx", t).out();
        c.out(0, c.val(y, t, new long[]{-1}));
    }

    /** Inference: the data passes through; the optional mask is all true. */
    private static void dropout(EmitContext c) {
        Val x = c.require(0, "data");
        Val training = c.in(2);
        long[] tm = ConstTensors.longValues(training);
        if (training != null && (tm == null || tm[0] != 0)) {
            throw c.error("Dropout in training mode is not supported");
        }
        c.out(0, ElementwiseEmitters.unary(c, "Identity", x, null));
        if (c.node.outputs().size() > 1 && c.wantsOutput(1)) {
            String ones = c.op("OnesLike", "mask").in(c.t(x)).type("T", x.type()).out();
            c.out(1, c.val(Ops.cast(c, ones, x.type(), DataType.BOOL), DataType.BOOL, x.shape()));
        }
    }

    /** Negative indices count from the end (ONNX); TF's OneHot gives zeros for them, so they are wrapped first. */
    private static void oneHot(EmitContext c) {
        Val idx = c.require(0, "indices");
        Val depth = c.require(1, "depth");
        Val values = c.require(2, "values");
        long axis = c.node.attrLong("axis", -1);
        String d = Ops.cast(c, Ops.reshape(c, c.t(depth), depth.type(), c.longs()), depth.type(), DataType.INT64);
        String ind = Ops.cast(c, c.t(idx), idx.type(), DataType.INT64);
        String neg = Ops.bin(c, "Less", ind, c.constant(Tensor.scalar(0L)), DataType.INT64);
        ind = Ops.select(c, neg, Ops.bin(c, "AddV2", ind, d, DataType.INT64), ind, DataType.INT64);
        DataType t = values.type();
        String on = c.op("GatherV2", "on").in(c.t(values)).in(c.constant(Tensor.scalar(1L))).in(c.constant(Tensor.scalar(0L)))
                .type("Tparams", t).type("Tindices", DataType.INT64).type("Taxis", DataType.INT64).out();
        String off = c.op("GatherV2", "off").in(c.t(values)).in(c.constant(Tensor.scalar(0L))).in(c.constant(Tensor.scalar(0L)))
                .type("Tparams", t).type("Tindices", DataType.INT64).type("Taxis", DataType.INT64).out();
        String y = c.op("OneHot").in(ind).in(Ops.cast(c, d, DataType.INT64, DataType.INT32)).in(on).in(off).type("T", t)
                .type("TI", DataType.INT64).i("axis", axis).out();
        c.out(0, c.val(y, t, idx.rank() < 0 ? null : Shapes.unknown(idx.rank() + 1)));
    }

    private static void cumSum(EmitContext c) {
        Val x = c.require(0, "x");
        Val axis = c.require(1, "axis");
        String ax = Ops.reshape(c, c.t(axis), axis.type(), c.longs());
        String y = c.op("Cumsum").in(c.t(x)).in(ax).type("T", x.type()).type("Tidx", axis.type())
                .b("exclusive", c.node.attrLong("exclusive", 0) != 0).b("reverse", c.node.attrLong("reverse", 0) != 0).out();
        c.out(0, c.val(y, x.type(), x.shape()));
    }

    /** Keeps elements with col - row >= k (upper) or <= k (lower), from Range grids over the last two dims. */
    private static void trilu(EmitContext c) {
        Val x = c.require(0, "input");
        Val kv = c.in(1);
        boolean upper = c.node.attrLong("upper", 1) != 0;
        int rank = c.rank(x, "the input");
        String in = c.t(x);
        String k = kv == null ? c.constant(Tensor.scalar(0L)) : Ops.reshape(c, c.t(kv), DataType.INT64, c.longs());
        String dims = Ops.shape(c, in, x.type());
        String rows = Ops.slice1d(c, dims, DataType.INT64, rank - 2, rank - 1);
        String cols = Ops.slice1d(c, dims, DataType.INT64, rank - 1, rank);
        String r = c.op("Range", "rows").in(c.constant(Tensor.scalar(0L))).in(Ops.reshape(c, rows, DataType.INT64, c.longs()))
                .in(c.constant(Tensor.scalar(1L))).type("Tidx", DataType.INT64).out();
        String cl = c.op("Range", "cols").in(c.constant(Tensor.scalar(0L))).in(Ops.reshape(c, cols, DataType.INT64, c.longs()))
                .in(c.constant(Tensor.scalar(1L))).type("Tidx", DataType.INT64).out();
        String diff = Ops.bin(c, "Sub", Ops.reshape(c, cl, DataType.INT64, c.longs(1, -1)),
                Ops.reshape(c, r, DataType.INT64, c.longs(-1, 1)), DataType.INT64);
        String keep = Ops.bin(c, upper ? "GreaterEqual" : "LessEqual", diff, k, DataType.INT64);
        String zeros = c.op("ZerosLike", "zeros").in(in).type("T", x.type()).out();
        c.out(0, c.val(Ops.select(c, keep, in, zeros, x.type()), x.type(), x.shape()));
    }

    /** Random values cannot match another runtime's; the op is written with TF's generator and the seed. */
    private static void random(EmitContext c, String op, boolean like) {
        DataType t;
        String shape;
        long[] s;
        if (like) {
            Val x = c.require(0, "input");
            t = c.node.hasAttribute("dtype") ? DataType.fromCode((int) c.node.attrLong("dtype", 1)) : x.type();
            shape = Ops.shape(c, c.t(x), x.type());
            s = x.shape();
        } else {
            t = DataType.fromCode((int) c.node.attrLong("dtype", 1));
            s = c.node.attrLongs("shape", null);
            shape = c.longs(s);
        }
        long seed = c.node.hasAttribute("seed") ? (long) c.node.attrFloat("seed", 0f) : 0;
        String y = c.op(op).in(shape).type("dtype", t).type("T", DataType.INT64).i("seed", seed).i("seed2", seed).out();
        Val v = c.val(y, t, s);
        float lo = c.node.attrFloat(op.equals("RandomUniform") ? "low" : "mean", 0f);
        float hi = c.node.attrFloat(op.equals("RandomUniform") ? "high" : "scale", 1f);
        float scale = op.equals("RandomUniform") ? hi - lo : hi;
        if (scale != 1f) {
            v = ActivationEmitters.mul(c, v, ActivationEmitters.k(v, scale));
        }
        if (lo != 0f) {
            v = ActivationEmitters.add(c, v, ActivationEmitters.k(v, lo));
        }
        c.out(0, v);
    }

    /** saturate(round_half_even(x / scale) + zero_point), per tensor or per axis. */
    private static void quantize(EmitContext c) {
        Val x = c.require(0, "x");
        Val scale = c.require(1, "y_scale");
        Val zp = c.in(2);
        DataType out = zp != null ? zp.type() : DataType.UINT8;
        if (out != DataType.UINT8 && out != DataType.INT8) {
            throw c.error("QuantizeLinear to " + out.displayName() + " is not supported");
        }
        int rank = c.rank(x, "the input");
        DataType t = x.type();
        String sc = perAxis(c, scale, rank);
        String q = Ops.un(c, "Round", Ops.bin(c, "RealDiv", c.t(x), sc, t), t);
        if (zp != null) {
            q = Ops.bin(c, "AddV2", q, Ops.cast(c, perAxis(c, zp, rank), zp.type(), t), t);
        }
        double lo = out == DataType.UINT8 ? 0 : -128;
        double hi = out == DataType.UINT8 ? 255 : 127;
        q = Ops.bin(c, "Minimum", Ops.bin(c, "Maximum", q, c.scalar(t, lo), t), c.scalar(t, hi), t);
        c.out(0, c.val(Ops.cast(c, q, t, out), out, x.shape()));
    }

    private static void dequantize(EmitContext c) {
        Val x = c.require(0, "x");
        Val scale = c.require(1, "x_scale");
        Val zp = c.in(2);
        int rank = c.rank(x, "the input");
        DataType t = scale.type();
        String v = Ops.cast(c, c.t(x), x.type(), t);
        if (zp != null) {
            v = Ops.bin(c, "Sub", v, Ops.cast(c, perAxis(c, zp, rank), zp.type(), t), t);
        }
        c.out(0, c.val(Ops.bin(c, "Mul", v, perAxis(c, scale, rank), t), t, x.shape()));
    }

    /** A 1-D per-axis parameter reshaped to broadcast along {@code axis}; scalars as they are. */
    private static String perAxis(EmitContext c, Val p, int rank) {
        if (p.rank() <= 0 || p.dim(0) == 1 && p.rank() == 1) {
            return p.rank() == 1 ? Ops.reshape(c, c.t(p), p.type(), c.longs()) : c.t(p);
        }
        int axis = Shapes.axis(c.node.attrLong("axis", 1), rank);
        long[] shape = new long[rank];
        java.util.Arrays.fill(shape, 1);
        shape[axis] = -1;
        return Ops.reshape(c, c.t(p), p.type(), c.longs(shape));
    }
}
