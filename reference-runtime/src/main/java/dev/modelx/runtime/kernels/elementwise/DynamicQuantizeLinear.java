package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

/**
 * DynamicQuantizeLinear (op set 11): uint8 quantization with scale and zero point from the data range
 * widened to include 0, computed in float32 arithmetic as the ONNX function body does.
 */
public final class DynamicQuantizeLinear {

    private DynamicQuantizeLinear() {
    }

    public static void v11(OpContext c) {
        Tensor x = c.input(0);
        if (x.type() != DataType.FLOAT) {
            throw c.error("x must be float, got " + x.type().displayName());
        }
        float[] v = x.floats();
        float min = 0;
        float max = 0;
        for (float f : v) {
            if (Float.isNaN(f)) {
                throw c.error("x contains NaN; the quantization range is undefined");
            }
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        float scale = (max - min) / 255f;
        float zeroPoint = scale == 0 ? 0 : (float) Math.rint(clamp(0f - min / scale));
        byte[] y = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            float q = scale == 0 ? zeroPoint : (float) Math.rint(v[i] / scale) + zeroPoint;
            y[i] = (byte) clamp(q);
        }
        c.output(0, Tensor.of(DataType.UINT8, x.shape(), y));
        c.output(1, Tensor.of(DataType.FLOAT, new long[0], new float[] {scale}));
        c.output(2, Tensor.of(DataType.UINT8, new long[0], new byte[] {(byte) zeroPoint}));
    }

    private static float clamp(float v) {
        return Math.max(0f, Math.min(255f, v));
    }
}
