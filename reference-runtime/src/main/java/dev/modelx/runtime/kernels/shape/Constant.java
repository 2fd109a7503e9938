package dev.modelx.runtime.kernels.shape;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;
import dev.modelx.runtime.Shapes;
import dev.modelx.runtime.SparseTensors;

import java.util.List;

/**
 * Constant (value; sparse_value from op set 11; value_float(s)/int(s)/string(s) from 12) and
 * ConstantOfShape (a shape filled with the one-element 'value', default float 0).
 */
final class Constant {

    private static final List<String> KINDS = List.of("value", "sparse_value", "value_float", "value_floats", "value_int",
            "value_ints", "value_string", "value_strings");

    private Constant() {
    }

    static void constant(OpContext c) {
        String found = null;
        for (String k : KINDS) {
            if (c.hasAttr(k)) {
                if (found != null) {
                    throw c.error("attributes '" + found + "' and '" + k + "' are both set; exactly one is allowed");
                }
                found = k;
            }
        }
        if (found == null) {
            throw c.error("one of the attributes " + KINDS + " is required");
        }
        Attribute a = c.attr(found);
        Tensor t = switch (found) {
            case "value" -> a.asTensor();
            case "sparse_value" -> SparseTensors.densify(a.asSparseTensor());
            case "value_float" -> Tensor.ofFloats(new long[0], a.asFloat());
            case "value_floats" -> {
                float[] f = a.asFloats();
                yield Tensor.ofFloats(new long[] {f.length}, f);
            }
            case "value_int" -> Tensor.scalar(a.asLong());
            case "value_ints" -> {
                long[] l = a.asLongs();
                yield Tensor.ofLongs(new long[] {l.length}, l);
            }
            case "value_string" -> Tensor.ofStrings(new long[0], a.asString());
            default -> {
                List<String> s = a.asStrings();
                yield Tensor.ofStrings(new long[] {s.size()}, s.toArray(new String[0]));
            }
        };
        c.output(0, t);
    }

    static void constantOfShape(OpContext c) {
        long[] shape = Shapes.fromTensor(c, c.input(0));
        if (c.input(0).rank() != 1) {
            throw c.error("shape input must be 1-D, got rank " + c.input(0).rank());
        }
        Tensor value = c.hasAttr("value") ? c.attr("value").asTensor() : Tensor.ofFloats(new long[] {1}, 0f);
        if (value.size() != 1) {
            throw c.error("'value' must hold exactly one element, got " + value.size());
        }
        DataType type = value.type();
        int n = Data.count(c, shape, type);
        int[] idx = new int[n];
        java.util.Arrays.fill(idx, -1);
        c.output(0, Data.take(value, shape, idx, value));
    }
}
