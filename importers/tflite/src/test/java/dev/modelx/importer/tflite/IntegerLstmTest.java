package dev.modelx.importer.tflite;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.Session;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static dev.modelx.importer.tflite.TfLiteBuilder.FLOAT32;
import static dev.modelx.importer.tflite.TfLiteBuilder.INT16;
import static dev.modelx.importer.tflite.TfLiteBuilder.INT32;
import static dev.modelx.importer.tflite.TfLiteBuilder.INT8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fully integer UNIDIRECTIONAL_SEQUENCE_LSTM cells (int8 input and weights, int16 cell state, batch 2, 3 steps,
 * non-zero zero points) imported and run, against TFLite's kernel loops (lstm_eval.cc LstmStepInteger8x8_16 and
 * the tensor_utils routines it calls) transcribed here element by element over the building blocks that
 * {@link QuantizedMultiplierTest} and {@link FixedPoint16Test} pin to TFLite's values. The results must be equal.
 */
class IntegerLstmTest {

    private static final int B = 2;
    private static final int T = 3;
    private static final int IN = 5;
    private static final int H = 4;
    /** Output width with a projection. */
    private static final int P = 3;
    private static final float X_SCALE = 0.05f;
    private static final int X_ZP = 3;
    private static final float H_SCALE = 0.0078f;
    private static final int H_ZP = -3;
    /** The hidden intermediate's parameters when a projection follows it. */
    private static final float HIDDEN_SCALE = 0.0061f;
    private static final int HIDDEN_ZP = 2;
    private static final int CELL_LOG2 = -11;

    /** One variant of the cell. */
    private record Cell(boolean cifg, float cellClip, boolean peephole, boolean projection, float projClip) {
        int outputs() {
            return projection ? P : H;
        }
    }

    private final byte[][] w = new byte[4][];
    private final byte[][] r = new byte[4][];
    private final int[][] bias = new int[4][];
    private final short[][] peep = new short[3][];
    private final byte[] proj;
    private final int[] projBias = new int[P];
    private final float[] wScale = {0.021f, 0.034f, 0.027f, 0.018f};
    private final float[] rScale = {0.025f, 0.019f, 0.031f, 0.022f};
    private final float[] pScale = {2.1e-4f, 1.7e-4f, 2.6e-4f};
    private static final float PROJ_SCALE = 0.029f;
    private final byte[] x = new byte[B * T * IN];

    IntegerLstmTest() {
        Random rnd = new Random(7);
        for (int g = 0; g < 4; g++) {
            w[g] = randomBytes(rnd, H * IN);
            r[g] = randomBytes(rnd, H * H);
            bias[g] = new int[H];
            for (int k = 0; k < H; k++) {
                bias[g][k] = rnd.nextInt(4001) - 2000;
            }
        }
        for (int g = 0; g < 3; g++) {
            peep[g] = new short[H];
            for (int k = 0; k < H; k++) {
                peep[g][k] = (short) (rnd.nextInt(8001) - 4000);
            }
        }
        proj = randomBytes(rnd, P * H);
        for (int k = 0; k < P; k++) {
            projBias[k] = rnd.nextInt(2001) - 1000;
        }
        rnd.nextBytes(x);
    }

    private static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (rnd.nextInt(255) - 127);
        }
        return b;
    }

    @Test
    void fullCellMatchesTheKernel() {
        check(new Cell(false, 0f, false, false, 0f));
    }

    @Test
    void cifgCellMatchesTheKernel() {
        check(new Cell(true, 0f, false, false, 0f));
    }

    @Test
    void clippedCellMatchesTheKernel() {
        Cell clipped = new Cell(false, 0.3f, false, false, 0f);
        // a cell clip of 0.3 (614 in Q4.11) binds for these weights: it changes the outputs
        assertFalse(Arrays.equals(reference(clipped), reference(new Cell(false, 0f, false, false, 0f))));
        check(clipped);
    }

    @Test
    void peepholeCellsMatchTheKernel() {
        assertFalse(Arrays.equals(reference(new Cell(false, 0f, true, false, 0f)), reference(new Cell(false, 0f, false, false, 0f))));
        check(new Cell(false, 0f, true, false, 0f));
        check(new Cell(true, 0f, true, false, 0f));
    }

    @Test
    void projectedCellsMatchTheKernel() {
        check(new Cell(false, 0f, false, true, 0f));
        Cell clipped = new Cell(false, 0f, true, true, 0.05f);
        assertFalse(Arrays.equals(reference(clipped), reference(new Cell(false, 0f, true, true, 0f))));
        check(clipped);
    }

    @Test
    void integerCellIsComputedInIntegers() {
        Model m = OpTestSupport.importBytes(model(new Cell(false, 0f, false, false, 0f)));
        long matmuls = m.graph().nodes().stream().filter(n -> n.opType().equals("MatMul")).count();
        assertEquals(1 + T, matmuls, "one input-side MatMul for all steps and one recurrent one per step");
        assertTrue(m.graph().nodes().stream().noneMatch(n -> n.opType().equals("Sigmoid") || n.opType().equals("Tanh")));
    }

    private void check(Cell cell) {
        Tensor input = Tensor.of(DataType.INT8, new long[] {B, T, IN}, x.clone());
        Model m = OpTestSupport.importBytes(model(cell));
        assertTrue(m.graph().nodes().stream().noneMatch(n -> n.opType().equals("Sigmoid") || n.opType().equals("LSTM")),
                cell + " took the float path");
        Map<String, Tensor> out;
        try (Session s = Session.create(m)) {
            out = s.runTensors(Map.of("x", input));
        }
        Tensor y = out.get("y");
        assertEquals(DataType.INT8, y.type());
        assertArrayEquals(new long[] {B, T, cell.outputs()}, y.shape());
        long[] got = y.toLongArray();
        int[] gotInts = new int[got.length];
        for (int i = 0; i < got.length; i++) {
            gotInts[i] = (int) got[i];
        }
        assertArrayEquals(reference(cell), gotInts, cell.toString());
    }

    private byte[] model(Cell cell) {
        int out = cell.outputs();
        TfLiteBuilder b = new TfLiteBuilder();
        TfLiteBuilder.Sub g = b.subgraph("main");
        int in = g.quantized("x", INT8, X_SCALE, X_ZP, B, T, IN);
        int[] ins = new int[24];
        Arrays.fill(ins, -1);
        ins[0] = in;
        for (int k = 0; k < 4; k++) {
            if (k == 0 && cell.cifg()) {
                continue;
            }
            ins[1 + k] = g.constant("w" + k, INT8, new int[] {H, IN}, w[k], new float[] {wScale[k]}, new long[] {0}, 0);
            ins[5 + k] = g.constant("r" + k, INT8, new int[] {H, out}, Arrays.copyOf(r[k], H * out), new float[] {rScale[k]},
                    new long[] {0}, 0);
            ins[12 + k] = g.constant("b" + k, INT32, new int[] {H}, TfLiteBuilder.int32Bytes(bias[k]),
                    new float[] {wScale[k] * X_SCALE}, new long[] {0}, 0);
        }
        if (cell.peephole()) {
            for (int k = cell.cifg() ? 1 : 0; k < 3; k++) {
                ins[9 + k] = g.constant("p" + k, INT16, new int[] {H}, int16Bytes(peep[k]), new float[] {pScale[k]}, new long[] {0}, 0);
            }
        }
        if (cell.projection()) {
            ins[16] = g.constant("proj", INT8, new int[] {P, H}, proj, new float[] {PROJ_SCALE}, new long[] {0}, 0);
            ins[17] = g.constant("proj_bias", INT32, new int[] {P}, TfLiteBuilder.int32Bytes(projBias),
                    new float[] {PROJ_SCALE * HIDDEN_SCALE}, new long[] {0}, 0);
        }
        ins[18] = g.quantizedVariable("h0", INT8, H_SCALE, H_ZP, B, out);
        ins[19] = g.quantizedVariable("c0", INT16, (float) Math.pow(2, CELL_LOG2), 0, B, H);
        int[] inter = new int[5];
        for (int k = 0; k < 4; k++) {
            inter[k] = g.tensor("gate" + k, FLOAT32, 0);
        }
        inter[4] = cell.projection() ? g.quantized("hidden", INT8, HIDDEN_SCALE, HIDDEN_ZP, 0) : g.quantized("hidden", INT8, H_SCALE, H_ZP, 0);
        int y = g.quantized("y", INT8, H_SCALE, H_ZP, B, T, out);
        g.op("UNIDIRECTIONAL_SEQUENCE_LSTM", ins, new int[] {y}, 71, fbb -> {
            fbb.startTable(4);
            fbb.addByte(0, (byte) 4, -1);
            fbb.addFloat(1, cell.cellClip(), 0);
            fbb.addFloat(2, cell.projClip(), 0);
            fbb.addBoolean(3, false, true);
            return fbb.endTable();
        }).intermediates(inter).io(new int[] {in}, new int[] {y});
        return b.build();
    }

    private static byte[] int16Bytes(short[] v) {
        ByteBuffer bb = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : v) {
            bb.putShort(s);
        }
        return bb.array();
    }

    // ---- the kernel, loop by loop ----

    private int[] reference(Cell cell) {
        int out = cell.outputs();
        float gateScale = (float) Math.pow(2, -12);
        QuantizedMultiplier[] mx = new QuantizedMultiplier[4];
        QuantizedMultiplier[] mh = new QuantizedMultiplier[4];
        QuantizedMultiplier[] mp = new QuantizedMultiplier[3];
        for (int g = 0; g < 4; g++) {
            mx[g] = QuantizedMultiplier.of(wScale[g] * X_SCALE / gateScale);
            mh[g] = QuantizedMultiplier.of(rScale[g] * H_SCALE / gateScale);
        }
        for (int g = 0; g < 3; g++) {
            mp[g] = QuantizedMultiplier.of((float) (Math.pow(2, CELL_LOG2) * pScale[g] / gateScale));
        }
        float hiddenScale = cell.projection() ? HIDDEN_SCALE : H_SCALE;
        int hiddenZp = cell.projection() ? HIDDEN_ZP : H_ZP;
        QuantizedMultiplier hidden = QuantizedMultiplier.of((float) (Math.pow(2, -15) / hiddenScale * Math.pow(2, -15)));
        QuantizedMultiplier mproj = QuantizedMultiplier.of(PROJ_SCALE * HIDDEN_SCALE / H_SCALE);
        int projClip = cell.projClip() > 0 ? (int) Math.min(Math.max(cell.projClip() / H_SCALE, -128f), 127f) : 0;
        float cellScale = (float) Math.pow(2, CELL_LOG2);
        int clip = cell.cellClip() > 0 ? (int) Math.min(Math.max(cell.cellClip() / cellScale, -32768f), 32767f) : 0;
        int[] y = new int[B * T * out];
        for (int b = 0; b < B; b++) {
            int[] h = new int[out];
            Arrays.fill(h, H_ZP);
            int[] c = new int[H];
            for (int t = 0; t < T; t++) {
                int[][] gate = new int[4][H];
                for (int g = cell.cifg() ? 1 : 0; g < 4; g++) {
                    for (int k = 0; k < H; k++) {
                        // MatrixBatchVectorMultiplyAccumulate: bias - zp * row sum + x . w, rescaled, saturated
                        int acc = bias[g][k];
                        for (int j = 0; j < IN; j++) {
                            acc += (x[(b * T + t) * IN + j] - X_ZP) * w[g][k * IN + j];
                        }
                        int v = sat16(mx[g].apply(acc));
                        int accH = 0;
                        for (int j = 0; j < out; j++) {
                            accH += (h[j] - H_ZP) * r[g][k * out + j];
                        }
                        gate[g][k] = sat16(mh[g].apply(accH) + v);
                        // VectorBatchVectorCwiseProductAccumulate with the old cell state (input and forget gates)
                        if (cell.peephole() && g < 2) {
                            gate[g][k] = sat16(gate[g][k] + mp[g].apply(peep[g][k] * c[k]));
                        }
                    }
                }
                int[] hidd = new int[H];
                for (int k = 0; k < H; k++) {
                    int f = FixedPoint16.logistic(gate[1][k], 3);
                    int i = cell.cifg() ? 32767 - f : FixedPoint16.logistic(gate[0][k], 3);
                    int g = FixedPoint16.tanh(gate[2][k], 3);
                    int kept = (short) QuantizedMultiplier.roundingDivideByPot(f * c[k], 15);
                    int added = (short) QuantizedMultiplier.roundingDivideByPot(i * g, 30 + CELL_LOG2);
                    c[k] = sat16(kept + added);
                    if (clip > 0) {
                        c[k] = Math.max(-clip, Math.min(clip, c[k]));
                    }
                    // the output gate is computed after the cell update: its peephole sees the new cell state
                    int og = cell.peephole() ? sat16(gate[3][k] + mp[2].apply(peep[2][k] * c[k])) : gate[3][k];
                    int o = FixedPoint16.logistic(og, 3);
                    int th = FixedPoint16.tanh(c[k], 15 + CELL_LOG2);
                    // CwiseMul to int8; with a projection the kernel adds -hidden_zp
                    hidd[k] = Math.max(-128, Math.min(127, hidden.apply(o * th) + (cell.projection() ? -hiddenZp : hiddenZp)));
                }
                int[] hNew = new int[out];
                for (int k = 0; k < out; k++) {
                    if (!cell.projection()) {
                        hNew[k] = hidd[k];
                        continue;
                    }
                    // projection_effective_bias = bias + hidden_zp * row sum
                    int acc = projBias[k];
                    for (int j = 0; j < H; j++) {
                        acc += (hidd[j] + HIDDEN_ZP) * proj[k * H + j];
                    }
                    int v = Math.max(-128, Math.min(127, mproj.apply(acc) + H_ZP));
                    hNew[k] = projClip > 0 ? Math.max(-projClip, Math.min(projClip, v)) : v;
                }
                for (int k = 0; k < out; k++) {
                    y[(b * T + t) * out + k] = hNew[k];
                }
                h = hNew;
            }
        }
        return y;
    }

    private static int sat16(int v) {
        return Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }
}
