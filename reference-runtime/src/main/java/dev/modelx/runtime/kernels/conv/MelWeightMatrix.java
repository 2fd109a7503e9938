package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

/**
 * MelWeightMatrix (17): (dft_length / 2 + 1, num_mel_bins) triangular filters between mel-spaced points,
 * with the points snapped to spectrogram bins as the reference does.
 */
public final class MelWeightMatrix {

    private MelWeightMatrix() {
    }

    public static void v17(OpContext ctx) {
        long numMel = ctx.input(0).getLong(0);
        long dftLength = ctx.input(1).getLong(0);
        long sampleRate = ctx.input(2).getLong(0);
        double lower = ctx.input(3).getDouble(0);
        double upper = ctx.input(4).getDouble(0);
        DataType type = Windows.outputType(ctx, ctx.attrLong("output_datatype", DataType.FLOAT.code()));
        if (numMel < 1 || dftLength < 1 || sampleRate < 1 || !(lower >= 0) || !(upper > lower)) {
            throw ctx.error("need num_mel_bins, dft_length, sample_rate > 0 and 0 <= lower_edge_hertz < upper_edge_hertz, got "
                    + numMel + ", " + dftLength + ", " + sampleRate + ", " + lower + ", " + upper);
        }
        long specBins = dftLength / 2 + 1;
        Tensor.checkAllocatable(specBins * numMel, type);
        int mel = (int) numMel;
        int spec = (int) specBins;
        double lowMel = 2595 * Math.log10(1 + lower / 700);
        double highMel = 2595 * Math.log10(1 + upper / 700);
        double step = (highMel - lowMel) / (mel + 2);
        long[] bins = new long[mel + 2];
        for (int i = 0; i < mel + 2; i++) {
            double hz = 700 * (Math.pow(10, (i * step + lowMel) / 2595) - 1);
            bins[i] = (long) Math.floor((dftLength + 1) * hz / sampleRate);
        }
        double[] out = new double[spec * mel];
        for (int i = 0; i < mel; i++) {
            long lo = bins[i];
            long center = bins[i + 1];
            long hi = bins[i + 2];
            if (hi >= spec || lo < 0) {
                throw ctx.error("mel filter " + i + " reaches spectrogram bin " + hi + " beyond the " + spec + " bins");
            }
            if (center == lo) {
                out[(int) center * mel + i] = 1;
            } else {
                for (long j = lo; j <= center; j++) {
                    out[(int) j * mel + i] = (double) (j - lo) / (center - lo);
                }
            }
            if (hi > center) {
                for (long j = center; j < hi; j++) {
                    out[(int) j * mel + i] = (double) (hi - j) / (hi - center);
                }
            }
        }
        ctx.output(0, Tensors.fromDoubles(type, new long[] {spec, mel}, out));
    }
}
