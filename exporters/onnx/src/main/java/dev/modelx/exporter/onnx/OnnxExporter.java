package dev.modelx.exporter.onnx;

import com.google.protobuf.CodedOutputStream;
import dev.modelx.format.onnx.OnnxFiles;
import dev.modelx.format.onnx.OnnxFormatException;
import dev.modelx.format.onnx.proto.OnnxProtos.ModelProto;
import dev.modelx.graph.Model;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.ModelExporter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes the graph model as an ONNX file, atomically: everything goes to temporary files in the target folder
 * that are renamed into place only once complete. Tensors of at least
 * {@link ExportOptions#externalDataThreshold()} bytes go to one side file {@code <model file>.data} when external
 * data is asked for, or automatically when the model would exceed protobuf's 2 GB limit.
 * Options: {@value #EXTERNAL_DATA_FILE} (side file name), {@value #EXTERNAL_DATA_ALIGNMENT} (bytes, e.g. 4096).
 */
public final class OnnxExporter implements ModelExporter {
    public static final String FORMAT = "onnx";
    public static final String EXTERNAL_DATA_FILE = "external-data-file";
    public static final String EXTERNAL_DATA_ALIGNMENT = "external-data-alignment";

    private static final int WRITE_BUFFER = 1 << 16;

    private final long protobufLimit;

    public OnnxExporter() {
        this(OnnxFiles.MAX_PROTOBUF_BYTES);
    }

    /** @param protobufLimit largest model written inline (lowered by tests of the automatic switch) */
    OnnxExporter(long protobufLimit) {
        this.protobufLimit = protobufLimit;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    /** The model as ONNX bytes, every tensor inline. */
    public byte[] toBytes(Model model) {
        checkFits(inlineSize(model, ExportOptions.defaults().externalDataThreshold()), "the model");
        return toProto(model).toByteArray();
    }

    /** The ModelProto of a model, every tensor inline (raw_data views of the tensors' sources, not copies). */
    public ModelProto toProto(Model model) {
        return new OnnxModelWriter(TensorEncoders.inline()).model(model);
    }

    @Override
    public void write(Model model, Path path, ExportOptions options) throws IOException {
        Path target = path.toAbsolutePath().normalize();
        Path dir = target.getParent();
        String modelName = target.getFileName().toString();
        if (Files.isDirectory(target)) {
            throw new OnnxFormatException(target, "is a folder, not a file to write the model to");
        }
        Files.createDirectories(dir);
        String dataName = externalDataName(modelName, options);
        long threshold = options.externalDataThreshold();

        try (TempFiles temps = new TempFiles(dir)) {
            ModelProto proto;
            ExternalDataWriter data = null;
            if (useExternalData(model, options, threshold)) {
                data = new ExternalDataWriter(temps, dataName, alignment(options));
                try (ExternalDataWriter writer = data) {
                    proto = new OnnxModelWriter(TensorEncoders.external(writer, threshold)).model(model);
                }
                checkFits(proto.getSerializedSize(), "the model without its external data");
            } else {
                proto = new OnnxModelWriter(TensorEncoders.inline()).model(model);
            }
            Path modelTemp = temps.create(modelName);
            writeProto(proto, modelTemp);
            if (data != null && data.file().isPresent()) {
                temps.commit(data.file().get(), dataName);
            }
            temps.commit(modelTemp, modelName);
        }
    }

    /** Forced on or off by the options; otherwise on exactly when the inline model would exceed the limit. */
    private boolean useExternalData(Model model, ExportOptions options, long threshold) {
        if (options.externalData().orElse(false)) {
            return true;
        }
        long inlineSize = inlineSize(model, threshold);
        if (inlineSize <= protobufLimit) {
            return false;
        }
        if (options.externalData().isPresent()) {
            checkFits(inlineSize, "the model (external data is switched off)");
        }
        return true;
    }

    /** The size of the model written inline, computed without serialising it (and beyond 2 GB without overflow). */
    private static long inlineSize(Model model, long threshold) {
        TensorEncoders.Measuring measuring = new TensorEncoders.Measuring(threshold);
        return new OnnxModelWriter(measuring).model(model).getSerializedSize() + measuring.deferredBytes();
    }

    private void checkFits(long size, String what) {
        if (size > protobufLimit) {
            throw new OnnxFormatException("cannot write ONNX: " + what + " needs " + size + " bytes, more than the "
                + protobufLimit + " a protobuf file can hold; write large tensors as external data");
        }
    }

    private static void writeProto(ModelProto proto, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = Channels.newOutputStream(channel);
            CodedOutputStream coded = CodedOutputStream.newInstance(out, WRITE_BUFFER);
            proto.writeTo(coded);
            coded.flush();
            channel.force(true);
        }
    }

    /** The side file's name: a plain file name in the model's folder, never a path. */
    static String externalDataName(String modelName, ExportOptions options) {
        String name = options.get(EXTERNAL_DATA_FILE).orElse(modelName + ".data");
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")
            || name.equals(modelName) || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Option " + EXTERNAL_DATA_FILE + " must be a plain file name next to the model"
                + " (no folders, not the model's own name), got '" + name + "'");
        }
        return name;
    }

    private static int alignment(ExportOptions options) {
        String value = options.get(EXTERNAL_DATA_ALIGNMENT).orElse("0");
        try {
            int alignment = Integer.parseInt(value.trim());
            if (alignment < 0 || alignment > (1 << 30)) {
                throw new NumberFormatException();
            }
            return alignment;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option " + EXTERNAL_DATA_ALIGNMENT + " must be a byte count such as 4096, got '"
                + value + "'");
        }
    }
}
