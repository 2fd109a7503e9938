package dev.modelx.importer.tflite;

import dev.modelx.format.tflite.QuantizationParameters;
import dev.modelx.format.tflite.TfLiteTensor;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;

/**
 * The affine quantization of one tensor (real = scale * (q - zero_point)), per tensor or along one axis,
 * turned into the scale and zero-point tensors that QuantizeLinear/DequantizeLinear take.
 */
record Quantization(float[] scales, long[] zeroPoints, int axis, DataType storageType) {

    /** The tensor's quantization when it is an integer tensor with usable affine parameters, else null. */
    static Quantization of(TfLiteTensor t, DataType storageType) {
        if (!(storageType == DataType.INT8 || storageType == DataType.UINT8 || storageType == DataType.INT16
                || storageType == DataType.INT32 || storageType == DataType.INT4)) {
            return null;
        }
        QuantizationParameters q = t.quantization();
        if (!q.isAffine()) {
            return null;
        }
        float[] s = q.scale();
        for (float v : s) {
            if (!(v > 0) || Float.isInfinite(v)) {
                return null;
            }
        }
        long[] zp = q.zeroPoint();
        if (zp.length == 0) {
            zp = new long[s.length];
        }
        if (zp.length != s.length && zp.length != 1) {
            throw new dev.modelx.format.tflite.TfLiteFormatException("tensor '" + t.name() + "' has " + s.length
                    + " scales but " + zp.length + " zero points");
        }
        if (zp.length == 1 && s.length > 1) {
            long z = zp[0];
            zp = new long[s.length];
            java.util.Arrays.fill(zp, z);
        }
        int axis = q.quantizedDimension();
        int[] shape = t.shape();
        if (s.length > 1 && (axis < 0 || axis >= shape.length) && shape.length == 1 && shape[0] == s.length) {
            // Old converters (TOCO) copied the filter's quantized_dimension onto rank-1 per-channel biases.
            axis = 0;
        }
        if (s.length > 1 && (axis < 0 || axis >= shape.length || shape[axis] != s.length)) {
            throw new dev.modelx.format.tflite.TfLiteFormatException("tensor '" + t.name() + "' of shape "
                    + java.util.Arrays.toString(shape) + " has " + s.length + " scales along quantized_dimension " + axis);
        }
        return new Quantization(s, zp, axis, storageType);
    }

    boolean perAxis() {
        return scales.length > 1;
    }

    Tensor scaleTensor() {
        return perAxis() ? Tensor.ofFloats(new long[] {scales.length}, scales.clone()) : Tensor.ofFloats(new long[0], scales[0]);
    }

    Tensor zeroPointTensor() {
        long[] shape = perAxis() ? new long[] {zeroPoints.length} : new long[0];
        int n = zeroPoints.length > 1 || perAxis() ? zeroPoints.length : 1;
        return switch (storageType) {
            case INT8, INT4 -> {
                byte[] b = new byte[n];
                for (int i = 0; i < n; i++) {
                    b[i] = (byte) zeroPoints[i];
                }
                yield Tensor.of(storageType, shape, b);
            }
            case UINT8 -> {
                byte[] b = new byte[n];
                for (int i = 0; i < n; i++) {
                    b[i] = (byte) zeroPoints[i];
                }
                yield Tensor.of(DataType.UINT8, shape, b);
            }
            case INT16 -> {
                short[] s = new short[n];
                for (int i = 0; i < n; i++) {
                    s[i] = (short) zeroPoints[i];
                }
                yield Tensor.of(DataType.INT16, shape, s);
            }
            default -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (int) zeroPoints[i];
                }
                yield Tensor.of(DataType.INT32, shape, v);
            }
        };
    }
}
