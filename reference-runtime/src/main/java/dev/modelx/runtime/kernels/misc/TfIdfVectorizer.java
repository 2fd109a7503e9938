package dev.modelx.runtime.kernels.misc;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * TfIdfVectorizer (9): counts the pool's n-grams (lengths min_gram_length..max_gram_length, items taken
 * every skip+1 positions for skip 0..max_skip_count; 1-grams counted once) in each row of a [C] or [N, C]
 * input, then weights the counts (TF: counts; IDF: weight where present; TFIDF: count times weight).
 */
public final class TfIdfVectorizer {

    private TfIdfVectorizer() {
    }

    public static void v9(OpContext ctx) {
        Tensor x = ctx.input(0);
        int minN = ctx.attrInt("min_gram_length", 0);
        int maxN = ctx.attrInt("max_gram_length", 0);
        int maxSkip = ctx.attrInt("max_skip_count", 0);
        String mode = ctx.attrString("mode", "");
        for (String a : new String[]{"min_gram_length", "max_gram_length", "max_skip_count", "mode", "ngram_counts", "ngram_indexes"}) {
            if (!ctx.hasAttr(a)) {
                throw ctx.error("attribute '" + a + "' is required");
            }
        }
        if (minN < 1 || maxN < minN || maxSkip < 0) {
            throw ctx.error("need 1 <= min_gram_length <= max_gram_length and max_skip_count >= 0, got " + minN + ", " + maxN
                    + ", " + maxSkip);
        }
        if (!mode.equals("TF") && !mode.equals("IDF") && !mode.equals("TFIDF")) {
            throw ctx.error("mode must be TF, IDF or TFIDF, got '" + mode + "'");
        }
        long[] counts = ctx.attrLongs("ngram_counts", new long[0]);
        long[] indexes = ctx.attrLongs("ngram_indexes", new long[0]);
        float[] weights = ctx.attrFloats("weights", null);
        List<Object> pool = pool(ctx, x);
        Map<List<Object>, Integer> grams = new HashMap<>();
        int gramNo = 0;
        for (int level = 0; level < counts.length; level++) {
            long start = counts[level];
            long end = level + 1 < counts.length ? counts[level + 1] : pool.size();
            int n = level + 1;
            if (start < 0 || end > pool.size() || start > end || (end - start) % n != 0) {
                throw ctx.error("ngram_counts " + Arrays.toString(counts) + " do not split a pool of " + pool.size()
                        + " items into whole " + n + "-grams");
            }
            for (long p = start; p < end; p += n) {
                if (gramNo >= indexes.length) {
                    throw ctx.error("ngram_indexes has " + indexes.length + " entries, fewer than the pool's n-grams");
                }
                grams.put(List.copyOf(pool.subList((int) p, (int) p + n)), gramNo++);
            }
        }
        if (weights != null && weights.length != indexes.length) {
            throw ctx.error("weights has " + weights.length + " entries but ngram_indexes has " + indexes.length);
        }
        long outSize = 0;
        for (long i : indexes) {
            if (i < 0) {
                throw ctx.error("ngram_indexes contains negative index " + i);
            }
            outSize = Math.max(outSize, i + 1);
        }
        long[] shape = x.shape();
        if (shape.length != 1 && shape.length != 2) {
            throw ctx.error("input must be 1-D or 2-D, got shape " + OpContext.shape(shape));
        }
        int rows = shape.length == 1 ? 1 : (int) shape[0];
        int cols = (int) shape[shape.length - 1];
        Tensor.checkAllocatable(rows * outSize, DataType.FLOAT);
        float[] out = new float[(int) (rows * outSize)];
        List<Object> items = items(x);
        for (int r = 0; r < rows; r++) {
            List<Object> row = items.subList(r * cols, (r + 1) * cols);
            double[] freq = new double[gramNo];
            countRow(row, grams, freq, minN, maxN, maxSkip);
            for (int g = 0; g < gramNo; g++) {
                if (freq[g] == 0) {
                    continue;
                }
                double w = weights == null ? 1 : weights[g];
                double v = switch (mode) {
                    case "TF" -> freq[g];
                    case "IDF" -> w;
                    default -> freq[g] * w;
                };
                out[(int) (r * outSize + indexes[g])] = (float) v;
            }
        }
        ctx.output(0, Tensor.ofFloats(shape.length == 1 ? new long[]{outSize} : new long[]{rows, outSize}, out));
    }

    private static void countRow(List<Object> row, Map<List<Object>, Integer> grams, double[] freq, int minN, int maxN,
                                 int maxSkip) {
        int startN = minN;
        for (int step = 1; step <= maxSkip + 1; step++) {
            for (int s = 0; s < row.size(); s++) {
                List<Object> gram = new ArrayList<>();
                for (int n = 1, p = s; n <= maxN && p < row.size(); n++, p += step) {
                    gram.add(row.get(p));
                    if (n >= startN) {
                        Integer id = grams.get(gram);
                        if (id != null) {
                            freq[id]++;
                        }
                    }
                }
            }
            if (startN == 1) {
                startN = 2;
                if (startN > maxN) {
                    break;
                }
            }
        }
    }

    private static List<Object> pool(OpContext ctx, Tensor x) {
        Attribute ints = ctx.attr("pool_int64s");
        Attribute strs = ctx.attr("pool_strings");
        if ((ints == null) == (strs == null)) {
            throw ctx.error("exactly one of pool_int64s and pool_strings must be set");
        }
        if (strs != null) {
            if (x.type() != DataType.STRING) {
                throw ctx.error("pool_strings needs a string input, got " + x.type().displayName());
            }
            return new ArrayList<>(strs.asStrings());
        }
        if (x.type() != DataType.INT32 && x.type() != DataType.INT64) {
            throw ctx.error("pool_int64s needs an int32 or int64 input, got " + x.type().displayName());
        }
        List<Object> out = new ArrayList<>();
        for (long v : ints.asLongs()) {
            out.add(v);
        }
        return out;
    }

    private static List<Object> items(Tensor x) {
        List<Object> out = new ArrayList<>((int) x.size());
        if (x.type() == DataType.STRING) {
            out.addAll(Arrays.asList(x.strings()));
        } else {
            for (int i = 0; i < x.size(); i++) {
                out.add(x.getLong(i));
            }
        }
        return out;
    }
}
