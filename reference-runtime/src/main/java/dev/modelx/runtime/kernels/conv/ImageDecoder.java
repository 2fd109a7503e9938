package dev.modelx.runtime.kernels.conv;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * ImageDecoder (20): decodes JPEG, PNG, BMP, GIF and TIFF with javax.imageio and binary/ASCII PNM (P2, P3, P5, P6)
 * itself, into (H, W, 3) RGB or BGR or (H, W, 1) grayscale uint8. WebP and JPEG 2000 have no decoder in the JDK
 * and are reported as unsupported. JPEG decoders differ slightly (IDCT, chroma upsampling), so a JPEG may
 * differ from other runtimes by a few levels.
 */
public final class ImageDecoder {

    private ImageDecoder() {
    }

    public static void v20(OpContext ctx) {
        Tensor in = ctx.input(0);
        if (in.type() != DataType.UINT8) {
            throw ctx.error("encoded_stream must be uint8, got " + in.type().displayName());
        }
        String format = ctx.attrString("pixel_format", "RGB");
        if (!format.equals("RGB") && !format.equals("BGR") && !format.equals("Grayscale")) {
            throw ctx.error("pixel_format must be RGB, BGR or Grayscale, got '" + format + "'");
        }
        byte[] bytes = in.bytes();
        String kind = sniff(bytes);
        if (kind.equals("WebP") || kind.equals("JPEG 2000")) {
            throw ctx.error("cannot decode a " + kind + " image: the reference runtime decodes JPEG, PNG, BMP, GIF, TIFF and PNM only");
        }
        int[][] rgb;
        if (kind.equals("PNM")) {
            rgb = Pnm.decode(ctx, bytes);
        } else {
            BufferedImage img;
            try {
                img = ImageIO.read(new ByteArrayInputStream(bytes));
            } catch (IOException | RuntimeException e) {
                throw ctx.error("cannot decode the " + kind + " image: " + e.getMessage());
            }
            if (img == null) {
                throw ctx.error("cannot decode the image: no decoder for format " + kind);
            }
            rgb = pixels(img);
        }
        int h = rgb.length;
        int w = h == 0 ? 0 : rgb[0].length;
        int ch = format.equals("Grayscale") ? 1 : 3;
        Tensor.checkAllocatable((long) h * w * ch, DataType.UINT8);
        byte[] out = new byte[h * w * ch];
        int o = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = rgb[y][x];
                int r = (p >> 16) & 0xff;
                int g = (p >> 8) & 0xff;
                int b = p & 0xff;
                switch (format) {
                    case "RGB" -> {
                        out[o++] = (byte) r;
                        out[o++] = (byte) g;
                        out[o++] = (byte) b;
                    }
                    case "BGR" -> {
                        out[o++] = (byte) b;
                        out[o++] = (byte) g;
                        out[o++] = (byte) r;
                    }
                    // ITU-R 601-2 luma in 16-bit fixed point, as Pillow's convert("L")
                    default -> out[o++] = (byte) ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
                }
            }
        }
        ctx.output(0, Tensor.of(DataType.UINT8, new long[] {h, w, ch}, out));
    }

    private static int[][] pixels(BufferedImage img) {
        int h = img.getHeight();
        int w = img.getWidth();
        int[][] rgb = new int[h][w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, rgb[y], 0, w);
        }
        return rgb;
    }

    /** The container format from the leading bytes. */
    static String sniff(byte[] b) {
        if (starts(b, 0xFF, 0xD8)) {
            return "JPEG";
        }
        if (starts(b, 0x89, 'P', 'N', 'G')) {
            return "PNG";
        }
        if (starts(b, 'B', 'M')) {
            return "BMP";
        }
        if (starts(b, 'G', 'I', 'F')) {
            return "GIF";
        }
        if (starts(b, 'I', 'I', 42, 0) || starts(b, 'M', 'M', 0, 42)) {
            return "TIFF";
        }
        if (starts(b, 'R', 'I', 'F', 'F') && b.length >= 12 && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return "WebP";
        }
        if (starts(b, 0, 0, 0, 0x0C, 'j', 'P') || starts(b, 0xFF, 0x4F, 0xFF, 0x51)) {
            return "JPEG 2000";
        }
        if (b.length >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6') {
            return "PNM";
        }
        return "unknown (leading bytes " + Arrays.toString(Arrays.copyOf(b, Math.min(8, b.length))) + ")";
    }

    private static boolean starts(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
