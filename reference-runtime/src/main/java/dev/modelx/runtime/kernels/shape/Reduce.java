package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/**
 * The Reduce* ops. Axes come from an attribute in early op sets and from an optional input later
 * (ReduceSum from 13, the others from 18), where noop_with_empty_axes also applies. A reduction over no
 * elements yields the op's identity (0, 1, -inf for max and log-sums, +inf for min).
 */
final class Reduce {

    enum Op { SUM, MEAN, MAX, MIN, PROD, L1, L2, LOG_SUM, LOG_SUM_EXP, SUM_SQUARE }

    private Reduce() {
    }

    /** Kernel reading axes from the 'axes' attribute. */
    static dev.modelx.runtime.Kernel attrAxes(Op op) {
        return c -> run(c, op, c.attrLongs("axes", null), false);
    }

    /** Kernel reading axes from the optional second input. */
    static dev.modelx.runtime.Kernel inputAxes(Op op) {
        return c -> {
            Tensor a = c.optionalInput(1);
            long[] axes = a == null ? null : Data.ints(c, a, "axes");
            run(c, op, axes, c.attrLong("noop_with_empty_axes", 0) != 0);
        };
    }

    static void run(OpContext c, Op op, long[] axesIn, boolean noopWhenEmpty) {
        Tensor x = c.input(0);
        DataType type = x.type();
        if (type == DataType.STRING || type.isComplex()) {
            throw c.error("cannot reduce " + type.displayName() + " tensors");
        }
        long[] s = x.shape();
        int rank = s.length;
        boolean keep = c.attrLong("keepdims", 1) != 0;
        boolean[] mask = new boolean[rank];
        if (axesIn == null || axesIn.length == 0) {
            if (!noopWhenEmpty) {
                Arrays.fill(mask, true);
            }
        } else {
            for (int a : Data.axes(c, axesIn, rank)) {
                mask[a] = true;
            }
        }
        long[] kept = new long[rank];
        int outRank = 0;
        for (int d = 0; d < rank; d++) {
            kept[d] = mask[d] ? 1 : s[d];
            if (!mask[d] || keep) {
                outRank++;
            }
        }
        long[] out = new long[outRank];
        for (int d = 0, k = 0; d < rank; d++) {
            if (!mask[d] || keep) {
                out[k++] = kept[d];
            }
        }
        int m = Data.count(c, kept, type);
        int n = (int) x.size();
        long groupSize = m == 0 ? 0 : n / m;
        int[] target = targets(s, kept, mask, n);
        boolean integral = Data.integral(type) && op != Op.L2 && op != Op.LOG_SUM && op != Op.LOG_SUM_EXP && op != Op.MEAN;
        if (integral) {
            long[] v = x.toLongArray();
            long[] acc = new long[m];
            long init = switch (op) {
                case PROD -> 1;
                case MAX -> minOf(type);
                case MIN -> maxOf(type);
                default -> 0;
            };
            Arrays.fill(acc, init);
            for (int i = 0; i < n; i++) {
                int t = target[i];
                long e = v[i];
                acc[t] = switch (op) {
                    case PROD -> acc[t] * e;
                    case MAX -> type == DataType.UINT64 ? (Long.compareUnsigned(e, acc[t]) > 0 ? e : acc[t]) : Math.max(acc[t], e);
                    case MIN -> type == DataType.UINT64 ? (Long.compareUnsigned(e, acc[t]) < 0 ? e : acc[t]) : Math.min(acc[t], e);
                    case L1 -> acc[t] + Math.abs(e);
                    case SUM_SQUARE -> acc[t] + e * e;
                    default -> acc[t] + e;
                };
            }
            c.output(0, Tensors.fromLongs(type, out, acc));
            return;
        }
        double[] v = x.toDoubleArray();
        double[] acc = new double[m];
        double init = switch (op) {
            case PROD -> 1;
            case MAX, LOG_SUM_EXP -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
            default -> 0;
        };
        Arrays.fill(acc, init);
        if (op == Op.LOG_SUM_EXP) {
            for (int i = 0; i < n; i++) {
                acc[target[i]] = Math.max(acc[target[i]], v[i]);
            }
            double[] shift = acc.clone();
            Arrays.fill(acc, 0);
            for (int i = 0; i < n; i++) {
                double sh = Double.isInfinite(shift[target[i]]) ? 0 : shift[target[i]];
                acc[target[i]] += Math.exp(v[i] - sh);
            }
            for (int t = 0; t < m; t++) {
                double sh = Double.isInfinite(shift[t]) ? 0 : shift[t];
                acc[t] = Math.log(acc[t]) + sh;
            }
        } else {
            for (int i = 0; i < n; i++) {
                int t = target[i];
                double e = v[i];
                acc[t] = switch (op) {
                    case PROD -> acc[t] * e;
                    case MAX -> Math.max(acc[t], e);
                    case MIN -> Math.min(acc[t], e);
                    case L1 -> acc[t] + Math.abs(e);
                    case L2, SUM_SQUARE -> acc[t] + e * e;
                    default -> acc[t] + e;
                };
            }
            for (int t = 0; t < m; t++) {
                acc[t] = switch (op) {
                    case MEAN -> acc[t] / groupSize;
                    case L2 -> Math.sqrt(acc[t]);
                    case LOG_SUM -> Math.log(acc[t]);
                    default -> acc[t];
                };
            }
        }
        c.output(0, Tensors.fromDoubles(type, out, acc));
    }

    /** For each input element, the flat index of the output element (in the keepdims shape) it reduces into. */
    private static int[] targets(long[] s, long[] kept, boolean[] mask, int n) {
        int rank = s.length;
        long[] ks = Data.strides(kept);
        long[] st = new long[rank];
        for (int d = 0; d < rank; d++) {
            st[d] = mask[d] ? 0 : ks[d];
        }
        int[] idx = new int[n];
        int[] counter = new int[rank];
        long pos = 0;
        for (int i = 0; i < n; i++) {
            idx[i] = (int) pos;
            for (int d = rank - 1; d >= 0; d--) {
                counter[d]++;
                pos += st[d];
                if (counter[d] < s[d]) {
                    break;
                }
                pos -= st[d] * counter[d];
                counter[d] = 0;
            }
        }
        return idx;
    }

    private static long minOf(DataType t) {
        return switch (t) {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            case INT4 -> -8;
            case INT2 -> -2;
            default -> 0;
        };
    }

    private static long maxOf(DataType t) {
        return switch (t) {
            case INT8 -> Byte.MAX_VALUE;
            case UINT8 -> 255;
            case INT16 -> Short.MAX_VALUE;
            case UINT16 -> 65535;
            case INT32 -> Integer.MAX_VALUE;
            case UINT32 -> 0xffffffffL;
            case UINT64 -> -1L;
            case INT4 -> 7;
            case UINT4 -> 15;
            case INT2 -> 1;
            case UINT2 -> 3;
            case BOOL -> 1;
            default -> Long.MAX_VALUE;
        };
    }
}
