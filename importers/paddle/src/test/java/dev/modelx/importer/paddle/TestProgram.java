package dev.modelx.importer.paddle;

import dev.modelx.format.paddle.PaddleModelFiles;
import dev.modelx.format.paddle.proto.PaddleProtos.AttrType;
import dev.modelx.format.paddle.proto.PaddleProtos.BlockDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.OpDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.ProgramDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.VarDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.VarType;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.Session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds small ProgramDescs in code (vars, feed/fetch, ops, sub-blocks), imports and runs them. */
final class TestProgram {

    private final List<BlockDesc.Builder> blocks = new ArrayList<>();
    private int feedCol;
    private int fetchCol;
    private final Map<String, String> opVersions = new LinkedHashMap<>();

    TestProgram() {
        blocks.add(BlockDesc.newBuilder().setIdx(0).setParentIdx(-1));
    }

    int subBlock() {
        blocks.add(BlockDesc.newBuilder().setIdx(blocks.size()).setParentIdx(0));
        return blocks.size() - 1;
    }

    TestProgram var(String name, VarType.Type t, long... dims) {
        return var(0, name, t, 0, dims);
    }

    TestProgram var(int block, String name, VarType.Type t, int lod, long... dims) {
        VarType.TensorDesc.Builder d = VarType.TensorDesc.newBuilder().setDataType(t);
        for (long x : dims) {
            d.addDims(x);
        }
        blocks.get(block).addVars(VarDesc.newBuilder().setName(name)
                .setType(VarType.newBuilder().setType(VarType.Type.LOD_TENSOR).setLodTensor(VarType.LoDTensorDesc.newBuilder().setTensor(d).setLodLevel(lod))));
        return this;
    }

    /** A tensor array (LOD_TENSOR_ARRAY) of element type {@code t} in block 0. */
    TestProgram array(String name, VarType.Type t) {
        blocks.get(0).addVars(VarDesc.newBuilder().setName(name).setType(VarType.newBuilder().setType(VarType.Type.LOD_TENSOR_ARRAY)
                .setTensorArray(VarType.LoDTensorArrayDesc.newBuilder().setTensor(VarType.TensorDesc.newBuilder().setDataType(t)))));
        return this;
    }

    TestProgram f32(String name, long... dims) {
        return var(name, VarType.Type.FP32, dims);
    }

    TestProgram feed(String name) {
        blocks.get(0).addOps(OpDesc.newBuilder().setType("feed").addInputs(slot("X", "feed")).addOutputs(slot("Out", name))
                .addAttrs(OpDesc.Attr.newBuilder().setName("col").setType(AttrType.INT).setI(feedCol++)));
        return this;
    }

    TestProgram fetch(String name) {
        blocks.get(0).addOps(OpDesc.newBuilder().setType("fetch").addInputs(slot("X", name)).addOutputs(slot("Out", "fetch"))
                .addAttrs(OpDesc.Attr.newBuilder().setName("col").setType(AttrType.INT).setI(fetchCol++)));
        return this;
    }

    OpBuilder op(String type) {
        return op(0, type);
    }

    OpBuilder op(int block, String type) {
        return new OpBuilder(blocks.get(block), type);
    }

    TestProgram opVersion(String op, int v) {
        opVersions.put(op, String.valueOf(v));
        return this;
    }

    static OpDesc.Var slot(String p, String... args) {
        return OpDesc.Var.newBuilder().setParameter(p).addAllArguments(List.of(args)).build();
    }

    ProgramDesc build() {
        ProgramDesc.Builder p = ProgramDesc.newBuilder();
        blocks.forEach(b -> p.addBlocks(b.build()));
        var map = dev.modelx.format.paddle.proto.PaddleProtos.OpVersionMap.newBuilder();
        opVersions.forEach((k, v) -> map.addPair(dev.modelx.format.paddle.proto.PaddleProtos.OpVersionMap.OpVersionPair.newBuilder()
                .setOpName(k).setOpVersion(dev.modelx.format.paddle.proto.PaddleProtos.OpVersion.newBuilder().setVersion(Integer.parseInt(v)))));
        p.setOpVersionMap(map);
        return p.build();
    }

    Model importModel() {
        Path f = Path.of("test.pdmodel");
        return new ProgramDescImporter(OpRegistry.standard()).convert(build(),
                new PaddleModelFiles(PaddleModelFiles.Kind.PROGRAM_DESC, f, null, null, f, null));
    }

    /** Op types whose programs imported and ran in this JVM (see OpCoverageTest). */
    static final java.util.Set<String> RAN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Runs with {@code feeds} in feed order; returns fetched tensors in fetch order. */
    List<Tensor> run(Tensor... feeds) {
        List<Tensor> res = runUnrecorded(feeds);
        blocks.forEach(b -> b.getOpsList().forEach(o -> {
            if (!o.getType().equals("feed") && !o.getType().equals("fetch")) {
                RAN.add(o.getType());
            }
        }));
        return res;
    }

    private List<Tensor> runUnrecorded(Tensor... feeds) {
        Model m = importModel();
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (int i = 0; i < feeds.length; i++) {
            in.put(m.graph().inputs().get(i).name(), feeds[i]);
        }
        try (Session s = Session.create(m)) {
            Map<String, Tensor> out = s.runTensors(in);
            List<Tensor> res = new ArrayList<>();
            for (var o : m.graph().outputs()) {
                res.add(out.get(o.name()));
            }
            return res;
        }
    }

    static final class OpBuilder {
        private final BlockDesc.Builder block;
        private final OpDesc.Builder op;

        OpBuilder(BlockDesc.Builder block, String type) {
            this.block = block;
            this.op = OpDesc.newBuilder().setType(type);
        }

        OpBuilder in(String slot, String... vars) {
            op.addInputs(slot(slot, vars));
            return this;
        }

        OpBuilder out(String slot, String... vars) {
            op.addOutputs(slot(slot, vars));
            return this;
        }

        private OpBuilder attr(OpDesc.Attr.Builder a) {
            op.addAttrs(a);
            return this;
        }

        OpBuilder i(String n, long v) {
            return attr(OpDesc.Attr.newBuilder().setName(n).setType(AttrType.INT).setI((int) v));
        }

        OpBuilder l(String n, long v) {
            return attr(OpDesc.Attr.newBuilder().setName(n).setType(AttrType.LONG).setL(v));
        }

        OpBuilder f(String n, double v) {
            return attr(OpDesc.Attr.newBuilder().setName(n).setType(AttrType.FLOAT).setF((float) v));
        }

        OpBuilder b(String n, boolean v) {
            return attr(OpDesc.Attr.newBuilder().setName(n).setType(AttrType.BOOLEAN).setB(v));
        }

        OpBuilder s(String n, String v) {
            return attr(OpDesc.Attr.newBuilder().setName(n).setType(AttrType.STRING).setS(v));
        }

        OpBuilder ints(String n, long... v) {
            OpDesc.Attr.Builder a = OpDesc.Attr.newBuilder().setName(n).setType(AttrType.INTS);
            for (long x : v) {
                a.addInts((int) x);
            }
            return attr(a);
        }

        OpBuilder floats(String n, double... v) {
            OpDesc.Attr.Builder a = OpDesc.Attr.newBuilder().setName(n).setType(AttrType.FLOATS);
            for (double x : v) {
                a.addFloats((float) x);
            }
            return attr(a);
        }

        OpBuilder block(String n, int idx) {
            return attr(OpDesc.Attr.newBuilder().setName(n).setType(AttrType.BLOCK).setBlockIdx(idx));
        }

        void add() {
            block.addOps(op);
        }
    }
}
