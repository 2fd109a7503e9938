package dev.modelx.exporter.paddle;

import dev.modelx.format.paddle.PaddleModelFiles;
import dev.modelx.format.paddle.PaddleModelLocator;
import dev.modelx.format.paddle.ProgramDescs;
import dev.modelx.format.paddle.proto.PaddleProtos.OpDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.ProgramDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.VarDesc;
import dev.modelx.graph.Model;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.importer.paddle.PaddleImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Paddle -> graph -> Paddle keeps the program: the same ops in the same order, the same slots and attributes
 * (up to what changed between the original's Paddle version and 2.6: extra attributes and slots that 2.5+
 * no longer saves, attributes added since), the same feed/fetch and persistable variables, and a params file
 * with the same bytes. Also checks the op definitions against a program Paddle 2.6.1 saved.
 */
class CorpusStructureTest {

    /** Op renames the exporter makes on purpose: Paddle 2.x writes interpolation as the _v2 ops. */
    private static final Map<String, String> MODERNISED = Map.of("nearest_interp", "nearest_interp_v2");

    /** Slots and attributes op_compat.yaml marks extra (dropped from saved inference programs since 2.5), plus writer metadata. */
    private static final Set<String> EXTRA = Set.of("Bias", "ResidualData", "op_callstack", "with_quant_attr", "use_mkldnn", "use_cudnn",
            "use_quantizer", "mkldnn_data_type", "is_test", "Scale_in", "Scale_in_eltwise", "Scale_out", "Scale_weights", "Scale_x",
            "Scale_y", "exhaustive_search", "force_fp32_output", "fuse_activation", "fuse_alpha", "fuse_beta", "fuse_brelu",
            "fuse_brelu_threshold", "fuse_relu", "fuse_relu_before_depthwise_conv", "fuse_residual_connection", "use_addto",
            "workspace_size_MB", "x_data_format", "y_data_format", "fuse_with_relu", "data_format");

    /** Slots and attributes added to the op definitions after 2018 (absent from Fluid 1.x files), and the common attributes. */
    private static final Set<String> ADDED_SINCE = Set.of("MomentumTensor", "padding_algorithm", "adaptive", "exclusive",
            "trainable_statistics", "use_global_stats", "axis", "output_padding", "ShapeTensorList", "ValueTensor", "pad_value", "AxisTensor", "op_device", "op_namescope", "op_role", "op_role_var",
            "op_callstack", "with_quant_attr");

    @TempDir
    Path tmp;

    private static ProgramDesc original(Path dir) {
        try (PaddleModelFiles f = PaddleModelLocator.locate(dir)) {
            return ProgramDescs.read(f.program());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lite-simple-model", "lite-resnet-cifar", "p2o-fit-a-line", "fastdeploy-ppocrv3-det", "serving-ocr-det-v1",
        "lite-unittest-tiny", "serving-ctr-dnn"})
    void reExportedProgramHasTheOriginalStructure(String name) throws Exception {
        Path dir = CorpusRoundTripTest.corpusModel(name);
        ProgramDesc orig = original(dir);
        Model m = new PaddleImporter().read(dir, ImportOptions.defaults());
        Path out = tmp.resolve(name);
        new PaddleExporter().write(m, out, ExportOptions.defaults());
        ProgramDesc exp = ProgramDescs.read(out.resolve(PaddleExporter.MODEL_FILE));

        List<OpDesc> a = orig.getBlocks(0).getOpsList(), b = exp.getBlocks(0).getOpsList();
        List<String> problems = new ArrayList<>();
        assertEquals(a.size(), b.size(), name + ": op count");
        for (int i = 0; i < a.size(); i++) {
            OpDesc x = a.get(i), y = b.get(i);
            String want = MODERNISED.getOrDefault(x.getType(), x.getType());
            if (isIdentityScale(x) && y.getType().equals("assign")) {
                continue; // the importer reads scale(1, 0) as Identity, which is written back as assign
            }
            if (!want.equals(y.getType())) {
                problems.add("op " + i + ": " + x.getType() + " became " + y.getType());
                continue;
            }
            if (!want.equals(x.getType())) {
                continue; // renamed op: its definition is the new one
            }
            compareNames(problems, i + " " + x.getType() + " inputs", slots(x.getInputsList()), slots(y.getInputsList()));
            compareNames(problems, i + " " + x.getType() + " outputs", slots(x.getOutputsList()), slots(y.getOutputsList()));
            Map<String, String> xa = attrs(x), ya = attrs(y);
            compareNames(problems, i + " " + x.getType() + " attrs", xa.keySet(), ya.keySet());
            for (Map.Entry<String, String> e : xa.entrySet()) {
                if (ya.containsKey(e.getKey()) && !ya.get(e.getKey()).equals(e.getValue())) {
                    problems.add(i + " " + x.getType() + " attribute " + e.getKey() + " is " + ya.get(e.getKey()) + ", originally " + e.getValue());
                }
            }
        }
        assertTrue(problems.isEmpty(), name + ": " + String.join("\n", problems));

        assertEquals(feedFetch(orig, "feed", "Out"), feedFetch(exp, "feed", "Out"), name + ": feed variables by col");
        assertEquals(lodLevels(orig, feedFetch(orig, "feed", "Out").values()), lodLevels(exp, feedFetch(exp, "feed", "Out").values()),
                name + ": lod_level of the feed variables");
        assertEquals(feedFetch(orig, "fetch", "X").size(), feedFetch(exp, "fetch", "X").size(), name + ": fetch count");
        assertEquals(persistables(orig), persistables(exp), name + ": persistable variables (name, dtype, dims)");
        assertArrayEquals(originalParamBytes(dir, orig), Files.readAllBytes(out.resolve(PaddleExporter.PARAMS_FILE)),
                name + ": params bytes");
        assertEquals(Paddle26.VERSION, exp.getVersion().getVersion());
        assertEquals(71, exp.getOpVersionMap().getPairCount());
    }

    private static boolean isIdentityScale(OpDesc op) {
        if (!op.getType().equals("scale")) {
            return false;
        }
        float scale = 1, bias = 0;
        for (OpDesc.Attr a : op.getAttrsList()) {
            if (a.getName().equals("scale")) {
                scale = a.getF();
            } else if (a.getName().equals("bias")) {
                bias = a.getF();
            }
        }
        return scale == 1 && bias == 0 && op.getInputsList().stream().noneMatch(v -> v.getParameter().equals("ScaleTensor") && v.getArgumentsCount() > 0);
    }

    private static void compareNames(List<String> problems, String where, Set<String> orig, Set<String> exported) {
        for (String s : orig) {
            if (!exported.contains(s) && !EXTRA.contains(s)) {
                problems.add(where + ": '" + s + "' is missing");
            }
        }
        for (String s : exported) {
            if (!orig.contains(s) && !ADDED_SINCE.contains(s)) {
                problems.add(where + ": '" + s + "' is not in the original");
            }
        }
    }

    private static Set<String> slots(List<OpDesc.Var> vars) {
        Set<String> s = new TreeSet<>();
        vars.forEach(v -> s.add(v.getParameter()));
        return s;
    }

    private static Map<String, String> attrs(OpDesc op) {
        Map<String, String> m = new TreeMap<>();
        op.getAttrsList().forEach(a -> m.put(a.getName(), a.getType().name()));
        return m;
    }

    private static Map<Integer, String> feedFetch(ProgramDesc p, String type, String slot) {
        Map<Integer, String> m = new TreeMap<>();
        for (OpDesc op : p.getBlocks(0).getOpsList()) {
            if (op.getType().equals(type)) {
                int col = op.getAttrsList().stream().filter(a -> a.getName().equals("col")).findFirst().orElseThrow().getI();
                List<OpDesc.Var> vars = slot.equals("X") ? op.getInputsList() : op.getOutputsList();
                m.put(col, vars.stream().filter(v -> v.getParameter().equals(slot)).findFirst().orElseThrow().getArguments(0));
            }
        }
        return m;
    }

    private static Map<String, Integer> lodLevels(ProgramDesc p, java.util.Collection<String> vars) {
        Map<String, Integer> m = new TreeMap<>();
        for (VarDesc v : p.getBlocks(0).getVarsList()) {
            if (vars.contains(v.getName())) {
                m.put(v.getName(), ProgramDescs.lodLevel(v));
            }
        }
        return m;
    }

    private static Map<String, String> persistables(ProgramDesc p) {
        Map<String, String> m = new TreeMap<>();
        for (VarDesc v : ProgramDescs.paramVars(p)) {
            var t = ProgramDescs.tensorDesc(v);
            m.put(v.getName(), t.getDataType() + " " + t.getDimsList());
        }
        return m;
    }

    /** The original tensors' serialized bytes in file order: the combined file, or the separate files concatenated in name order. */
    private static byte[] originalParamBytes(Path dir, ProgramDesc p) throws Exception {
        try (PaddleModelFiles f = PaddleModelLocator.locate(dir)) {
            if (f.paramsFile() != null) {
                return Files.readAllBytes(f.paramsFile());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (VarDesc v : ProgramDescs.paramVars(p)) {
                out.write(Files.readAllBytes(f.paramsDir().resolve(v.getName())));
            }
            return out.toByteArray();
        }
    }

    /** Every op of a program Paddle 2.6.1 saved has exactly the slots and attributes of the exporter's definition. */
    @Test
    void opDefinitionsMatchAPaddle26Program() {
        Path dir = CorpusRoundTripTest.corpusModel("roc-ppocr-svtr-rec-graphonly");
        ProgramDesc p = ProgramDescs.read(dir.resolve("inference.pdmodel"));
        assertEquals(2006001, p.getVersion().getVersion());
        Map<String, Integer> pairs = ProgramDescs.opVersions(p);
        Map<String, Integer> ours = new TreeMap<>();
        Paddle26.opVersionMap().getPairList().forEach(x -> ours.put(x.getOpName(), x.getOpVersion().getVersion()));
        assertEquals(new TreeMap<>(pairs), ours, "op_version_map");
        List<String> problems = new ArrayList<>();
        Set<String> checked = new TreeSet<>();
        for (OpDesc op : p.getBlocks(0).getOpsList()) {
            OpDefs.Def d = OpDefs.get(op.getType());
            if (d == null) {
                continue;
            }
            checked.add(op.getType());
            PaddleOp mine = new PaddleOp(op.getType());
            OpDefs.complete(mine);
            if (!slots(op.getInputsList()).equals(new TreeSet<>(mine.inputs().keySet()))) {
                problems.add(op.getType() + " inputs " + slots(op.getInputsList()) + " vs " + mine.inputs().keySet());
            }
            if (!slots(op.getOutputsList()).equals(new TreeSet<>(mine.outputs().keySet()))) {
                problems.add(op.getType() + " outputs " + slots(op.getOutputsList()) + " vs " + mine.outputs().keySet());
            }
            Map<String, String> theirs = attrs(op), mineAttrs = attrs(mine.toProto());
            theirs.keySet().removeIf(k -> k.equals("op_callstack") || k.equals("with_quant_attr"));
            mineAttrs.keySet().removeIf(k -> k.equals("op_callstack") || k.equals("with_quant_attr"));
            if (!theirs.equals(mineAttrs)) {
                problems.add(op.getType() + " attrs " + theirs + " vs " + mineAttrs);
            }
        }
        assertTrue(checked.size() >= 20, "checked " + checked);
        assertTrue(problems.isEmpty(), String.join("\n", new TreeSet<>(problems)));
    }
}
