package dev.modelx.exporter.tensorflow;

import static dev.modelx.exporter.tensorflow.OpCase.f;
import static dev.modelx.exporter.tensorflow.OpCase.longs;
import static dev.modelx.exporter.tensorflow.OpCase.of;
import static dev.modelx.exporter.tensorflow.OpCase.range;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.ModelFormatException;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.io.ExportOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

/** ScatterElements, GridSample and Scan: exported alone, run in TF Java, vs the reference runtime. */
class SampleScatterScanTest {

    @TempDir
    Path dir;

    private static OpCase scatter(String label, long axis, String reduction, Tensor data, Tensor idx, Tensor upd) {
        Node n = Node.of("ScatterElements").inputs("d", "i", "u").outputs("y").attr("axis", axis);
        if (reduction != null) {
            n.attr("reduction", reduction);
        }
        return of("ScatterElements " + label, n).in("d", data).in("i", idx).in("u", upd).opset(18);
    }

    private static OpCase grid(String mode, String padding, long align, long opset, Tensor x, Tensor g) {
        return of("GridSample " + mode + " " + padding + " align=" + align + " opset " + opset,
                Node.of("GridSample").inputs("x", "g").outputs("y").attr("mode", mode).attr("padding_mode", padding)
                        .attr("align_corners", align)).in("x", x).in("g", g).opset(opset);
    }

    /** s' = s + x_t; scan output s' * 2; optional reversed input axis 1 / output axis 1. */
    private static OpCase scan(String label, boolean reversed) {
        Graph body = new Graph("body");
        body.input(ValueInfo.tensor("s", DataType.FLOAT, 2));
        body.input(ValueInfo.tensor("xt", DataType.FLOAT, 2));
        body.initializer("two", Tensor.scalar(2f));
        body.add(Node.of("Add").inputs("s", "xt").outputs("s2"));
        body.add(Node.of("Mul").inputs("s2", "two").outputs("o"));
        body.output(new ValueInfo("s2", null));
        body.output(new ValueInfo("o", null));
        Node n = Node.of("Scan").inputs("s0", "x").outputs("s_final", "ys").attr("body", body).attr("num_scan_inputs", 1L);
        OpCase c = of("Scan " + label, n).in("s0", f(2));
        if (reversed) {
            n.ints("scan_input_axes", 1).ints("scan_input_directions", 1).ints("scan_output_axes", -1).ints("scan_output_directions", 1);
            return c.in("x", f(2, 4));
        }
        return c.in("x", f(4, 2));
    }

    private static OpCase nms(String label, long center, Tensor boxes, Tensor scores, Tensor max, Tensor iou, Tensor minScore) {
        Node n = Node.of("NonMaxSuppression").inputs("b", "s", "m", "i", minScore == null ? "" : "t").outputs("y")
                .attr("center_point_box", center);
        OpCase c = of("NonMaxSuppression " + label, n).in("b", boxes).in("s", scores).in("m", max).in("i", iou);
        return minScore == null ? c : c.in("t", minScore);
    }

    /** Overlapping [x_center, y_center, w, h] boxes of positive size. */
    private static Tensor centerBoxes() {
        Tensor xy = range(0, 2, 1, 6, 2);
        Tensor wh = range(0.5, 1.5, 1, 6, 2);
        float[] v = new float[24];
        for (int i = 0; i < 6; i++) {
            v[4 * i] = (float) xy.getDouble(2 * i);
            v[4 * i + 1] = (float) xy.getDouble(2 * i + 1);
            v[4 * i + 2] = (float) wh.getDouble(2 * i);
            v[4 * i + 3] = (float) wh.getDouble(2 * i + 1);
        }
        return Tensor.ofFloats(new long[]{1, 6, 4}, v);
    }

    private static OpCase strings(String label, String action, long caseSensitive, String[] stop, Tensor x) {
        Node n = Node.of("StringNormalizer").inputs("x").outputs("y").attr("case_change_action", action)
                .attr("is_case_sensitive", caseSensitive);
        if (stop != null) {
            n.attr(dev.modelx.graph.Attribute.strings("stopwords", java.util.List.of(stop)));
        }
        return of("StringNormalizer " + label, n).in("x", x).opset(10);
    }

    private static OpCase dft(String label, long opset, Tensor x, Long axis, long inverse, long onesided, Long length) {
        Node n = Node.of("DFT").outputs("y").attr("inverse", inverse).attr("onesided", onesided);
        OpCase c = of("DFT " + label + " opset " + opset, n).in("x", x).opset(opset);
        if (opset < 20) {
            n.inputs("x", length == null ? "" : "len").attr("axis", axis);
        } else {
            n.inputs("x", length == null ? "" : "len", axis == null ? "" : "axis");
            if (axis != null) {
                c.constant("axis", Tensor.scalar(axis));
            }
        }
        return length == null ? c : c.constant("len", Tensor.scalar(length));
    }

    /** Opset 20 DFT with the axis fed at run time. */
    private static OpCase fedAxisDft(String label, Tensor x, long axis, long inverse, long onesided) {
        Node n = Node.of("DFT").inputs("x", "", "axis").outputs("y").attr("inverse", inverse).attr("onesided", onesided);
        return of("DFT fed axis " + label, n).in("x", x).in("axis", Tensor.scalar(axis)).opset(20);
    }

    private static OpCase split(String label, String delimiter, Long maxsplit, Tensor x) {
        Node n = Node.of("StringSplit").inputs("x").outputs("y", "z");
        if (delimiter != null) {
            n.attr("delimiter", delimiter);
        }
        if (maxsplit != null) {
            n.attr("maxsplit", maxsplit);
        }
        return of("StringSplit " + label, n).in("x", x).opset(20);
    }

    /**
     * A recurrent op over X [seq 4, batch 3, input 5] (layout 1: [3, 4, 5]) with hidden size 2; optional bias,
     * initial state, sequence_lens (3, 1, 4) and LSTM peepholes.
     */
    private static OpCase recurrent(String op, String label, int gates, int dirs, boolean extras, boolean lens, long layout,
                                    String direction) {
        int hid = 2;
        boolean lbr = op.equals("GRU") && dirs == 2;
        Node n = Node.of(op).name(op.toLowerCase()).attr("hidden_size", (long) hid);
        OpCase c = of(op + " " + label, n).opset(14);
        c.constant("w", f(dirs, gates * hid, 5)).constant("r", f(dirs, gates * hid, hid));
        java.util.List<String> in = new java.util.ArrayList<>(java.util.List.of("x", "w", "r"));
        c.in("x", layout == 0 ? f(4, 3, 5) : f(3, 4, 5));
        if (extras) {
            in.add("b");
            c.constant("b", f(dirs, 2 * gates * hid));
        } else {
            in.add("");
        }
        if (lens) {
            in.add("lens");
            c.in("lens", Tensor.ofInts(new long[]{3}, 3, 1, 4));
        } else {
            in.add("");
        }
        if (extras) {
            in.add("h0");
            c.in("h0", layout == 0 ? f(dirs, 3, hid) : f(3, dirs, hid));
            if (op.equals("LSTM")) {
                in.add("c0");
                in.add("p");
                c.in("c0", layout == 0 ? f(dirs, 3, hid) : f(3, dirs, hid)).constant("p", f(dirs, 3 * hid));
            }
        }
        n.inputs(in).outputs(op.equals("LSTM") ? new String[]{"y", "yh", "yc"} : new String[]{"y", "yh"});
        if (layout != 0) {
            n.attr("layout", layout);
        }
        if (direction != null) {
            n.attr("direction", direction);
        }
        if (lbr) {
            n.attr("linear_before_reset", 1L);
        }
        return c;
    }

    /**
     * LinearAttention over B 2, T 3, d_k 3, d_v 2; decay width 0 (none), H_kv or H_kv * d_k; beta width 0 (none),
     * 1 or H_kv.
     */
    private static OpCase linearAttention(String label, String rule, long hq, long hkv, boolean past, long decayWidth, long betaWidth) {
        Node n = Node.of("LinearAttention").outputs("y", "state").attr("update_rule", rule).attr("q_num_heads", hq)
                .attr("kv_num_heads", hkv);
        OpCase c = of("LinearAttention " + label, n).opset(27).in("q", f(2, 3, hq * 3)).in("k", f(2, 3, hkv * 3))
                .in("v", f(2, 3, hkv * 2));
        if (past) {
            c.in("past", f(2, hkv, 3, 2));
        }
        if (decayWidth > 0) {
            c.in("decay", range(-1, 0, 2, 3, decayWidth));
        }
        if (betaWidth > 0) {
            c.in("beta", range(0, 1, 2, 3, betaWidth));
        }
        n.inputs("q", "k", "v", past ? "past" : "", decayWidth > 0 ? "decay" : "", betaWidth > 0 ? "beta" : "");
        return c;
    }

    private static OpCase unique(String label, Long axis, long sorted, Tensor x) {
        Node n = Node.of("Unique").inputs("x").outputs("y", "first", "inverse", "counts").attr("sorted", sorted);
        if (axis != null) {
            n.attr("axis", axis);
        }
        return of("Unique " + label, n).in("x", x).opset(11);
    }

    static Stream<OpCase> cases() {
        Tensor rows = Tensor.ofLongs(new long[]{2, 3}, 1, 0, 2, 0, 2, 1);
        Tensor negCols = Tensor.ofLongs(new long[]{3, 2}, -1, 0, 1, -3, 2, 1);
        return Stream.of(
                scatter("axis 0", 0, null, f(3, 3), rows, f(2, 3)),
                scatter("negative indices axis 1", 1, null, f(3, 4), negCols, f(3, 2)),
                scatter("int32 indices add", 0, "add", f(3, 3), Tensor.ofInts(new long[]{2, 3}, 1, 1, 2, 1, 1, 0), f(2, 3)),
                scatter("mul", 1, "mul", f(3, 4), Tensor.ofLongs(new long[]{3, 2}, 1, 1, 0, 3, 2, 2), f(3, 2)),
                scatter("max", 0, "max", f(3, 3), Tensor.ofLongs(new long[]{2, 3}, 1, 1, 1, 1, 1, 1), f(2, 3)),
                scatter("min 3-D", -1, "min", f(2, 2, 3), Tensor.ofLongs(new long[]{2, 2, 2}, 0, 0, 2, 1, 1, 1, 0, 2), f(2, 2, 2)),
                of("Scatter opset 10 axis 1", Node.of("Scatter").inputs("d", "i", "u").outputs("y").attr("axis", 1L))
                        .in("d", f(3, 4)).in("i", negCols).in("u", f(3, 2)).opset(10),
                grid("bilinear", "zeros", 0, 16, f(2, 3, 4, 5), range(-1.3, 1.3, 2, 3, 6, 2)),
                grid("bilinear", "border", 1, 16, f(1, 2, 4, 5), range(-1.3, 1.3, 1, 3, 4, 2)),
                grid("bilinear", "reflection", 0, 16, f(1, 2, 4, 5), range(-2.5, 2.5, 1, 4, 4, 2)),
                grid("nearest", "zeros", 1, 16, f(1, 2, 4, 5), range(-1.3, 1.3, 1, 3, 4, 2)),
                grid("nearest", "reflection", 1, 16, f(1, 2, 4, 5), range(-2.5, 2.5, 1, 3, 4, 2)),
                grid("bicubic", "zeros", 0, 16, f(1, 2, 4, 5), range(-1.3, 1.3, 1, 3, 4, 2)),
                grid("bicubic", "border", 1, 16, f(1, 2, 4, 5), range(-1.3, 1.3, 1, 3, 4, 2)),
                grid("bicubic", "reflection", 0, 16, f(1, 1, 3, 3), range(-2.5, 2.5, 1, 3, 4, 2)),
                grid("linear", "zeros", 0, 20, f(1, 2, 3, 4, 5), range(-1.3, 1.3, 1, 2, 3, 2, 3)),
                grid("nearest", "border", 1, 20, f(1, 2, 3, 4, 5), range(-1.3, 1.3, 1, 2, 3, 2, 3)),
                grid("linear", "reflection", 1, 20, f(1, 2, 1, 4, 5), range(-2.5, 2.5, 1, 2, 3, 2, 3)),
                nms("corners two batches two classes", 0, f(2, 6, 4), range(0, 1, 2, 2, 6), Tensor.ofLongs(new long[]{1}, 3),
                        Tensor.ofFloats(new long[]{1}, 0.3f), Tensor.ofFloats(new long[]{1}, 0.2f)),
                nms("center boxes no score threshold", 1, centerBoxes(), range(0, 1, 1, 1, 6), Tensor.scalar(10L),
                        Tensor.scalar(0.4f), null),
                strings("lower case-insensitive stop words", "LOWER", 0, new String[]{"monday", "Sun"},
                        Tensor.ofStrings(new long[]{5}, "Monday", "tuesday", "SUN", "Wed", "mONDAY")),
                strings("upper case-sensitive [1, C]", "UPPER", 1, new String[]{"Monday"},
                        Tensor.ofStrings(new long[]{1, 4}, "Monday", "monday", "Été", "x y")),
                strings("all stopped gives one empty string", "NONE", 1, new String[]{"a", "b"},
                        Tensor.ofStrings(new long[]{3}, "a", "b", "a")),
                strings("no stop words", "NONE", 0, null, Tensor.ofStrings(new long[]{1, 2}, "Keep", "these")),
                dft("complex axis 1", 17, f(2, 5, 3, 2), 1L, 0, 0, null),
                dft("real onesided", 17, f(3, 8, 1), 1L, 0, 1, null),
                dft("inverse with dft_length padding", 17, f(2, 5, 2), 1L, 1, 0, 7L),
                dft("inverse onesided (irfft)", 17, f(2, 5, 2), 1L, 1, 1, null),
                dft("axis input -3 cropped", 20, f(6, 3, 2), -3L, 0, 0, 4L),
                dft("complex onesided default axis", 20, f(3, 6, 2), null, 0, 1, null),
                fedAxisDft("forward", f(2, 4, 5, 1), 1, 0, 0),
                fedAxisDft("inverse onesided (irfft)", f(2, 4, 5, 2), -2, 1, 1),
                fedAxisDft("real onesided", f(2, 6, 3, 1), -3, 0, 1),
                of("Compress axis 1", Node.of("Compress").inputs("x", "c").outputs("y").attr("axis", 1L)).in("x", f(2, 4, 3))
                        .in("c", Tensor.ofBooleans(new long[]{3}, true, false, true)),
                of("Compress flattened", Node.of("Compress").inputs("x", "c").outputs("y")).in("x", f(2, 3))
                        .in("c", Tensor.ofBooleans(new long[]{5}, false, true, true, false, true)),
                of("Compress nothing kept", Node.of("Compress").inputs("x", "c").outputs("y").attr("axis", -2L)).in("x", f(3, 2))
                        .in("c", Tensor.ofBooleans(new long[]{3}, false, false, false)),
                of("StringConcat broadcast", Node.of("StringConcat").inputs("a", "b").outputs("y")).opset(20)
                        .in("a", Tensor.ofStrings(new long[]{2, 1}, "ab", "")).in("b", Tensor.ofStrings(new long[]{3}, "x", "Ü", " z")),
                split("delimiter", ",", null, Tensor.ofStrings(new long[]{2, 2}, "a,b,,c", "", ",", "one")),
                split("whitespace", null, null, Tensor.ofStrings(new long[]{3}, "  a  b\tc ", "", "x")),
                split("delimiter maxsplit", "--", 1L, Tensor.ofStrings(new long[]{2}, "a--b--c", "d")),
                recurrent("RNN", "default", 1, 1, false, false, 0, null),
                recurrent("RNN", "reverse with sequence_lens and initial_h", 1, 1, true, true, 0, "reverse"),
                recurrent("GRU", "bias", 3, 1, true, false, 0, null),
                recurrent("GRU", "linear_before_reset bidirectional with lens", 3, 2, true, true, 0, "bidirectional"),
                recurrent("LSTM", "default", 4, 1, false, false, 0, null),
                recurrent("LSTM", "peepholes bidirectional with lens", 4, 2, true, true, 0, "bidirectional"),
                recurrent("LSTM", "batch-first layout", 4, 1, true, true, 1, null),
                of("RegexFullMatch", Node.of("RegexFullMatch").inputs("x").outputs("y").attr("pattern", "[a-z]+@(\\w+)\\.com"))
                        .in("x", Tensor.ofStrings(new long[]{2, 2}, "abc@site.com", "abc@site.org", "A@b.com", "x@y_z.com")).opset(20),
                of("AffineGrid 2-D", Node.of("AffineGrid").inputs("t", "s").outputs("y")).in("t", f(2, 2, 3))
                        .in("s", Tensor.ofLongs(new long[]{4}, 2, 3, 4, 5)).opset(20),
                of("AffineGrid 3-D align_corners", Node.of("AffineGrid").inputs("t", "s").outputs("y").attr("align_corners", 1L))
                        .in("t", f(1, 3, 4)).in("s", Tensor.ofLongs(new long[]{5}, 1, 2, 3, 1, 4)).opset(20),
                of("SwiGLU alpha", Node.of("SwiGLU").inputs("a", "b").outputs("y").attr("alpha", 1.7f)).in("a", f(2, 3)).in("b", f(2, 3))
                        .opset(28),
                linearAttention("linear with past", "linear", 2, 2, false, 0, 0),
                linearAttention("gated per-head decay", "gated", 2, 2, false, 2, 0),
                linearAttention("delta scalar beta", "delta", 2, 1, true, 0, 1),
                linearAttention("gated_delta per-key decay GQA", "gated_delta", 4, 2, true, 2 * 3, 2),
                of("TensorScatter default", Node.of("TensorScatter").inputs("p", "u").outputs("y")).opset(24)
                        .in("p", f(2, 3, 5, 4)).in("u", f(2, 3, 2, 4)),
                of("TensorScatter linear write_indices axis 1", Node.of("TensorScatter").inputs("p", "u", "w").outputs("y").attr("axis", 1L))
                        .opset(24).in("p", f(2, 6, 3)).in("u", f(2, 2, 3)).in("w", longs(4, 1)),
                of("TensorScatter circular", Node.of("TensorScatter").inputs("p", "u", "w").outputs("y").attr("mode", "circular"))
                        .opset(24).in("p", f(2, 2, 4, 3)).in("u", f(2, 2, 3, 3)).in("w", longs(3, 0)),
                unique("sorted flattened", null, 1, Tensor.ofFloats(new long[]{2, 4}, 2, 1, 1, 3, 4, 3, -1, 2)),
                unique("unsorted flattened int64", null, 0, Tensor.ofLongs(new long[]{6}, 5, 2, 5, -7, 2, 9)),
                unique("unsorted along axis 1", 1L, 0, Tensor.ofLongs(new long[]{2, 4}, 1, 2, 1, 2, 3, 4, 3, 5)),
                unique("sorted 1-D with axis", 0L, 1, Tensor.ofInts(new long[]{5}, 4, -1, 4, 0, -1)),
                unique("sorted rows", 0L, 1, Tensor.ofLongs(new long[]{5, 3}, 2, 1, 0, 1, 5, 5, 2, 1, 0, 1, 2, 9, -3, 7, 7)),
                unique("sorted 3-D along axis -2", -2L, 1, Tensor.ofFloats(new long[]{2, 4, 2}, 1, 0, 0, 1, 1, 0, -2, 3,
                        1, 4, 2, 2, 1, 4, 5, 5)),
                scan("forward", false),
                scan("reversed input axis 1 to output axis -1", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(OpCase c) throws Exception {
        ExportCheck.againstReference(c.model(), c.feeds, dir);
    }

    @Test
    void whitespaceSplitWithMaxsplitIsRefused() {
        OpCase c = split("whitespace maxsplit", null, 1L, Tensor.ofStrings(new long[]{2}, " a b  c  ", "q"));
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> new TensorFlowGraphDefExporter().write(c.model(), dir.resolve("bad.pb"), ExportOptions.defaults()));
        assertTrue(e.getMessage().contains("whitespace with maxsplit 1"), e.getMessage());
    }

    @Test
    void sortedUniqueOfStringsIsRefused() {
        OpCase c = unique("sorted strings", null, 1, Tensor.ofStrings(new long[]{3}, "b", "a", "b"));
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> new TensorFlowGraphDefExporter().write(c.model(), dir.resolve("bad.pb"), ExportOptions.defaults()));
        assertTrue(e.getMessage().contains("sorted Unique of string values"), e.getMessage());
    }

    @Test
    void batchedScan8IsRefusedNamingTheNode() {
        Graph body = new Graph("body");
        body.input(ValueInfo.tensor("s", DataType.FLOAT, 2));
        body.input(ValueInfo.tensor("xt", DataType.FLOAT, 2));
        body.add(Node.of("Add").inputs("s", "xt").outputs("s2"));
        body.output(new ValueInfo("s2", null));
        Graph g = new Graph("scan8");
        g.input("s0", DataType.FLOAT, 1, 2);
        g.input("x", DataType.FLOAT, 1, 3, 2);
        g.add(Node.of("Scan").name("batched").inputs("", "s0", "x").outputs("s").attr("body", body).attr("num_scan_inputs", 1L));
        g.output(new ValueInfo("s", null));
        Model m = Model.of(g, 8).resolveOpsetVersions();
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> new TensorFlowGraphDefExporter().write(m, dir.resolve("bad.pb"), ExportOptions.defaults()));
        assertTrue(e.getMessage().contains("batched") && e.getMessage().contains("Scan-8"), e.getMessage());
    }
}
