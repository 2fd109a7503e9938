package dev.modelx.format.paddle;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.modelx.format.paddle.proto.PaddleProtos.BlockDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.ProgramDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.VarDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.VarType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading and writing serialized ProgramDesc files, and the facts about them the params layout depends on. */
public final class ProgramDescs {

    private ProgramDescs() {
    }

    public static ProgramDesc read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file);
    }

    public static ProgramDesc parse(byte[] bytes, Path file) {
        ProgramDesc p;
        try {
            p = ProgramDesc.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new PaddleFormatException(file, "not a Paddle ProgramDesc: " + e.getMessage(), e);
        }
        if (p.getBlocksCount() == 0) {
            throw new PaddleFormatException(file, "ProgramDesc has no blocks");
        }
        for (int i = 0; i < p.getBlocksCount(); i++) {
            BlockDesc b = p.getBlocks(i);
            if (b.getParentIdx() >= p.getBlocksCount() || b.getParentIdx() < -1) {
                throw new PaddleFormatException(file, "block " + i + " has parent_idx " + b.getParentIdx() + " outside 0.."
                        + (p.getBlocksCount() - 1));
            }
        }
        return p;
    }

    /** The bytes Paddle would write for {@code p}. */
    public static byte[] serialize(ProgramDesc p) {
        return p.toByteArray();
    }

    /** Whether a persistable variable of this kind has a tensor in the params file. */
    public static boolean holdsParams(VarDesc v) {
        if (!v.getPersistable()) {
            return false;
        }
        VarType.Type t = v.getType().getType();
        return t != VarType.Type.FEED_MINIBATCH && t != VarType.Type.FETCH_LIST && t != VarType.Type.RAW;
    }

    /**
     * The variables stored in the params file, in file order: persistable vars of block 0 (not feed/fetch/raw)
     * sorted by name in plain byte order, as save_combine writes them.
     */
    public static List<VarDesc> paramVars(ProgramDesc p) {
        Map<String, VarDesc> byName = new LinkedHashMap<>();
        for (VarDesc v : p.getBlocks(0).getVarsList()) {
            if (holdsParams(v)) {
                byName.putIfAbsent(v.getName(), v);
            }
        }
        List<VarDesc> out = new ArrayList<>(byName.values());
        out.sort(Comparator.comparing(VarDesc::getName, ProgramDescs::compareBytes));
        return out;
    }

    /** Byte-wise comparison of the UTF-8 encodings (unsigned), the order Paddle sorts names in. */
    public static int compareBytes(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.compareUnsigned(x, y);
    }

    /** The tensor descriptor of a dense (LoD) tensor variable, or null for other kinds. */
    public static VarType.TensorDesc tensorDesc(VarDesc v) {
        VarType t = v.getType();
        if (t.hasLodTensor()) {
            return t.getLodTensor().getTensor();
        }
        if (t.hasSelectedRows()) {
            return t.getSelectedRows();
        }
        if (t.hasTensorArray()) {
            return t.getTensorArray().getTensor();
        }
        return null;
    }

    public static int lodLevel(VarDesc v) {
        return v.getType().hasLodTensor() ? v.getType().getLodTensor().getLodLevel() : 0;
    }

    /** The op_version_map as a map (op name to version). */
    public static Map<String, Integer> opVersions(ProgramDesc p) {
        Map<String, Integer> out = new LinkedHashMap<>();
        p.getOpVersionMap().getPairList().forEach(pair -> out.put(pair.getOpName(), pair.getOpVersion().getVersion()));
        return out;
    }
}
