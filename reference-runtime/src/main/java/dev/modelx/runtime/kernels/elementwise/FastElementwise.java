package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.Kernel;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.kernels.fast.Parallel;

/**
 * Float32 Add, Sub, Mul, Div, Pow (by one exponent), Relu and Erf on large tensors, over all cores, without the reference kernels' double
 * working arrays. Broadcasting runs along rows: the trailing dims over which each input is either contiguous
 * or one repeated value form a row, and the row loops are simple enough for the JIT to vectorise. A float
 * +, -, x or / equals the double operation rounded to float (double has more than 2 x 24 + 2 bits), so those
 * results (and Pow's and Relu's, computed as the reference does) are bit for bit the reference kernels'; Erf uses {@link FastErf} and is within one float ulp of
 * the reference. Small tensors, other types and pre-7 'broadcast' attributes run the reference kernels.
 */
public final class FastElementwise {

    /** Below this many output elements the reference kernel runs. */
    public static final long MIN_ELEMENTS = 1 << 14;
    /** Elements per task. */
    static final int CHUNK = 1 << 14;

    /** The arithmetic of one row: r[ro + i] = x[xo + i * xi] op y[yo + i * yi] for i < len, with xi, yi in {0, 1}. */
    enum Op {
        ADD {
            @Override
            void row(float[] x, int xo, int xi, float[] y, int yo, int yi, float[] r, int ro, int len) {
                if (xi == 0 && len > 1) {
                    float v = x[xo];
                    for (int i = 0; i < len; i++) {
                        r[ro + i] = v + y[yo + i];
                    }
                } else if (yi == 0 && len > 1) {
                    float v = y[yo];
                    for (int i = 0; i < len; i++) {
                        r[ro + i] = x[xo + i] + v;
                    }
                } else {
                    for (int i = 0; i < len; i++) {
                        r[ro + i] = x[xo + i] + y[yo + i];
                    }
                }
            }
        },
        SUB {
            @Override
            void row(float[] x, int xo, int xi, float[] y, int yo, int yi, float[] r, int ro, int len) {
                if (xi == 0 && len > 1) {
                    float v = x[xo];
                    for (int i = 0; i < len; i++) {
                        r[ro + i] = v - y[yo + i];
                    }
                } else if (yi == 0 && len > 1) {
                    float v = y[yo];
                    for (int i = 0; i < len; i++) {
                        r[ro + i] = x[xo + i] - v;
                    }
                } else {
                    for (int i = 0; i < len; i++) {
                        r[ro + i] = x[xo + i] - y[yo + i];
                    }
                }
            }
        },
        MUL {
            @Override
            void row(float[] x, int xo, int xi, float[] y, int yo, int yi, float[] r, int ro, int len) {
                if (xi == 0 && len > 1) {
                    float v = x[xo];
                    for (int i = 0; i < len; i++) {
                        r[ro + i] = v * y[yo + i];
                    }
                } else if (yi == 0 && len > 1) {
                    float v = y[yo];
                    for (int i = 0; i < len; i++) {
                        r[ro + i] = x[xo + i] * v;
                    }
                } else {
                    for (int i = 0; i < len; i++) {
                        r[ro + i] = x[xo + i] * y[yo + i];
                    }
                }
            }
        },
        DIV {
            @Override
            void row(float[] x, int xo, int xi, float[] y, int yo, int yi, float[] r, int ro, int len) {
                if (xi == 0 && len > 1) {
                    float v = x[xo];
                    for (int i = 0; i < len; i++) {
                        r[ro + i] = v / y[yo + i];
                    }
                } else if (yi == 0 && len > 1) {
                    float v = y[yo];
                    for (int i = 0; i < len; i++) {
                        r[ro + i] = x[xo + i] / v;
                    }
                } else {
                    for (int i = 0; i < len; i++) {
                        r[ro + i] = x[xo + i] / y[yo + i];
                    }
                }
            }
        };

        abstract void row(float[] x, int xo, int xi, float[] y, int yo, int yi, float[] r, int ro, int len);
    }

    private FastElementwise() {
    }

    public static Kernel add(Parallel p) {
        return c -> binary(c, Op.ADD, p, Arithmetic::add);
    }

    public static Kernel sub(Parallel p) {
        return c -> binary(c, Op.SUB, p, Arithmetic::sub);
    }

    public static Kernel mul(Parallel p) {
        return c -> binary(c, Op.MUL, p, Arithmetic::mul);
    }

    public static Kernel div(Parallel p) {
        return c -> binary(c, Op.DIV, p, Arithmetic::div);
    }

    /** Pow of a float base by one float exponent: Math.pow in double, rounded, as the reference computes it. */
    public static Kernel pow(Parallel p) {
        return c -> {
            Tensor x = c.input(0);
            Tensor e = c.input(1);
            if (x.type() != DataType.FLOAT || e.type() != DataType.FLOAT || e.size() != 1 || x.size() < MIN_ELEMENTS
                    || c.opset() < 7 && c.hasAttr("broadcast")) {
                Arithmetic.pow(c);
                return;
            }
            long[] out = Ew.broadcast(c, DataType.FLOAT, x.shape(), e.shape());
            double exponent = e.floats()[0];
            float[] v = x.floats();
            float[] r = new float[v.length];
            p.forEach((v.length + CHUNK - 1) / CHUNK, t -> {
                int end = Math.min(v.length, (t + 1) * CHUNK);
                for (int i = t * CHUNK; i < end; i++) {
                    r[i] = (float) Math.pow(v[i], exponent);
                }
            });
            c.output(0, Tensor.of(DataType.FLOAT, out, r));
        };
    }

    /** Relu keeps -0 and NaN as the reference does (v &lt; 0 ? 0 : v). */
    public static Kernel relu(Parallel p) {
        return c -> {
            Tensor x = c.input(0);
            if (x.type() != DataType.FLOAT || x.size() < MIN_ELEMENTS) {
                Activations.relu(c);
                return;
            }
            float[] v = x.floats();
            float[] r = new float[v.length];
            p.forEach((v.length + CHUNK - 1) / CHUNK, t -> {
                int end = Math.min(v.length, (t + 1) * CHUNK);
                for (int i = t * CHUNK; i < end; i++) {
                    r[i] = v[i] < 0 ? 0 : v[i];
                }
            });
            c.output(0, Tensor.of(DataType.FLOAT, x.shape(), r));
        };
    }

    public static Kernel erf(Parallel p) {
        return c -> {
            Tensor x = c.input(0);
            if (x.type() != DataType.FLOAT || x.size() < MIN_ELEMENTS) {
                UnaryMath.erf(c);
                return;
            }
            float[] v = x.floats();
            float[] r = new float[v.length];
            p.forEach((v.length + CHUNK - 1) / CHUNK, t -> {
                int end = Math.min(v.length, (t + 1) * CHUNK);
                for (int i = t * CHUNK; i < end; i++) {
                    r[i] = (float) FastErf.erf(v[i]);
                }
            });
            c.output(0, Tensor.of(DataType.FLOAT, x.shape(), r));
        };
    }

    private static void binary(OpContext c, Op op, Parallel p, Kernel reference) {
        Tensor a = c.input(0);
        Tensor b = c.input(1);
        if (a.type() != DataType.FLOAT || b.type() != DataType.FLOAT || c.opset() < 7 && c.hasAttr("broadcast")) {
            reference.run(c);
            return;
        }
        long[] out = Ew.broadcast(c, DataType.FLOAT, a.shape(), b.shape());
        long size = Tensor.elementCount(out);
        if (size < MIN_ELEMENTS) {
            reference.run(c);
            return;
        }
        Rows rows = Rows.of(a.shape(), b.shape(), out);
        float[] x = a.floats();
        float[] y = b.floats();
        float[] r = new float[(int) size];
        int len = rows.length;
        int rowsPerTask = Math.max(1, CHUNK / Math.max(1, len));
        int count = rows.count;
        p.forEach((count + rowsPerTask - 1) / rowsPerTask, t -> {
            int end = Math.min(count, (t + 1) * rowsPerTask);
            for (int q = t * rowsPerTask; q < end; q++) {
                op.row(x, rows.offsetA(q), rows.incA, y, rows.offsetB(q), rows.incB, r, q * len, len);
            }
        });
        c.output(0, Tensor.of(DataType.FLOAT, out, r));
    }

    /**
     * The output as rows: the trailing dims along which A (and B) is either fully present or broadcast form
     * one row of {@code length} elements; {@code incA}/{@code incB} are 1 where the input runs along the row, 0
     * where it repeats one value. The leading dims index rows through the inputs' broadcast strides.
     */
    static final class Rows {
        final int length;
        final int count;
        final int incA;
        final int incB;
        private final int[] outer;
        private final int[] strideA;
        private final int[] strideB;

        private Rows(int length, int count, int incA, int incB, int[] outer, int[] strideA, int[] strideB) {
            this.length = length;
            this.count = count;
            this.incA = incA;
            this.incB = incB;
            this.outer = outer;
            this.strideA = strideA;
            this.strideB = strideB;
        }

        static Rows of(long[] sa, long[] sb, long[] out) {
            int rank = out.length;
            long[] pa = pad(sa, rank);
            long[] pb = pad(sb, rank);
            int split = rank;
            int kind = -1;
            long length = 1;
            while (split > 0) {
                int d = split - 1;
                if (out[d] != 1) {
                    int k = (pa[d] == out[d] ? 2 : 0) + (pb[d] == out[d] ? 1 : 0);
                    if (kind >= 0 && k != kind) {
                        break;
                    }
                    kind = k;
                    length *= out[d];
                }
                split = d;
            }
            int incA = kind < 0 || (kind & 2) != 0 ? 1 : 0;
            int incB = kind < 0 || (kind & 1) != 0 ? 1 : 0;
            int[] outer = new int[split];
            int[] strideA = new int[split];
            int[] strideB = new int[split];
            long stA = 1;
            long stB = 1;
            for (int d = rank - 1; d >= 0; d--) {
                if (d < split) {
                    outer[d] = (int) out[d];
                    strideA[d] = pa[d] == 1 ? 0 : (int) stA;
                    strideB[d] = pb[d] == 1 ? 0 : (int) stB;
                }
                stA *= pa[d];
                stB *= pb[d];
            }
            long count = Tensor.elementCount(out) / Math.max(1, length);
            return new Rows((int) length, (int) count, incA, incB, outer, strideA, strideB);
        }

        int offsetA(int row) {
            return offset(row, strideA);
        }

        int offsetB(int row) {
            return offset(row, strideB);
        }

        private int offset(int row, int[] stride) {
            int off = 0;
            for (int d = outer.length - 1; d >= 0 && row > 0; d--) {
                off += row % outer[d] * stride[d];
                row /= outer[d];
            }
            return off;
        }

        private static long[] pad(long[] s, int rank) {
            long[] r = new long[rank];
            java.util.Arrays.fill(r, 1);
            System.arraycopy(s, 0, r, rank - s.length, s.length);
            return r;
        }
    }
}
