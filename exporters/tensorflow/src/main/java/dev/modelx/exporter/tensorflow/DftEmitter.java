package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.Arrays;

/**
 * DFT with TF's FFT ops on the innermost axis: the (real, imaginary) last axis is unpacked into a complex
 * tensor whose signal axis is transposed last, dft_length pads or crops it, and FFT / IFFT (both normalised
 * as ONNX is: the inverse divides by n), RFFT (forward onesided of a real signal) or IRFFT (inverse onesided)
 * run; the result is packed back into (real, imaginary) and left in the transposed layout with a perm.
 * dft_length must be a constant; a fed axis (opset 20) becomes a computed perm.
 */
final class DftEmitter {

    private DftEmitter() {
    }

    static void register(Emitters r) {
        r.register(DftEmitter::emit, "DFT");
    }

    private static void emit(EmitContext c) {
        Val x = c.require(0, "input");
        int rank = c.rank(x, "the input");
        DataType t = x.type();
        if (t != DataType.FLOAT && t != DataType.DOUBLE && t != DataType.FLOAT16) {
            throw c.error("DFT of " + t.displayName() + " is not supported for TensorFlow (float, float16 and double are)");
        }
        long comps = x.dim(-1);
        if (rank < 2 || comps != 1 && comps != 2) {
            throw c.error("DFT needs a static last dim of 1 or 2, got " + x);
        }
        Val av = c.node.opsetVersion() >= 20 ? c.in(2) : null;
        long[] axisConst = c.node.opsetVersion() >= 20 ? (av == null ? new long[]{-2} : ConstTensors.longValues(av))
                : new long[]{c.node.attrLong("axis", 1)};
        int axis = -1;
        if (axisConst != null) {
            axis = (int) (axisConst[0] < 0 ? axisConst[0] + rank : axisConst[0]);
            if (axis < 0 || axis >= rank - 1) {
                throw c.error("DFT axis " + axisConst[0] + " is out of range for an input of rank " + rank);
            }
        }
        boolean inverse = c.node.attrLong("inverse", 0) != 0;
        boolean onesided = c.node.attrLong("onesided", 0) != 0;
        long inLen = axis >= 0 ? x.dim(axis) : -1;
        Val lv = c.in(1);
        long n = -1;
        if (lv != null) {
            n = c.constLongs(lv, "dft_length")[0];
            if (n < 1 || n > Integer.MAX_VALUE) {
                throw c.error("dft_length must be positive, got " + n);
            }
        } else if (inLen >= 1) {
            n = inverse && onesided ? 2 * (inLen - 1) : inLen;
        }
        // float signals are transformed in double precision, as ONNX's reference does, and cast back
        DataType td = DataType.DOUBLE;
        DataType ct = DataType.COMPLEX128;
        int r1 = rank - 1;
        TfOp parts = c.op("Unpack", "parts").in(c.t(x)).type("T", t).i("num", comps).i("axis", -1);
        String re = Ops.cast(c, parts.out(0), t, td);
        String im = comps == 2 ? Ops.cast(c, parts.out(1), t, td) : null;
        int[] q = null;
        String qT = null;
        if (axis >= 0) {
            q = new int[r1];
            for (int i = 0, k = 0; i < r1; i++) {
                if (i != axis) {
                    q[k++] = i;
                }
            }
            q[r1 - 1] = axis;
            re = c.transposed(re, td, q);
            im = im == null ? null : c.transposed(im, td, q);
        } else {
            qT = dynamicPerm(c, c.t(av), av.type(), rank);
            re = transpose(c, re, td, qT);
            im = im == null ? null : transpose(c, im, td, qT);
        }
        String fftLen;
        if (n >= 1) {
            fftLen = c.constant(Tensor.ofInts(new long[]{1}, (int) n));
        } else {
            String len = Ops.slice1d(c, Ops.shape(c, re, td), DataType.INT64, r1 - 1, r1);
            if (inverse && onesided) {
                len = Ops.bin(c, "Mul", Ops.bin(c, "Sub", len, c.constant(Tensor.scalar(1L)), DataType.INT64),
                        c.constant(Tensor.scalar(2L)), DataType.INT64);
            }
            fftLen = Ops.cast(c, len, DataType.INT64, DataType.INT32);
        }
        String y;
        boolean realOut = false;
        if (!inverse && onesided && im == null) {
            y = c.op("RFFT", "rfft").in(re).in(fftLen).type("Treal", td).type("Tcomplex", ct).out();
        } else if (inverse && onesided) {
            y = c.op("IRFFT", "irfft").in(complex(c, re, im, td, ct)).in(fftLen).type("Treal", td).type("Tcomplex", ct).out();
            realOut = true;
        } else {
            String z = lv == null ? complex(c, re, im, td, ct) : fit(c, complex(c, re, im, td, ct), ct, r1, inLen, n, x);
            y = c.op(inverse ? "IFFT" : "FFT", inverse ? "ifft" : "fft").in(z).type("Tcomplex", ct).out();
            if (onesided) {
                if (n < 1) {
                    throw c.error("a complex onesided DFT needs the signal length to be static, got " + x);
                }
                y = crop(c, y, ct, r1, n / 2 + 1);
            }
        }
        String out = realOut ? Ops.expandDims(c, y, td, -1)
                : c.op("Pack", "pack").in(c.op("Real", "real").in(y).type("T", ct).type("Tout", td).out())
                .in(c.op("Imag", "imag").in(y).type("T", ct).type("Tout", td).out()).type("T", td).i("N", 2).i("axis", -1).out();
        out = Ops.cast(c, out, td, t);
        long[] shape = x.shape().clone();
        shape[rank - 1] = realOut ? 1 : 2;
        if (axis < 0) {
            String back = c.op("InvertPermutation", "unperm").in(Ops.concat(c, DataType.INT64, 0, qT, c.longs(r1)))
                    .type("T", DataType.INT64).out();
            out = transpose(c, out, t, back);
            Arrays.fill(shape, 0, r1, -1);
            c.out(0, c.val(out, t, shape));
            return;
        }
        shape[axis] = n < 1 ? -1 : !inverse && onesided ? n / 2 + 1 : n;
        int[] perm = new int[rank];
        System.arraycopy(q, 0, perm, 0, r1);
        perm[rank - 1] = rank - 1;
        c.out(0, new Val(out, t, Perms.apply(perm, shape), Perms.isIdentity(perm) ? null : perm, null, c.frame));
    }

    /** The perm of rank - 1 axes moving the fed axis last: i + (i >= axis) for i < rank - 2, then axis. */
    private static String dynamicPerm(EmitContext c, String axisT, DataType at, int rank) {
        String a = Ops.reshape(c, Ops.cast(c, axisT, at, DataType.INT64), DataType.INT64, c.longs());
        a = Ops.bin(c, "FloorMod", a, c.constant(Tensor.scalar((long) rank)), DataType.INT64);
        String i = c.constant(Tensor.ofLongs(new long[]{rank - 2}, java.util.stream.LongStream.range(0, rank - 2).toArray()));
        String shift = Ops.cast(c, Ops.bin(c, "GreaterEqual", i, a, DataType.INT64), DataType.BOOL, DataType.INT64);
        return Ops.concat(c, DataType.INT64, 0, Ops.bin(c, "AddV2", i, shift, DataType.INT64), Ops.reshape(c, a, DataType.INT64, c.longs(1)));
    }

    private static String transpose(EmitContext c, String x, DataType t, String perm) {
        return c.op("Transpose", "transpose").in(x).in(perm).type("T", t).type("Tperm", DataType.INT64).out();
    }

    private static String complex(EmitContext c, String re, String im, DataType t, DataType ct) {
        String i = im != null ? im : c.op("ZerosLike", "zeros").in(re).type("T", t).out();
        return c.op("Complex", "complex").in(re).in(i).type("T", t).type("Tout", ct).out();
    }

    /** Crops or zero-pads the last axis (static length {@code have}) to {@code n}. */
    private static String fit(EmitContext c, String z, DataType ct, int r, long have, long n, Val x) {
        if (have == n) {
            return z;
        }
        if (have < 0) {
            throw c.error("a DFT with dft_length needs the signal length to be static, got " + x);
        }
        if (n < have) {
            return crop(c, z, ct, r, n);
        }
        long[] pads = new long[2 * r];
        pads[2 * r - 1] = n - have;
        return c.op("Pad", "pad").in(z).in(c.constant(Tensor.ofLongs(new long[]{r, 2}, pads))).type("T", ct)
                .type("Tpaddings", DataType.INT64).out();
    }

    /** The first {@code n} entries of the last axis. */
    private static String crop(EmitContext c, String z, DataType ct, int r, long n) {
        long[] size = new long[r];
        Arrays.fill(size, -1);
        size[r - 1] = n;
        return c.op("Slice", "crop").in(z).in(c.constant(Tensor.ofLongs(new long[]{r}, new long[r]))).in(c.longs(size))
                .type("T", ct).type("Index", DataType.INT64).out();
    }
}
