package dev.modelx.runtime.kernels;

import dev.modelx.runtime.KernelRegistry;
import dev.modelx.runtime.kernels.conv.AffineGrid;
import dev.modelx.runtime.kernels.conv.CausalConvWithState;
import dev.modelx.runtime.kernels.conv.Col2Im;
import dev.modelx.runtime.kernels.conv.Conv;
import dev.modelx.runtime.kernels.conv.ConvTranspose;
import dev.modelx.runtime.kernels.conv.DeformConv;
import dev.modelx.runtime.kernels.conv.Dft;
import dev.modelx.runtime.kernels.conv.GlobalPool;
import dev.modelx.runtime.kernels.conv.GridSample;
import dev.modelx.runtime.kernels.conv.ImageDecoder;
import dev.modelx.runtime.kernels.conv.Lrn;
import dev.modelx.runtime.kernels.conv.MaxRoiPool;
import dev.modelx.runtime.kernels.conv.MaxUnpool;
import dev.modelx.runtime.kernels.conv.MelWeightMatrix;
import dev.modelx.runtime.kernels.conv.NonMaxSuppression;
import dev.modelx.runtime.kernels.conv.Pool;
import dev.modelx.runtime.kernels.conv.Resize;
import dev.modelx.runtime.kernels.conv.RoiAlign;
import dev.modelx.runtime.kernels.conv.Stft;
import dev.modelx.runtime.kernels.conv.Windows;

/**
 * Registers this family's kernels: convolutions, pools, resampling, signal and image ops. Versions whose
 * only change is new types or attributes that default to the old behaviour share one kernel.
 */
public final class ConvKernels {

    private ConvKernels() {
    }

    public static void register(KernelRegistry r) {
        for (int v : new int[] {1, 11, 22}) {
            r.add("Conv", v, Conv::v1);
            r.add("ConvTranspose", v, ConvTranspose::v1);
        }
        r.add("ConvInteger", 10, Conv::convInteger);
        r.add("QLinearConv", 10, Conv::qlinear);
        r.add("DeformConv", 19, DeformConv::v19);
        r.add("DeformConv", 22, DeformConv::v19);
        r.add("CausalConvWithState", 27, CausalConvWithState::v27);

        for (int v : new int[] {1, 7, 10, 11, 19, 22}) {
            r.add("AveragePool", v, Pool::average);
        }
        for (int v : new int[] {1, 8, 10, 11, 12, 22}) {
            r.add("MaxPool", v, Pool::max);
        }
        for (int v : new int[] {1, 2, 11, 18, 22}) {
            r.add("LpPool", v, Pool::lp);
        }
        for (int v : new int[] {1, 22}) {
            r.add("GlobalAveragePool", v, GlobalPool::average);
            r.add("GlobalMaxPool", v, GlobalPool::max);
            r.add("MaxRoiPool", v, MaxRoiPool::v1);
        }
        for (int v : new int[] {1, 2, 22}) {
            r.add("GlobalLpPool", v, GlobalPool::lp);
        }
        for (int v : new int[] {9, 11, 22}) {
            r.add("MaxUnpool", v, MaxUnpool::v9);
        }
        r.add("RoiAlign", 10, RoiAlign::v10);
        r.add("RoiAlign", 16, RoiAlign::v16);
        r.add("RoiAlign", 22, RoiAlign::v16);
        r.add("LRN", 1, Lrn::v1);
        r.add("LRN", 13, Lrn::v1);
        r.add("Col2Im", 18, Col2Im::v18);
        r.add("NonMaxSuppression", 10, NonMaxSuppression::v10);
        r.add("NonMaxSuppression", 11, NonMaxSuppression::v10);

        r.add("GridSample", 16, GridSample::v16);
        r.add("GridSample", 20, GridSample::v20);
        r.add("GridSample", 22, GridSample::v20);
        r.add("AffineGrid", 20, AffineGrid::v20);
        r.add("Resize", 10, Resize::v10);
        for (int v : new int[] {11, 13, 18, 19}) {
            r.add("Resize", v, Resize::v11);
        }
        r.add("Upsample", 1, Resize::upsampleV1);
        r.add("Upsample", 7, Resize::upsampleV7);
        r.add("Upsample", 9, Resize::upsampleV9);
        r.add("Upsample", 10, Resize::upsampleV9);

        r.add("DFT", 17, Dft::v17);
        r.add("DFT", 20, Dft::v20);
        r.add("STFT", 17, Stft::v17);
        r.add("HannWindow", 17, Windows::hann);
        r.add("HammingWindow", 17, Windows::hamming);
        r.add("BlackmanWindow", 17, Windows::blackman);
        r.add("MelWeightMatrix", 17, MelWeightMatrix::v17);
        r.add("ImageDecoder", 20, ImageDecoder::v20);
    }
}
