package dev.modelx.exporter.onnx;

import dev.modelx.format.onnx.ExternalDataReference;
import dev.modelx.graph.Tensor;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Appends tensor bytes to one external data file, streaming each tensor's packed source (a mapped buffer when it
 * has one) and handing out the location/offset/length reference for it. The file is created on the first append.
 */
final class ExternalDataWriter implements Closeable {
    private final TempFiles temps;
    private final String location;
    private final int alignment;
    private FileChannel channel;
    private Path file;
    private long offset;

    /**
     * @param temps     where the file is created (a temporary file, renamed into place on success)
     * @param location  the name written into the model, relative to its folder
     * @param alignment each tensor starts at a multiple of this many bytes (0 or 1: no padding)
     */
    ExternalDataWriter(TempFiles temps, String location, int alignment) {
        this.temps = temps;
        this.location = location;
        this.alignment = Math.max(1, alignment);
    }

    ExternalDataReference append(Tensor tensor) {
        try {
            if (channel == null) {
                file = temps.create(location);
                channel = FileChannel.open(file, StandardOpenOption.WRITE);
            }
            long padding = (alignment - offset % alignment) % alignment;
            if (padding > 0) {
                writeFully(ByteBuffer.allocate((int) padding));
                offset += padding;
            }
            ByteBuffer bytes = tensor.packedBytes();
            long length = bytes.remaining();
            writeFully(bytes);
            ExternalDataReference ref = new ExternalDataReference(location, offset, length, null);
            offset += length;
            return ref;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write external data file " + location + ": " + e.getMessage(), e);
        }
    }

    /** The temporary file written so far, if any tensor was appended. */
    Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    long size() {
        return offset;
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.force(true);
            channel.close();
        }
    }
}
