package dev.modelx.format.onnx;

import dev.modelx.format.onnx.proto.OnnxProtos.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the bytes of tensors stored in external data files, refusing any location that could read outside the
 * model's folder: absolute paths, {@code ..} components, symbolic links, hard-linked files and paths whose real
 * path leaves the folder. Data is returned as read-only memory-mapped little-endian buffers, never copied.
 */
public final class ExternalDataResolver {
    private static final long CHECKSUM_CHUNK = 1L << 30;

    private final Path modelFile;
    private final Path modelDir;
    private final boolean verifyChecksums;
    private final Map<Path, String> checksumCache = new ConcurrentHashMap<>();
    private Path modelDirReal;

    /**
     * @param modelFile       the model file; its folder is where locations are resolved
     * @param verifyChecksums whether to check the SHA-1 {@code checksum} entries (reads each data file once)
     */
    public ExternalDataResolver(Path modelFile, boolean verifyChecksums) {
        this.modelFile = modelFile;
        this.modelDir = modelFile.toAbsolutePath().getParent();
        this.verifyChecksums = verifyChecksums;
    }

    public ExternalDataResolver(Path modelFile) {
        this(modelFile, false);
    }

    public Path modelDirectory() {
        return modelDir;
    }

    /** True when the tensor's data lives in an external file. */
    public static boolean isExternal(TensorProto tensor) {
        return tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL;
    }

    /** The tensor's data, a read-only little-endian view of the mapped file region. */
    public ByteBuffer resolve(TensorProto tensor) {
        String context = "tensor '" + tensor.getName() + "'";
        return resolve(context, parse(context, tensor));
    }

    /** The tensor's external_data entries, checked; errors name the model and {@code context}. */
    public ExternalDataReference parse(String context, TensorProto tensor) {
        try {
            return ExternalDataReference.parse(context, tensor.getExternalDataList());
        } catch (IllegalArgumentException e) {
            throw new OnnxFormatException(modelFile, e.getMessage(), e);
        }
    }

    /** @param context names the tensor in error messages, e.g. {@code "tensor 'W'"} (the model is added) */
    public ByteBuffer resolve(String context, ExternalDataReference ref) {
        String where = context + " external data location '" + ref.location() + "'";
        Path file = checkedFile(where, ref.location());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (ref.offset() > size) {
                throw new OnnxFormatException(modelFile, where + ": offset " + ref.offset() + " is beyond the end of the file ("
                    + size + " bytes)");
            }
            long length = ref.hasLength() ? ref.length() : size - ref.offset();
            if (length > size - ref.offset()) {
                throw new OnnxFormatException(modelFile, where + ": offset " + ref.offset() + " + length " + length
                    + " runs past the end of the file (" + size + " bytes)");
            }
            if (length > Integer.MAX_VALUE) {
                throw new OnnxFormatException(modelFile, where + ": " + length
                    + " bytes is more than one buffer can map (2 GiB); tensors that large are not supported");
            }
            if (verifyChecksums && ref.checksum() != null) {
                verifyChecksum(where, file, channel, ref.checksum());
            }
            ByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, ref.offset(), length);
            return mapped.order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new OnnxFormatException(modelFile, where + ": cannot read: " + e, e);
        }
    }

    /** Applies every safety rule to a location and returns the real path of the file it names. */
    Path checkedFile(String where, String location) {
        if (modelDir == null) {
            throw new OnnxFormatException(modelFile, where + ": the model has no folder to resolve external data against");
        }
        if (location.indexOf('\0') >= 0) {
            throw new OnnxFormatException(modelFile, where + ": contains a NUL character");
        }
        if (location.startsWith("/") || location.startsWith("\\") || location.matches("^[A-Za-z]:.*")) {
            throw new OnnxFormatException(modelFile, where + ": absolute paths are not allowed (must be relative to the model's folder)");
        }
        for (String part : location.split("[/\\\\]")) {
            if (part.equals("..")) {
                throw new OnnxFormatException(modelFile, where + ": '..' components are not allowed");
            }
        }
        Path relative = modelDir.getFileSystem().getPath(location.replace('\\', '/')).normalize();
        Path file = modelDir.resolve(relative);
        if (Files.isSymbolicLink(file)) {
            throw new OnnxFormatException(modelFile, where + ": is a symbolic link; external data must be a plain file");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new OnnxFormatException(modelFile, where + ": file not found (" + file + ")");
        }
        Path real;
        Path dirReal;
        try {
            real = file.toRealPath();
            dirReal = modelDirReal();
        } catch (IOException e) {
            throw new OnnxFormatException(modelFile, where + ": cannot resolve: " + e, e);
        }
        if (!real.startsWith(dirReal)) {
            throw new OnnxFormatException(modelFile, where + ": resolves to " + real + ", outside the model's folder " + dirReal);
        }
        if (!real.equals(dirReal.resolve(relative))) {
            throw new OnnxFormatException(modelFile, where + ": goes through a symbolic link (resolves to " + real + ")");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new OnnxFormatException(modelFile, where + ": is not a regular file");
        }
        int links = hardLinkCount(where, real);
        if (links > 1) {
            throw new OnnxFormatException(modelFile, where + ": the file has " + links
                + " hard links; external data must not be hard-linked (it could alias a file outside the model's folder)");
        }
        return real;
    }

    private Path modelDirReal() throws IOException {
        if (modelDirReal == null) {
            modelDirReal = modelDir.toRealPath();
        }
        return modelDirReal;
    }

    private int hardLinkCount(String where, Path file) {
        try {
            Object count = Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            return count instanceof Number n ? n.intValue() : 1;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return 1; // file systems without the unix view have no hard-link count to check
        } catch (IOException e) {
            throw new OnnxFormatException(modelFile, where + ": cannot read the hard-link count: " + e, e);
        }
    }

    private void verifyChecksum(String where, Path file, FileChannel channel, String expected) throws IOException {
        String actual = checksumCache.get(file);
        if (actual == null) {
            actual = sha1(channel);
            checksumCache.put(file, actual);
        }
        if (!actual.equalsIgnoreCase(expected.trim())) {
            throw new OnnxFormatException(modelFile, where + ": checksum mismatch (file SHA-1 " + actual + ", model says " + expected + ")");
        }
    }

    private static String sha1(FileChannel channel) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = channel.size();
        for (long position = 0; position < size; position += CHECKSUM_CHUNK) {
            digest.update(channel.map(FileChannel.MapMode.READ_ONLY, position, Math.min(CHECKSUM_CHUNK, size - position)));
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
