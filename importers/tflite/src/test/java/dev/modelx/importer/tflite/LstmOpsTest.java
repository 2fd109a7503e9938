package dev.modelx.importer.tflite;

import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.UnsupportedOpsException;
import org.junit.jupiter.api.Test;

import static dev.modelx.importer.tflite.OpTestSupport.assertClose;
import static dev.modelx.importer.tflite.OpTestSupport.f;
import static dev.modelx.importer.tflite.OpTestSupport.s;
import static dev.modelx.importer.tflite.TfLiteBuilder.FLOAT32;
import static dev.modelx.importer.tflite.TfLiteBuilder.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM (batch-major, tanh) against TFLite's cell equations computed here: per step
 * f = sig(Wf x + Rf h + bf + pf c), i = sig(Wi x + Ri h + bi + pi c) (CIFG: 1 - f), g = tanh(Wc x + Rc h + bc),
 * c = f c + i g, o = sig(Wo x + Ro h + bo + po c), h = o tanh(c).
 */
class LstmOpsTest {

    private static final int IN = 2;
    private static final int H = 3;

    /** Gate order i, f, c, o as TFLite numbers the operands. */
    private final float[][] w = new float[4][];
    private final float[][] r = new float[4][];
    private final float[][] b = new float[4][];
    private final float[][] p = new float[3][];
    /** The backward cell of the bidirectional case. */
    private final float[][] w2 = new float[4][];
    private final float[][] r2 = new float[4][];
    private final float[][] b2 = new float[4][];
    private final float[][] p2 = new float[3][];

    LstmOpsTest() {
        fill(w, r, b, p, 0);
        fill(w2, r2, b2, p2, 31);
    }

    private static void fill(float[][] w, float[][] r, float[][] b, float[][] p, int seed) {
        for (int g = 0; g < 4; g++) {
            w[g] = wave(H * IN, 0.6f, seed + g);
            r[g] = wave(H * H, 0.5f, seed + g + 7);
            b[g] = wave(H, 0.3f, seed + g + 13);
        }
        for (int g = 0; g < 3; g++) {
            p[g] = wave(H, 0.4f, seed + g + 19);
        }
    }

    private static float[] wave(int n, float scale, int seed) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (scale * Math.sin(1.3 * i + 0.7 * seed));
        }
        return v;
    }

    private static double sig(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    private static double dot(float[] m, int row, int cols, float[] x, int off) {
        double s = 0;
        for (int k = 0; k < cols; k++) {
            s += m[row * cols + k] * x[off + k];
        }
        return s;
    }

    private float[] reference(float[] x, int steps, boolean cifg, boolean peephole) {
        return reference(x, steps, cifg, peephole, w, r, b, p);
    }

    private static float[] reference(float[] x, int steps, boolean cifg, boolean peephole, float[][] w, float[][] r, float[][] b,
            float[][] p) {
        float[] h = new float[H];
        double[] c = new double[H];
        float[] out = new float[steps * H];
        for (int t = 0; t < steps; t++) {
            float[] hPrev = h.clone();
            double[] cPrev = c.clone();
            double[] o = new double[H];
            for (int j = 0; j < H; j++) {
                double f = sig(dot(w[1], j, IN, x, t * IN) + dot(r[1], j, H, hPrev, 0) + b[1][j] + (peephole ? p[1][j] * cPrev[j] : 0));
                double i = cifg ? 1 - f : sig(dot(w[0], j, IN, x, t * IN) + dot(r[0], j, H, hPrev, 0) + b[0][j] + (peephole ? p[0][j] * cPrev[j] : 0));
                double g = Math.tanh(dot(w[2], j, IN, x, t * IN) + dot(r[2], j, H, hPrev, 0) + b[2][j]);
                c[j] = f * cPrev[j] + i * g;
                o[j] = sig(dot(w[3], j, IN, x, t * IN) + dot(r[3], j, H, hPrev, 0) + b[3][j] + (peephole ? p[2][j] * c[j] : 0));
            }
            for (int j = 0; j < H; j++) {
                h[j] = (float) (o[j] * Math.tanh(c[j]));
                out[t * H + j] = h[j];
            }
        }
        return out;
    }

    /** The op over x [1, steps, IN]; {@code dynamic} declares the time axis as -1 in the shape signature. */
    private OneOp lstm(float[] x, int steps, boolean cifg, boolean peephole, boolean dynamic) {
        OneOp op = OneOp.of("UNIDIRECTIONAL_SEQUENCE_LSTM").options(71, fbb -> {
            fbb.startTable(4);
            fbb.addByte(0, (byte) 4, -1);
            fbb.addBoolean(3, false, true);
            return fbb.endTable();
        });
        Tensor input = f(s(1, steps, IN), x);
        if (dynamic) {
            op.dynamicIn(input, 1, -1, IN);
        } else {
            op.in(input);
        }
        for (int g = 0; g < 4; g++) {
            if (g == 0 && cifg) {
                op.none();
            } else {
                op.constFloats(shape(H, IN), w[g]);
            }
        }
        for (int g = 0; g < 4; g++) {
            if (g == 0 && cifg) {
                op.none();
            } else {
                op.constFloats(shape(H, H), r[g]);
            }
        }
        for (int g = 0; g < 3; g++) {
            if (!peephole || (g == 0 && cifg)) {
                op.none();
            } else {
                op.constFloats(shape(H), p[g]);
            }
        }
        for (int g = 0; g < 4; g++) {
            if (g == 0 && cifg) {
                op.none();
            } else {
                op.constFloats(shape(H), b[g]);
            }
        }
        op.none().none().variable(1, H).variable(1, H).none().none().none().none();
        return op.out(FLOAT32, 1, steps, H);
    }

    private static long count(Model m, String opType) {
        return m.graph().nodes().stream().filter(n -> n.opType().equals(opType)).count();
    }

    @Test
    @Covers({"UNIDIRECTIONAL_SEQUENCE_LSTM"})
    void peepholeLstmBecomesOneOnnxLstm() {
        float[] x = wave(3 * IN, 1f, 3);
        assertClose(reference(x, 3, false, true), lstm(x, 3, false, true, false).run(), 1e-5f);
        Model m = lstm(x, 3, false, true, false).model();
        assertEquals(1, count(m, "LSTM"));
    }

    @Test
    @Covers({"UNIDIRECTIONAL_SEQUENCE_LSTM"})
    void dynamicSequenceLengthRunsAnyLength() {
        Model m = lstm(new float[IN], 1, false, false, true).model();
        assertEquals(1, count(m, "LSTM"), "a dynamic sequence cannot be unrolled");
        for (int steps : new int[] {1, 5}) {
            float[] x = wave(steps * IN, 1f, steps);
            Tensor y = lstm(new float[IN], 1, false, false, true).runAllWith(f(s(1, steps, IN), x)).get("y0");
            assertClose(reference(x, steps, false, false), y, 1e-5f);
        }
    }

    @Test
    @Covers({"UNIDIRECTIONAL_SEQUENCE_LSTM"})
    void cifgCellIsUnrolledAndDerivesTheInputGateFromTheForgetGate() {
        float[] x = wave(4 * IN, 1f, 5);
        assertClose(reference(x, 4, true, true), lstm(x, 4, true, true, false).run(), 1e-5f);
        assertEquals(0, count(lstm(x, 4, true, true, false).model(), "LSTM"));
        UnsupportedOpsException e = assertThrows(UnsupportedOpsException.class, () -> lstm(new float[IN], 1, true, true, true).model());
        assertTrue(e.getMessage().contains("CIFG"), e.getMessage());
    }

    @Test
    @Covers({"BIDIRECTIONAL_SEQUENCE_LSTM"})
    void bidirectionalLstmMergesForwardAndTimeReversedBackwardOutputs() {
        int steps = 3;
        float[] x = wave(steps * IN, 1f, 11);
        OneOp op = OneOp.of("BIDIRECTIONAL_SEQUENCE_LSTM").options(69, fbb -> {
            fbb.startTable(5);
            fbb.addByte(0, (byte) 4, -1);
            fbb.addBoolean(3, true, false);
            fbb.addBoolean(4, false, true);
            return fbb.endTable();
        }).in(f(s(1, steps, IN), x));
        for (float[][][] cell : new float[][][][] {{w, r, b, p}, {w2, r2, b2, p2}}) {
            for (float[] g : cell[0]) {
                op.constFloats(shape(H, IN), g);
            }
            for (float[] g : cell[1]) {
                op.constFloats(shape(H, H), g);
            }
            for (float[] g : cell[3]) {
                op.constFloats(shape(H), g);
            }
            for (float[] g : cell[2]) {
                op.constFloats(shape(H), g);
            }
            op.none().none();
        }
        op.variable(1, H).variable(1, H).variable(1, H).variable(1, H);
        for (int k = 39; k <= 47; k++) {
            op.none();
        }
        Tensor y = op.out(FLOAT32, 1, steps, 2 * H).run();
        float[] fw = reference(x, steps, false, true);
        float[] reversed = new float[x.length];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(x, (steps - 1 - t) * IN, reversed, t * IN, IN);
        }
        float[] bw = reference(reversed, steps, false, true, w2, r2, b2, p2);
        float[] want = new float[steps * 2 * H];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(fw, t * H, want, t * 2 * H, H);
            System.arraycopy(bw, (steps - 1 - t) * H, want, t * 2 * H + H, H);
        }
        assertClose(want, y, 1e-5f);
    }
}
