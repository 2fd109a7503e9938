package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import static dev.modelx.runtime.kernels.conv.ConvRun.check;
import static dev.modelx.runtime.kernels.conv.ConvRun.f;
import static dev.modelx.runtime.kernels.conv.ConvRun.fails;
import static dev.modelx.runtime.kernels.conv.ConvRun.op;
import static dev.modelx.runtime.kernels.conv.ConvRun.s;
import static dev.modelx.runtime.kernels.conv.ConvRun.y;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SignalTest {

    private static final Tensor SIGNAL = f(s(1, 4, 1), 1, 2, 3, 4);
    private static final double[] SPECTRUM = {10, 0, -2, 2, -2, 0, -2, -2};

    @Test
    void dftOfARealSignal() {
        check(y(op("DFT", "x").attr("axis", 1L), 17, "x", SIGNAL), s(1, 4, 2), SPECTRUM);
        check(y(op("DFT", "x").attr("axis", 1L).attr("onesided", 1L), 17, "x", SIGNAL), s(1, 3, 2), 10, 0, -2, 2, -2, 0);
    }

    @Test
    void inverseDftRestoresTheSignal() {
        check(y(op("DFT", "x").attr("inverse", 1L), 20, "x", f(s(1, 4, 2), SPECTRUM)), s(1, 4, 2), 1, 0, 2, 0, 3, 0, 4, 0);
        // IRFFT from the one-sided half spectrum
        check(y(op("DFT", "x").attr("inverse", 1L).attr("onesided", 1L), 20, "x", f(s(1, 3, 2), 10, 0, -2, 2, -2, 0)),
                s(1, 4, 1), 1, 2, 3, 4);
    }

    @Test
    void dftOfANonPowerOfTwoLengthAndAxisInput() {
        Tensor delta = f(s(5, 1), 1, 0, 0, 0, 0);
        check(y(op("DFT", "x", "", "axis"), 20, "x", delta, "axis", Tensor.scalar(0L)), s(5, 2), 1, 0, 1, 0, 1, 0, 1, 0, 1, 0);
        // dft_length pads with zeros
        Tensor r = y(op("DFT", "x", "n", "axis"), 20, "x", f(s(1, 1), 1), "n", Tensor.scalar(3L), "axis", Tensor.scalar(0L));
        check(r, s(3, 2), 1, 0, 1, 0, 1, 0);
    }

    @Test
    void dftRejectsTheComplexAxis() {
        fails("out of range", op("DFT", "x", "", "axis"), 20, "x", SIGNAL, "axis", Tensor.scalar(2L));
    }

    @Test
    void stftFramesTheSignal() {
        check(y(op("STFT", "x", "step", "", "len"), 17, "x", SIGNAL, "step", Tensor.scalar(2L), "len", Tensor.scalar(2L)),
                s(1, 2, 2, 2), 3, 0, -1, 0, 7, 0, -1, 0);
        Tensor window = f(s(2), 0, 1);
        check(y(op("STFT", "x", "step", "w"), 17, "x", SIGNAL, "step", Tensor.scalar(2L), "w", window),
                s(1, 2, 2, 2), 2, 0, -2, 0, 4, 0, -4, 0);
    }

    @Test
    void windows() {
        check(y(op("HannWindow", "n"), 17, "n", Tensor.scalar(4L)), s(4), 0, 0.5, 1, 0.5);
        check(y(op("HannWindow", "n").attr("periodic", 0L), 17, "n", Tensor.scalar(3L)), s(3), 0, 1, 0);
        check(y(op("HammingWindow", "n"), 17, "n", Tensor.scalar(2L)), s(2), 4.0 / 46, 1);
        check(y(op("BlackmanWindow", "n"), 17, "n", Tensor.scalar(2L)), s(2), 0, 1);
        Tensor d = y(op("HannWindow", "n").attr("output_datatype", (long) DataType.DOUBLE.code()), 17, "n", Tensor.scalar(2L));
        assertEquals(DataType.DOUBLE, d.type());
    }

    @Test
    void melWeightMatrixHasTriangularFilters() {
        Tensor r = y(op("MelWeightMatrix", "m", "n", "sr", "lo", "hi"), 17, "m", Tensor.scalar(4L), "n", Tensor.scalar(32L),
                "sr", Tensor.scalar(16000L), "lo", Tensor.scalar(0f), "hi", Tensor.scalar(8000f));
        assertEquals(17, r.dim(0));
        assertEquals(4, r.dim(1));
        for (int m = 0; m < 4; m++) {
            double peak = 0;
            for (int k = 0; k < 17; k++) {
                double v = r.getDouble(k * 4 + m);
                assertEquals(true, v >= 0 && v <= 1, "weight in [0, 1]");
                peak = Math.max(peak, v);
            }
            assertEquals(1.0, peak, 1e-6, "each filter peaks at 1");
        }
    }
}
