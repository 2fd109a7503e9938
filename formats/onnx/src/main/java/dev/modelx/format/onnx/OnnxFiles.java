package dev.modelx.format.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import dev.modelx.format.onnx.proto.OnnxProtos.MapProto;
import dev.modelx.format.onnx.proto.OnnxProtos.ModelProto;
import dev.modelx.format.onnx.proto.OnnxProtos.OptionalProto;
import dev.modelx.format.onnx.proto.OnnxProtos.SequenceProto;
import dev.modelx.format.onnx.proto.OnnxProtos.SparseTensorProto;
import dev.modelx.format.onnx.proto.OnnxProtos.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads ONNX protobuf files. Files are memory-mapped and parsed with aliasing, so large {@code raw_data}
 * fields stay views of the mapping instead of heap copies; the mapping lives as long as those views do.
 */
public final class OnnxFiles {
    /** Protobuf messages cannot exceed 2 GiB - 1; larger models must keep their weights in external data. */
    public static final long MAX_PROTOBUF_BYTES = Integer.MAX_VALUE;
    /** Sub-graphs nest graph -> node -> attribute -> graph, so allow far more than protobuf's default 100. */
    static final int RECURSION_LIMIT = 1_000;

    private OnnxFiles() {
    }

    public static ModelProto readModel(Path file) {
        return checkModel(new Source(file, null), parse(file, ModelProto.parser(), "ONNX model"));
    }

    /** Parses a model already in memory; {@code sourceName} only labels error messages. */
    public static ModelProto parseModel(ByteBuffer bytes, String sourceName) {
        Source source = new Source(null, sourceName);
        return checkModel(source, parse(bytes, ModelProto.parser(), "ONNX model", source));
    }

    public static ModelProto parseModel(byte[] bytes, String sourceName) {
        return parseModel(ByteBuffer.wrap(bytes), sourceName);
    }

    public static TensorProto readTensor(Path file) {
        return parse(file, TensorProto.parser(), "ONNX TensorProto");
    }

    public static SequenceProto readSequence(Path file) {
        return parse(file, SequenceProto.parser(), "ONNX SequenceProto");
    }

    public static OptionalProto readOptional(Path file) {
        return parse(file, OptionalProto.parser(), "ONNX OptionalProto");
    }

    public static MapProto readMap(Path file) {
        return parse(file, MapProto.parser(), "ONNX MapProto");
    }

    public static SparseTensorProto readSparseTensor(Path file) {
        return parse(file, SparseTensorProto.parser(), "ONNX SparseTensorProto");
    }

    /** A file, or a name for bytes that never were one; errors are phrased the same for both. */
    private record Source(Path file, String name) {
        OnnxFormatException error(String detail, Throwable cause) {
            return file != null ? new OnnxFormatException(file, detail, cause)
                : new OnnxFormatException(name + ": " + detail, cause);
        }
    }

    private static ModelProto checkModel(Source source, ModelProto model) {
        if (!model.hasGraph()) {
            int unknown = model.getUnknownFields().asMap().size();
            String detail = unknown > 0
                ? "it holds " + unknown + " field number(s) unknown to ModelProto and no graph"
                : "it has no graph";
            throw source.error("not an ONNX model (valid protobuf, but " + detail + "; ir_version="
                + model.getIrVersion() + ")", null);
        }
        if (model.getIrVersion() <= 0) {
            throw source.error("not a valid ONNX model (ir_version is " + model.getIrVersion()
                + ", must be at least 1)", null);
        }
        return model;
    }

    private static <T extends MessageLite> T parse(Path file, Parser<T> parser, String what) {
        Source source = new Source(file, null);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > MAX_PROTOBUF_BYTES) {
                throw source.error("file is " + size + " bytes; a protobuf " + what + " can hold at most "
                    + MAX_PROTOBUF_BYTES + " bytes (large weights belong in external data)", null);
            }
            ByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return parse(mapped, parser, what, source);
        } catch (NoSuchFileException e) {
            throw source.error("file not found (" + file + ")", e);
        } catch (IOException e) {
            throw source.error("cannot read file: " + e, e);
        }
    }

    private static <T extends MessageLite> T parse(ByteBuffer bytes, Parser<T> parser, String what, Source source) {
        if (!bytes.hasRemaining()) {
            throw source.error("not an " + what + " (the file is empty)", null);
        }
        // UnsafeByteOperations marks the buffer immutable: only then does the decoder alias bytes fields.
        CodedInputStream input = UnsafeByteOperations.unsafeWrap(bytes.slice()).newCodedInput();
        input.enableAliasing(true);
        input.setRecursionLimit(RECURSION_LIMIT);
        input.setSizeLimit(Integer.MAX_VALUE);
        try {
            T message = parser.parseFrom(input);
            input.checkLastTagWas(0);
            return message;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // protobuf reports some malformed input (e.g. impossible lengths) as unchecked exceptions
            String reason = e instanceof InvalidProtocolBufferException ? e.getMessage() : e.toString();
            throw source.error("not an " + what + " (protobuf parse failed at byte " + input.getTotalBytesRead()
                + " of " + bytes.remaining() + ": " + reason + ")", e);
        } catch (StackOverflowError e) {
            throw source.error(what + " nests too deeply to parse", e);
        }
    }
}
