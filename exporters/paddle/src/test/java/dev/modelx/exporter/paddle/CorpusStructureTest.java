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
 * Paddle -> graph -> Paddle keeps the program, for every legacy model of the corpus but pid-custom-gap (its
 * custom op cannot be imported): the same ops in the same order (feed ops in Paddle's reverse col order), the
 * same slots and attributes with the same values, the same feed/fetch variables and LoD levels, the same
 * persistable variables (name, dtype, dims) and a params file with the same bytes. What may differ, each with
 * its reason below: the container and version stamp (a separate-files model comes back combined, version 2.6.1),
 * the extra slots/attributes 2.5+ no longer saves and those added since (only for originals older than that),
 * writer metadata, encodings of the same computation the graph cannot tell apart ({@link #sameMeaning}) and
 * nearest_interp written as nearest_interp_v2 ({@link #MODERNISED}). Names and dims of temporaries for outputs
 * the graph drops (batch_norm SavedMean/SavedVariance, XShape, layer_norm Mean/Variance) are regenerated and not
 * compared. The graph-only model gets a synthesised params file. Also checks the op definitions against a
 * program Paddle 2.6.1 saved.
 */
class CorpusStructureTest {

    /**
     * Op renames the exporter makes on purpose: serving-ocr-det-v1 (Paddle 1.8) has nearest_interp; Paddle 2.6
     * still runs it but its own API (paddle.nn.functional.interpolate) writes nearest_interp_v2, and the graph
     * (an ONNX Resize) does not say which of the two the program had.
     */
    private static final Map<String, String> MODERNISED = Map.of("nearest_interp", "nearest_interp_v2");

    /**
     * Slots and attributes op_compat.yaml marks extra: Paddle 2.5 and later drop them when saving an inference
     * program, so a program saved before 2.5 has them and ours (written as 2.6 saves) does not. Ignored only for
     * originals older than 2.5.
     */
    private static final Set<String> EXTRA = Set.of("Bias", "ResidualData", "use_mkldnn", "use_cudnn",
            "use_quantizer", "mkldnn_data_type", "is_test", "Scale_in", "Scale_in_eltwise", "Scale_out", "Scale_weights", "Scale_x",
            "Scale_y", "exhaustive_search", "force_fp32_output", "fuse_activation", "fuse_alpha", "fuse_beta", "fuse_brelu",
            "fuse_brelu_threshold", "fuse_relu", "fuse_relu_before_depthwise_conv", "fuse_residual_connection", "use_addto",
            "workspace_size_MB", "x_data_format", "y_data_format", "fuse_with_relu", "data_format");

    /**
     * Writer metadata, not part of any op's definition: op_callstack is the Python stack of the code that created
     * the op (Paddle 2.6 keeps it on ops made outside the layer API, e.g. svtr's assign and flatten), and
     * with_quant_attr marks quantisation passes; a program we write has no Python stack, so a missing one is
     * ignored. op_role / op_namescope / op_device / op_role_var record where in the author's Python program an
     * op was made (lite-unittest-tiny's fill_constant has op_role 4096 and namescope ""); their values are
     * not compared.
     */
    private static final Set<String> WRITER_METADATA = Set.of("op_callstack", "with_quant_attr");
    private static final Set<String> WRITER_PLACEMENT = Set.of("op_role", "op_namescope", "op_device", "op_role_var");

    /**
     * Slots and attributes the op definitions gained after the original was written (absent from Fluid 1.x and
     * early 2.x files; Paddle 2.6's definitions have them with their defaults), and the attributes every op has
     * had since 2.0. Ignored only for originals older than 2.6.
     */
    private static final Set<String> ADDED_SINCE = Set.of("MomentumTensor", "padding_algorithm", "adaptive", "exclusive",
            "trainable_statistics", "use_global_stats", "axis", "output_padding", "ShapeTensorList", "ValueTensor", "pad_value", "AxisTensor",
            "ScaleTensor", "op_device", "op_namescope", "op_role", "op_role_var", "op_callstack", "with_quant_attr");

    @TempDir
    Path tmp;

    private static ProgramDesc original(Path dir) {
        try (PaddleModelFiles f = PaddleModelLocator.locate(dir)) {
            return ProgramDescs.read(f.program());
        }
    }

    /** The graph-only model (its params file was never obtained) gets a synthesised one: see {@link #withSynthesisedParams}. */
    static final String GRAPH_ONLY = "roc-ppocr-svtr-rec-graphonly";

    @ParameterizedTest
    @ValueSource(strings = {"lite-simple-model", "lite-resnet-cifar", "p2o-fit-a-line", "fastdeploy-ppocrv3-det", "serving-ocr-det-v1",
        "lite-unittest-tiny", "serving-ctr-dnn", GRAPH_ONLY})
    void reExportedProgramHasTheOriginalStructure(String name) throws Exception {
        Path dir = CorpusRoundTripTest.corpusModel(name);
        if (name.equals(GRAPH_ONLY)) {
            dir = withSynthesisedParams(dir, tmp.resolve(name + "-in"));
        }
        ProgramDesc orig = original(dir);
        Model m = new PaddleImporter().read(dir, ImportOptions.defaults());
        Path out = tmp.resolve(name);
        new PaddleExporter().write(m, out, ExportOptions.defaults());
        ProgramDesc exp = ProgramDescs.read(out.resolve(PaddleExporter.MODEL_FILE));

        long version = orig.hasVersion() ? orig.getVersion().getVersion() : 0;
        List<OpDesc> a = orig.getBlocks(0).getOpsList(), b = exp.getBlocks(0).getOpsList();
        List<String> problems = new ArrayList<>();
        assertEquals(a.size(), b.size(), name + ": op count");
        for (int i = 0; i < a.size(); i++) {
            OpDesc x = a.get(i), y = b.get(i);
            String want = MODERNISED.getOrDefault(x.getType(), x.getType());
            if (!want.equals(y.getType())) {
                problems.add("op " + i + ": " + x.getType() + " became " + y.getType());
                continue;
            }
            if (!want.equals(x.getType())) {
                continue; // renamed op: its definition is the new one
            }
            compareNames(problems, i + " " + x.getType() + " inputs", slots(x.getInputsList()), slots(y.getInputsList()), version);
            compareNames(problems, i + " " + x.getType() + " outputs", slots(x.getOutputsList()), slots(y.getOutputsList()), version);
            Map<String, String> xa = attrs(x), ya = attrs(y);
            compareNames(problems, i + " " + x.getType() + " attrs", xa.keySet(), ya.keySet(), version);
            for (Map.Entry<String, String> e : xa.entrySet()) {
                if (ya.containsKey(e.getKey()) && !ya.get(e.getKey()).equals(e.getValue())) {
                    problems.add(i + " " + x.getType() + " attribute " + e.getKey() + " is " + ya.get(e.getKey()) + ", originally " + e.getValue());
                } else if (ya.containsKey(e.getKey()) && !WRITER_METADATA.contains(e.getKey()) && !WRITER_PLACEMENT.contains(e.getKey())
                        && !attr(x, e.getKey()).equals(attr(y, e.getKey())) && !sameMeaning(orig, x, y, e.getKey())) {
                    problems.add(i + " " + x.getType() + " attribute " + e.getKey() + " = " + value(attr(y, e.getKey())) + ", originally "
                            + value(attr(x, e.getKey())));
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

    private static void compareNames(List<String> problems, String where, Set<String> orig, Set<String> exported, long version) {
        for (String s : orig) {
            if (!exported.contains(s) && !(version < 2_005_000 && EXTRA.contains(s)) && !WRITER_METADATA.contains(s)) {
                problems.add(where + ": '" + s + "' is missing");
            }
        }
        for (String s : exported) {
            if (!orig.contains(s) && !(version < 2_006_000 && ADDED_SINCE.contains(s))) {
                problems.add(where + ": '" + s + "' is not in the original");
            }
        }
    }

    /**
     * Attribute values that differ in encoding only, each because the graph cannot tell the writer's choice and
     * Paddle 2.6 computes the same either way:
     * <ul>
     *   <li>data_format "AnyLayout" (Fluid 1.x's default) is read as NCHW by conv and pool; 2.x writes "NCHW".</li>
     *   <li>pool2d use_cudnn only picks the GPU kernel.</li>
     *   <li>pool2d over the whole map: adaptive with ksize [1, 1] (AdaptiveAvgPool2D(1)) and global_pooling (whose
     *   ksize is ignored) are the same pooling; we write global_pooling.</li>
     *   <li>elementwise axis: with Y of X's rank, or Y aligned to X's trailing dims (axis = rank(X) - rank(Y)),
     *   axis -1 broadcasts identically.</li>
     *   <li>batch_norm use_global_stats with is_test: inference uses the running statistics either way
     *   (paddle.nn.BatchNorm2D writes true in eval mode, the Fluid layer false).</li>
     *   <li>fill_constant and reshape2: the shape attribute is ignored when a ShapeTensor(List) gives the shape;
     *   fill_constant's value is str_value when set, else value, cast to dtype (lite-unittest-tiny's int64 fill
     *   of 1.894 is 1, which we write as 1); force_cpu only places the result (paddle.reshape's shape list is
     *   made with force_cpu).</li>
     * </ul>
     */
    private static boolean sameMeaning(ProgramDesc p, OpDesc x, OpDesc y, String name) {
        String v = value(attr(x, name)), w = value(attr(y, name));
        if (name.equals("data_format")) {
            return v.equals("s: \"AnyLayout\"") && w.equals("s: \"NCHW\"");
        }
        if (x.getType().equals("pool2d") && name.equals("use_cudnn")) {
            return true;
        }
        if (x.getType().equals("pool2d") && (name.equals("adaptive") || name.equals("global_pooling") || name.equals("ksize"))) {
            boolean wholeOrig = attr(x, "global_pooling").getB() || attr(x, "adaptive").getB() && attr(x, "ksize").getIntsList().equals(List.of(1, 1));
            boolean wholeOurs = attr(y, "global_pooling").getB() || attr(y, "adaptive").getB() && attr(y, "ksize").getIntsList().equals(List.of(1, 1));
            return wholeOrig && wholeOurs;
        }
        if (x.getType().equals("batch_norm") && name.equals("use_global_stats")) {
            return attr(x, "is_test").getB() && attr(y, "is_test").getB();
        }
        if (x.getType().equals("fill_constant") && name.equals("force_cpu")) {
            return true;
        }
        if (x.getType().equals("reshape2") && name.equals("shape")) {
            return bound(x, "ShapeTensor") && bound(y, "ShapeTensor");
        }
        if (x.getType().equals("fill_constant") && name.equals("shape")) {
            return bound(x, "ShapeTensor") && bound(y, "ShapeTensor") || bound(x, "ShapeTensorList") && bound(y, "ShapeTensorList");
        }
        if (x.getType().equals("fill_constant") && (name.equals("value") || name.equals("str_value"))) {
            return attr(x, "dtype").getI() == attr(y, "dtype").getI() && fillValue(x) == fillValue(y);
        }
        if (x.getType().startsWith("elementwise_") && name.equals("axis") && attr(y, "axis").getI() == -1) {
            int rx = rank(p, input(x, "X")), ry = rank(p, input(x, "Y"));
            int axis = attr(x, "axis").getI();
            return rx >= 0 && ry >= 0 && (rx == ry || axis == rx - ry);
        }
        return false;
    }

    private static boolean bound(OpDesc op, String slot) {
        return op.getInputsList().stream().anyMatch(v -> v.getParameter().equals(slot) && v.getArgumentsCount() > 0);
    }

    /** fill_constant's value as the kernel reads it: str_value when set, else value; truncated for integer dtypes. */
    private static double fillValue(OpDesc op) {
        String str = attr(op, "str_value").getS();
        double v = str.isEmpty() ? attr(op, "value").getF() : Double.parseDouble(str);
        int dtype = attr(op, "dtype").getI();
        boolean integer = dtype == 0 || dtype == 1 || dtype == 2 || dtype == 3 || dtype == 20 || dtype == 21;
        return integer ? (long) v : v;
    }

    private static String input(OpDesc op, String slot) {
        return op.getInputsList().stream().filter(v -> v.getParameter().equals(slot)).findFirst().orElseThrow().getArguments(0);
    }

    /** The declared rank of a block-0 variable, -1 when not declared. */
    private static int rank(ProgramDesc p, String var) {
        return p.getBlocks(0).getVarsList().stream().filter(v -> v.getName().equals(var)).findFirst()
                .map(v -> ProgramDescs.tensorDesc(v) == null ? -1 : ProgramDescs.tensorDesc(v).getDimsCount()).orElse(-1);
    }

    private static OpDesc.Attr attr(OpDesc op, String name) {
        return op.getAttrsList().stream().filter(a -> a.getName().equals(name)).findFirst().orElseThrow();
    }

    private static String value(OpDesc.Attr a) {
        return a.toBuilder().clearName().clearType().buildPartial().toString().replace('\n', ' ').trim();
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

    /**
     * A copy of a graph-only program beside a params file made for it: every persistable variable of block 0
     * (as {@link ProgramDescs#paramVars} lists them, in byte-wise name order) gets a tensor of its declared type
     * and dims filled with deterministic values, written in the combined-file layout Paddle's save_combine uses.
     */
    static Path withSynthesisedParams(Path graphOnly, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path program = dir.resolve("inference.pdmodel");
        Files.copy(graphOnly.resolve("inference.pdmodel"), program);
        ProgramDesc p = ProgramDescs.read(program);
        java.util.TreeMap<String, dev.modelx.format.paddle.LodTensor> params = new java.util.TreeMap<>(ProgramDescs::compareBytes);
        int k = 0;
        for (VarDesc v : ProgramDescs.paramVars(p)) {
            var desc = ProgramDescs.tensorDesc(v);
            long[] dims = desc.getDimsList().stream().mapToLong(Long::longValue).toArray();
            dev.modelx.graph.DataType t = dev.modelx.format.paddle.PaddleDataTypes.fromVarType(desc.getDataType()).orElseThrow();
            assertEquals(dev.modelx.graph.DataType.FLOAT, t, v.getName() + ": the synthesised params are float32, as this model's are");
            int n = Math.toIntExact(dev.modelx.graph.Tensor.elementCount(dims));
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = (float) (Math.sin(0.37 * i + k) * 0.5);
            }
            params.put(v.getName(), dev.modelx.format.paddle.LodTensor.dense(dev.modelx.graph.Tensor.ofFloats(dims, values)));
            k++;
        }
        dev.modelx.format.paddle.PaddleParams.writeCombined(dir.resolve("inference.pdiparams"), params);
        return dir;
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
