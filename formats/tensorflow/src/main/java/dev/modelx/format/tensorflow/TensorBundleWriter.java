package dev.modelx.format.tensorflow;

import dev.modelx.format.tensorflow.proto.BundleEntryProto;
import dev.modelx.format.tensorflow.proto.BundleHeaderProto;
import dev.modelx.format.tensorflow.proto.TensorShapeProto;
import dev.modelx.format.tensorflow.proto.VersionDef;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Writes a one-shard TF checkpoint bundle ({@code <prefix>.index} + {@code <prefix>.data-00000-of-00001}). */
public final class TensorBundleWriter {

    private TensorBundleWriter() {
    }

    public static void write(Path prefix, Map<String, Tensor> tensors) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        TreeMap<String, byte[]> index = new TreeMap<>();
        index.put("", BundleHeaderProto.newBuilder().setNumShards(1)
                .setVersion(VersionDef.newBuilder().setProducer(1)).build().toByteArray());
        for (Map.Entry<String, Tensor> e : new TreeMap<>(tensors).entrySet()) {
            Tensor t = e.getValue();
            byte[] bytes = t.type() == DataType.STRING ? stringBytes(t.strings()) : packed(t);
            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
            for (long d : t.shape()) {
                shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
            }
            BundleEntryProto entry = BundleEntryProto.newBuilder().setDtypeValue(TfDataTypes.toTf(t.type())).setShape(shape)
                    .setShardId(0).setOffset(data.size()).setSize(bytes.length)
                    .setCrc32C(MaskedCrc32c.maskedCrc(bytes, 0, bytes.length)).build();
            data.writeBytes(bytes);
            index.put(e.getKey(), entry.toByteArray());
        }
        writeAtomically(prefix.resolveSibling(prefix.getFileName() + ".data-00000-of-00001"), data.toByteArray());
        writeAtomically(prefix.resolveSibling(prefix.getFileName() + ".index"), LevelDbTableWriter.write(index));
    }

    private static byte[] packed(Tensor t) {
        ByteBuffer b = t.packedBytes();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    static byte[] stringBytes(String[] strings) {
        ByteArrayOutputStream lengths = new ByteArrayOutputStream();
        byte[][] enc = new byte[strings.length][];
        for (int i = 0; i < strings.length; i++) {
            enc[i] = strings[i].getBytes(StandardCharsets.UTF_8);
            LevelDbTableWriter.writeVarint(lengths, enc[i].length);
        }
        byte[] l = lengths.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(l);
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(MaskedCrc32c.maskedCrc(l, 0, l.length)).array());
        for (byte[] s : enc) {
            out.writeBytes(s);
        }
        return out.toByteArray();
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        AtomicFiles.write(target, out -> out.write(bytes));
    }
}
