package dev.modelx.passes;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.Domains;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.util.List;

/** The value of a Constant node, read from its attribute without running it. */
final class ConstantNodes {

    private ConstantNodes() {
    }

    /** The tensor {@code n} outputs when it is a dense Constant with exactly one value attribute, else null. */
    static Tensor value(Node n) {
        if (!n.opType().equals("Constant") || !Domains.normalize(n.domain()).isEmpty() || n.outputs().size() != 1
                || n.output(0).isEmpty() || n.attributes().size() != 1) {
            return null;
        }
        Attribute a = n.attributes().values().iterator().next();
        try {
            return switch (a.name()) {
                case "value" -> a.asTensor();
                case "value_float" -> Tensor.scalar(a.asFloat());
                case "value_floats" -> {
                    float[] f = a.asFloats();
                    yield Tensor.ofFloats(new long[]{f.length}, f);
                }
                case "value_int" -> Tensor.scalar(a.asLong());
                case "value_ints" -> {
                    long[] l = a.asLongs();
                    yield Tensor.ofLongs(new long[]{l.length}, l);
                }
                case "value_string" -> Tensor.ofStrings(new long[0], a.asString());
                case "value_strings" -> {
                    List<String> s = a.asStrings();
                    yield Tensor.ofStrings(new long[]{s.size()}, s.toArray(new String[0]));
                }
                default -> null; // sparse_value stays sparse
            };
        } catch (RuntimeException e) {
            return null; // a malformed attribute: leave it to the runtime to report
        }
    }
}
