package dev.modelx.passes.opset;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.AttributeKind;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;

import java.util.List;
import java.util.Locale;

/**
 * The changes of op sets 2 to 9 that models written at op sets 1 to 6 need on the way up (legacy
 * broadcasting, Cast's string 'to', BatchNormalization's is_test and spatial, Upsample's height and width
 * scales, ...), and their way back down where a target at op set 7 or 8 needs it.
 */
final class LegacyAdapters {

    static final List<String> LEGACY_BROADCAST = List.of("Add", "Sub", "Mul", "Div", "Pow", "And", "Or", "Xor", "Equal",
            "Greater", "Less");

    private LegacyAdapters() {
    }

    static void register() {
        for (String op : LEGACY_BROADCAST) {
            Adapters.up(op, 7, LegacyAdapters::broadcastUp);
        }
        Adapters.up("Gemm", 7, s -> s.node.attributes().remove("broadcast"));
        Adapters.up("Gemm", 6, s -> { });
        Adapters.up("PRelu", 7, s -> {
            // Before op set 7 a 1-D slope of size C applies per channel (axis 1); from 7 it broadcasts numpy-style.
            long[] slope = s.staticShape(s.in(1));
            int r = s.rank(s.in(0));
            if (slope == null || slope.length != 1 || slope[0] == 1 || r <= 2) {
                return;
            }
            long[] shape = new long[r - 1];
            java.util.Arrays.fill(shape, 1);
            shape[0] = slope[0];
            String sh = s.constLongs(s.out(0) + "_slope_shape", shape);
            s.node.inputs().set(1, s.emit(5, "Reshape", "slope", s.in(1), sh));
        });
        Adapters.up("Cast", 6, s -> {
            Attribute to = s.node.attribute("to");
            if (to != null && to.kind() == AttributeKind.STRING) {
                try {
                    s.node.attr("to", (long) DataType.fromName(to.asString().toLowerCase(Locale.ROOT)).code());
                } catch (IllegalArgumentException e) {
                    s.block("Cast to '" + to.asString() + "' is not a known type");
                }
            }
        });
        Adapters.up("Concat", 4, s -> {
            if (!s.node.hasAttribute("axis")) {
                s.node.attr("axis", 1L);
            }
        });
        Adapters.up("BatchNormalization", 7, s -> {
            long isTest = s.node.attrLong("is_test", 0);
            if (isTest == 0) {
                for (int j = 1; j < s.node.outputs().size(); j++) {
                    if (s.used(s.out(j))) {
                        s.block("BatchNormalization in training mode (is_test=0) with its statistics outputs used");
                        return;
                    }
                }
            }
            s.node.attributes().remove("is_test");
        });
        Adapters.up("BatchNormalization", 9, s -> {
            if (s.node.attrLong("spatial", 1) == 0) {
                s.block("BatchNormalization spatial=0 (per-activation statistics) has no equivalent from op set 9");
                return;
            }
            s.node.attributes().remove("spatial");
        });
        Adapters.up("Dropout", 7, s -> s.node.attributes().remove("is_test"));
        Adapters.up("GRU", 3, s -> {
            Attribute d = s.node.attribute("direction");
            if (d == null || d.asString().equals("foward")) {
                s.node.attr("direction", "forward");
            }
        });
        for (String op : List.of("GRU", "LSTM", "RNN")) {
            Adapters.up(op, 7, s -> s.node.attributes().remove("output_sequence"));
        }
        for (String op : List.of("GlobalLpPool", "LpPool")) {
            Adapters.up(op, 2, s -> {
                Attribute p = s.node.attribute("p");
                if (p != null && p.kind() == AttributeKind.FLOAT) {
                    float v = p.asFloat();
                    if (v != Math.rint(v)) {
                        s.block(op + " p=" + v + " is not an integer; from op set 2 p is an int");
                        return;
                    }
                    s.node.attr("p", (long) v);
                }
            });
        }
        Adapters.up("Tile", 6, s -> {
            Tensor tiles = s.constant(s.in(1));
            Tensor axis = s.constant(s.in(2));
            int r = s.rank(s.in(0));
            if (tiles == null || axis == null || r < 0) {
                s.block("Tile-1 with computed tiles or axis, or an input of unknown rank");
                return;
            }
            long[] repeats = new long[r];
            java.util.Arrays.fill(repeats, 1);
            repeats[(int) axis.getLong(0)] = tiles.getLong(0);
            s.node.inputs(s.in(0), s.constLongs(s.out(0) + "_repeats", repeats));
        });
        Adapters.up("Upsample", 7, s -> {
            Node n = s.node;
            float h = n.attrFloat("height_scale", 1f);
            float w = n.attrFloat("width_scale", 1f);
            n.attributes().remove("height_scale");
            n.attributes().remove("width_scale");
            n.attr(Attribute.floats("scales", 1f, 1f, h, w));
        });
        Adapters.up("Upsample", 10, ResizeAdapters::upsampleToResize);
        Adapters.up("Scatter", 11, s -> {
            Node n = s.node;
            Node r = s.make("ScatterElements", n.inputs(), n.outputs());
            n.attributes().values().forEach(r::attr);
            s.before(r, 11);
            s.remove();
        });
        // Multidirectional broadcasting arrived in op set 8 for the variadic ops.
        for (String op : List.of("Max", "Min", "Sum", "Mean")) {
            Adapters.down(op, 8, s -> {
                Shape first = null;
                for (String in : s.node.inputs()) {
                    long[] sh = s.staticShape(in);
                    if (sh == null) {
                        s.block(op + " before op set 8 does not broadcast and the input shapes are not all known");
                        return;
                    }
                    if (first == null) {
                        first = Shape.of(sh);
                    } else if (!first.equals(Shape.of(sh))) {
                        s.block(op + " broadcasts " + first + " with " + Shape.of(sh) + "; before op set 8 it does not broadcast");
                        return;
                    }
                }
            });
        }
        Adapters.down("MaxPool", 8, s -> {
            if (s.node.outputs().size() > 1 && s.used(s.out(1))) {
                s.block("MaxPool's Indices output needs op set 8");
            }
        });
    }

    /** Legacy broadcast (broadcast=1, optional axis) to numpy broadcasting. */
    private static void broadcastUp(Step s) {
        Node n = s.node;
        long broadcast = n.attrLong("broadcast", 0);
        Attribute axis = n.attribute("axis");
        n.attributes().remove("broadcast");
        n.attributes().remove("axis");
        if (broadcast == 0 || axis == null) {
            return;
        }
        int ra = s.rank(n.input(0));
        int rb = s.rank(n.input(1));
        if (ra < 0 || rb < 0) {
            s.block("legacy broadcast with axis=" + axis.asLong() + " needs the ranks of both inputs, which are unknown");
            return;
        }
        long ax = axis.asLong() < 0 ? axis.asLong() + ra : axis.asLong();
        int trailing = (int) (ra - ax - rb);
        if (trailing < 0) {
            s.block("legacy broadcast axis=" + axis.asLong() + " does not fit input ranks " + ra + " and " + rb);
            return;
        }
        if (trailing == 0) {
            return;
        }
        long[] axes = new long[trailing];
        for (int i = 0; i < trailing; i++) {
            axes[i] = rb + i;
        }
        String b = s.tmp("b_aligned");
        s.before(s.make("Unsqueeze", n.input(1), b).attr(Attribute.ints("axes", axes)), 1);
        n.inputs().set(1, b);
    }
}
