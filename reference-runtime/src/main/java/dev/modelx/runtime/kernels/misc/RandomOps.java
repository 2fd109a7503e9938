package dev.modelx.runtime.kernels.misc;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Tensors;
import dev.modelx.runtime.kernels.control.Values;

import java.util.Random;

/**
 * RandomNormal, RandomUniform, RandomNormalLike, RandomUniformLike (1, 22), Bernoulli (15, 22) and
 * Multinomial (7, 22), drawing from {@link OpContext#random()} (seeded by the 'seed' attribute when set).
 * The numbers cannot match numpy's generator; distribution, type and shape follow the spec.
 */
public final class RandomOps {

    private RandomOps() {
    }

    public static void normal(OpContext ctx) {
        long[] shape = shapeAttr(ctx);
        DataType type = floatType(ctx, Values.dtype(ctx, "dtype", DataType.FLOAT));
        ctx.output(0, normal(ctx, type, shape));
    }

    public static void uniform(OpContext ctx) {
        long[] shape = shapeAttr(ctx);
        DataType type = floatType(ctx, Values.dtype(ctx, "dtype", DataType.FLOAT));
        ctx.output(0, uniform(ctx, type, shape));
    }

    public static void normalLike(OpContext ctx) {
        Tensor like = ctx.input(0);
        ctx.output(0, normal(ctx, likeType(ctx, like), like.shape()));
    }

    public static void uniformLike(OpContext ctx) {
        Tensor like = ctx.input(0);
        ctx.output(0, uniform(ctx, likeType(ctx, like), like.shape()));
    }

    /** Bernoulli: 1 with the input's probability per element, in 'dtype' (default the input's type). */
    public static void bernoulli(OpContext ctx) {
        Tensor p = ctx.input(0);
        if (!p.type().isFloatingPoint()) {
            throw ctx.error("input must be a floating-point tensor of probabilities, got " + p.type().displayName());
        }
        DataType out = Values.dtype(ctx, "dtype", p.type());
        Random r = ctx.random();
        double[] v = new double[(int) p.size()];
        for (int i = 0; i < v.length; i++) {
            double prob = p.getDouble(i);
            if (!(prob >= 0 && prob <= 1)) {
                throw ctx.error("probability " + prob + " at index " + i + " is outside [0, 1]");
            }
            v[i] = r.nextDouble() < prob ? 1 : 0;
        }
        ctx.output(0, Tensors.fromDoubles(out, p.shape(), v));
    }

    /** Multinomial: sample_size class indices per batch row of unnormalised log-probabilities [B, C]. */
    public static void multinomial(OpContext ctx) {
        Tensor x = ctx.input(0);
        if (x.rank() != 2) {
            throw ctx.error("input must have shape [batch_size, class_size], got " + OpContext.shape(x.shape()));
        }
        if (!x.type().isFloatingPoint()) {
            throw ctx.error("input must be floating point, got " + x.type().displayName());
        }
        long samples = ctx.attrLong("sample_size", 1);
        if (samples < 0) {
            throw ctx.error("sample_size must be non-negative, got " + samples);
        }
        DataType out = Values.dtype(ctx, "dtype", DataType.INT32);
        if (out != DataType.INT32 && out != DataType.INT64) {
            throw ctx.error("dtype must be int32 or int64, got " + out.displayName());
        }
        int b = (int) x.dim(0);
        int c = (int) x.dim(1);
        if (c == 0) {
            throw ctx.error("class_size is 0: nothing to sample");
        }
        Tensor.checkAllocatable(b * samples, out);
        long[] res = new long[(int) (b * samples)];
        Random r = ctx.random();
        double[] cum = new double[c];
        for (int i = 0; i < b; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, x.getDouble(i * c + j));
            }
            double acc = 0;
            for (int j = 0; j < c; j++) {
                acc += Math.exp(x.getDouble(i * c + j) - max);
                cum[j] = acc;
            }
            for (int s = 0; s < samples; s++) {
                double u = r.nextDouble() * acc;
                int k = 0;
                while (k < c - 1 && cum[k] <= u) {
                    k++;
                }
                res[(int) (i * samples + s)] = k;
            }
        }
        ctx.output(0, Tensors.fromLongs(out, new long[]{b, samples}, res));
    }

    private static Tensor normal(OpContext ctx, DataType type, long[] shape) {
        double mean = ctx.attrFloat("mean", 0f);
        double scale = ctx.attrFloat("scale", 1f);
        long n = Tensor.elementCount(shape);
        Tensor.checkAllocatable(n, type);
        Random r = ctx.random();
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = mean + scale * r.nextGaussian();
        }
        return Tensors.fromDoubles(type, shape, v);
    }

    private static Tensor uniform(OpContext ctx, DataType type, long[] shape) {
        double low = ctx.attrFloat("low", 0f);
        double high = ctx.attrFloat("high", 1f);
        if (!(low <= high)) {
            throw ctx.error("low " + low + " must not exceed high " + high);
        }
        long n = Tensor.elementCount(shape);
        Tensor.checkAllocatable(n, type);
        Random r = ctx.random();
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = low + (high - low) * r.nextDouble();
        }
        return Tensors.fromDoubles(type, shape, v);
    }

    private static long[] shapeAttr(OpContext ctx) {
        if (!ctx.hasAttr("shape")) {
            throw ctx.error("attribute 'shape' is required");
        }
        long[] s = ctx.attrLongs("shape", new long[0]);
        for (long d : s) {
            if (d < 0) {
                throw ctx.error("negative dimension in shape " + OpContext.shape(s));
            }
        }
        return s;
    }

    private static DataType likeType(OpContext ctx, Tensor like) {
        return floatType(ctx, Values.dtype(ctx, "dtype", like.type()));
    }

    private static DataType floatType(OpContext ctx, DataType t) {
        if (t == null || !(t == DataType.FLOAT || t == DataType.DOUBLE || t == DataType.FLOAT16 || t == DataType.BFLOAT16)) {
            throw ctx.error("output type must be float16, bfloat16, float or double, got " + (t == null ? "unknown" : t.displayName()));
        }
        return t;
    }
}
