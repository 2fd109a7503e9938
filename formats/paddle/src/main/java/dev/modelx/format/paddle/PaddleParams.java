package dev.modelx.format.paddle;

import dev.modelx.format.paddle.proto.PaddleProtos.VarDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.VarType;
import dev.modelx.graph.DataType;
import dev.modelx.graph.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Paddle params in both layouts: one combined file (tensors back to back in byte-wise name order, no names,
 * ending exactly after the last) or one file per variable. Files are memory-mapped; tensors keep slices of
 * the mapping, so weights are only decoded when read.
 */
public final class PaddleParams {

    private PaddleParams() {
    }

    /** Reads the tensors of {@code vars} (in this order) from one combined file, checking them against the vars. */
    public static Map<String, LodTensor> readCombined(Path file, List<VarDesc> vars) {
        ByteBuffer buf = map(file);
        Map<String, LodTensor> out = new LinkedHashMap<>();
        for (VarDesc v : vars) {
            if (!buf.hasRemaining()) {
                throw new PaddleFormatException(file, "combined params file ends before variable '" + v.getName() + "' ("
                        + out.size() + " of " + vars.size() + " tensors present)");
            }
            LodTensor t = TensorStream.read(buf, file, v.getName());
            check(file, v, t);
            out.put(v.getName(), t);
        }
        if (buf.hasRemaining()) {
            throw new PaddleFormatException(file, buf.remaining() + " bytes follow the last of the " + vars.size()
                    + " expected tensors; the params file does not match the program");
        }
        return out;
    }

    /** Reads the tensors named {@code names} (in this order) from one combined file, without declarations to check. */
    public static Map<String, LodTensor> readCombinedNamed(Path file, List<String> names) {
        ByteBuffer buf = map(file);
        Map<String, LodTensor> out = new LinkedHashMap<>();
        for (String n : names) {
            if (!buf.hasRemaining()) {
                throw new PaddleFormatException(file, "combined params file ends before tensor '" + n + "' ("
                        + out.size() + " of " + names.size() + " tensors present)");
            }
            out.put(n, TensorStream.read(buf, file, n));
        }
        if (buf.hasRemaining()) {
            throw new PaddleFormatException(file, buf.remaining() + " bytes follow the last of the " + names.size()
                    + " expected tensors; the params file does not match the program");
        }
        return out;
    }

    /** Reads one file per variable from {@code dir}, each named exactly as its variable and consumed exactly. */
    public static Map<String, LodTensor> readSeparate(Path dir, List<VarDesc> vars) {
        Map<String, LodTensor> out = new LinkedHashMap<>();
        for (VarDesc v : vars) {
            String name = v.getName();
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
                throw new PaddleFormatException(dir, "variable name '" + name + "' cannot name a params file");
            }
            Path f = dir.resolve(name);
            if (!Files.isRegularFile(f)) {
                throw new PaddleFormatException(dir, "params file for persistable variable '" + name + "' is missing");
            }
            ByteBuffer buf = map(f);
            LodTensor t = TensorStream.read(buf, f, name);
            if (buf.hasRemaining()) {
                throw new PaddleFormatException(f, buf.remaining() + " bytes follow tensor '" + name + "'");
            }
            check(f, v, t);
            out.put(name, t);
        }
        return out;
    }

    /** Checks the tensor's element type and known dims against its variable declaration. */
    public static void check(Path file, VarDesc v, LodTensor t) {
        VarType.TensorDesc desc = ProgramDescs.tensorDesc(v);
        if (desc == null) {
            return;
        }
        DataType declared = PaddleDataTypes.fromVarType(desc.getDataType()).orElse(null);
        if (declared != null && declared != t.tensor().type()) {
            throw new PaddleFormatException(file, "tensor '" + v.getName() + "' holds " + t.tensor().type().displayName()
                    + " but the program declares " + declared.displayName());
        }
        long[] shape = t.tensor().shape();
        List<Long> dims = desc.getDimsList();
        boolean ok = dims.size() == shape.length;
        for (int i = 0; ok && i < shape.length; i++) {
            ok = dims.get(i) < 0 || dims.get(i) == shape[i];
        }
        if (!ok) {
            throw new PaddleFormatException(file, "tensor '" + v.getName() + "' has dims " + Arrays.toString(shape)
                    + " but the program declares " + dims);
        }
    }

    /** The combined-file bytes of {@code tensors} (sorted by name in byte order, as Paddle writes them). */
    public static byte[] combinedBytes(SortedMap<String, LodTensor> tensors) {
        java.util.List<String> names = new java.util.ArrayList<>(tensors.keySet());
        names.sort(ProgramDescs::compareBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String n : names) {
            TensorStream.write(tensors.get(n), out);
        }
        return out.toByteArray();
    }

    /** Writes a combined params file atomically (temp file in the same folder, then a move). */
    public static void writeCombined(Path file, SortedMap<String, LodTensor> tensors) throws IOException {
        byte[] bytes = combinedBytes(tensors);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    static ByteBuffer map(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new PaddleFormatException(file, "params file of " + size + " bytes is larger than 2 GiB, which this reader does not map");
            }
            if (size == 0) {
                return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
            }
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
