package dev.modelx.format.tensorflow;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC-32C as LevelDB and TF checkpoints store it: rotated and offset ("masked") so CRCs of CRCs stay strong. */
public final class MaskedCrc32c {

    private static final int MASK_DELTA = 0xa282ead8;

    private MaskedCrc32c() {
    }

    public static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    public static int unmask(int masked) {
        int rot = masked - MASK_DELTA;
        return (rot >>> 17) | (rot << 15);
    }

    public static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    /** Masked CRC of the remaining bytes of {@code b} (its position is left unchanged). */
    public static int maskedCrc(ByteBuffer b) {
        CRC32C c = new CRC32C();
        c.update(b.duplicate());
        return mask((int) c.getValue());
    }

    public static int maskedCrc(byte[] b, int off, int len) {
        return mask(crc(b, off, len));
    }
}
