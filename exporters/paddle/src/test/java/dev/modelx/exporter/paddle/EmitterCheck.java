package dev.modelx.exporter.paddle;

import dev.modelx.format.paddle.ProgramDescs;
import dev.modelx.format.paddle.proto.PaddleProtos.OpDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.ProgramDesc;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.importer.paddle.PaddleImporter;
import dev.modelx.importer.paddle.PaddlePirImporter;
import dev.modelx.runtime.Session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * For the per-family emitter tests: exports a small graph, reads the written ProgramDesc back (to check an
 * op's type, slots and attributes against Paddle's definition), and runs the re-imported program (legacy and
 * PIR) on the reference runtime to compare with hand-computed values.
 */
final class EmitterCheck {

    final Model model;
    final ProgramDesc program;
    private final Path dir;

    EmitterCheck(Graph g, int opset, Path dir) throws Exception {
        this.model = Model.of(g, opset).resolveOpsetVersions();
        this.dir = dir;
        new PaddleExporter().write(model, dir.resolve("legacy"), ExportOptions.defaults());
        this.program = ProgramDescs.read(dir.resolve("legacy").resolve(PaddleExporter.MODEL_FILE));
    }

    static EmitterCheck of(Graph g, Path dir) throws Exception {
        return new EmitterCheck(g, 18, dir);
    }

    /** Op types of block 0 without feed and fetch, in program order. */
    List<String> types() {
        return program.getBlocks(0).getOpsList().stream().map(OpDesc::getType).filter(t -> !t.equals("feed") && !t.equals("fetch")).toList();
    }

    /** The single op of {@code type}. */
    OpDesc op(String type) {
        List<OpDesc> ops = program.getBlocks(0).getOpsList().stream().filter(o -> o.getType().equals(type)).toList();
        assertEquals(1, ops.size(), "ops of type " + type + " in " + types());
        return ops.get(0);
    }

    static OpDesc.Attr attr(OpDesc op, String name) {
        return op.getAttrsList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(op.getType() + " has no attribute " + name));
    }

    static float f(OpDesc op, String name) {
        return attr(op, name).getF();
    }

    static int i(OpDesc op, String name) {
        return attr(op, name).getI();
    }

    static boolean b(OpDesc op, String name) {
        return attr(op, name).getB();
    }

    static String s(OpDesc op, String name) {
        return attr(op, name).getS();
    }

    static List<Integer> ints(OpDesc op, String name) {
        return attr(op, name).getIntsList();
    }

    /** The variables bound to an input slot (empty list when the slot is empty). */
    static List<String> in(OpDesc op, String slot) {
        return op.getInputsList().stream().filter(v -> v.getParameter().equals(slot)).findFirst().orElseThrow().getArgumentsList();
    }

    static List<String> out(OpDesc op, String slot) {
        return op.getOutputsList().stream().filter(v -> v.getParameter().equals(slot)).findFirst().orElseThrow().getArgumentsList();
    }

    /** Every slot and attribute of the written op is the one its Paddle 2.6 definition has (no more, no fewer). */
    void assertMatchesDefinition(String type) {
        OpDesc op = op(type);
        OpDefs.Def d = OpDefs.get(type);
        assertEquals(d.inputs(), op.getInputsList().stream().map(OpDesc.Var::getParameter).toList(), type + " input slots");
        assertEquals(d.outputs(), op.getOutputsList().stream().map(OpDesc.Var::getParameter).toList(), type + " output slots");
        List<String> names = new ArrayList<>(op.getAttrsList().stream().map(OpDesc.Attr::getName).filter(n -> !OpDefs.COMMON_ATTRS.contains(n)).toList());
        assertEquals(new java.util.TreeSet<>(d.attrs().keySet()), new java.util.TreeSet<>(names), type + " attributes");
        for (OpDesc.Attr a : op.getAttrsList()) {
            if (d.attrs().containsKey(a.getName())) {
                assertEquals(d.attrs().get(a.getName()).getType(), a.getType(), type + "." + a.getName() + " type");
            }
        }
    }

    /** Outputs of the program re-imported from the legacy files, fed by position. */
    List<Tensor> runLegacy(Tensor... feeds) throws Exception {
        return run(new PaddleImporter().read(dir.resolve("legacy"), ImportOptions.defaults()), feeds);
    }

    /** Outputs of the PIR export re-imported. */
    List<Tensor> runPir(Tensor... feeds) throws Exception {
        new PaddlePirExporter().write(model, dir.resolve("pir"), ExportOptions.defaults());
        return run(new PaddlePirImporter().read(dir.resolve("pir"), ImportOptions.defaults()), feeds);
    }

    List<Tensor> runOriginal(Tensor... feeds) {
        return run(model, feeds);
    }

    static List<Tensor> run(Model m, Tensor... feeds) {
        try (Session s = Session.create(m)) {
            Map<String, Tensor> byName = new LinkedHashMap<>();
            for (int k = 0; k < feeds.length; k++) {
                byName.put(s.inputNames().get(k), feeds[k]);
            }
            Map<String, Tensor> r = s.runTensors(byName);
            return s.outputNames().stream().map(r::get).toList();
        }
    }

    /** The legacy round trip gives {@code expected} (within 1e-5) and so does the original graph. */
    void assertLegacy(float[] expected, Tensor... feeds) throws Exception {
        assertClose(expected, runOriginal(feeds).get(0));
        assertClose(expected, runLegacy(feeds).get(0));
    }

    static void assertClose(float[] expected, Tensor actual) {
        float[] a = actual.toFloatArray();
        assertEquals(expected.length, a.length, "element count");
        for (int k = 0; k < a.length; k++) {
            assertEquals(expected[k], a[k], 1e-5 + 1e-5 * Math.abs(expected[k]), "element " + k);
        }
    }

    static void assertLongs(long[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toLongArray());
    }

    static Tensor floats(long[] shape, float... v) {
        return Tensor.ofFloats(shape, v);
    }

    static long[] dims(long... d) {
        return d;
    }
}
