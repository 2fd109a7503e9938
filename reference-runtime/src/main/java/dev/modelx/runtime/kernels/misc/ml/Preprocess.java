package dev.modelx.runtime.kernels.misc.ml;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** ai.onnx.ml feature preprocessing (op set 1): Normalizer, Scaler, Imputer, OneHotEncoder, CategoryMapper, FeatureVectorizer. */
public final class Preprocess {

    private Preprocess() {
    }

    /** Rows ([C] is one row) normalised by their max, L1 or L2 norm; a zero divisor leaves the row as is. */
    public static void normalizer(OpContext ctx) {
        Tensor x = numeric(ctx, 0);
        if (x.rank() != 1 && x.rank() != 2) {
            throw ctx.error("X must be [C] or [N, C], got " + OpContext.shape(x.shape()));
        }
        String norm = ctx.attrString("norm", "MAX");
        int cols = (int) x.dim(x.rank() - 1);
        double[] v = x.toDoubleArray();
        for (int r = 0; cols > 0 && r < v.length / cols; r++) {
            double d = 0;
            for (int c = 0; c < cols; c++) {
                double e = v[r * cols + c];
                d = switch (norm) {
                    case "MAX" -> c == 0 ? e : Math.max(d, e);
                    case "L1" -> d + Math.abs(e);
                    case "L2" -> d + e * e;
                    default -> throw ctx.error("norm must be MAX, L1 or L2, got '" + norm + "'");
                };
            }
            if (norm.equals("L2")) {
                d = Math.sqrt(d);
            }
            for (int c = 0; d != 0 && c < cols; c++) {
                v[r * cols + c] /= d;
            }
        }
        ctx.output(0, Tensors.fromDoubles(DataType.FLOAT, x.shape(), v));
    }

    /** Y = (X - offset) * scale, offset and scale of length 1 or the last dimension. */
    public static void scaler(OpContext ctx) {
        Tensor x = numeric(ctx, 0);
        float[] offset = ctx.attrFloats("offset", new float[]{0f});
        float[] scale = ctx.attrFloats("scale", new float[]{1f});
        long last = x.rank() == 0 ? 1 : x.dim(x.rank() - 1);
        for (float[] a : new float[][]{offset, scale}) {
            if (a.length != 1 && a.length != last) {
                throw ctx.error("offset and scale must have 1 or " + last + " entries, got " + offset.length + " and " + scale.length);
            }
        }
        double[] v = x.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            int f = (int) (i % last);
            v[i] = (v[i] - offset[offset.length == 1 ? 0 : f]) * scale[scale.length == 1 ? 0 : f];
        }
        ctx.output(0, Tensors.fromDoubles(DataType.FLOAT, x.shape(), v));
    }

    /** Replaces elements equal to the replaced value (NaN matches NaN) by the imputed value of their feature. */
    public static void imputer(OpContext ctx) {
        Tensor x = numeric(ctx, 0);
        long last = x.rank() == 0 ? 1 : x.dim(x.rank() - 1);
        if (x.type().isFloatingPoint()) {
            float[] imputed = ctx.attrFloats("imputed_value_floats", null);
            if (imputed == null || imputed.length != 1 && imputed.length != last) {
                throw ctx.error("imputed_value_floats must have 1 or " + last + " entries for a floating-point input");
            }
            double replaced = ctx.attrFloat("replaced_value_float", 0f);
            double[] v = x.toDoubleArray();
            for (int i = 0; i < v.length; i++) {
                if (v[i] == replaced || Double.isNaN(v[i]) && Double.isNaN(replaced)) {
                    v[i] = imputed[imputed.length == 1 ? 0 : (int) (i % last)];
                }
            }
            ctx.output(0, Tensors.fromDoubles(x.type(), x.shape(), v));
        } else {
            long[] imputed = ctx.attrLongs("imputed_value_int64s", null);
            if (imputed == null || imputed.length != 1 && imputed.length != last) {
                throw ctx.error("imputed_value_int64s must have 1 or " + last + " entries for an integer input");
            }
            long replaced = ctx.attrLong("replaced_value_int64", 0);
            long[] v = x.toLongArray();
            for (int i = 0; i < v.length; i++) {
                if (v[i] == replaced) {
                    v[i] = imputed[imputed.length == 1 ? 0 : (int) (i % last)];
                }
            }
            ctx.output(0, Tensors.fromLongs(x.type(), x.shape(), v));
        }
    }

    /** One float one-hot row per element over cats_int64s or cats_strings; unknown values give zeros (or an error). */
    public static void oneHotEncoder(OpContext ctx) {
        Tensor x = ctx.input(0);
        Attribute ints = ctx.attr("cats_int64s");
        Attribute strs = ctx.attr("cats_strings");
        if ((ints == null) == (strs == null)) {
            throw ctx.error("exactly one of cats_int64s and cats_strings must be set");
        }
        Map<Object, Integer> index = new HashMap<>();
        int cats;
        if (strs != null) {
            if (x.type() != DataType.STRING) {
                throw ctx.error("cats_strings needs a string input, got " + x.type().displayName());
            }
            List<String> s = strs.asStrings();
            cats = s.size();
            for (int i = 0; i < cats; i++) {
                index.putIfAbsent(s.get(i), i);
            }
        } else {
            if (x.type() == DataType.STRING) {
                throw ctx.error("cats_int64s needs a numeric input, got string");
            }
            long[] l = ints.asLongs();
            cats = l.length;
            for (int i = 0; i < cats; i++) {
                index.putIfAbsent(l[i], i);
            }
        }
        boolean zeros = ctx.attrLong("zeros", 1) != 0;
        long n = x.size();
        Tensor.checkAllocatable(n * cats, DataType.FLOAT);
        float[] out = new float[(int) (n * cats)];
        for (int i = 0; i < n; i++) {
            Object key = x.type() == DataType.STRING ? x.strings()[i] : (Object) (long) x.getDouble(i);
            Integer c = index.get(key);
            if (c == null) {
                if (!zeros) {
                    throw ctx.error("value " + key + " at index " + i + " is not a known category (zeros=0)");
                }
                continue;
            }
            out[i * cats + c] = 1f;
        }
        long[] shape = java.util.Arrays.copyOf(x.shape(), x.rank() + 1);
        shape[x.rank()] = cats;
        ctx.output(0, Tensor.ofFloats(shape, out));
    }

    /** Strings to int64 through cats_strings/cats_int64s (default_int64), or int64 back to strings (default_string). */
    public static void categoryMapper(OpContext ctx) {
        Tensor x = ctx.input(0);
        List<String> strs = ctx.hasAttr("cats_strings") ? ctx.attr("cats_strings").asStrings() : List.of();
        long[] ints = ctx.attrLongs("cats_int64s", new long[0]);
        if (strs.size() != ints.length) {
            throw ctx.error("cats_strings has " + strs.size() + " entries but cats_int64s has " + ints.length);
        }
        if (x.type() == DataType.STRING) {
            Map<String, Long> m = new HashMap<>();
            for (int i = 0; i < ints.length; i++) {
                m.putIfAbsent(strs.get(i), ints[i]);
            }
            long dflt = ctx.attrLong("default_int64", -1);
            String[] s = x.strings();
            long[] out = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                out[i] = m.getOrDefault(s[i], dflt);
            }
            ctx.output(0, Tensor.ofLongs(x.shape(), out));
        } else if (x.type() == DataType.INT64) {
            Map<Long, String> m = new HashMap<>();
            for (int i = 0; i < ints.length; i++) {
                m.putIfAbsent(ints[i], strs.get(i));
            }
            String dflt = ctx.attrString("default_string", "_Unused");
            String[] out = new String[(int) x.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = m.getOrDefault(x.longs()[i], dflt);
            }
            ctx.output(0, Tensor.ofStrings(x.shape(), out));
        } else {
            throw ctx.error("input must be string or int64, got " + x.type().displayName());
        }
    }

    /** Concatenates [N, C_i] inputs (1-D as [1, C]) along axis 1 as float, each padded or cut to inputdimensions[i]. */
    public static void featureVectorizer(OpContext ctx) {
        int k = ctx.inputCount();
        long[] dims = ctx.attrLongs("inputdimensions", null);
        if (dims == null || dims.length != k) {
            throw ctx.error("inputdimensions must give one size per input (" + k + " inputs)");
        }
        long rows = -1;
        long total = 0;
        Tensor[] in = new Tensor[k];
        for (int i = 0; i < k; i++) {
            in[i] = numeric(ctx, i);
            long r = in[i].rank() <= 1 ? 1 : in[i].size() / Math.max(1, in[i].dim(in[i].rank() - 1));
            if (in[i].rank() > 1 && in[i].dim(in[i].rank() - 1) == 0) {
                r = in[i].dim(0);
            }
            if (rows >= 0 && r != rows) {
                throw ctx.error("input " + i + " has " + r + " rows but input 0 has " + rows);
            }
            rows = r;
            if (dims[i] < 0) {
                throw ctx.error("inputdimensions[" + i + "] is negative");
            }
            total += dims[i];
        }
        Tensor.checkAllocatable(rows * total, DataType.FLOAT);
        float[] out = new float[(int) (rows * total)];
        long offset = 0;
        for (int i = 0; i < k; i++) {
            long cols = in[i].rank() == 0 ? 1 : in[i].dim(in[i].rank() - 1);
            for (long r = 0; r < rows; r++) {
                for (long c = 0; c < Math.min(cols, dims[i]); c++) {
                    out[(int) (r * total + offset + c)] = (float) in[i].getDouble((int) (r * cols + c));
                }
            }
            offset += dims[i];
        }
        ctx.output(0, Tensor.ofFloats(new long[]{rows, total}, out));
    }

    static Tensor numeric(OpContext ctx, int i) {
        Tensor x = ctx.input(i);
        if (!x.type().isFloatingPoint() && !x.type().isInteger()) {
            throw ctx.error("input " + i + " must be numeric, got " + x.type().displayName());
        }
        return x;
    }
}
