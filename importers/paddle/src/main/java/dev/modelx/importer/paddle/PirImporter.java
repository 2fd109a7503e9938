package dev.modelx.importer.paddle;

import dev.modelx.format.paddle.LodTensor;
import dev.modelx.format.paddle.PaddleFormatException;
import dev.modelx.format.paddle.PaddleModelFiles;
import dev.modelx.format.paddle.PaddleParams;
import dev.modelx.format.paddle.pir.PirAttribute;
import dev.modelx.format.paddle.pir.PirBlock;
import dev.modelx.format.paddle.pir.PirJson;
import dev.modelx.format.paddle.pir.PirOp;
import dev.modelx.format.paddle.pir.PirProgram;
import dev.modelx.format.paddle.pir.PirType;
import dev.modelx.format.paddle.pir.PirValue;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.UnsupportedOpsException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Converts a PIR program (Paddle 3 JSON) into a Model: each PIR op is mapped onto the legacy op of the same
 * meaning ({@link PirOpTable}) and converted by the shared converter table; data/fetch/parameter ops become
 * graph inputs, outputs and initializers; pd_op.if/pd_op.while keep their regions as nested blocks.
 */
public final class PirImporter {

    public static final String FORMAT = "paddle-pir";

    /** Ops handled here rather than through the table. */
    private static final java.util.Set<String> STRUCTURAL = java.util.Set.of("pd_op.data", "pd_op.fetch", "builtin.parameter",
            "pd_op.if", "pd_op.while", "cf.yield", "pd_op.full", "pd_op.full_int_array", "builtin.combine", "builtin.split");

    private final OpRegistry registry;
    private final Map<Long, String> names = new HashMap<>();
    private final Map<String, VarInfo> vars = new HashMap<>();
    private final Map<String, Object> constants = new HashMap<>();
    private final Map<Long, List<Long>> vectors = new HashMap<>();
    /** Vector results of ops (pd_op.split): the names given to their elements, which builtin.split hands out. */
    private final Map<Long, List<String>> vectorResults = new HashMap<>();
    private Path file;

    public PirImporter(OpRegistry registry) {
        this.registry = registry;
    }

    /** PIR op names this importer can convert. */
    public static java.util.Set<String> supportedOps(OpRegistry registry) {
        java.util.Set<String> out = new TreeSet<>(STRUCTURAL);
        for (String op : PirOpTable.ops()) {
            if (registry.supports(PirOpTable.get(op).legacyType())) {
                out.add(op);
            }
        }
        return out;
    }

    public Model read(PaddleModelFiles files) {
        file = files.program();
        PirProgram prog = PirJson.read(file);
        TreeSet<String> missing = new TreeSet<>();
        for (PirOp op : prog.allOps()) {
            if (!STRUCTURAL.contains(op.name()) && !(PirOpTable.get(op.name()) != null && registry.supports(PirOpTable.get(op.name()).legacyType()))) {
                missing.add(op.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new UnsupportedOpsException(file, "PIR ops", missing);
        }
        Graph g = new Graph(file.getFileName().toString());
        ConvertContext.Shared shared = new ConvertContext.Shared(file, FORMAT, vars, Map.of(), registry);
        ConvertContext c = new ConvertContext(shared, g);
        loadParams(prog, files, g, c);
        List<SourceOp> ops = new ArrayList<>();
        List<PirOp> fetches = new ArrayList<>();
        for (PirOp op : prog.mainBlock().ops()) {
            if (op.name().equals("pd_op.data")) {
                String var = nameOf(op.results().get(0), op.attribute("name").asString());
                GraphIo.addInput(c, g, var);
            } else if (op.name().equals("pd_op.fetch")) {
                fetches.add(op);
            } else if (!op.isParameter()) {
                SourceOp s = translate(op);
                if (s != null) {
                    ops.add(s);
                }
            }
        }
        c.markRead(ops);
        fetches.forEach(f -> c.markRead(value(f.operands().get(0))));
        c.convertAll(ops);
        fetches.sort(Comparator.comparingLong(f -> f.attribute("col") == null ? 0 : f.attribute("col").asLong()));
        for (PirOp f : fetches) {
            String name = f.attribute("name") == null ? "fetch" : f.attribute("name").asString();
            GraphIo.addOutput(c, g, value(f.operands().get(0)), name);
        }
        Model m = Model.of(g, PaddleImporter.OPSET);
        m.producerName("PaddlePaddle");
        m.producerVersion("pir " + prog.version());
        m.sourceFormat(FORMAT);
        return m.resolveOpsetVersions();
    }

    private void loadParams(PirProgram prog, PaddleModelFiles files, Graph g, ConvertContext c) {
        List<PirOp> params = prog.allOps().stream().filter(PirOp::isParameter).toList();
        for (PirOp p : params) {
            nameOf(p.results().get(0), p.parameterName());
        }
        List<String> order = prog.parameterNames();
        if (order.isEmpty()) {
            return;
        }
        if (files.paramsFile() == null) {
            throw new PaddleFormatException(file, "the program has " + order.size() + " parameters but no .pdiparams file was found");
        }
        Map<String, LodTensor> tensors = PaddleParams.readCombinedNamed(files.paramsFile(), order);
        for (PirOp p : params) {
            LodTensor t = tensors.get(p.parameterName());
            VarInfo info = vars.get(p.parameterName());
            if (info != null && info.dtype() != null && info.dtype() != t.tensor().type()) {
                throw new PaddleFormatException(files.paramsFile(), "parameter '" + p.parameterName() + "' holds "
                        + t.tensor().type().displayName() + " but the program declares " + info.dtype().displayName());
            }
        }
        tensors.forEach((n, t) -> {
            g.initializer(n, t.tensor());
            c.reserve(n);
            c.bind(n, n);
        });
    }

    private String nameOf(PirValue v, String preferred) {
        String n = names.computeIfAbsent(v.id(), id -> preferred);
        PirType t = v.type();
        vars.put(n, new VarInfo(t.elementType().orElse(null), t.dims(), t.lod().size(), t.isTensorArray() || t.isVector()));
        return n;
    }

    private String value(long id) {
        String n = names.get(id);
        if (n == null) {
            throw new PaddleFormatException(file, "value %" + id + " is used before it is defined");
        }
        return n;
    }

    /** The operand's variables: a vector (builtin.combine result) expands to its elements; 0 means none. */
    private List<String> operand(long id) {
        if (id == 0) {
            return List.of();
        }
        List<Long> vec = vectors.get(id);
        if (vec != null) {
            return vec.stream().map(this::value).toList();
        }
        if (vectorResults.containsKey(id)) {
            return vectorResults.get(id);
        }
        return List.of(value(id));
    }

    private SourceBlock block(PirBlock b) {
        List<String> args = new ArrayList<>();
        for (PirValue a : b.args()) {
            args.add(nameOf(a, "arg" + (-a.id())));
        }
        List<SourceOp> ops = new ArrayList<>();
        List<String> yields = List.of();
        for (PirOp op : b.ops()) {
            if (op.name().equals("cf.yield")) {
                List<String> y = new ArrayList<>();
                op.operands().forEach(id -> y.addAll(operand(id)));
                yields = y;
            } else {
                SourceOp s = translate(op);
                if (s != null) {
                    ops.add(s);
                }
            }
        }
        return new SourceBlock(args, ops, yields);
    }

    /** One PIR op as a legacy-style SourceOp (null for ops that only record constants or vectors). */
    private SourceOp translate(PirOp op) {
        List<String> results = new ArrayList<>();
        for (PirValue r : op.results()) {
            results.add(nameOf(r, op.opName() + "_" + r.id()));
            List<PirType> elems = r.type().elements();
            if (!elems.isEmpty()) {
                List<String> en = new ArrayList<>();
                for (int k = 0; k < elems.size(); k++) {
                    String n = op.opName() + "_" + r.id() + "_" + k;
                    PirType t = elems.get(k);
                    vars.put(n, new VarInfo(t.elementType().orElse(null), t.dims(), t.lod().size(), t.isTensorArray()));
                    en.add(n);
                }
                vectorResults.put(r.id(), en);
            }
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        op.attributes().forEach((k, v) -> attrs.put(k, javaValue(v)));
        String label = results.isEmpty() ? op.name() : results.get(0);
        switch (op.name()) {
            case "builtin.combine" -> {
                vectors.put(op.results().get(0).id(), op.operands());
                return null;
            }
            case "builtin.split" -> {
                List<String> elems = operand(op.operands().get(0));
                for (int i = 0; i < results.size(); i++) {
                    names.put(op.results().get(i).id(), elems.get(i));
                }
                return null;
            }
            case "pd_op.full_int_array" -> {
                constants.put(results.get(0), attrs.get("value"));
                attrs.put("shape", new long[] {op.attribute("value").asLongs().length});
                attrs.put("int64_values", op.attribute("value").asLongs());
                attrs.put("dtype", op.attribute("dtype") == null ? DataType.INT64 : op.attribute("dtype").asDataType());
                return new SourceOp("assign_value", Map.of(), Map.of("Out", results), attrs, List.of(), label);
            }
            case "pd_op.full" -> {
                constants.put(results.get(0), attrs.get("value"));
                return new SourceOp("fill_constant", Map.of(), Map.of("Out", results), attrs, List.of(), label);
            }
            case "pd_op.if" -> {
                List<SourceBlock> blocks = List.of(block(op.regions().get(0).blocks().get(0)), block(op.regions().get(1).blocks().get(0)));
                return new SourceOp("pir.if", Map.of("Cond", operand(op.operands().get(0))), Map.of("Out", results), attrs, blocks, label);
            }
            case "pd_op.while" -> {
                List<String> xs = new ArrayList<>();
                op.operands().subList(1, op.operands().size()).forEach(id -> xs.addAll(operand(id)));
                SourceBlock body = block(op.regions().get(0).blocks().get(0));
                return new SourceOp("pir.while", Map.of("Cond", operand(op.operands().get(0)), "X", xs), Map.of("Out", results), attrs,
                        List.of(body), label);
            }
            default -> {
                return mapped(op, results, attrs, label);
            }
        }
    }

    private SourceOp mapped(PirOp op, List<String> results, Map<String, Object> attrs, String label) {
        PirOpTable.Spec spec = PirOpTable.get(op.name());
        Map<String, List<String>> ins = new LinkedHashMap<>();
        for (int i = 0; i < op.operands().size() && i < spec.inputs().size(); i++) {
            String slot = spec.inputs().get(i);
            List<String> vs = operand(op.operands().get(i));
            if (slot.isEmpty() || vs.isEmpty()) {
                continue;
            }
            if (slot.startsWith("@")) {
                Object k = constants.get(vs.get(0));
                if (k == null && PirOpTable.TENSOR_ATTRS.contains(spec.legacyType() + "." + slot.substring(1))) {
                    // kept as the variable's name, or the names of a vector's elements (as legacy VAR / VARS attributes)
                    k = vectors.containsKey(op.operands().get(i)) ? List.copyOf(vs) : vs.get(0);
                }
                if (k == null) {
                    throw new PaddleFormatException(file, "op " + label + " (" + op.name() + "): operand " + i + " ('" + slot.substring(1)
                            + "') must be a constant (pd_op.full / full_int_array)");
                }
                attrs.put(slot.substring(1), k);
            } else if (slot.equals("Shape") && vectors.containsKey(op.operands().get(i))) {
                ins.put("ShapeTensor", vs); // an IntArray given as a vector of one-element tensors
            } else {
                ins.put(slot, vs);
            }
        }
        Map<String, List<String>> outs = new LinkedHashMap<>();
        for (int i = 0; i < results.size() && i < spec.outputs().size(); i++) {
            outs.put(spec.outputs().get(i), List.of(results.get(i)));
        }
        if (spec.outputs().size() == 1 && results.size() == 1 && op.results().get(0).type().isVector()) {
            outs.put(spec.outputs().get(0), vectorResults.getOrDefault(op.results().get(0).id(), results));
        }
        spec.renames().forEach((from, to) -> {
            if (attrs.containsKey(from)) {
                attrs.put(to, attrs.remove(from));
            }
        });
        return new SourceOp(spec.legacyType(), ins, outs, attrs, List.of(), label);
    }

    static Object javaValue(PirAttribute a) {
        return switch (a.kind()) {
            case "a_bool" -> a.asBoolean();
            case "a_i32", "a_i64", "a_index" -> a.asLong();
            case "a_f32", "a_f64" -> a.asDouble();
            case "a_str", "a_layout", "a_tensorname" -> a.asString();
            case "a_intarray" -> a.asLongs();
            case "a_dtype" -> a.asDataType();
            case "a_scalar" -> a.scalarType().equals("bool") ? (Object) (a.asLong() != 0)
                    : a.scalarType().startsWith("float") ? (Object) a.asDouble() : (Object) a.asLong();
            case "a_array" -> arrayValue(a.asArray());
            case "a_place" -> a.data() == null ? "" : a.data().toString();
            case "a_c64", "a_c128" -> a.asComplex();
            default -> a.data() == null ? null : a.data().toString();
        };
    }

    private static Object arrayValue(List<PirAttribute> items) {
        if (items.isEmpty()) {
            return new long[0];
        }
        String k = items.get(0).kind();
        if (k.equals("a_i32") || k.equals("a_i64") || k.equals("a_index")) {
            return items.stream().mapToLong(PirAttribute::asLong).toArray();
        }
        if (k.equals("a_f32") || k.equals("a_f64")) {
            return items.stream().mapToDouble(PirAttribute::asDouble).toArray();
        }
        if (k.equals("a_bool")) {
            boolean[] b = new boolean[items.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = items.get(i).asBoolean();
            }
            return b;
        }
        return items.stream().map(PirAttribute::asString).toList();
    }

}
