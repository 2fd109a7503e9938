package dev.modelx.passes.opset;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a replacement for a step's node as a chain of ops at one op set (the converter then moves each
 * emitted node on to the target, up or down). Constants take the element type {@link #type}.
 */
final class Build {

    final Step s;
    final int opset;
    final DataType type;

    Build(Step s, int opset, DataType type) {
        this.s = s;
        this.opset = opset;
        this.type = type;
    }

    /** {@code opType(inputs)} into a fresh value. */
    String op(String opType, String... inputs) {
        return s.emit(opset, opType, opType.toLowerCase(java.util.Locale.ROOT), inputs);
    }

    String op(String opType, List<Attribute> attrs, String... inputs) {
        return s.emit(opset, opType, opType.toLowerCase(java.util.Locale.ROOT), attrs, inputs);
    }

    /** {@code opType(inputs)} into {@code output} (typically one of the replaced node's outputs). */
    void to(String output, String opType, String... inputs) {
        s.before(s.make(opType, List.of(inputs), List.of(output)), opset);
    }

    void to(String output, String opType, List<Attribute> attrs, String... inputs) {
        Node n = s.make(opType, List.of(inputs), List.of(output));
        attrs.forEach(n::attr);
        s.before(n, opset);
    }

    /** A scalar constant of {@link #type}. */
    String c(double v) {
        return s.constScalar(base(), type, v);
    }

    String c(DataType t, double v) {
        return s.constScalar(base(), t, v);
    }

    String longs(long... v) {
        return s.constLongs(base(), v);
    }

    String cast(String in, DataType to) {
        return op("Cast", List.of(Attribute.of("to", (long) to.code())), in);
    }

    private String base() {
        String o = s.node.outputs().isEmpty() ? s.node.opType() : s.node.output(0);
        return (o.isEmpty() ? s.node.opType() : o) + "_c";
    }

    static List<Attribute> attrs(Attribute... a) {
        return new ArrayList<>(List.of(a));
    }

    static Attribute ints(String name, long... v) {
        return Attribute.ints(name, v);
    }

    static Attribute i(String name, long v) {
        return Attribute.of(name, v);
    }

    static Attribute f(String name, float v) {
        return Attribute.of(name, v);
    }
}
