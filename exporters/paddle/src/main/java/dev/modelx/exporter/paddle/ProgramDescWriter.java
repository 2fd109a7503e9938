package dev.modelx.exporter.paddle;

import dev.modelx.format.paddle.LodTensor;
import dev.modelx.format.paddle.PaddleDataTypes;
import dev.modelx.format.paddle.PaddleParams;
import dev.modelx.format.paddle.ProgramDescs;
import dev.modelx.format.paddle.proto.PaddleProtos.BlockDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.ProgramDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.VarDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.VarType;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The ProgramDesc and combined params bytes of a translated block, laid out as Paddle 2.6 saves an inference
 * program: feed/fetch variables (FEED_MINIBATCH / FETCH_LIST, persistable), parameters as persistable
 * LOD_TENSOR VarDescs, temporaries with lod_level 0, and the version stamp of {@link Paddle26}.
 */
public final class ProgramDescWriter {

    private ProgramDescWriter() {
    }

    public static ProgramDesc program(ExportContext c) {
        checkElementTypes(c);
        List<BlockDesc.Builder> blocks = new ArrayList<>();
        block(c, -1, blocks);
        ProgramDesc.Builder p = ProgramDesc.newBuilder();
        blocks.forEach(p::addBlocks);
        return p.setVersion(Paddle26.version()).setOpVersionMap(Paddle26.opVersionMap()).build();
    }

    /**
     * Writes block {@code c} and, depth first in op order, the blocks nested in it (Paddle numbers blocks in the
     * order they are created, each control-flow op's blocks before the ops after it); returns its index.
     */
    private static int block(ExportContext c, int parentIdx, List<BlockDesc.Builder> blocks) {
        int idx = blocks.size();
        BlockDesc.Builder b = BlockDesc.newBuilder().setIdx(idx).setParentIdx(parentIdx);
        blocks.add(b);
        if (parentIdx < 0) {
            b.addVars(VarDesc.newBuilder().setName("feed").setType(VarType.newBuilder().setType(VarType.Type.FEED_MINIBATCH)).setPersistable(true));
            b.addVars(VarDesc.newBuilder().setName("fetch").setType(VarType.newBuilder().setType(VarType.Type.FETCH_LIST)).setPersistable(true));
        }
        for (VarDecl v : c.vars().values()) {
            b.addVars(varDesc(v, c.lodLevels().getOrDefault(v.name(), 0)));
        }
        for (PaddleOp op : c.ops()) {
            if (op.blocks().size() > 1) {
                throw new IllegalStateException("op '" + op.type() + "' has " + op.blocks().size() + " blocks; lower the program first");
            }
            for (SubBlock sub : op.blocks()) {
                op.attr(Attrs.block("sub_block", block(sub.block(), idx, blocks)));
            }
            b.addOps(op.toProto());
        }
        return idx;
    }

    /** Every variable's element type must be one a ProgramDesc can declare; otherwise the model is refused. */
    static void checkElementTypes(ExportContext c) {
        for (VarDecl v : c.vars().values()) {
            if (v.isStepScopes()) {
                continue;
            }
            try {
                PaddleDataTypes.toVarType(v.dtype());
            } catch (IllegalArgumentException e) {
                throw new dev.modelx.graph.ModelFormatException(c.file(), "value '" + v.name() + "': " + e.getMessage(), e);
            }
        }
        c.ops().forEach(op -> op.blocks().forEach(b -> checkElementTypes(b.block())));
    }

    static VarDesc varDesc(VarDecl v, int lodLevel) {
        if (v.isStepScopes()) {
            return VarDesc.newBuilder().setName(v.name()).setType(VarType.newBuilder().setType(VarType.Type.STEP_SCOPES)).setPersistable(false).build();
        }
        if (v.kind() == VarDecl.Kind.TENSOR_ARRAY) {
            VarType.TensorDesc.Builder t = VarType.TensorDesc.newBuilder().setDataType(PaddleDataTypes.toVarType(v.dtype()));
            for (long d : v.dims()) {
                t.addDims(d);
            }
            return VarDesc.newBuilder().setName(v.name()).setType(VarType.newBuilder().setType(VarType.Type.LOD_TENSOR_ARRAY)
                    .setTensorArray(VarType.LoDTensorArrayDesc.newBuilder().setTensor(t).setLodLevel(0))).setPersistable(false).build();
        }
        VarType.TensorDesc.Builder t = VarType.TensorDesc.newBuilder().setDataType(PaddleDataTypes.toVarType(v.dtype()));
        for (long d : v.dims()) {
            t.addDims(d);
        }
        VarType.LoDTensorDesc.Builder lod = VarType.LoDTensorDesc.newBuilder().setTensor(t);
        if (!v.persistable()) {
            lod.setLodLevel(lodLevel);
        }
        return VarDesc.newBuilder().setName(v.name())
                .setType(VarType.newBuilder().setType(VarType.Type.LOD_TENSOR).setLodTensor(lod)).setPersistable(v.persistable()).build();
    }

    /** The combined params file: every parameter, byte-wise sorted by name. */
    public static byte[] params(ExportContext c) {
        TreeMap<String, LodTensor> sorted = new TreeMap<>(ProgramDescs::compareBytes);
        c.params().forEach((k, t) -> sorted.put(k, LodTensor.dense(t)));
        return PaddleParams.combinedBytes(sorted);
    }
}
