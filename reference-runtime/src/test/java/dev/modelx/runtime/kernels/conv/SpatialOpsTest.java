package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static dev.modelx.runtime.kernels.conv.ConvRun.check;
import static dev.modelx.runtime.kernels.conv.ConvRun.f;
import static dev.modelx.runtime.kernels.conv.ConvRun.fails;
import static dev.modelx.runtime.kernels.conv.ConvRun.l;
import static dev.modelx.runtime.kernels.conv.ConvRun.op;
import static dev.modelx.runtime.kernels.conv.ConvRun.range;
import static dev.modelx.runtime.kernels.conv.ConvRun.s;
import static dev.modelx.runtime.kernels.conv.ConvRun.y;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SpatialOpsTest {

    @Test
    void nonMaxSuppressionDropsOverlapsAndLowScores() {
        Tensor boxes = f(s(1, 3, 4), 0, 0, 1, 1, 0, 0.1, 1, 1.1, 0, 2, 1, 3);
        Tensor scores = f(s(1, 1, 3), 0.9, 0.8, 0.7);
        var node = op("NonMaxSuppression", "b", "s", "max", "iou", "score");
        check(y(node, 11, "b", boxes, "s", scores, "max", l(3), "iou", f(s(1), 0.5), "score", f(s(1), 0)),
                s(2, 3), 0, 0, 0, 0, 0, 2);
        check(y(node, 11, "b", boxes, "s", scores, "max", l(3), "iou", f(s(1), 0.5), "score", f(s(1), 0.75)),
                s(1, 3), 0, 0, 0);
        check(y(node, 11, "b", boxes, "s", scores, "max", l(1), "iou", f(s(1), 0.5), "score", f(s(1), 0)),
                s(1, 3), 0, 0, 0);
        // the same boxes as (x_center, y_center, width, height)
        Tensor centered = f(s(1, 3, 4), 0.5, 0.5, 1, 1, 0.6, 0.5, 1, 1, 2.5, 0.5, 1, 1);
        check(y(node.attr("center_point_box", 1L), 11, "b", centered, "s", scores, "max", l(3), "iou", f(s(1), 0.5),
                "score", f(s(1), 0)), s(2, 3), 0, 0, 0, 0, 0, 2);
        assertEquals(0, y(op("NonMaxSuppression", "b", "s"), 11, "b", boxes, "s", scores).size());
    }

    @Test
    void lrnNormalisesAcrossNeighbouringChannels() {
        var node = op("LRN", "x").attr("size", 2L).attr("alpha", 0.2f).attr("beta", 1f).attr("bias", 1f);
        check(y(node, 13, "x", f(s(1, 2, 1, 1), 1, 2)), s(1, 2, 1, 1), 1 / 1.5, 2 / 1.4);
    }

    @Test
    void col2ImSumsOverlappingBlocks() {
        check(y(op("Col2Im", "x", "image", "block"), 18, "x", f(s(1, 2, 2), 1, 2, 3, 4), "image", l(3), "block", l(2)),
                s(1, 1, 3), 1, 5, 4);
        fails("must be", op("Col2Im", "x", "image", "block"), 18, "x", f(s(1, 2, 3), 1, 2, 3, 4, 5, 6), "image", l(3), "block", l(2));
    }

    @Test
    void gridSampleInterpolatesAtGridPoints() {
        Tensor x = f(s(1, 1, 2, 2), 1, 2, 3, 4);
        Tensor grid = f(s(1, 1, 5, 2), -1, -1, 1, -1, -1, 1, 1, 1, 0, 0);
        check(y(op("GridSample", "x", "g").attr("align_corners", 1L), 16, "x", x, "g", grid), s(1, 1, 1, 5), 1, 2, 3, 4, 2.5);
        // outside the image: zeros pads with 0, border clamps
        Tensor far = f(s(1, 1, 1, 2), 3, 0);
        check(y(op("GridSample", "x", "g").attr("align_corners", 1L), 20, "x", x, "g", far), s(1, 1, 1, 1), 0);
        check(y(op("GridSample", "x", "g").attr("align_corners", 1L).attr("padding_mode", "border"), 20, "x", x, "g", far),
                s(1, 1, 1, 1), 3);
        check(y(op("GridSample", "x", "g").attr("mode", "nearest").attr("align_corners", 1L), 20, "x", x, "g",
                f(s(1, 1, 1, 2), 0.8, -0.8)), s(1, 1, 1, 1), 2);
    }

    @Test
    void affineGridOfTheIdentity() {
        Tensor theta = f(s(1, 2, 3), 1, 0, 0, 0, 1, 0);
        check(y(op("AffineGrid", "t", "size").attr("align_corners", 1L), 20, "t", theta, "size", l(1, 1, 2, 2)),
                s(1, 2, 2, 2), -1, -1, 1, -1, -1, 1, 1, 1);
        check(y(op("AffineGrid", "t", "size"), 20, "t", theta, "size", l(1, 1, 1, 2)), s(1, 1, 2, 2), -0.5, 0, 0.5, 0);
    }

    @Test
    void roiAlignAveragesBilinearSamples() {
        // a horizontal ramp: the mean over a region is the value at its centre
        Tensor x = f(s(1, 1, 2, 4), 0, 1, 2, 3, 0, 1, 2, 3);
        Tensor rois = f(s(1, 4), 0, 0, 4, 2);
        Tensor batch = Tensor.ofLongs(s(1), 0);
        var node = op("RoiAlign", "x", "r", "b").attr("output_height", 1L).attr("output_width", 2L).attr("sampling_ratio", 2L);
        check(y(node, 16, "x", x, "r", rois, "b", batch), s(1, 1, 1, 2), 0.5, 2.5);
        fails("batch index", node, 16, "x", x, "r", rois, "b", Tensor.ofLongs(s(1), 3));
    }

    @Test
    void imageDecoderDecodesPngInEachPixelFormat() throws IOException {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xFF0000);
        img.setRGB(1, 0, 0x0000FF);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        Tensor enc = Tensor.of(DataType.UINT8, s(png.size()), png.toByteArray());
        check(y(op("ImageDecoder", "e"), 20, "e", enc), s(1, 2, 3), 255, 0, 0, 0, 0, 255);
        check(y(op("ImageDecoder", "e").attr("pixel_format", "BGR"), 20, "e", enc), s(1, 2, 3), 0, 0, 255, 255, 0, 0);
        check(y(op("ImageDecoder", "e").attr("pixel_format", "Grayscale"), 20, "e", enc), s(1, 2, 1), 76, 29);
    }

    @Test
    void imageDecoderReadsPnmAndNamesUnsupportedFormats() {
        byte[] ppm = "P6\n2 1\n255\n".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[ppm.length + 6];
        System.arraycopy(ppm, 0, data, 0, ppm.length);
        data[ppm.length] = 1;
        data[ppm.length + 5] = 6;
        check(y(op("ImageDecoder", "e"), 20, "e", Tensor.of(DataType.UINT8, s(data.length), data)), s(1, 2, 3), 1, 0, 0, 0, 0, 6);
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII);
        fails("WebP", op("ImageDecoder", "e"), 20, "e", Tensor.of(DataType.UINT8, s(webp.length), webp));
    }

    @Test
    void roiAlignRejectsBadRois() {
        fails("rois", op("RoiAlign", "x", "r", "b"), 16, "x", range(1, 1, 2, 2), "r", f(s(1, 5), 0, 0, 0, 1, 1),
                "b", Tensor.ofLongs(s(1), 0));
    }
}
