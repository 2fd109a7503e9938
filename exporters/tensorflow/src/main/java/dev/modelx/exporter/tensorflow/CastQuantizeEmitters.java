package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/**
 * Cast/CastLike and Quantize/DequantizeLinear, with the ONNX rules TF's Cast lacks: saturating float8
 * casts, 4-bit integers (which TF casts only to and from integers, and cannot hold as constants) and
 * blocked quantisation parameters.
 */
final class CastQuantizeEmitters {

    private CastQuantizeEmitters() {
    }

    /** Layout-agnostic: the result keeps the operand's permutation. */
    static void cast(EmitContext c, DataType to) {
        Val x = c.require(0, "input");
        if (to == DataType.STRING || x.type() == DataType.STRING) {
            throw c.error("Cast between strings and numbers is not supported");
        }
        TfExportTypes.require(c, x.type(), "Cast from");
        TfExportTypes.require(c, to, "Cast to");
        if (x.isConstant() && x.constant().size() <= 4096 && castable(x.type()) && castable(to)) {
            c.out(0, Val.constant(ElementwiseEmitters.castConstant(x.constant(), to)));
            return;
        }
        if (x.type() == to) {
            c.out(0, ElementwiseEmitters.unary(c, "Identity", x, null));
            return;
        }
        String in = x.isConstant() ? c.t(x) : x.tensor();
        DataType from = x.type();
        if (x.isConstant() && (from == DataType.INT4 || from == DataType.UINT4)) {
            // TF cannot read a 4-bit tensor proto: the constant is written as int8
            in = c.constant(ElementwiseEmitters.castConstant(x.constant(), DataType.INT8));
            from = DataType.INT8;
        }
        if ((from == DataType.INT4 || from == DataType.UINT4) && to != DataType.INT4 && to != DataType.UINT4) {
            // TF casts 4-bit integers only to other integers
            in = Ops.cast(c, in, from, DataType.INT32);
            from = DataType.INT32;
        }
        if (to == DataType.INT4 || to == DataType.UINT4) {
            in = wrapTo4Bits(c, in, from, to == DataType.INT4);
            from = DataType.INT32;
        } else if (isFloat8(to) && !isFloat8(from) && c.node.attrLong("saturate", 1) != 0) {
            if (!from.isFloatingPoint()) {
                in = Ops.cast(c, in, from, DataType.FLOAT);
                from = DataType.FLOAT;
            }
            in = saturate(c, in, from, to == DataType.FLOAT8E4M3FN ? 448 : 57344);
        }
        String y = c.op("Cast").in(in).type("SrcT", from).type("DstT", to).out();
        c.out(0, new Val(y, to, x.shape(), x.isConstant() ? null : x.perm(), null, c.frame));
    }

    private static boolean isFloat8(DataType t) {
        return t == DataType.FLOAT8E4M3FN || t == DataType.FLOAT8E5M2;
    }

    /**
     * ONNX's saturating float8 cast maps out-of-range values and infinities to the largest finite value; TF's
     * Cast (ml_dtypes) does not saturate, so values are clipped first. NaN stays NaN.
     */
    private static String saturate(EmitContext c, String x, DataType t, double max) {
        String clipped = Ops.bin(c, "Minimum", Ops.bin(c, "Maximum", x, c.scalar(t, -max), t), c.scalar(t, max), t);
        String nan = c.op("IsNan", "isnan").in(x).type("T", t).out();
        return Ops.select(c, nan, x, clipped, t);
    }

    /**
     * TF casts to 4-bit integers only from integers: floats truncate toward zero into int32 (as ONNX Cast
     * does), and the value wraps into 4 bits (two's complement for int4) before the final int32 Cast.
     */
    private static String wrapTo4Bits(EmitContext c, String x, DataType from, boolean signed) {
        if (from == DataType.BOOL || from == DataType.STRING || from.bits() < 8 && from != DataType.INT4 && from != DataType.UINT4) {
            throw c.error("Cast from " + from.displayName() + " to a 4-bit integer is not supported");
        }
        String v = Ops.cast(c, x, from, DataType.INT32);
        if (signed) {
            v = Ops.bin(c, "AddV2", v, c.constant(Tensor.ofInts(new long[0], 8)), DataType.INT32);
        }
        v = Ops.bin(c, "BitwiseAnd", v, c.constant(Tensor.ofInts(new long[0], 15)), DataType.INT32);
        if (signed) {
            v = Ops.bin(c, "Sub", v, c.constant(Tensor.ofInts(new long[0], 8)), DataType.INT32);
        }
        return v;
    }

    private static boolean castable(DataType t) {
        return switch (t) {
            case FLOAT, DOUBLE, INT64, INT32, INT16, UINT16, INT8, UINT8, BOOL -> true;
            default -> false;
        };
    }

    /** saturate(round_half_even(x / scale) + zero_point), per tensor or per axis. */
    static void quantize(EmitContext c) {
        Val x = c.require(0, "x");
        Val scale = c.require(1, "y_scale");
        Val zp = c.in(2);
        long dtype = c.node.attrLong("output_dtype", 0);
        DataType out = zp != null ? zp.type() : dtype != 0 ? DataType.fromCode((int) dtype) : DataType.UINT8;
        double lo;
        double hi;
        switch (out) {
            case UINT8 -> {
                lo = 0;
                hi = 255;
            }
            case INT8 -> {
                lo = -128;
                hi = 127;
            }
            case UINT16 -> {
                lo = 0;
                hi = 65535;
            }
            case INT16 -> {
                lo = -32768;
                hi = 32767;
            }
            case UINT4 -> {
                lo = 0;
                hi = 15;
            }
            case INT4 -> {
                lo = -8;
                hi = 7;
            }
            case FLOAT8E4M3FN, FLOAT8E5M2 -> {
                lo = Double.NaN;
                hi = Double.NaN;
            }
            default -> throw c.error("QuantizeLinear to " + out.displayName() + " is not supported");
        }
        int rank = c.rank(x, "the input");
        DataType t = x.type();
        String sc = perAxis(c, scale, rank, x);
        String q = Ops.bin(c, "RealDiv", c.t(x), sc, t);
        if (isFloat8(out)) {
            // float8: no integer rounding; the Cast rounds to nearest even and saturates unless saturate=0
            if (zp != null) {
                q = Ops.bin(c, "AddV2", q, perAxis(c, c.val(toFloat(c, zp, t), t, zp.shape()), rank, x), t);
            }
            if (c.node.attrLong("saturate", 1) != 0) {
                q = saturate(c, q, t, out == DataType.FLOAT8E4M3FN ? 448 : 57344);
            }
            c.out(0, c.val(Ops.cast(c, q, t, out), out, x.shape()));
            return;
        }
        q = Ops.un(c, "Round", q, t);
        if (zp != null) {
            q = Ops.bin(c, "AddV2", q, perAxis(c, c.val(toFloat(c, zp, t), t, zp.shape()), rank, x), t);
        }
        q = Ops.bin(c, "Minimum", Ops.bin(c, "Maximum", q, c.scalar(t, lo), t), c.scalar(t, hi), t);
        if (out == DataType.INT4 || out == DataType.UINT4) {
            // TF casts to 4-bit integers only from integers
            q = Ops.cast(c, q, t, DataType.INT32);
            t = DataType.INT32;
        }
        c.out(0, c.val(Ops.cast(c, q, t, out), out, x.shape()));
    }

    /**
     * {@code v} cast to a floating-point type. TF casts 4-bit integers only to integers, so those go through
     * int32; 4-bit constants are written as int8 (TF cannot read a 4-bit tensor proto).
     */
    private static String toFloat(EmitContext c, Val v, DataType to) {
        DataType from = v.type();
        if (from != DataType.INT4 && from != DataType.UINT4) {
            return Ops.cast(c, c.t(v), from, to);
        }
        if (v.isConstant()) {
            return Ops.cast(c, c.constant(ElementwiseEmitters.castConstant(v.constant(), DataType.INT8)), DataType.INT8, to);
        }
        return Ops.cast(c, Ops.cast(c, c.t(v), from, DataType.INT32), DataType.INT32, to);
    }

    static void dequantize(EmitContext c) {
        Val x = c.require(0, "x");
        Val scale = c.require(1, "x_scale");
        Val zp = c.in(2);
        int rank = c.rank(x, "the input");
        DataType t = scale.type();
        String v = toFloat(c, x, t);
        if (zp != null) {
            v = Ops.bin(c, "Sub", v, perAxis(c, c.val(toFloat(c, zp, t), t, zp.shape()), rank, x), t);
        }
        c.out(0, c.val(Ops.bin(c, "Mul", v, perAxis(c, scale, rank, x), t), t, x.shape()));
    }

    /**
     * A 1-D per-axis parameter reshaped to broadcast along {@code axis}; scalars as they are. With a
     * block_size (blocked quantisation) the parameter has the input's rank and each of its entries along
     * {@code axis} covers block_size input elements: it is expanded by a Gather of index i / block_size.
     */
    private static String perAxis(EmitContext c, Val p, int rank, Val x) {
        long block = c.node.attrLong("block_size", 0);
        if (block > 0) {
            int axis = Shapes.axis(c.node.attrLong("axis", 1), rank);
            long d = x.dim(axis);
            if (p.rank() != rank || d < 0) {
                throw c.error("blocked quantisation needs a parameter of the input's rank and a static input dim " + axis
                        + ", got parameter shape " + java.util.Arrays.toString(p.shape()) + " for input " + java.util.Arrays.toString(x.shape()));
            }
            if (p.dim(axis) >= 0 && p.dim(axis) != (d + block - 1) / block) {
                throw c.error("block_size " + block + " gives " + (d + block - 1) / block + " blocks along axis " + axis
                        + ", but the parameter has " + p.dim(axis));
            }
            long[] idx = new long[(int) d];
            for (int i = 0; i < d; i++) {
                idx[i] = i / block;
            }
            return c.op("GatherV2", "blocks").in(c.t(p)).in(c.longs(idx)).in(c.constant(Tensor.scalar((long) axis)))
                    .type("Tparams", p.type()).type("Tindices", DataType.INT64).type("Taxis", DataType.INT64).i("batch_dims", 0).out();
        }
        if (p.rank() <= 0 || p.dim(0) == 1 && p.rank() == 1) {
            return p.rank() == 1 ? Ops.reshape(c, c.t(p), p.type(), c.longs()) : c.t(p);
        }
        int axis = Shapes.axis(c.node.attrLong("axis", 1), rank);
        long[] shape = new long[rank];
        java.util.Arrays.fill(shape, 1);
        shape[axis] = -1;
        return Ops.reshape(c, c.t(p), p.type(), c.longs(shape));
    }

    /**
     * DynamicQuantizeLinear: uint8 quantisation with scale (max(0, max x) - min(0, min x)) / 255 and zero point
     * round(clamp(-min / scale)), as ONNX computes them in float32 (a zero range gives scale 0, zero point 0).
     */
    static void dynamicQuantize(EmitContext c) {
        Val x = c.require(0, "x");
        DataType f = DataType.FLOAT;
        if (x.type() != f) {
            throw c.error("DynamicQuantizeLinear needs a float input, got " + x.type().displayName());
        }
        String flat = Ops.reshape(c, c.t(x), f, c.longs(-1));
        String zero = c.scalar(f, 0);
        String min = Ops.bin(c, "Minimum", c.op("Min", "min").in(flat).in(c.longs(0)).type("T", f).type("Tidx", DataType.INT64).out(), zero, f);
        String max = Ops.bin(c, "Maximum", c.op("Max", "max").in(flat).in(c.longs(0)).type("T", f).type("Tidx", DataType.INT64).out(), zero, f);
        String scale = Ops.bin(c, "RealDiv", Ops.bin(c, "Sub", max, min, f), c.scalar(f, 255), f);
        String empty = Ops.bin(c, "Equal", scale, zero, f);
        String zp = Ops.un(c, "Round", clamp255(c, Ops.bin(c, "Sub", zero, Ops.bin(c, "RealDiv", min, scale, f), f)), f);
        zp = Ops.select(c, empty, zero, zp, f);
        String q = Ops.bin(c, "AddV2", Ops.un(c, "Round", Ops.bin(c, "RealDiv", c.t(x), scale, f), f), zp, f);
        q = clamp255(c, Ops.select(c, empty, zp, q, f));
        c.out(0, c.val(Ops.cast(c, q, f, DataType.UINT8), DataType.UINT8, x.shape()));
        c.out(1, c.val(scale, f, new long[0]));
        c.out(2, c.val(Ops.cast(c, zp, f, DataType.UINT8), DataType.UINT8, new long[0]));
    }

    private static String clamp255(EmitContext c, String v) {
        DataType f = DataType.FLOAT;
        return Ops.bin(c, "Minimum", Ops.bin(c, "Maximum", v, c.scalar(f, 0), f), c.scalar(f, 255), f);
    }

    /** BitCast (op set 26) between types of one width: TF's Bitcast; bool (which it lacks) by comparison with zero. */
    static void bitCast(EmitContext c) {
        Val x = c.require(0, "input");
        DataType to = DataType.fromCode((int) c.node.attrLong("to", 0));
        DataType from = x.type();
        if (from.bits() != to.bits() || from == DataType.STRING || to == DataType.STRING) {
            throw c.error("cannot bitcast " + from.displayName() + " to " + to.displayName() + ": the widths differ");
        }
        TfExportTypes.require(c, from, "BitCast from");
        TfExportTypes.require(c, to, "BitCast to");
        String in = c.t(x);
        String y;
        if (from == to) {
            y = Ops.identity(c, in, from);
        } else if (from == DataType.BOOL) {
            y = Ops.cast(c, in, from, to);
        } else if (to == DataType.BOOL) {
            y = c.op("NotEqual", "nonzero").in(in).in(c.constant(ConstTensors.scalar(from, 0))).type("T", from).out();
        } else {
            y = c.op("Bitcast").in(in).type("T", from).type("type", to).out();
        }
        c.out(0, c.val(y, to, x.shape()));
    }
}
