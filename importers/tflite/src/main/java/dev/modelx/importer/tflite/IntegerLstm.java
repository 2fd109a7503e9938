package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.RnnOptions;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM with int8 input and weights and an int16 cell state, as TFLite runs it
 * (lstm_eval.cc, LstmStepInteger8x8_16), in integer ONNX arithmetic so that the result matches bit for bit; the
 * float expansion misses by a step wherever gemmlowp's 16-bit sigmoid/tanh approximations tip a rounding. Per
 * gate g, with gates in Q3.12 (scale 2^-12), the cell state c in Q(15+s).(-s) for its scale 2^s:
 * <pre>
 *   gate_g = sat16(sat16(MBQM(sum (x - x_zp) W_g + b_g, M_xg)) + MBQM(sum (h - h_zp) R_g, M_hg))
 *   i, f, o = logistic16(gate) (CIFG: i = 32767 - f), g = tanh16(gate), all Q0.15
 *   c = sat16(rdiv(f c, 2^15) + rdiv(i g, 2^(30+s)))  (then clipped when cell_clip is set)
 *   h = clamp(MBQM(o tanh16(c), M_hidden) + hidden_zp, -128, 127)
 * </pre>
 * Peepholes (int16 weights p_g) add sat16(MBQM(p_g c, M_cg)) to gates i and f (old c) and o (new c). A projection
 * (int8 weights P) makes h = clamp(MBQM(sum hidden P + b, M_proj) + h_zp, -128, 127), hidden being the int8
 * value the line above computes (at the hidden intermediate's scale), with the kernel's own zero-point
 * bookkeeping (see {@link #project}), then clipped when proj_clip is set.
 * MBQM is MultiplyByQuantizedMultiplier and the multipliers are the kernel's effective scales (e.g. weight scale
 * times input scale over 2^-12); logistic16/tanh16 are lookup tables of {@link FixedPoint16}. The input-side
 * products of all steps are computed at once; the recurrence is unrolled over the static sequence length.
 * Layer-normalised cells are not covered (their integer kernel normalises with its own square root): they keep
 * the float expansion, as do cells with per-channel or asymmetric weights, which the kernel does not take.
 */
final class IntegerLstm {

    private static final int GATE_INTEGER_BITS = 3;

    private IntegerLstm() {
    }

    /** Converts the operator when it is a fully integer cell this class covers; false leaves it to the float path. */
    static boolean convert(OpContext ctx, RnnOptions.UnidirectionalSequenceLstm o) {
        IntegerLstmPlan p = IntegerLstmPlan.of(ctx, o);
        if (p == null) {
            return false;
        }
        emit(ctx, p);
        return true;
    }

    private static void emit(OpContext ctx, IntegerLstmPlan p) {
        String inputWeights = IntegerArithmetic.cast(ctx, ctx.constTensor(transposedGates(ctx, p, 1, p.inputs())), DataType.INT32);
        String recurrentWeights = IntegerArithmetic.cast(ctx, ctx.constTensor(transposedGates(ctx, p, 5, p.outputs())), DataType.INT32);
        String bias = ctx.constTensor(gateBiases(ctx, p));
        String projectionWeights = p.projectionScale() == null ? null
                : IntegerArithmetic.cast(ctx, ctx.constTensor(transposed(ctx.constant(16), p.outputs(), p.cells())), DataType.INT32);
        String projectionBias = p.projectionScale() == null ? null : ctx.constTensor(projectionBias(ctx, p));

        // Input side of every gate for all steps: [.., T, .., gates * cells].
        String x = ctx.op1("MatMul", withoutZeroPoint(ctx, ctx.inIntegers(0), p.input()), inputWeights);
        x = IntegerArithmetic.toInt64(ctx, ctx.op1("Add", x, bias));
        String inputGates = IntegerArithmetic.clipInt16(ctx,
                IntegerArithmetic.multiplyByQuantizedMultiplier(ctx, x, perColumn(p.inputScales(), p.cells())));

        String h = ctx.inIntegers(18);
        String c = IntegerArithmetic.toInt64(ctx, ctx.inIntegers(19));
        QuantizedMultiplier[] recurrentScales = perColumn(p.recurrentScales(), p.cells());
        long[] split = new long[p.gates().length];
        java.util.Arrays.fill(split, p.cells());
        String hiddenTable = "tflite_tanh16_q" + (15 + p.cellScaleLog2());
        List<String> hs = new ArrayList<>();
        for (int t = 0; t < p.steps(); t++) {
            String xt = ctx.op1Node("Gather", inputGates, ctx.constLongScalar(t)).attr("axis", (long) p.timeAxis()).outputs().get(0);
            String r = IntegerArithmetic.toInt64(ctx, ctx.op1("MatMul", withoutZeroPoint(ctx, h, p.state()), recurrentWeights));
            String gates = IntegerArithmetic.clipInt16(ctx,
                    ctx.op1("Add", xt, IntegerArithmetic.multiplyByQuantizedMultiplier(ctx, r, recurrentScales)));
            List<String> parts = ctx.add("Split", List.of(gates, ctx.constLongs(split)), fresh(ctx, "gate", split.length))
                    .attr("axis", -1L).outputs();
            int k = 0;
            String in = p.cifg() ? null : sigmoid(ctx, peephole(ctx, p, 0, parts.get(k++), c));
            String forget = sigmoid(ctx, peephole(ctx, p, 1, parts.get(k++), c));
            String update = IntegerArithmetic.lookupInt16(ctx, parts.get(k++), "tflite_tanh16_q" + GATE_INTEGER_BITS,
                    () -> FixedPoint16.table(v -> FixedPoint16.tanh(v, GATE_INTEGER_BITS)));
            if (in == null) {
                in = ctx.op1("Sub", ctx.constLongScalar(Short.MAX_VALUE), forget);
            }
            String kept = IntegerArithmetic.roundingDivideByPot(ctx, ctx.op1("Mul", forget, c), 15);
            String added = IntegerArithmetic.roundingDivideByPot(ctx, ctx.op1("Mul", in, update), 30 + p.cellScaleLog2());
            c = IntegerArithmetic.clipInt16(ctx, ctx.op1("Add", kept, added));
            if (p.cellClip() > 0) {
                c = IntegerArithmetic.clip(ctx, c, -p.cellClip(), p.cellClip());
            }
            // the output gate's peephole reads the new cell state
            String out = sigmoid(ctx, peephole(ctx, p, 3, parts.get(k), c));
            int bits = 15 + p.cellScaleLog2();
            String tanhC = IntegerArithmetic.lookupInt16(ctx, c, hiddenTable, () -> FixedPoint16.table(v -> FixedPoint16.tanh(v, bits)));
            String scaled = IntegerArithmetic.multiplyByQuantizedMultiplier(ctx, ctx.op1("Mul", out, tanhC),
                    new QuantizedMultiplier[] {p.hiddenScale()});
            if (p.projectionScale() == null) {
                h = IntegerArithmetic.clip(ctx, ctx.op1("Add", scaled, ctx.constLongScalar(p.hiddenZeroPoint())), -128, 127);
            } else {
                h = project(ctx, p, scaled, projectionWeights, projectionBias);
            }
            hs.add(ctx.op1("Unsqueeze", h, ctx.constLongs(p.timeAxis())));
        }
        String y = hs.size() == 1 ? hs.get(0) : ctx.op1Node("Concat", hs.toArray(String[]::new)).attr("axis", (long) p.timeAxis()).outputs().get(0);
        y = IntegerArithmetic.cast(ctx, y, DataType.INT8);
        // The kernel copies the output state's bytes into the output, which is read with the output's own parameters.
        ctx.emit("DequantizeLinear", ctx.out(0), y, ctx.constTensor(p.output().scaleTensor()), ctx.constTensor(p.output().zeroPointTensor()));
    }

    /** gate + sat16(MBQM(peephole weights * c)) when gate {@code g} has a peephole, else the gate as it is. */
    private static String peephole(OpContext ctx, IntegerLstmPlan p, int g, String gate, String c) {
        QuantizedMultiplier m = p.peepholeScales()[g];
        if (m == null) {
            return gate;
        }
        long[] w = ctx.constant(IntegerLstmPlan.PEEPHOLES[g == 3 ? 2 : g]).toLongArray();
        String product = ctx.op1("Mul", c, ctx.constLongs(w));
        return IntegerArithmetic.clipInt16(ctx, ctx.op1("Add", gate,
                IntegerArithmetic.multiplyByQuantizedMultiplier(ctx, product, new QuantizedMultiplier[] {m})));
    }

    /**
     * The projection as CalculateLstmOutputInteger8x8_16 does it: the hidden value is stored with -hidden_zp added
     * (clamped to int8), and the effective bias holds +hidden_zp times each weight row's sum, which cancel unless
     * the clamp bit; then MBQM to the output state's scale, its zero point, int8 range and proj_clip.
     */
    private static String project(OpContext ctx, IntegerLstmPlan p, String scaled, String weights, String bias) {
        String hidden = IntegerArithmetic.clip(ctx, ctx.op1("Sub", scaled, ctx.constLongScalar(p.hiddenZeroPoint())), -128, 127);
        String acc = ctx.op1("Add", ctx.op1("MatMul", IntegerArithmetic.cast(ctx, hidden, DataType.INT32), weights), bias);
        String y = IntegerArithmetic.multiplyByQuantizedMultiplier(ctx, IntegerArithmetic.toInt64(ctx, acc),
                new QuantizedMultiplier[] {p.projectionScale()});
        y = IntegerArithmetic.clip(ctx, ctx.op1("Add", y, ctx.constLongScalar(p.state().zeroPoints()[0])), -128, 127);
        return p.projectionClip() > 0 ? IntegerArithmetic.clip(ctx, y, -p.projectionClip(), p.projectionClip()) : y;
    }

    /** Projection bias (zeros when absent) plus hidden_zp times each row sum of the projection weights. */
    private static Tensor projectionBias(OpContext ctx, IntegerLstmPlan p) {
        long[] w = ctx.constant(16).toLongArray();
        Tensor b = ctx.constant(17);
        long[] bias = b == null ? new long[p.outputs()] : b.toLongArray();
        int[] out = new int[p.outputs()];
        for (int r = 0; r < p.outputs(); r++) {
            long sum = 0;
            for (int j = 0; j < p.cells(); j++) {
                sum += w[r * p.cells() + j];
            }
            out[r] = (int) (bias[r] + p.hiddenZeroPoint() * sum);
        }
        return Tensor.of(DataType.INT32, new long[] {out.length}, out);
    }

    /** A constant [rows, cols] matrix transposed to [cols, rows], int8. */
    private static Tensor transposed(Tensor m, int rows, int cols) {
        long[] v = m.toLongArray();
        byte[] out = new byte[v.length];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                out[j * rows + r] = (byte) v[r * cols + j];
            }
        }
        return Tensor.of(DataType.INT8, new long[] {cols, rows}, out);
    }

    private static String sigmoid(OpContext ctx, String x) {
        return IntegerArithmetic.lookupInt16(ctx, x, "tflite_logistic16_q" + GATE_INTEGER_BITS,
                () -> FixedPoint16.table(v -> FixedPoint16.logistic(v, GATE_INTEGER_BITS)));
    }

    private static List<String> fresh(OpContext ctx, String hint, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(ctx.fresh(hint));
        }
        return out;
    }

    /**
     * x - zero_point in int32, x an int8 or int64 value of the int8 range. Products are then accumulated by an int32
     * MatMul, as the kernel accumulates them (MatMulInteger would do the same, but fewer exporters know it).
     */
    private static String withoutZeroPoint(OpContext ctx, String x, Quantization q) {
        String xi = IntegerArithmetic.cast(ctx, x, DataType.INT32);
        long zp = q.zeroPoints()[0];
        return zp == 0 ? xi : ctx.op1("Sub", xi, ctx.constTensor(Tensor.ofInts(new long[0], (int) zp)));
    }

    private static QuantizedMultiplier[] perColumn(QuantizedMultiplier[] perGate, int cells) {
        QuantizedMultiplier[] out = new QuantizedMultiplier[perGate.length * cells];
        for (int i = 0; i < out.length; i++) {
            out[i] = perGate[i / cells];
        }
        return out;
    }

    /** Gate weights [cells, cols] at inputs first + gate, as one [cols, gates * cells] int8 matrix. */
    private static Tensor transposedGates(OpContext ctx, IntegerLstmPlan p, int first, int cols) {
        int n = p.gates().length * p.cells();
        byte[] out = new byte[cols * n];
        for (int g = 0; g < p.gates().length; g++) {
            long[] w = ctx.constant(first + p.gates()[g]).toLongArray();
            for (int r = 0; r < p.cells(); r++) {
                for (int j = 0; j < cols; j++) {
                    out[j * n + g * p.cells() + r] = (byte) w[r * cols + j];
                }
            }
        }
        return Tensor.of(DataType.INT8, new long[] {cols, n}, out);
    }

    private static Tensor gateBiases(OpContext ctx, IntegerLstmPlan p) {
        int[] out = new int[p.gates().length * p.cells()];
        for (int g = 0; g < p.gates().length; g++) {
            long[] b = ctx.constant(12 + p.gates()[g]).toLongArray();
            for (int r = 0; r < p.cells(); r++) {
                out[g * p.cells() + r] = (int) b[r];
            }
        }
        return Tensor.of(DataType.INT32, new long[] {out.length}, out);
    }
}
