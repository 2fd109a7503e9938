package dev.modelx.verify;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.value.Value;
import dev.modelx.runtime.value.TensorValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Summary statistics of one tensor: element type, shape, and over its finite numeric elements min, max, mean and
 * (population) standard deviation, plus counts of NaN and infinite elements. Strings and non-tensor values carry
 * only a description.
 */
public record TensorStats(String type, long[] shape, long elements, double min, double max, double mean, double std,
                          long nans, long infs) {

    public static TensorStats of(Value v) {
        if (v instanceof TensorValue tv) {
            return of(tv.tensor());
        }
        return new TensorStats(v == null ? "none" : v.describe(), null, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0);
    }

    public static TensorStats of(Tensor t) {
        DataType type = t.type();
        long n = t.size();
        if (type == DataType.STRING || n == 0) {
            return new TensorStats(type.displayName(), t.shape(), n, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0);
        }
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        double mean = 0, m2 = 0;
        long count = 0, nans = 0, infs = 0;
        int len = type.isComplex() ? (int) n * 2 : (int) n;
        float[] f = type == DataType.FLOAT || type == DataType.COMPLEX64 ? t.floats() : null;
        double[] d = type == DataType.DOUBLE || type == DataType.COMPLEX128 ? t.doubles() : null;
        for (int i = 0; i < len; i++) {
            double x = f != null ? f[i] : d != null ? d[i] : t.getDouble(i);
            if (Double.isNaN(x)) {
                nans++;
                continue;
            }
            if (Double.isInfinite(x)) {
                infs++;
                continue;
            }
            count++;
            min = Math.min(min, x);
            max = Math.max(max, x);
            double delta = x - mean;
            mean += delta / count;
            m2 += delta * (x - mean);
        }
        if (count == 0) {
            return new TensorStats(type.displayName(), t.shape(), n, Double.NaN, Double.NaN, Double.NaN, Double.NaN, nans, infs);
        }
        return new TensorStats(type.displayName(), t.shape(), n, min, max, mean, Math.sqrt(m2 / count), nans, infs);
    }

    /** {@code float[1, 8, 32] min -2.1 max 3.4 mean 0.01 std 0.98} (plus NaN/Inf counts when there are any). */
    public String describe() {
        StringBuilder sb = new StringBuilder(type);
        if (shape != null) {
            sb.append(Fmt.shape(shape));
        }
        if (!Double.isNaN(min)) {
            sb.append(" min ").append(Fmt.num(min)).append(" max ").append(Fmt.num(max)).append(" mean ").append(Fmt.num(mean))
                    .append(" std ").append(Fmt.num(std));
        }
        if (nans > 0) {
            sb.append(", ").append(nans).append(" NaN");
        }
        if (infs > 0) {
            sb.append(", ").append(infs).append(" Inf");
        }
        return sb.toString();
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dtype", type);
        m.put("shape", shape == null ? null : java.util.Arrays.stream(shape).boxed().toList());
        m.put("min", min);
        m.put("max", max);
        m.put("mean", mean);
        m.put("std", std);
        m.put("nan", nans);
        m.put("inf", infs);
        return m;
    }
}
