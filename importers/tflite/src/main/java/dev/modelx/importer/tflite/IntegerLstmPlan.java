package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.Options;
import dev.modelx.format.tflite.RnnOptions;
import dev.modelx.format.tflite.TfLiteTensor;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/**
 * What TFLite's integer LSTM kernel derives from an UNIDIRECTIONAL_SEQUENCE_LSTM in its Prepare step
 * (PopulateQuantizedLstmParams8x8_16): which gates exist, the effective scales as quantized multipliers (computed
 * in float as the kernel computes them), the cell state's power-of-two scale and the quantized clips. Read by
 * {@link IntegerLstm}; {@link #of} gives null for a cell the integer path does not cover.
 */
record IntegerLstmPlan(boolean cifg, int[] gates, int cells, int inputs, int outputs, int steps, int timeAxis,
        Quantization input, Quantization state, Quantization output, int cellScaleLog2, int cellClip,
        QuantizedMultiplier[] inputScales, QuantizedMultiplier[] recurrentScales, QuantizedMultiplier hiddenScale,
        long hiddenZeroPoint, QuantizedMultiplier[] peepholeScales, QuantizedMultiplier projectionScale, int projectionClip) {

    static final float GATE_SCALE = (float) Math.pow(2, -12);
    private static final int MAX_UNROLL = 4096;

    /** Peephole inputs (cell to input, forget, output) and the gate index each serves. */
    static final int[] PEEPHOLES = {9, 10, 11};
    private static final int[] PEEPHOLE_GATES = {0, 1, 3};

    static IntegerLstmPlan of(OpContext ctx, RnnOptions.UnidirectionalSequenceLstm o) {
        if (ctx.inStorageType(0) != DataType.INT8 || o.fusedActivation() != Options.ACT_TANH || o.diagonalRecurrentTensors()) {
            return null;
        }
        for (int k : new int[] {20, 21, 22, 23}) {
            if (ctx.hasInput(k)) {
                return null;
            }
        }
        boolean cifg = !ctx.hasInput(1);
        int[] gates = cifg ? new int[] {1, 2, 3} : new int[] {0, 1, 2, 3};
        Quantization input = perTensor(ctx, 0, DataType.INT8);
        Quantization state = perTensor(ctx, 18, DataType.INT8);
        Quantization cell = perTensor(ctx, 19, DataType.INT16);
        TfLiteTensor hidden = ctx.intermediateTensor(4);
        Quantization hiddenQ = hidden == null ? null : Quantization.of(hidden, DataType.INT8);
        Quantization output = ctx.outputCount() == 1 ? Quantization.of(ctx.outTensor(0), DataType.INT8) : null;
        int[] shape = ctx.inShape(0);
        int[] sig = ctx.inTensor(0).shapeSignature();
        int timeAxis = o.timeMajor() ? 0 : 1;
        if (input == null || state == null || cell == null || cell.zeroPoints()[0] != 0 || hiddenQ == null || hiddenQ.perAxis()
                || output == null || output.perAxis() || ctx.outStorageType(0) != DataType.INT8 || shape.length != 3
                || shape[timeAxis] <= 0 || shape[timeAxis] > MAX_UNROLL || (sig.length == 3 && sig[timeAxis] < 0)) {
            return null;
        }
        double log2 = Math.log(cell.scales()[0]) / Math.log(2);
        int cellScaleLog2 = (int) Math.round(log2);
        // ApplyTanh handles Q0 to Q6 cell states; below 2^-15 the cell products would overflow int16.
        if (Math.abs(log2 - cellScaleLog2) >= 1e-3 || cellScaleLog2 < -15 || cellScaleLog2 > -9) {
            return null;
        }
        int cells = ctx.inShape(2)[0];
        int inputs = shape[2];
        int outputs = ctx.inShape(6).length == 2 ? ctx.inShape(6)[1] : -1;
        boolean projection = ctx.hasInput(16);
        if (outputs <= 0 || (!projection && outputs != cells) || (!projection && ctx.hasInput(17))) {
            return null;
        }
        QuantizedMultiplier[] inScales = new QuantizedMultiplier[gates.length];
        QuantizedMultiplier[] recScales = new QuantizedMultiplier[gates.length];
        try {
            for (int g = 0; g < gates.length; g++) {
                int gate = gates[g];
                float w = weightScale(ctx, 1 + gate, cells, inputs);
                float r = weightScale(ctx, 5 + gate, cells, outputs);
                Tensor bias = ctx.constant(12 + gate);
                if (Float.isNaN(w) || Float.isNaN(r) || bias == null || bias.type() != DataType.INT32
                        || bias.shape().length != 1 || bias.shape()[0] != cells) {
                    return null;
                }
                inScales[g] = QuantizedMultiplier.of(w * input.scales()[0] / GATE_SCALE);
                recScales[g] = QuantizedMultiplier.of(r * state.scales()[0] / GATE_SCALE);
            }
            QuantizedMultiplier[] peepholes = new QuantizedMultiplier[4];
            for (int k = 0; k < PEEPHOLES.length; k++) {
                if (ctx.hasInput(PEEPHOLES[k])) {
                    Quantization q = perTensor(ctx, PEEPHOLES[k], DataType.INT16);
                    Tensor wp = ctx.constant(PEEPHOLES[k]);
                    if (q == null || q.zeroPoints()[0] != 0 || wp == null || wp.shape().length != 1 || wp.shape()[0] != cells
                            || (PEEPHOLE_GATES[k] == 0 && cifg)) {
                        return null;
                    }
                    peepholes[PEEPHOLE_GATES[k]] = QuantizedMultiplier.of((float) (Math.pow(2, cellScaleLog2) * q.scales()[0] / GATE_SCALE));
                }
            }
            QuantizedMultiplier projectionScale = null;
            int projectionClip = 0;
            if (projection) {
                float wp = weightScale(ctx, 16, outputs, cells);
                Tensor b = ctx.constant(17);
                if (Float.isNaN(wp) || (ctx.hasInput(17) && (b == null || b.type() != DataType.INT32 || b.shape().length != 1
                        || b.shape()[0] != outputs))) {
                    return null;
                }
                projectionScale = QuantizedMultiplier.of(wp * hiddenQ.scales()[0] / state.scales()[0]);
                projectionClip = o.projClip() > 0 ? (byte) (int) Math.min(Math.max(o.projClip() / output.scales()[0], -128f), 127f) : 0;
            }
            float hiddenScale = (float) (Math.pow(2, -15) / hiddenQ.scales()[0] * Math.pow(2, -15));
            int clip = o.cellClip() > 0
                    ? (int) Math.min(Math.max(o.cellClip() / cell.scales()[0], (float) Short.MIN_VALUE), (float) Short.MAX_VALUE) : 0;
            return new IntegerLstmPlan(cifg, gates, cells, inputs, outputs, shape[timeAxis], timeAxis, input, state, output, cellScaleLog2,
                    (short) clip, inScales, recScales, QuantizedMultiplier.of(hiddenScale), hiddenQ.zeroPoints()[0], peepholes,
                    projectionScale, projectionClip);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Quantization perTensor(OpContext ctx, int k, DataType type) {
        if (!ctx.hasInput(k) || ctx.inStorageType(k) != type) {
            return null;
        }
        Quantization q = ctx.inQuantization(k);
        return q == null || q.perAxis() ? null : q;
    }

    /** The scale of constant symmetric int8 weights of shape [rows, cols], or NaN when they are anything else. */
    private static float weightScale(OpContext ctx, int k, int rows, int cols) {
        Quantization q = perTensor(ctx, k, DataType.INT8);
        Tensor w = ctx.constant(k);
        if (q == null || q.zeroPoints()[0] != 0 || w == null || w.shape().length != 2 || w.shape()[0] != rows || w.shape()[1] != cols) {
            return Float.NaN;
        }
        return q.scales()[0];
    }
}
