package dev.modelx.runtime.kernels.misc.ml;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ai.onnx.ml LabelEncoder: op set 1 maps strings to their position in 'classes_strings' and back; op set
 * 2 maps parallel keys_* to values_* lists (string, int64, float); op set 4 adds keys_tensor,
 * values_tensor and default_tensor. Unmatched inputs get the default. NaN keys match NaN inputs; the
 * last of repeated keys wins.
 */
public final class LabelEncoder {

    private LabelEncoder() {
    }

    public static void v1(OpContext ctx) {
        Tensor x = ctx.input(0);
        List<String> classes = ctx.hasAttr("classes_strings") ? ctx.attr("classes_strings").asStrings() : List.of();
        if (x.type() == DataType.STRING) {
            Map<Object, Integer> index = new HashMap<>();
            for (int i = 0; i < classes.size(); i++) {
                index.putIfAbsent(classes.get(i), i);
            }
            long dflt = ctx.attrLong("default_int64", -1);
            String[] s = x.strings();
            long[] out = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                Integer k = index.get(s[i]);
                out[i] = k == null ? dflt : k;
            }
            ctx.output(0, Tensor.ofLongs(x.shape(), out));
        } else if (x.type() == DataType.INT64) {
            String dflt = ctx.attrString("default_string", "_Unused");
            String[] out = new String[(int) x.size()];
            for (int i = 0; i < out.length; i++) {
                long k = x.getLong(i);
                out[i] = k >= 0 && k < classes.size() ? classes.get((int) k) : dflt;
            }
            ctx.output(0, Tensor.ofStrings(x.shape(), out));
        } else {
            throw ctx.error("input must be string or int64, got " + x.type().displayName());
        }
    }

    /** Op sets 2 and 4 (the tensor-valued attributes are simply absent in models of op set 2). */
    public static void v2(OpContext ctx) {
        Tensor x = ctx.input(0);
        Tensor keys = listAttr(ctx, "keys");
        Tensor values = listAttr(ctx, "values");
        if (keys.size() != values.size()) {
            throw ctx.error("keys and values have different lengths: " + keys.size() + " and " + values.size());
        }
        if (keys.type() == DataType.STRING) {
            if (x.type() != DataType.STRING) {
                throw ctx.error("string keys need a string input, got " + x.type().displayName());
            }
        } else if (x.type() == DataType.STRING || x.type().isFloatingPoint() != keys.type().isFloatingPoint()) {
            throw ctx.error("input of type " + x.type().displayName() + " does not match keys of type "
                    + keys.type().displayName());
        }
        Map<Object, Integer> index = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            index.put(key(keys, i), i);
        }
        Tensor table = withDefault(ctx, values);
        int missing = (int) values.size();
        int[] pos = new int[(int) x.size()];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = index.getOrDefault(key(x, i), missing);
        }
        ctx.output(0, Gather.pick(table, x.shape(), pos));
    }

    private static Object key(Tensor t, int i) {
        if (t.type() == DataType.STRING) {
            return t.strings()[i];
        }
        if (t.type().isFloatingPoint()) {
            double d = t.getDouble(i);
            return Double.isNaN(d) ? Double.NaN : d + 0.0;
        }
        return t.getLong(i);
    }

    /** The keys_* or values_* attribute that is set, as a 1-D tensor. */
    private static Tensor listAttr(OpContext ctx, String prefix) {
        List<Tensor> found = new ArrayList<>();
        Attribute a;
        if ((a = ctx.attr(prefix + "_strings")) != null) {
            List<String> s = a.asStrings();
            found.add(Tensor.ofStrings(new long[]{s.size()}, s.toArray(new String[0])));
        }
        if ((a = ctx.attr(prefix + "_int64s")) != null) {
            long[] v = a.asLongs();
            found.add(Tensor.ofLongs(new long[]{v.length}, v));
        }
        if ((a = ctx.attr(prefix + "_floats")) != null) {
            float[] v = a.asFloats();
            found.add(Tensor.ofFloats(new long[]{v.length}, v));
        }
        if ((a = ctx.attr(prefix + "_tensor")) != null) {
            Tensor t = a.asTensor();
            found.add(t.reshape(t.size()));
        }
        if (found.size() != 1) {
            throw ctx.error("exactly one of the " + prefix + "_* attributes must be set, found " + found.size());
        }
        return found.get(0);
    }

    /** values followed by the default matching their type. */
    private static Tensor withDefault(OpContext ctx, Tensor values) {
        int n = (int) values.size();
        Tensor dfltTensor = ctx.hasAttr("default_tensor") ? ctx.attr("default_tensor").asTensor() : null;
        if (dfltTensor != null && (dfltTensor.size() != 1 || dfltTensor.type() != values.type())) {
            throw ctx.error("default_tensor must hold one " + values.type().displayName() + " value, got "
                    + dfltTensor.type().displayName() + OpContext.shape(dfltTensor.shape()));
        }
        DataType t = values.type();
        if (t == DataType.STRING) {
            String[] s = new String[n + 1];
            System.arraycopy(values.strings(), 0, s, 0, n);
            s[n] = dfltTensor != null ? dfltTensor.strings()[0] : ctx.attrString("default_string", "_Unused");
            return Tensor.ofStrings(new long[]{n + 1}, s);
        }
        if (t.isFloatingPoint()) {
            double[] d = new double[n + 1];
            for (int i = 0; i < n; i++) {
                d[i] = values.getDouble(i);
            }
            d[n] = dfltTensor != null ? dfltTensor.getDouble(0) : ctx.attrFloat("default_float", -0.0f);
            return dev.modelx.runtime.Tensors.fromDoubles(t, new long[]{n + 1}, d);
        }
        long[] l = new long[n + 1];
        for (int i = 0; i < n; i++) {
            l[i] = values.getLong(i);
        }
        l[n] = dfltTensor != null ? dfltTensor.getLong(0) : ctx.attrLong("default_int64", -1);
        return dev.modelx.runtime.Tensors.fromLongs(t, new long[]{n + 1}, l);
    }
}
