package dev.modelx.runtime.kernels.conv;

import dev.modelx.runtime.OpContext;

/** A small decoder for the Netpbm formats P2/P5 (gray) and P3/P6 (RGB), 8- or 16-bit samples. */
final class Pnm {

    private final OpContext ctx;
    private final byte[] b;
    private int pos;

    private Pnm(OpContext ctx, byte[] b) {
        this.ctx = ctx;
        this.b = b;
    }

    /** Pixels as 0xRRGGBB rows. */
    static int[][] decode(OpContext ctx, byte[] bytes) {
        return new Pnm(ctx, bytes).read();
    }

    private int[][] read() {
        char kind = (char) b[1];
        if (kind == '1' || kind == '4') {
            throw ctx.error("cannot decode a PBM (bitmap) image: only PGM and PPM are supported");
        }
        pos = 2;
        int w = number();
        int h = number();
        int max = number();
        if (w < 0 || h < 0 || max < 1 || max > 65535 || (long) w * h > Integer.MAX_VALUE / 4) {
            throw ctx.error("invalid PNM header: width " + w + ", height " + h + ", maxval " + max);
        }
        boolean binary = kind == '5' || kind == '6';
        boolean color = kind == '3' || kind == '6';
        if (binary) {
            pos++; // the single whitespace after maxval
        }
        int[][] rgb = new int[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = sample(binary, max);
                int g = color ? sample(binary, max) : r;
                int bl = color ? sample(binary, max) : r;
                rgb[y][x] = r << 16 | g << 8 | bl;
            }
        }
        return rgb;
    }

    private int sample(boolean binary, int max) {
        int v;
        if (binary) {
            if (max < 256) {
                need(1);
                v = b[pos++] & 0xff;
            } else {
                need(2);
                v = (b[pos] & 0xff) << 8 | b[pos + 1] & 0xff;
                pos += 2;
            }
        } else {
            v = number();
        }
        return max == 255 ? v : (int) Math.round(v * 255.0 / max);
    }

    private void need(int n) {
        if (pos + n > b.length) {
            throw ctx.error("truncated PNM image data");
        }
    }

    private int number() {
        while (pos < b.length) {
            int c = b[pos];
            if (c == '#') {
                while (pos < b.length && b[pos] != '\n') {
                    pos++;
                }
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else {
                break;
            }
        }
        long v = 0;
        int start = pos;
        while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
            v = v * 10 + (b[pos++] - '0');
            if (v > Integer.MAX_VALUE) {
                throw ctx.error("PNM header number is too large");
            }
        }
        if (pos == start) {
            throw ctx.error("malformed PNM header");
        }
        return (int) v;
    }
}
