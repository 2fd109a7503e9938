package dev.modelx.oracle.tensorflow;

import dev.modelx.exporter.tensorflow.TensorFlowGraphDefExporter;
import dev.modelx.exporter.tensorflow.TensorFlowSavedModelExporter;
import dev.modelx.exporter.tensorflow.TfGraphEmitter;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.runtime.Session;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;
import dev.modelx.verify.ModelSource;
import dev.modelx.verify.OracleSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The oracle feeds and fetches every element type TensorFlow 2.18 holds, including those TF Java 1.1 has no tensor
 * class for. Each model is built in code, written by the project's TensorFlow exporter (SavedModel and frozen
 * GraphDef), run through the oracle, and compared with the reference runtime's ONNX values exactly: integer, bool
 * and string outputs byte for byte, floating-point outputs value for value (signed zeros told apart; NaN equals NaN,
 * whatever its payload).
 */
class AllTypesOracleTest {

    @TempDir
    Path dir;

    private static final int OPSET = 21;

    private static Model model(Graph g) {
        return Model.of(g, OPSET).resolveOpsetVersions();
    }

    private static Node cast(String in, String out, DataType to) {
        return Node.of("Cast").name(out).inputs(in).outputs(out).attr("to", (long) to.code());
    }

    /** y = a + b, and c = a passed through, on {@code type}. */
    private static Model addAndPass(DataType type) {
        Graph g = new Graph("add_" + type.displayName());
        g.input("a", type, 4);
        g.input("b", type, 4);
        g.add(Node.of("Add").name("y").inputs("a", "b").outputs("y"));
        g.add(Node.of("Identity").name("c").inputs("a").outputs("c"));
        g.output("y", type, 4);
        g.output("c", type, 4);
        return model(g);
    }

    private static Tensor ints(DataType type, long... v) {
        long[] shape = {v.length};
        return switch (type) {
            case INT8 -> {
                byte[] b = new byte[v.length];
                for (int i = 0; i < v.length; i++) {
                    b[i] = (byte) v[i];
                }
                yield Tensor.of(type, shape, b);
            }
            case INT16 -> {
                short[] s = new short[v.length];
                for (int i = 0; i < v.length; i++) {
                    s[i] = (short) v[i];
                }
                yield Tensor.of(type, shape, s);
            }
            case UINT32 -> {
                int[] x = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    x[i] = (int) v[i];
                }
                yield Tensor.of(type, shape, x);
            }
            case UINT64 -> Tensor.of(type, shape, v.clone());
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"INT8", "INT16", "UINT32", "UINT64"})
    void integerTypesTheJavaApiCannotHoldCrossExactly(DataType type) throws Exception {
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        switch (type) {
            case INT8 -> {
                feeds.put("a", ints(type, -128, -1, 0, 120));
                feeds.put("b", ints(type, 0, 1, 2, 7));
            }
            case INT16 -> {
                feeds.put("a", ints(type, -32768, -300, 0, 32000));
                feeds.put("b", ints(type, 5, 301, -2, 767));
            }
            // values with the top bit set: read as signed anywhere on the way, they would come back wrong
            case UINT32 -> {
                feeds.put("a", ints(type, 0xFFFF_FFF0L, 0x8000_0000L, 7, 0));
                feeds.put("b", ints(type, 5, 1, 0x7FFF_FFF0L, 0xFFFF_FFFFL));
            }
            default -> {
                feeds.put("a", ints(type, 0xFFFF_FFFF_FFFF_FFF0L, Long.MIN_VALUE, 7, 0));
                feeds.put("b", ints(type, 5, 1, Long.MAX_VALUE - 7, -1L));
            }
        }
        Map<String, Tensor> got = checkBothFormats(addAndPass(type), feeds);
        assertEquals(type, got.get("y").type());
    }

    /** All 256 float8 bit patterns in, through Identity and a Cast to float; floats cast to float8 without saturation. */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT8E4M3FN", "FLOAT8E5M2"})
    void float8CrossesBitForBit(DataType type) throws Exception {
        Graph g = new Graph("f8_" + type.displayName());
        g.input("x", type, 256);
        g.input("f", DataType.FLOAT, 8);
        g.add(Node.of("Identity").name("same").inputs("x").outputs("same"));
        g.add(cast("x", "wide", DataType.FLOAT));
        g.add(cast("f", "narrow", type).attr("saturate", 0L));
        g.output("same", type, 256);
        g.output("wide", DataType.FLOAT, 256);
        g.output("narrow", type, 8);
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        feeds.put("x", Tensor.of(type, new long[] {256}, all));
        feeds.put("f", Tensor.ofFloats(new long[] {8}, 0f, -0f, 1f, -2.5f, 0.013671875f, 240f, -448f, 1e-3f));
        Map<String, Tensor> got = checkBothFormats(model(g), feeds);
        assertArrayEquals(all, bytes(got.get("same")), "the fed bit patterns come back unchanged");
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"INT4", "UINT4"})
    void fourBitTypesCrossBothWays(DataType type) throws Exception {
        DataType wide = type == DataType.INT4 ? DataType.INT8 : DataType.UINT8;
        Graph g = new Graph("nibbles_" + type.displayName());
        g.input("x", type, 16);
        g.input("w", wide, 16);
        g.add(cast("x", "widened", wide));
        g.add(cast("w", "narrowed", type));
        g.output("widened", wide, 16);
        g.output("narrowed", type, 16);
        byte[] values = new byte[16];
        byte[] reversed = new byte[16];
        for (int i = 0; i < 16; i++) {
            values[i] = (byte) (type == DataType.INT4 ? i - 8 : i);
            reversed[15 - i] = values[i];
        }
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        feeds.put("x", Tensor.of(type, new long[] {16}, values));
        feeds.put("w", Tensor.of(wide, new long[] {16}, reversed));
        Map<String, Tensor> got = checkBothFormats(model(g), feeds);
        assertArrayEquals(values, got.get("widened").bytes());
        assertArrayEquals(reversed, got.get("narrowed").bytes());
    }

    @Test
    void stringsAreFedAndFetched() throws Exception {
        Graph g = new Graph("strings");
        g.input("a", DataType.STRING, 2, 3);
        g.input("b", DataType.STRING, 3);
        g.add(Node.of("Equal").name("eq").inputs("a", "b").outputs("eq"));
        g.add(Node.of("Identity").name("same").inputs("a").outputs("same"));
        g.output("eq", DataType.BOOL, 2, 3);
        g.output("same", DataType.STRING, 2, 3);
        // a long string (heap-held by TensorFlow's TF_TString) and non-ASCII UTF-8 as well as short ones
        String longOne = "a string well past the twenty-two bytes a TF_TString holds inline";
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        feeds.put("a", Tensor.ofStrings(new long[] {2, 3}, "", "grüße ✓", longOne, "x", "", longOne + "!"));
        feeds.put("b", Tensor.ofStrings(new long[] {3}, "x", "grüße ✓", longOne));
        Model m = model(g);
        Map<String, Tensor> got = checkBothFormats(m, feeds);
        assertArrayEquals(new byte[] {0, 1, 1, 1, 0, 0}, got.get("eq").bytes());
        // repeated runs reuse one session and free every run's tensors (a double free would crash the JVM)
        try (OracleSession s = new TensorFlowOracle().open(ModelSource.of(m, savedModel(m), "tf-savedmodel"), 0)) {
            for (int i = 0; i < 50; i++) {
                assertArrayEquals(feeds.get("a").strings(), tensor(s.run(feeds).get("same")).strings());
            }
        }
    }

    @Test
    void emptyAndScalarTensorsCross() throws Exception {
        Graph g = new Graph("edges");
        g.input("e", DataType.INT16, 2, 0);
        g.input("s", DataType.UINT32);
        g.input("t", DataType.STRING, 0);
        g.input("f", DataType.FLOAT8E5M2, 0, 3);
        for (String x : new String[] {"e", "s", "t", "f"}) {
            g.add(Node.of("Identity").name(x + "_out").inputs(x).outputs(x + "_out"));
        }
        g.output("e_out", DataType.INT16, 2, 0);
        g.output("s_out", DataType.UINT32);
        g.output("t_out", DataType.STRING, 0);
        g.output("f_out", DataType.FLOAT8E5M2, 0, 3);
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        feeds.put("e", Tensor.of(DataType.INT16, new long[] {2, 0}, new short[0]));
        feeds.put("s", Tensor.of(DataType.UINT32, new long[0], new int[] {0xDEAD_BEEF}));
        feeds.put("t", Tensor.ofStrings(new long[] {0}));
        feeds.put("f", Tensor.of(DataType.FLOAT8E5M2, new long[] {0, 3}, new byte[0]));
        Map<String, Tensor> got = checkBothFormats(model(g), feeds);
        assertArrayEquals(new long[] {2, 0}, got.get("e_out").shape());
        assertEquals(0xDEAD_BEEFL, got.get("s_out").getLong(0) & 0xFFFF_FFFFL);
    }

    @Test
    void aTypeTensorFlowCannotHoldIsATypedErrorAndTheSessionLivesOn() throws Exception {
        Model m = addAndPass(DataType.INT8);
        Map<String, Tensor> feeds = Map.of("a", ints(DataType.INT8, 1, 2, 3, 4), "b", ints(DataType.INT8, 4, 3, 2, 1));
        try (OracleSession s = new TensorFlowOracle().open(ModelSource.of(m, savedModel(m), "tf-savedmodel"), 0)) {
            Tensor fnuz = Tensor.of(DataType.FLOAT8E4M3FNUZ, new long[] {4}, new byte[4]);
            UnsupportedTensorTypeException e = assertThrows(UnsupportedTensorTypeException.class,
                    () -> s.run(Map.of("a", fnuz, "b", feeds.get("b"))));
            assertTrue(e.getMessage().contains("TensorFlow 2.18 has no float8e4m3fnuz tensors"), e.getMessage());

            TFInvalidArgumentException wrongType = assertThrows(TFInvalidArgumentException.class,
                    () -> s.run(Map.of("a", Tensor.ofFloats(new long[] {4}, 1, 2, 3, 4), "b", feeds.get("b"))));
            assertTrue(wrongType.getMessage().contains("to be int8 but float is provided"), wrongType.getMessage());

            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> s.run(Map.of("no_such_input", feeds.get("a"))));
            assertTrue(unknown.getMessage().contains("no operation 'no_such_input'"), unknown.getMessage());

            assertArrayEquals(new byte[] {5, 5, 5, 5}, tensor(s.run(feeds).get("y")).bytes(), "still runs after the errors");
        }
    }

    /** A TensorFlow output of a type modelx has no counterpart for (quantized qint8) is a typed error naming it. */
    @Test
    void anOutputTypeModelxCannotHoldIsATypedError() throws Exception {
        TensorProto value = TensorProto.newBuilder().setDtype(org.tensorflow.proto.DataType.DT_QINT8)
                .setTensorShape(TensorShapeProto.getDefaultInstance()).addIntVal(3).build();
        GraphDef def = GraphDef.newBuilder().addNode(NodeDef.newBuilder().setName("q").setOp("Const")
                .putAttr("dtype", AttrValue.newBuilder().setType(org.tensorflow.proto.DataType.DT_QINT8).build())
                .putAttr("value", AttrValue.newBuilder().setTensor(value).build())).build();
        Path pb = dir.resolve("qint8.pb");
        java.nio.file.Files.write(pb, def.toByteArray());
        Graph g = new Graph("qint8");
        g.output("q", DataType.INT8);
        try (OracleSession s = new TensorFlowOracle().open(ModelSource.of(new Model(g), pb, "tf-graphdef"), 0)) {
            UnsupportedTensorTypeException e = assertThrows(UnsupportedTensorTypeException.class, () -> s.run(Map.of()));
            assertTrue(e.getMessage().contains("TensorFlow output 'q' is of TF_DataType 11"), e.getMessage());
        }
    }

    @Test
    void typeCodesRoundTrip() {
        for (DataType t : DataType.values()) {
            if (t == DataType.UNDEFINED) {
                continue;
            }
            try {
                assertEquals(t, NativeTensors.modelxType(NativeTensors.tfCode(t)), t.displayName());
            } catch (UnsupportedTensorTypeException e) {
                assertTrue(List.of(DataType.FLOAT8E4M3FNUZ, DataType.FLOAT8E5M2FNUZ, DataType.FLOAT4E2M1, DataType.FLOAT8E8M0,
                        DataType.INT2, DataType.UINT2).contains(t), t + ": " + e.getMessage());
            }
        }
        assertNull(NativeTensors.modelxType(20), "DT_RESOURCE has no modelx type");
    }

    // ---- helpers ----

    private Path savedModel(Model m) throws Exception {
        Path sm = dir.resolve("saved_model_" + m.graph().name());
        if (!sm.toFile().exists()) {
            new TensorFlowSavedModelExporter().write(m, sm, ExportOptions.defaults());
        }
        return sm;
    }

    /**
     * Runs {@code m} on the reference runtime, and through the oracle as a SavedModel and as a frozen GraphDef;
     * asserts every output the same in all three; returns the oracle's SavedModel outputs.
     */
    private Map<String, Tensor> checkBothFormats(Model m, Map<String, Tensor> feeds) throws Exception {
        Map<String, Tensor> want;
        try (Session s = Session.create(m)) {
            want = s.runTensors(feeds);
        }
        Map<String, Tensor> got = new LinkedHashMap<>();
        try (OracleSession s = new TensorFlowOracle().open(ModelSource.of(m, savedModel(m), "tf-savedmodel"), 0)) {
            s.run(feeds).forEach((k, v) -> got.put(k, tensor(v)));
        }
        for (ValueInfo o : m.graph().outputs()) {
            assertSameValues("savedmodel " + o.name(), want.get(o.name()), got.get(o.name()));
        }

        Path pb = dir.resolve(m.graph().name() + ".pb");
        new TensorFlowGraphDefExporter().write(m, pb, ExportOptions.defaults());
        TfGraphEmitter.Emitted names = TfGraphEmitter.emit(m, pb, false);
        Graph byTfName = new Graph(m.graph().name());
        Map<String, Tensor> tfFeeds = new LinkedHashMap<>();
        for (ValueInfo v : m.graph().feedInputs()) {
            byTfName.input(new ValueInfo(names.inputs().get(v.name()), v.type()));
            tfFeeds.put(names.inputs().get(v.name()), feeds.get(v.name()));
        }
        for (ValueInfo v : m.graph().outputs()) {
            byTfName.output(new ValueInfo(names.outputs().get(v.name()), v.type()));
        }
        try (OracleSession s = new TensorFlowOracle().open(ModelSource.of(new Model(byTfName), pb, "tf-graphdef"), 0)) {
            Map<String, Value> out = s.run(tfFeeds);
            for (ValueInfo o : m.graph().outputs()) {
                assertSameValues("graphdef " + o.name(), want.get(o.name()), tensor(out.get(names.outputs().get(o.name()))));
            }
        }
        return got;
    }

    private static Tensor tensor(Value v) {
        assertInstanceOf(TensorValue.class, v);
        return ((TensorValue) v).tensor();
    }

    private static byte[] bytes(Tensor t) {
        ByteBuffer b = t.packedBytes();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static void assertSameValues(String what, Tensor want, Tensor got) {
        assertNotNull(got, what + ": no output");
        assertEquals(want.type(), got.type(), what + ": type");
        assertArrayEquals(want.shape(), got.shape(), what + ": shape");
        DataType t = want.type();
        if (t == DataType.STRING) {
            assertArrayEquals(want.strings(), got.strings(), what);
        } else if (t.isFloatingPoint()) {
            for (int i = 0; i < want.size(); i++) {
                double w = want.getDouble(i);
                double g = got.getDouble(i);
                int at = i;
                assertEquals(0, Double.compare(w, g), () -> what + " at " + at + ": expected " + w + ", got " + g);
            }
        } else {
            byte[] w = t.bits() < 8 ? want.bytes() : bytes(want);
            byte[] g = t.bits() < 8 ? got.bytes() : bytes(got);
            assertArrayEquals(w, g, () -> what + ": expected " + Arrays.toString(w) + ", got " + Arrays.toString(g));
        }
    }
}
