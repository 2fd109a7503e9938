package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.AttributeKind;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/** Shape/Size, constants, Range, Dropout, OneHot, CumSum, Trilu, Resize and random ops (Cast and (de)quantisation: CastQuantizeEmitters). */
final class TensorEmitters {

    private TensorEmitters() {
    }

    static void register(Emitters r) {
        r.register(TensorEmitters::shape, "Shape");
        r.register(TensorEmitters::size, "Size");
        r.register(c -> CastQuantizeEmitters.cast(c, DataType.fromCode((int) c.node.attrLong("to", 0))), "Cast");
        r.register(c -> CastQuantizeEmitters.cast(c, c.require(1, "target_type").type()), "CastLike");
        r.register(TensorEmitters::constant, "Constant");
        r.register(TensorEmitters::constantOfShape, "ConstantOfShape");
        r.register(TensorEmitters::range, "Range");
        r.register(TensorEmitters::dropout, "Dropout");
        r.register(TensorEmitters::oneHot, "OneHot");
        r.register(c -> cumulative(c, "Cumsum"), "CumSum");
        r.register(c -> cumulative(c, "Cumprod"), "CumProd");
        r.register(TensorEmitters::eyeLike, "EyeLike");
        r.register(TensorEmitters::trilu, "Trilu");
        r.register(ResizeEmitter::emit, "Resize");
        r.register(c -> random(c, "RandomUniform", true), "RandomUniformLike");
        r.register(c -> random(c, "RandomStandardNormal", true), "RandomNormalLike");
        r.register(c -> random(c, "RandomUniform", false), "RandomUniform");
        r.register(c -> random(c, "RandomStandardNormal", false), "RandomNormal");
        r.register(CastQuantizeEmitters::quantize, "QuantizeLinear");
        r.register(CastQuantizeEmitters::dequantize, "DequantizeLinear");
        r.register(CastQuantizeEmitters::dynamicQuantize, "DynamicQuantizeLinear");
        r.register(CastQuantizeEmitters::bitCast, "BitCast");
        r.register(TensorEmitters::reverseSequence, "ReverseSequence");
        WindowFunctionEmitters.register(r);
        r.register(CenterCropPadEmitter::emit, "CenterCropPad");
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
        String y = c.op("Range").in(scalar(c, start)).in(scalar(c, limit)).in(scalar(c, delta)).type("Tidx", t).out();
        c.out(0, c.val(y, t, new long[]{-1}));
    }

    /** A one-element value as the scalar TF ops such as Range require (a computed [1] tensor is reshaped). */
    private static String scalar(EmitContext c, Val v) {
        if (v.rank() == 0) {
            return c.t(v);
        }
        if (v.isConstant() && v.constant().size() == 1) {
            return c.constant(v.constant().reshape());
        }
        return Ops.reshape(c, c.t(v), v.type(), c.longs());
    }

    /**
     * Inference: the data passes through; the optional mask is all true. Training mode keeps each element
     * where a uniform draw in [0, 1) is at least the ratio and scales it by 1 / (1 - ratio); TF's generator
     * cannot reproduce another runtime's draws, so only ratio 0 gives the same values.
     */
    private static void dropout(EmitContext c) {
        Val x = c.require(0, "data");
        Val ratio = c.in(1);
        Val training = c.in(2);
        long[] tm = ConstTensors.longValues(training);
        boolean wantMask = c.node.outputs().size() > 1 && c.wantsOutput(1);
        if (training == null || tm != null && tm[0] == 0) {
            c.out(0, ElementwiseEmitters.unary(c, "Identity", x, null));
            if (wantMask) {
                String ones = c.op("OnesLike", "mask").in(c.t(x)).type("T", x.type()).out();
                c.out(1, c.val(Ops.cast(c, ones, x.type(), DataType.BOOL), DataType.BOOL, x.shape()));
            }
            return;
        }
        DataType t = x.type();
        DataType f = DataType.FLOAT;
        String in = c.t(x);
        String r = ratio == null ? c.scalar(f, 0.5) : Ops.cast(c, Ops.reshape(c, c.t(ratio), ratio.type(), c.longs()), ratio.type(), f);
        long seed = c.node.hasAttribute("seed") ? c.node.attrLong("seed", 0) : 0;
        String u = c.op("RandomUniform", "uniform").in(Ops.shape(c, in, t)).type("dtype", f).type("T", DataType.INT64)
                .i("seed", seed).i("seed2", seed).out();
        String keep = Ops.bin(c, "GreaterEqual", u, r, f);
        if (tm == null) {
            // training_mode computed: a false one keeps everything unscaled
            String on = Ops.cast(c, Ops.reshape(c, c.t(training), training.type(), c.longs()), training.type(), DataType.BOOL);
            keep = c.op("LogicalOr", "keep").in(keep).in(c.op("LogicalNot", "inference").in(on).out()).out();
            r = Ops.select(c, on, r, c.scalar(f, 0), f);
        }
        String scaled = Ops.bin(c, "RealDiv", in, Ops.cast(c, Ops.bin(c, "Sub", c.scalar(f, 1), r, f), f, t), t);
        String zeros = c.op("ZerosLike", "zeros").in(in).type("T", t).out();
        c.out(0, c.val(Ops.select(c, keep, scaled, zeros, t), t, x.shape()));
        if (wantMask) {
            c.out(1, c.val(keep, DataType.BOOL, x.shape()));
        }
    }

    /** Negative indices count from the end (ONNX); TF's OneHot gives zeros for them, so they are wrapped first. */
    private static void oneHot(EmitContext c) {
        Val idx = c.require(0, "indices");
        Val depth = c.require(1, "depth");
        Val values = c.require(2, "values");
        long axis = c.node.attrLong("axis", -1);
        if (axis < -1) {
            // TF's OneHot takes -1 or a non-negative axis
            if (idx.rank() < 0) {
                throw c.error("OneHot axis " + axis + " needs the rank of the indices");
            }
            axis += idx.rank() + 1;
            if (axis < 0) {
                throw c.error("OneHot axis " + c.node.attrLong("axis", -1) + " is out of range for indices of rank " + idx.rank());
            }
        }
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

    /** CumSum/CumProd along a scalar (or one-element) axis, with TF's exclusive and reverse flags. */
    private static void cumulative(EmitContext c, String tfOp) {
        Val x = c.require(0, "x");
        Val axis = c.require(1, "axis");
        String ax = Ops.reshape(c, c.t(axis), axis.type(), c.longs());
        String y = c.op(tfOp).in(c.t(x)).in(ax).type("T", x.type()).type("Tidx", axis.type())
                .b("exclusive", c.node.attrLong("exclusive", 0) != 0).b("reverse", c.node.attrLong("reverse", 0) != 0).out();
        c.out(0, c.val(y, x.type(), x.shape()));
    }

    /** Ones where col - row = k over the (static or computed) 2-D shape of the input, in dtype (default: the input's). */
    private static void eyeLike(EmitContext c) {
        Val x = c.require(0, "input");
        if (c.rank(x, "the input") != 2) {
            throw c.error("EyeLike needs a 2-D input, got rank " + x.rank());
        }
        DataType t = c.node.hasAttribute("dtype") ? DataType.fromCode((int) c.node.attrLong("dtype", 1)) : x.type();
        long k = c.node.attrLong("k", 0);
        String dims = Ops.shape(c, c.t(x), x.type());
        String zero = c.constant(Tensor.scalar(0L));
        String one = c.constant(Tensor.scalar(1L));
        String r = c.op("Range", "rows").in(zero).in(Ops.reshape(c, Ops.slice1d(c, dims, DataType.INT64, 0, 1), DataType.INT64, c.longs()))
                .in(one).type("Tidx", DataType.INT64).out();
        String cl = c.op("Range", "cols").in(zero).in(Ops.reshape(c, Ops.slice1d(c, dims, DataType.INT64, 1, 2), DataType.INT64, c.longs()))
                .in(one).type("Tidx", DataType.INT64).out();
        String diff = Ops.bin(c, "Sub", Ops.reshape(c, cl, DataType.INT64, c.longs(1, -1)), Ops.reshape(c, r, DataType.INT64, c.longs(-1, 1)),
                DataType.INT64);
        String eq = Ops.bin(c, "Equal", diff, c.constant(Tensor.scalar(k)), DataType.INT64);
        c.out(0, c.val(Ops.cast(c, eq, DataType.BOOL, t), t, x.shape()));
    }

    /** ReverseSequence: TF's op with the ONNX time and batch axes. */
    private static void reverseSequence(EmitContext c) {
        Val x = c.require(0, "input");
        Val lens = c.require(1, "sequence_lens");
        int rank = c.rank(x, "the input");
        long time = Shapes.axis(c.node.attrLong("time_axis", 0), rank);
        long batch = Shapes.axis(c.node.attrLong("batch_axis", 1), rank);
        String y = c.op("ReverseSequence").in(c.t(x)).in(Ops.cast(c, c.t(lens), lens.type(), DataType.INT64)).type("T", x.type())
                .type("Tlen", DataType.INT64).i("seq_dim", time).i("batch_dim", batch).out();
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

}
