package dev.modelx.exporter.paddle;

import dev.modelx.format.paddle.pir.PirBlock;
import dev.modelx.format.paddle.pir.PirJson;
import dev.modelx.format.paddle.pir.PirOp;
import dev.modelx.format.paddle.pir.PirProgram;
import dev.modelx.format.paddle.pir.PirRegion;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.importer.paddle.PaddlePirImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The PIR examples go PIR -> graph -> PIR: the same ops in the same order with the same attributes and the
 * same operand/result structure, nested regions included (block arguments, cf.yield), and the same outputs
 * when re-imported and run.
 */
class CorpusPirRoundTripTest {

    @TempDir
    Path tmp;

    @Test
    void thresholdedReluKeepsItsOpsAndAttributes() throws Exception {
        Path dir = CorpusRoundTripTest.corpusModel("p2o-pir-thresholded-relu");
        PirProgram orig = PirJson.read(dir.resolve("model.json"));
        Model m = new PaddlePirImporter().read(dir, ImportOptions.defaults());
        Path out = tmp.resolve("tr");
        Model back = RoundTrip.viaPir(m, out);
        PirProgram exp = PirJson.read(out.resolve(PaddlePirExporter.MODEL_FILE));
        assertSameOps(ops(orig), ops(exp));
        assertEquals(fetchNames(orig), fetchNames(exp), "fetch names");
        // the input is a 0-D tensor; thresholded_relu(threshold 1, value 0) then scale 1: x > 1 ? x : 0
        String in = m.graph().feedInputs().get(0).name();
        float[][] cases = {{-2f, 0f}, {0.5f, 0f}, {1f, 0f}, {1.5f, 1.5f}, {3f, 3f}};
        for (float[] k : cases) {
            Map<String, Tensor> feeds = Map.of(in, Tensor.ofFloats(new long[0], k[0]));
            assertEquals(k[1], RoundTrip.run(back, feeds).get(0).toDoubleArray()[0], 0.0, "x = " + k[0]);
            RoundTrip.compare(m, back, feeds);
        }
    }

    /**
     * pd_op.if with two regions: x0 == 1 selects (true, false, x1 * 1, x1 * 2) or (false, true, x1 * 3, x1 * 4);
     * the program then scales the two int64 results by 1 and fetches them.
     */
    @Test
    void ifElseKeepsItsOpsRegionsAndAttributes() throws Exception {
        Path dir = CorpusRoundTripTest.corpusModel("p2o-pir-ifelse");
        PirProgram orig = PirJson.read(dir.resolve("model.json"));
        Model m = new PaddlePirImporter().read(dir, ImportOptions.defaults());
        Path out = tmp.resolve("ifelse");
        Model back = RoundTrip.viaPir(m, out);
        PirProgram exp = PirJson.read(out.resolve(PaddlePirExporter.MODEL_FILE));
        assertSameOps(ops(orig), ops(exp));
        assertEquals(fetchNames(orig), fetchNames(exp), "fetch names");
        for (long x0 : new long[] {1, 0, 7}) {
            long x1 = 5;
            Map<String, Tensor> feeds = new java.util.LinkedHashMap<>();
            feeds.put(m.graph().feedInputs().get(0).name(), Tensor.ofLongs(new long[0], x0));
            feeds.put(m.graph().feedInputs().get(1).name(), Tensor.ofLongs(new long[0], x1));
            List<Tensor> r = RoundTrip.run(back, feeds);
            long[] want = x0 == 1 ? new long[] {x1, 2 * x1} : new long[] {3 * x1, 4 * x1};
            assertEquals(want[0], r.get(0).toLongArray()[0], "first result, x0 = " + x0);
            assertEquals(want[1], r.get(1).toLongArray()[0], "second result, x0 = " + x0);
            RoundTrip.compare(m, back, feeds);
        }
    }

    /**
     * Each op as "name (operands) -> (results) {attribute=value, ...}" with value ids renumbered in order of
     * appearance, nested regions indented below their op with their block arguments, leaving out data/fetch
     * names (compared on their own) and the result attributes.
     */
    static List<String> ops(PirProgram p) {
        List<String> out = new ArrayList<>();
        Map<Long, Integer> ids = new java.util.HashMap<>();
        for (PirRegion r : p.regions()) {
            region(r, "", ids, out);
        }
        return out;
    }

    private static void region(PirRegion r, String indent, Map<Long, Integer> ids, List<String> out) {
        for (PirBlock b : r.blocks()) {
            out.add(indent + "block args " + b.args().stream().map(a -> id(ids, a.id()) + ":" + a.type()).toList());
            for (PirOp op : b.ops()) {
                Map<String, String> a = new TreeMap<>();
                op.attributes().forEach((k, v) -> {
                    if (!(k.equals("name") && (op.name().equals("pd_op.data") || op.name().equals("pd_op.fetch")))) {
                        a.put(k, String.valueOf(v));
                    }
                });
                List<String> operands = op.operands().stream().map(o -> "%" + id(ids, o)).toList();
                List<String> results = op.results().stream().map(v -> "%" + id(ids, v.id()) + ":" + v.type()).toList();
                out.add(indent + op.name() + " " + operands + " -> " + results + " " + a);
                for (PirRegion inner : op.regions()) {
                    region(inner, indent + "    ", ids, out);
                }
            }
        }
    }

    /** Equal op lists; on a difference, the first differing line of each. */
    static void assertSameOps(List<String> want, List<String> got) {
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
            assertEquals(want.get(i), got.get(i), "op line " + i);
        }
        assertEquals(want.size(), got.size(), "op lines: " + got);
    }

    private static int id(Map<Long, Integer> ids, long id) {
        return id == 0 ? 0 : ids.computeIfAbsent(id, k -> ids.size() + 1);
    }

    private static List<String> fetchNames(PirProgram p) {
        return p.allOps().stream().filter(o -> o.name().equals("pd_op.fetch")).map(o -> o.attribute("name").asString()).toList();
    }
}
