package dev.modelx.importer.paddle;

import dev.modelx.format.paddle.LodTensor;
import dev.modelx.format.paddle.PaddleDataTypes;
import dev.modelx.format.paddle.PaddleFormatException;
import dev.modelx.format.paddle.PaddleModelFiles;
import dev.modelx.format.paddle.PaddleParams;
import dev.modelx.format.paddle.ProgramDescs;
import dev.modelx.format.paddle.proto.PaddleProtos.BlockDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.OpDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.ProgramDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.Scalar;
import dev.modelx.format.paddle.proto.PaddleProtos.VarDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.VarType;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.UnsupportedOpsException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Converts a legacy ProgramDesc (block 0 plus control-flow sub-blocks) and its params into a Model. */
public final class ProgramDescImporter {

    public static final String FORMAT = "paddle";
    private static final int MAX_BLOCK_DEPTH = 64;

    private final OpRegistry registry;

    public ProgramDescImporter(OpRegistry registry) {
        this.registry = registry;
    }

    public Model read(PaddleModelFiles files) {
        Path file = files.program();
        ProgramDesc p = ProgramDescs.read(file);
        return convert(p, files);
    }

    public Model convert(ProgramDesc p, PaddleModelFiles files) {
        Path file = files.program();
        checkSupported(p, file);
        Map<String, VarInfo> vars = varInfos(p);
        Map<String, LodTensor> params = loadParams(p, files);
        Graph g = new Graph(file.getFileName() == null ? "paddle" : file.getFileName().toString());
        ConvertContext.Shared shared = new ConvertContext.Shared(file, FORMAT, vars, ProgramDescs.opVersions(p), registry);
        ConvertContext c = new ConvertContext(shared, g);
        params.forEach((name, t) -> {
            g.initializer(name, t.tensor());
            c.reserve(name);
            c.bind(name, name);
        });
        List<SourceOp> ops = block(p, 0, file, 0).ops();
        c.markRead(ops);
        List<SourceOp> feeds = ops.stream().filter(o -> o.type().equals("feed")).sorted(Comparator.comparingLong(o -> o.i("col", 0))).toList();
        List<SourceOp> fetches = ops.stream().filter(o -> o.type().equals("fetch")).sorted(Comparator.comparingLong(o -> o.i("col", 0))).toList();
        for (SourceOp f : feeds) {
            GraphIo.addInput(c, g, f.output("Out"));
        }
        c.convertAll(ops.stream().filter(o -> !o.type().equals("feed") && !o.type().equals("fetch")).toList());
        for (SourceOp f : fetches) {
            GraphIo.addOutput(c, g, f.input("X"), f.input("X"));
        }
        Model m = Model.of(g, PaddleImporter.OPSET);
        m.producerName("PaddlePaddle");
        if (p.hasVersion() && p.getVersion().getVersion() > 0) {
            long v = p.getVersion().getVersion();
            m.producerVersion((v / 1_000_000) + "." + (v / 1000 % 1000) + "." + (v % 1000));
        }
        m.sourceFormat(FORMAT);
        return m.resolveOpsetVersions();
    }

    private void checkSupported(ProgramDesc p, Path file) {
        TreeSet<String> missing = new TreeSet<>();
        for (BlockDesc b : p.getBlocksList()) {
            for (OpDesc op : b.getOpsList()) {
                if (!op.getType().equals("feed") && !op.getType().equals("fetch") && !registry.supports(op.getType())) {
                    missing.add(op.getType());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new UnsupportedOpsException(file, "Paddle ops", missing);
        }
    }

    static Map<String, VarInfo> varInfos(ProgramDesc p) {
        Map<String, VarInfo> out = new HashMap<>();
        for (BlockDesc b : p.getBlocksList()) {
            for (VarDesc v : b.getVarsList()) {
                VarType.TensorDesc d = ProgramDescs.tensorDesc(v);
                boolean arrayLike = v.getType().getType() != VarType.Type.LOD_TENSOR;
                boolean tensorArray = v.getType().getType() == VarType.Type.LOD_TENSOR_ARRAY;
                VarInfo info = d == null ? new VarInfo(null, null, 0, arrayLike, tensorArray)
                        : new VarInfo(PaddleDataTypes.fromVarType(d.getDataType()).orElse(null),
                        d.getDimsList().stream().mapToLong(Long::longValue).toArray(), ProgramDescs.lodLevel(v), arrayLike, tensorArray);
                out.putIfAbsent(v.getName(), info);
            }
        }
        return out;
    }

    private static Map<String, LodTensor> loadParams(ProgramDesc p, PaddleModelFiles files) {
        List<VarDesc> vars = ProgramDescs.paramVars(p);
        if (vars.isEmpty()) {
            return Map.of();
        }
        if (files.paramsFile() != null) {
            return PaddleParams.readCombined(files.paramsFile(), vars);
        }
        if (files.paramsDir() != null) {
            return PaddleParams.readSeparate(files.paramsDir(), vars);
        }
        throw new PaddleFormatException(files.program(), "the program has " + vars.size() + " persistable variables but no params file was found");
    }

    /** The ops of block {@code idx} as SourceOps, with their sub-blocks resolved. */
    static SourceBlock block(ProgramDesc p, int idx, Path file, int depth) {
        if (idx < 0 || idx >= p.getBlocksCount()) {
            throw new PaddleFormatException(file, "block index " + idx + " is outside 0.." + (p.getBlocksCount() - 1));
        }
        if (depth > MAX_BLOCK_DEPTH) {
            throw new PaddleFormatException(file, "control-flow blocks nest deeper than " + MAX_BLOCK_DEPTH + " (a block refers to itself?)");
        }
        BlockDesc b = p.getBlocks(idx);
        List<SourceOp> ops = new ArrayList<>();
        for (int i = 0; i < b.getOpsCount(); i++) {
            ops.add(sourceOp(p, b.getOps(i), idx, i, file, depth));
        }
        return new SourceBlock(List.of(), ops, List.of());
    }

    private static SourceOp sourceOp(ProgramDesc p, OpDesc op, int blockIdx, int opIdx, Path file, int depth) {
        Map<String, List<String>> ins = new LinkedHashMap<>();
        op.getInputsList().forEach(v -> ins.put(v.getParameter(), List.copyOf(v.getArgumentsList())));
        Map<String, List<String>> outs = new LinkedHashMap<>();
        op.getOutputsList().forEach(v -> outs.put(v.getParameter(), List.copyOf(v.getArgumentsList())));
        Map<String, Object> attrs = new LinkedHashMap<>();
        List<SourceBlock> blocks = new ArrayList<>();
        for (OpDesc.Attr a : op.getAttrsList()) {
            Object v = attrValue(a);
            if (a.getType() == dev.modelx.format.paddle.proto.PaddleProtos.AttrType.BLOCK) {
                blocks.add(block(p, a.getBlockIdx(), file, depth + 1));
            } else if (a.getType() == dev.modelx.format.paddle.proto.PaddleProtos.AttrType.BLOCKS) {
                for (int bi : a.getBlocksIdxList()) {
                    blocks.add(block(p, bi, file, depth + 1));
                }
            }
            if (v != null) {
                attrs.put(a.getName(), v);
            }
        }
        String first = outs.values().stream().filter(l -> !l.isEmpty()).map(l -> l.get(0)).findFirst().orElse("");
        String label = first.isEmpty() ? op.getType() + "#" + blockIdx + "." + opIdx : first;
        return new SourceOp(op.getType(), ins, outs, attrs, blocks, label);
    }

    static Object attrValue(OpDesc.Attr a) {
        return switch (a.getType()) {
            case INT -> (long) a.getI();
            case FLOAT -> (double) a.getF();
            case STRING -> a.getS();
            case INTS -> a.getIntsList().stream().mapToLong(Integer::longValue).toArray();
            case FLOATS -> a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray();
            case STRINGS -> List.copyOf(a.getStringsList());
            case BOOLEAN -> a.getB();
            case BOOLEANS -> {
                boolean[] b = new boolean[a.getBoolsCount()];
                for (int i = 0; i < b.length; i++) {
                    b[i] = a.getBools(i);
                }
                yield b;
            }
            case BLOCK -> (long) a.getBlockIdx();
            case LONG -> a.getL();
            case BLOCKS -> a.getBlocksIdxList().stream().mapToLong(Integer::longValue).toArray();
            case LONGS -> a.getLongsList().stream().mapToLong(Long::longValue).toArray();
            case FLOAT64S -> a.getFloat64SList().stream().mapToDouble(Double::doubleValue).toArray();
            case VAR -> a.getVarName();
            case VARS -> List.copyOf(a.getVarsNameList());
            case FLOAT64 -> a.getFloat64();
            case SCALAR -> scalar(a.getScalar());
            case SCALARS -> a.getScalarsList().stream().mapToDouble(s -> ((Number) scalarNumber(s)).doubleValue()).toArray();
        };
    }

    private static Object scalar(Scalar s) {
        return s.getType() == Scalar.Type.BOOLEAN ? (Object) s.getB() : scalarNumber(s);
    }

    private static Object scalarNumber(Scalar s) {
        return switch (s.getType()) {
            case BOOLEAN -> s.getB() ? 1L : 0L;
            case LONG -> s.getI();
            case FLOAT64 -> s.getR();
            case COMPLEX128 -> s.getC().getR();
        };
    }

    static DataType dataType(VarType.Type t) {
        return PaddleDataTypes.fromVarType(t).orElse(null);
    }
}
