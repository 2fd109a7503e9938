package dev.modelx.passes.opset;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;

import java.util.List;

/**
 * Attributes that became inputs and back: ReduceX/Squeeze/Unsqueeze/Split axes and split sizes, Slice
 * starts/ends/axes, TopK k, Clip min/max, Pad pads and value, Reshape shape, Upsample scales, Dropout ratio,
 * DFT axis. Going up, the attribute's value becomes a constant input; going down, the input must be a
 * constant (an initializer or a Constant node), else the node blocks, except where older ops can compute the
 * same thing (Clip with computed bounds becomes Max and Min).
 */
final class InputAttributeAdapters {

    static final List<String> REDUCE_18 = List.of("ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceMax",
            "ReduceMean", "ReduceMin", "ReduceProd", "ReduceSumSquare");

    private InputAttributeAdapters() {
    }

    static void register() {
        for (String op : REDUCE_18) {
            Adapters.up(op, 18, s -> reduceUp(s));
            Adapters.down(op, 18, s -> reduceDown(s));
        }
        Adapters.up("ReduceSum", 13, s -> reduceUp(s));
        Adapters.down("ReduceSum", 13, s -> reduceDown(s));

        Adapters.up("Squeeze", 13, s -> attrToInput(s, "axes", 1));
        Adapters.down("Squeeze", 13, s -> inputToAttr(s, 1, "axes"));
        Adapters.up("Unsqueeze", 13, s -> attrToInput(s, "axes", 1));
        Adapters.down("Unsqueeze", 13, s -> inputToAttr(s, 1, "axes"));

        Adapters.up("Split", 2, s -> {
            if (s.has(1)) {
                if (!inputToAttr(s, 1, "split")) {
                    return;
                }
            }
        });
        Adapters.up("Split", 13, s -> attrToInput(s, "split", 1));
        Adapters.down("Split", 13, s -> inputToAttr(s, 1, "split"));
        Adapters.down("Split", 18, InputAttributeAdapters::splitNumOutputsDown);
        Adapters.up("Split", 18, s -> {
            if (!s.has(1) && !s.node.hasAttribute("num_outputs")) {
                s.node.attr("num_outputs", (long) s.node.outputs().size());
            }
        });

        Adapters.up("Slice", 10, s -> {
            Node n = s.node;
            long[] starts = n.attrLongs("starts", null);
            long[] ends = n.attrLongs("ends", null);
            long[] axes = n.attrLongs("axes", null);
            n.attributes().remove("starts");
            n.attributes().remove("ends");
            n.attributes().remove("axes");
            setInput(n, 1, s.constLongs(s.node.output(0) + "_starts", starts == null ? new long[0] : starts));
            setInput(n, 2, s.constLongs(s.node.output(0) + "_ends", ends == null ? new long[0] : ends));
            if (axes != null) {
                setInput(n, 3, s.constLongs(s.node.output(0) + "_axes", axes));
            }
        });
        Adapters.down("Slice", 10, s -> {
            if (s.has(4)) {
                long[] steps = s.constantLongs(s.in(4));
                if (steps == null) {
                    s.block("Slice steps come from a computed value; Slice before op set 10 has no steps");
                    return;
                }
                for (long st : steps) {
                    if (st != 1) {
                        s.block("Slice steps " + java.util.Arrays.toString(steps) + " need op set 10 (older Slice has no steps)");
                        return;
                    }
                }
                s.node.inputs().set(4, "");
            }
            if (!inputToAttr(s, 3, "axes") || !inputToAttr(s, 2, "ends") || !inputToAttr(s, 1, "starts")) {
                return;
            }
            if (!s.node.hasAttribute("starts") || !s.node.hasAttribute("ends")) {
                s.block("Slice needs starts and ends");
            }
        });

        Adapters.up("TopK", 10, s -> {
            long k = s.node.attrLong("k", -1);
            s.node.attributes().remove("k");
            setInput(s.node, 1, s.constLongs(s.node.output(0) + "_k", k));
        });
        Adapters.down("TopK", 10, s -> {
            long[] k = s.constantLongs(s.in(1));
            if (k == null || k.length != 1) {
                s.block("TopK's K comes from a computed value; TopK before op set 10 takes k as an attribute");
                return;
            }
            s.node.inputs().remove(1);
            s.node.attr("k", k[0]);
        });

        Adapters.up("Clip", 11, InputAttributeAdapters::clipUp);
        Adapters.down("Clip", 11, InputAttributeAdapters::clipDown);

        Adapters.up("Pad", 2, s -> {
            Attribute p = s.node.attribute("paddings");
            if (p != null) {
                s.node.attributes().remove("paddings");
                s.node.attr(p.withName("pads"));
            }
        });
        Adapters.up("Pad", 11, InputAttributeAdapters::padUp);
        Adapters.down("Pad", 11, InputAttributeAdapters::padDown);
        Adapters.down("Pad", 18, InputAttributeAdapters::padAxesDown);
        Adapters.down("Pad", 19, s -> {
            if (s.node.attrString("mode", "constant").equals("wrap")) {
                s.block("Pad mode 'wrap' needs op set 19");
            }
        });

        Adapters.up("Reshape", 5, s -> {
            long[] shape = s.node.attrLongs("shape", null);
            s.node.attributes().remove("shape");
            if (shape == null) {
                s.block("Reshape-1 without a shape attribute");
                return;
            }
            setInput(s.node, 1, s.constLongs(s.node.output(0) + "_shape", shape));
        });

        Adapters.up("Upsample", 9, s -> {
            float[] scales = s.node.attrFloats("scales", null);
            s.node.attributes().remove("scales");
            if (scales == null) {
                s.block("Upsample-7 without scales");
                return;
            }
            setInput(s.node, 1, s.constant(Tensor.ofFloats(new long[]{scales.length}, scales), s.node.output(0) + "_scales"));
        });
        Adapters.down("Upsample", 9, s -> {
            Tensor t = s.constant(s.in(1));
            if (t == null) {
                s.block("Upsample scales come from a computed value; Upsample before op set 9 takes them as an attribute");
                return;
            }
            s.node.inputs().remove(1);
            s.node.attr(Attribute.floats("scales", t.toFloatArray()));
        });

        Adapters.up("Dropout", 12, s -> {
            Attribute r = s.node.attribute("ratio");
            s.node.attributes().remove("ratio");
            if (r != null) {
                setInput(s.node, 1, s.constant(Tensor.scalar(r.asFloat()), s.node.output(0) + "_ratio"));
            }
        });
        Adapters.down("Dropout", 12, s -> {
            Node n = s.node;
            if (s.has(2)) {
                Tensor t = s.constant(s.in(2));
                if (t == null || t.size() != 1 || t.getDouble(0) != 0) {
                    s.block("Dropout training_mode " + (t == null ? "comes from a computed value" : "is true")
                            + "; Dropout before op set 12 only runs in inference mode");
                    return;
                }
                n.inputs().set(2, "");
            }
            if (s.has(1)) {
                Tensor t = s.constant(s.in(1));
                if (t == null) {
                    s.block("Dropout ratio comes from a computed value; Dropout before op set 12 takes it as an attribute");
                    return;
                }
                n.attr("ratio", (float) t.getDouble(0));
                n.inputs().set(1, "");
            }
            n.attributes().remove("seed");
        });

        Adapters.up("DFT", 20, s -> {
            long axis = s.node.attrLong("axis", 1);
            s.node.attributes().remove("axis");
            setInput(s.node, 2, s.constant(Tensor.scalar(axis), s.node.output(0) + "_axis"));
        });
        Adapters.down("DFT", 20, s -> {
            long axis;
            if (s.has(2)) {
                long[] a = s.constantLongs(s.in(2));
                if (a == null || a.length != 1) {
                    s.block("DFT axis comes from a computed value; DFT before op set 20 takes it as an attribute");
                    return;
                }
                axis = a[0];
                s.node.inputs().set(2, "");
            } else {
                axis = -2;
            }
            if (axis < 0) {
                int r = s.rank(s.in(0));
                if (r < 0) {
                    s.block("DFT axis " + axis + " is negative and the input's rank is unknown");
                    return;
                }
                axis += r;
            }
            s.node.attr("axis", axis);
        });
    }

    // ---- helpers ----

    static void setInput(Node n, int index, String value) {
        while (n.inputs().size() <= index) {
            n.inputs().add("");
        }
        n.inputs().set(index, value);
    }

    /** Moves ints attribute {@code attr} into input {@code index} as an int64 constant (nothing when absent). */
    static void attrToInput(Step s, String attr, int index) {
        long[] v = s.node.attrLongs(attr, null);
        if (v == null) {
            return;
        }
        s.node.attributes().remove(attr);
        setInput(s.node, index, s.constLongs(s.node.output(0) + "_" + attr, v));
    }

    /**
     * Moves constant input {@code index} into ints attribute {@code attr} (nothing when the input is absent);
     * blocks and returns false when the input is computed.
     */
    static boolean inputToAttr(Step s, int index, String attr) {
        if (!s.has(index)) {
            return true;
        }
        long[] v = s.constantLongs(s.in(index));
        if (v == null) {
            s.block(s.node.opType() + " " + attr + " come from a computed value ('" + s.in(index) + "'); " + s.node.opType()
                    + " at op set " + s.to + " takes them as an attribute");
            return false;
        }
        s.node.inputs().set(index, "");
        s.node.attr(Attribute.ints(attr, v));
        return true;
    }

    private static void reduceUp(Step s) {
        attrToInput(s, "axes", 1);
    }

    private static void reduceDown(Step s) {
        Node n = s.node;
        boolean noop = n.attrLong("noop_with_empty_axes", 0) != 0;
        n.attributes().remove("noop_with_empty_axes");
        long[] axes = null;
        if (s.has(1)) {
            axes = s.constantLongs(s.in(1));
            if (axes == null) {
                s.block(n.opType() + " axes come from a computed value ('" + s.in(1) + "'); " + n.opType() + " at op set "
                        + s.to + " takes them as an attribute");
                return;
            }
            n.inputs().set(1, "");
        }
        if (axes == null || axes.length == 0) {
            if (noop) {
                s.before(s.make("Identity", n.input(0), n.output(0)));
                s.remove();
            }
            return;
        }
        n.attr(Attribute.ints("axes", axes));
    }

    private static void splitNumOutputsDown(Step s) {
        Node n = s.node;
        Attribute num = n.attribute("num_outputs");
        if (num == null) {
            return;
        }
        n.attributes().remove("num_outputs");
        if (s.has(1)) {
            return;
        }
        long parts = num.asLong();
        long axis = n.attrLong("axis", 0);
        long[] shape = s.staticShape(s.in(0));
        if (shape == null) {
            s.block("Split num_outputs=" + parts + " with an input of unknown shape; older Split needs equal parts or sizes");
            return;
        }
        if (axis < 0) {
            axis += shape.length;
        }
        long d = shape[(int) axis];
        if (d % parts == 0) {
            return;
        }
        long chunk = (d + parts - 1) / parts;
        long[] sizes = new long[(int) parts];
        long left = d;
        for (int i = 0; i < parts; i++) {
            sizes[i] = Math.min(chunk, left);
            left -= sizes[i];
        }
        setInput(n, 1, s.constLongs(n.output(0) + "_split", sizes));
    }

    private static void clipUp(Step s) {
        Node n = s.node;
        Attribute min = n.attribute("min");
        Attribute max = n.attribute("max");
        n.attributes().remove("min");
        n.attributes().remove("max");
        if (min == null && max == null) {
            return;
        }
        DataType t = s.type(n.input(0));
        if (t == null) {
            t = DataType.FLOAT;
        }
        if (min != null) {
            setInput(n, 1, s.constScalar(n.output(0) + "_min", t, min.asFloat()));
        }
        if (max != null) {
            setInput(n, 2, s.constScalar(n.output(0) + "_max", t, max.asFloat()));
        }
    }

    private static void clipDown(Step s) {
        Node n = s.node;
        boolean constant = true;
        for (int i = 1; i <= 2; i++) {
            if (s.has(i) && s.constant(s.in(i)) == null) {
                constant = false;
            }
        }
        if (constant) {
            if (s.has(1)) {
                n.attr("min", (float) s.constant(s.in(1)).getDouble(0));
            }
            if (s.has(2)) {
                n.attr("max", (float) s.constant(s.in(2)).getDouble(0));
            }
            n.inputs().subList(1, n.inputs().size()).clear();
            return;
        }
        if (s.target() < 8) {
            s.block("Clip bounds come from computed values; Clip before op set 11 takes constant bounds and Max/Min "
                    + "broadcast only from op set 8");
            return;
        }
        String x = n.input(0);
        if (s.has(1)) {
            String lo = s.has(2) ? s.tmp("lo") : n.output(0);
            s.before(s.make("Max", List.of(x, n.input(1)), List.of(lo)));
            x = lo;
        }
        if (s.has(2)) {
            s.before(s.make("Min", List.of(x, n.input(2)), List.of(n.output(0))));
        }
        s.remove();
    }

    private static void padUp(Step s) {
        Node n = s.node;
        long[] pads = n.attrLongs("pads", null);
        Attribute value = n.attribute("value");
        n.attributes().remove("pads");
        n.attributes().remove("value");
        if (pads == null) {
            s.block("Pad without pads");
            return;
        }
        setInput(n, 1, s.constLongs(n.output(0) + "_pads", pads));
        String mode = n.attrString("mode", "constant");
        if (value != null && mode.equals("constant") && value.asFloat() != 0f) {
            DataType t = s.type(n.input(0));
            if (t == null || !Consts.supported(t)) {
                s.block("Pad value " + value.asFloat() + " needs the data's element type, which is unknown");
                return;
            }
            setInput(n, 2, s.constScalar(n.output(0) + "_value", t, value.asFloat()));
        }
    }

    private static void padDown(Step s) {
        Node n = s.node;
        long[] pads = s.constantLongs(s.in(1));
        if (pads == null) {
            s.block("Pad pads come from a computed value ('" + s.in(1) + "'); Pad before op set 11 takes them as an attribute");
            return;
        }
        float value = 0;
        if (s.has(2)) {
            Tensor v = s.constant(s.in(2));
            if (v == null) {
                s.block("Pad constant_value comes from a computed value; Pad before op set 11 takes it as an attribute");
                return;
            }
            value = (float) v.getDouble(0);
        }
        n.inputs().subList(1, n.inputs().size()).clear();
        n.attr(Attribute.ints("pads", pads));
        if (value != 0) {
            n.attr("value", value);
        }
    }

    private static void padAxesDown(Step s) {
        Node n = s.node;
        if (!s.has(3)) {
            return;
        }
        long[] axes = s.constantLongs(s.in(3));
        long[] pads = s.constantLongs(s.in(1));
        int r = s.rank(s.in(0));
        if (axes == null || pads == null || r < 0) {
            s.block("Pad axes need constant axes and pads and a known input rank before op set 18");
            return;
        }
        long[] full = new long[2 * r];
        for (int i = 0; i < axes.length; i++) {
            int a = (int) (axes[i] < 0 ? axes[i] + r : axes[i]);
            full[a] = pads[i];
            full[a + r] = pads[i + axes.length];
        }
        n.inputs().set(1, s.constLongs(n.output(0) + "_pads", full));
        n.inputs().set(3, "");
    }

    /** Normalizes a list of axes against {@code rank}; null when one is negative and the rank unknown. */
    static long[] normalize(long[] axes, int rank) {
        long[] out = axes.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] < 0) {
                if (rank < 0) {
                    return null;
                }
                out[i] += rank;
            }
        }
        return out;
    }
}
