package dev.modelx.runtime.kernels;

import dev.modelx.runtime.KernelRegistry;
import dev.modelx.runtime.kernels.nn.BatchNormalization;
import dev.modelx.runtime.kernels.nn.Det;
import dev.modelx.runtime.kernels.nn.Dropout;
import dev.modelx.runtime.kernels.nn.Einsum;
import dev.modelx.runtime.kernels.nn.Gemm;
import dev.modelx.runtime.kernels.nn.GroupNormalization;
import dev.modelx.runtime.kernels.nn.Gru;
import dev.modelx.runtime.kernels.nn.InstanceNormalization;
import dev.modelx.runtime.kernels.nn.LayerNormalization;
import dev.modelx.runtime.kernels.nn.LpNormalization;
import dev.modelx.runtime.kernels.nn.Lstm;
import dev.modelx.runtime.kernels.nn.MatMul;
import dev.modelx.runtime.kernels.nn.MatMulInteger;
import dev.modelx.runtime.kernels.nn.MeanVarianceNormalization;
import dev.modelx.runtime.kernels.nn.NegativeLogLikelihoodLoss;
import dev.modelx.runtime.kernels.nn.QLinearMatMul;
import dev.modelx.runtime.kernels.nn.RmsNormalization;
import dev.modelx.runtime.kernels.nn.Rnn;
import dev.modelx.runtime.kernels.nn.Softmax;
import dev.modelx.runtime.kernels.nn.SoftmaxCrossEntropyLoss;

/** Registers this family's kernels: matmuls, normalisations, softmax family, losses, dropout, recurrent. */
public final class NnKernels {

    private NnKernels() {
    }

    public static void register(KernelRegistry r) {
        registerMatrix(r);
        registerNormalization(r);
        registerSoftmax(r);
        registerRecurrent(r);
        for (int v : new int[] {1, 6, 7}) {
            r.add("Dropout", v, Dropout::v1);
        }
        r.add("Dropout", 10, Dropout::v10);
        for (int v : new int[] {12, 13, 22}) {
            r.add("Dropout", v, Dropout::v12);
        }
    }

    private static void registerMatrix(KernelRegistry r) {
        for (int v : new int[] {1, 9, 13}) {
            r.add("MatMul", v, MatMul::run);
        }
        r.add("MatMulInteger", 10, MatMulInteger::v10);
        r.add("QLinearMatMul", 10, QLinearMatMul::run);
        r.add("QLinearMatMul", 21, QLinearMatMul::run);
        r.add("Gemm", 1, Gemm::v1);
        r.add("Gemm", 6, Gemm::v1);
        r.add("Gemm", 7, Gemm::v7);
        r.add("Gemm", 9, Gemm::v7);
        r.add("Gemm", 11, Gemm::v11);
        r.add("Gemm", 13, Gemm::v11);
        r.add("Einsum", 12, Einsum::v12);
        r.add("Det", 11, Det::run);
        r.add("Det", 22, Det::run);
    }

    private static void registerNormalization(KernelRegistry r) {
        for (int v : new int[] {1, 6, 7}) {
            r.add("BatchNormalization", v, BatchNormalization::v1);
        }
        r.add("BatchNormalization", 9, BatchNormalization::v9);
        r.add("BatchNormalization", 14, BatchNormalization::v14);
        r.add("BatchNormalization", 15, BatchNormalization::v14);
        for (int v : new int[] {1, 6, 22}) {
            r.add("InstanceNormalization", v, InstanceNormalization::run);
        }
        r.add("LayerNormalization", 17, LayerNormalization::v17);
        r.add("GroupNormalization", 18, GroupNormalization::v18);
        r.add("GroupNormalization", 21, GroupNormalization::v21);
        r.add("RMSNormalization", 23, RmsNormalization::v23);
        r.add("MeanVarianceNormalization", 1, MeanVarianceNormalization::run);
        r.add("MeanVarianceNormalization", 9, MeanVarianceNormalization::run);
        r.add("MeanVarianceNormalization", 13, MeanVarianceNormalization::run);
        r.add("LpNormalization", 1, LpNormalization::run);
        r.add("LpNormalization", 22, LpNormalization::run);
    }

    private static void registerSoftmax(KernelRegistry r) {
        for (int v : new int[] {1, 11}) {
            r.add("Softmax", v, Softmax::softmaxV1);
            r.add("LogSoftmax", v, Softmax::logSoftmaxV1);
            r.add("Hardmax", v, Softmax::hardmaxV1);
        }
        r.add("Softmax", 13, Softmax::softmaxV13);
        r.add("LogSoftmax", 13, Softmax::logSoftmaxV13);
        r.add("Hardmax", 13, Softmax::hardmaxV13);
        for (int v : new int[] {12, 13}) {
            r.add("SoftmaxCrossEntropyLoss", v, SoftmaxCrossEntropyLoss::run);
        }
        for (int v : new int[] {12, 13, 22}) {
            r.add("NegativeLogLikelihoodLoss", v, NegativeLogLikelihoodLoss::run);
        }
    }

    private static void registerRecurrent(KernelRegistry r) {
        r.add("RNN", 1, Rnn::v1);
        r.add("RNN", 7, Rnn::v1);
        r.add("RNN", 14, Rnn::v14);
        r.add("RNN", 22, Rnn::v14);
        r.add("GRU", 1, Gru::v1);
        r.add("GRU", 3, Gru::v3);
        r.add("GRU", 7, Gru::v3);
        r.add("GRU", 14, Gru::v14);
        r.add("GRU", 22, Gru::v14);
        r.add("LSTM", 1, Lstm::v1);
        r.add("LSTM", 7, Lstm::v1);
        r.add("LSTM", 14, Lstm::v14);
        r.add("LSTM", 22, Lstm::v14);
    }
}
