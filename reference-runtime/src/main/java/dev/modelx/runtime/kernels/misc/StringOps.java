package dev.modelx.runtime.kernels.misc;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;

import java.util.ArrayList;
import java.util.List;

/** StringConcat (20) and StringSplit (20). */
public final class StringOps {

    private StringOps() {
    }

    static String[] strings(OpContext ctx, int i) {
        Tensor t = ctx.input(i);
        if (t.type() != DataType.STRING) {
            throw ctx.error("input " + i + " must be a string tensor, got " + t.type().displayName());
        }
        return t.strings();
    }

    /** Element-wise concatenation of two string tensors with numpy broadcasting. */
    public static void concat(OpContext ctx) {
        String[] a = strings(ctx, 0);
        String[] b = strings(ctx, 1);
        long[] sa = ctx.input(0).shape();
        long[] sb = ctx.input(1).shape();
        long[] out = Shapes.broadcast(ctx, sa, sb);
        Tensor.checkAllocatable(Shapes.size(out), DataType.STRING);
        int[] ia = Shapes.broadcastIndex(sa, out);
        int[] ib = Shapes.broadcastIndex(sb, out);
        String[] r = new String[ia.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = a[ia[i]] + b[ib[i]];
        }
        ctx.output(0, Tensor.ofStrings(out, r));
    }

    /**
     * Splits each element like Python's str.split: on the delimiter (consecutive delimiters give empty
     * parts), or, when the delimiter is unset or empty, on runs of whitespace with the ends trimmed. At most
     * maxsplit splits. Y pads every row with "" to the longest; Z counts the parts.
     */
    public static void split(OpContext ctx) {
        String[] x = strings(ctx, 0);
        long[] shape = ctx.input(0).shape();
        String delimiter = ctx.attrString("delimiter", "");
        long maxsplit = ctx.hasAttr("maxsplit") ? ctx.attrLong("maxsplit", -1) : -1;
        List<List<String>> parts = new ArrayList<>(x.length);
        int width = 0;
        for (String s : x) {
            List<String> p = delimiter.isEmpty() ? splitWhitespace(s, maxsplit) : splitOn(s, delimiter, maxsplit);
            parts.add(p);
            width = Math.max(width, p.size());
        }
        long[] yShape = new long[shape.length + 1];
        System.arraycopy(shape, 0, yShape, 0, shape.length);
        yShape[shape.length] = width;
        Tensor.checkAllocatable((long) x.length * width, DataType.STRING);
        String[] y = new String[x.length * width];
        long[] z = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            List<String> p = parts.get(i);
            z[i] = p.size();
            for (int j = 0; j < width; j++) {
                y[i * width + j] = j < p.size() ? p.get(j) : "";
            }
        }
        ctx.output(0, Tensor.ofStrings(yShape, y));
        ctx.output(1, Tensor.ofLongs(shape, z));
    }

    static List<String> splitOn(String s, String delimiter, long maxsplit) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (maxsplit < 0 || out.size() < maxsplit) {
            int at = s.indexOf(delimiter, start);
            if (at < 0) {
                break;
            }
            out.add(s.substring(start, at));
            start = at + delimiter.length();
        }
        out.add(s.substring(start));
        return out;
    }

    static List<String> splitWhitespace(String s, long maxsplit) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (true) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            if (maxsplit >= 0 && out.size() == maxsplit) {
                out.add(s.substring(i));
                break;
            }
            int j = i;
            while (j < n && !Character.isWhitespace(s.charAt(j))) {
                j++;
            }
            out.add(s.substring(i, j));
            i = j;
        }
        return out;
    }
}
