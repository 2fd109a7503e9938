package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;

/** ResizeBilinear / ResizeNearestNeighbor (NHWC, so transposed around ONNX Resize). */
final class ImageOps {

    private ImageOps() {
    }

    static void register(OpRegistry r) {
        r.register((n, s) -> resize(n, s, "linear"), "ResizeBilinear");
        r.register((n, s) -> resize(n, s, "nearest"), "ResizeNearestNeighbor");
    }

    private static void resize(TfNode n, Scope s, String mode) {
        String x = Layout.transpose(s, s.in(n, 0), Layout.toChannelsFirst(4));
        String nc = s.op("Slice", s.op("Shape", x), s.constLongs("zero", 0), s.constLongs("two", 2));
        String sizes = s.add(s.node("Concat", nc, s.cast(s.in(n, 1), DataType.INT64)).attr("axis", 0L)).output(0);
        boolean align = n.b("align_corners", false);
        boolean half = n.b("half_pixel_centers", false);
        String ctm = align ? "align_corners" : half ? (mode.equals("nearest") ? "tf_half_pixel_for_nn" : "half_pixel") : "asymmetric";
        Node r = s.node("Resize", x, "", "", sizes).attr("mode", mode).attr("coordinate_transformation_mode", ctm);
        if (mode.equals("nearest")) {
            // align_corners rounds (std::round, halves away from zero); half-pixel centres and the legacy mode floor.
            r.attr("nearest_mode", align ? "round_prefer_ceil" : "floor");
        }
        String y = s.add(r).output(0);
        s.out(n, 0, Layout.transpose(s, y, Layout.toChannelsLast(4)));
    }
}
