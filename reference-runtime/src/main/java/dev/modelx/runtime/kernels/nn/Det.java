package dev.modelx.runtime.kernels.nn;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.Arrays;

/** Det (op sets 11, 22): determinant of each trailing square matrix, by LU with partial pivoting in double. */
public final class Det {

    private Det() {
    }

    public static void run(OpContext c) {
        Tensor x = c.input(0);
        Nn.requireFloat(c, x, "X");
        long[] s = x.shape();
        int r = s.length;
        if (r < 2 || s[r - 1] != s[r - 2]) {
            throw c.error("X must be [*, M, M], got " + Arrays.toString(s));
        }
        int n = (int) s[r - 1];
        long[] outShape = Arrays.copyOf(s, r - 2);
        int batches = Nn.prod(s, 0, r - 2);
        double[] v = Nn.doubles(x);
        double[] out = new double[batches];
        double[] m = new double[n * n];
        for (int b = 0; b < batches; b++) {
            System.arraycopy(v, b * n * n, m, 0, n * n);
            out[b] = det(m, n);
        }
        c.output(0, Tensors.fromDoubles(x.type(), outShape, out));
    }

    static double det(double[] m, int n) {
        double det = 1;
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int i = col + 1; i < n; i++) {
                if (Math.abs(m[i * n + col]) > Math.abs(m[piv * n + col])) {
                    piv = i;
                }
            }
            if (m[piv * n + col] == 0) {
                return 0;
            }
            if (piv != col) {
                for (int j = 0; j < n; j++) {
                    double t = m[col * n + j];
                    m[col * n + j] = m[piv * n + j];
                    m[piv * n + j] = t;
                }
                det = -det;
            }
            double d = m[col * n + col];
            det *= d;
            for (int i = col + 1; i < n; i++) {
                double f = m[i * n + col] / d;
                if (f != 0) {
                    for (int j = col; j < n; j++) {
                        m[i * n + j] -= f * m[col * n + j];
                    }
                }
            }
        }
        return det;
    }
}
