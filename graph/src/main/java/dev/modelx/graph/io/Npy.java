package dev.modelx.graph.io;

import dev.modelx.graph.DataType;
import dev.modelx.graph.ModelFormatException;
import dev.modelx.graph.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (versions 1-3), for feeding inputs and writing outputs. Reads little- and
 * big-endian numeric arrays, bool, and fixed-width unicode strings ({@code <U}); C order only.
 * Object arrays (pickles) are refused, never executed.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    public static Tensor read(Path file) throws IOException {
        long fileSize = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(fileSize, 12)).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(head, 0);
            head.flip();
            if (head.remaining() < 10 || !startsWithMagic(head)) {
                throw new ModelFormatException(file, "not a .npy file (missing \\x93NUMPY magic)");
            }
            int major = head.get(6) & 0xff;
            long headerLen;
            int headerStart;
            if (major == 1) {
                headerLen = head.getShort(8) & 0xffff;
                headerStart = 10;
            } else if (major == 2 || major == 3) {
                if (head.remaining() < 12) {
                    throw new ModelFormatException(file, "truncated .npy header");
                }
                headerLen = head.getInt(8) & 0xffffffffL;
                headerStart = 12;
            } else {
                throw new ModelFormatException(file, "unsupported .npy version " + major);
            }
            if (headerStart + headerLen > fileSize || headerLen > 1 << 20) {
                throw new ModelFormatException(file, "truncated .npy header (declares " + headerLen + " bytes)");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            ch.read(hb, headerStart);
            String header = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            String descr = group(DESCR, header, file, "descr");
            if ("True".equals(group(FORTRAN, header, file, "fortran_order"))) {
                throw new ModelFormatException(file, "Fortran-order arrays are not supported; save with np.ascontiguousarray");
            }
            long[] shape = parseShape(group(SHAPE, header, file, "shape"), file);
            long count = Tensor.elementCount(shape);
            long dataStart = headerStart + headerLen;
            return decode(file, ch, descr, shape, count, dataStart, fileSize - dataStart);
        }
    }

    private static Tensor decode(Path file, FileChannel ch, String descr, long[] shape, long count, long start, long available)
            throws IOException {
        if (descr.startsWith("|O") || descr.startsWith("O")) {
            throw new ModelFormatException(file, "object arrays (pickled data) are refused; descr '" + descr + "'");
        }
        char order = descr.charAt(0);
        String kind = descr.substring(1);
        if (kind.startsWith("U")) {
            int width = Integer.parseInt(kind.substring(1));
            long need = count * width * 4L;
            checkAvailable(file, need, available, descr, shape);
            Tensor.checkAllocatable(count, DataType.STRING);
            ByteBuffer b = ByteBuffer.allocate((int) need).order(order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            ch.read(b, start);
            b.flip();
            String[] out = new String[(int) count];
            for (int i = 0; i < count; i++) {
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < width; k++) {
                    int cp = b.getInt();
                    if (cp != 0) {
                        sb.appendCodePoint(cp);
                    }
                }
                out[i] = sb.toString();
            }
            return Tensor.ofStrings(shape, out);
        }
        DataType type = switch (kind) {
            case "f4" -> DataType.FLOAT;
            case "f8" -> DataType.DOUBLE;
            case "f2" -> DataType.FLOAT16;
            case "i1" -> DataType.INT8;
            case "u1" -> DataType.UINT8;
            case "i2" -> DataType.INT16;
            case "u2" -> DataType.UINT16;
            case "i4" -> DataType.INT32;
            case "u4" -> DataType.UINT32;
            case "i8" -> DataType.INT64;
            case "u8" -> DataType.UINT64;
            case "b1" -> DataType.BOOL;
            case "c8" -> DataType.COMPLEX64;
            case "c16" -> DataType.COMPLEX128;
            default -> throw new ModelFormatException(file, "unsupported .npy dtype '" + descr + "'");
        };
        long need = type.byteSize(count);
        checkAvailable(file, need, available, descr, shape);
        Tensor.checkAllocatable(count, type);
        ByteBuffer b = ByteBuffer.allocate((int) need);
        ch.read(b, start);
        b.flip();
        if (order == '>' && type.bits() > 8) {
            b = swap(b, type.isComplex() ? type.bits() / 16 : type.bits() / 8);
        }
        Tensor packed = Tensor.fromPacked(type, shape, b.order(ByteOrder.LITTLE_ENDIAN));
        return Tensor.of(type, shape, packed.array());
    }

    /** Writes {@code t} atomically (temp file + move) as a version-1 .npy. */
    public static void write(Tensor t, Path file) throws IOException {
        AtomicFiles.write(file, out -> write(t, out));
    }

    public static void write(Tensor t, OutputStream out) throws IOException {
        String descr;
        byte[] data;
        if (t.type() == DataType.STRING) {
            String[] s = t.strings();
            int width = 1;
            for (String x : s) {
                width = Math.max(width, x.codePointCount(0, x.length()));
            }
            ByteBuffer b = ByteBuffer.allocate(s.length * width * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (String x : s) {
                int[] cps = x.codePoints().toArray();
                for (int k = 0; k < width; k++) {
                    b.putInt(k < cps.length ? cps[k] : 0);
                }
            }
            descr = "<U" + width;
            data = b.array();
        } else {
            descr = switch (t.type()) {
                case FLOAT -> "<f4";
                case DOUBLE -> "<f8";
                case FLOAT16 -> "<f2";
                case INT8 -> "|i1";
                case UINT8 -> "|u1";
                case INT16 -> "<i2";
                case UINT16 -> "<u2";
                case INT32 -> "<i4";
                case UINT32 -> "<u4";
                case INT64 -> "<i8";
                case UINT64 -> "<u8";
                case BOOL -> "|b1";
                case COMPLEX64 -> "<c8";
                case COMPLEX128 -> "<c16";
                default -> null;
            };
            if (descr == null) {
                // NumPy has no such dtype: widen to float32 so the values stay readable.
                write(Tensor.ofFloats(t.shape(), t.toFloatArray()), out);
                return;
            }
            ByteBuffer packed = t.packedBytes();
            data = new byte[packed.remaining()];
            packed.get(data);
        }
        StringBuilder shape = new StringBuilder("(");
        long[] dims = t.shape();
        for (int i = 0; i < dims.length; i++) {
            shape.append(dims[i]).append(dims.length == 1 ? "," : i < dims.length - 1 ? ", " : "");
        }
        shape.append(')');
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        out.write(MAGIC);
        out.write(new byte[]{1, 0});
        int len = header.length();
        out.write(new byte[]{(byte) len, (byte) (len >>> 8)});
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
    }

    private static boolean startsWithMagic(ByteBuffer b) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (b.get(i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String group(Pattern p, String header, Path file, String what) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new ModelFormatException(file, ".npy header has no '" + what + "': " + header.trim());
        }
        return m.group(1);
    }

    private static long[] parseShape(String s, Path file) {
        List<Long> dims = new ArrayList<>();
        for (String part : s.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1);
            }
            try {
                dims.add(Long.parseLong(p));
            } catch (NumberFormatException e) {
                throw new ModelFormatException(file, "bad .npy shape entry '" + p + "'");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static void checkAvailable(Path file, long need, long available, String descr, long[] shape) {
        if (need > available) {
            throw new ModelFormatException(file, "shape " + java.util.Arrays.toString(shape) + " of '" + descr + "' needs " + need
                    + " bytes of data, the file has " + available);
        }
    }

    private static ByteBuffer swap(ByteBuffer b, int width) {
        ByteBuffer out = ByteBuffer.allocate(b.remaining());
        byte[] tmp = new byte[width];
        while (b.remaining() >= width) {
            b.get(tmp);
            for (int i = width - 1; i >= 0; i--) {
                out.put(tmp[i]);
            }
        }
        out.flip();
        return out;
    }
}
