package dev.modelx.exporter.paddle;

import dev.modelx.format.paddle.ProgramDescs;
import dev.modelx.format.paddle.pir.PirJson;
import dev.modelx.format.paddle.pir.PirOp;
import dev.modelx.format.paddle.pir.PirProgram;
import dev.modelx.format.paddle.proto.PaddleProtos.BlockDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.OpDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.ProgramDesc;
import dev.modelx.format.paddle.proto.PaddleProtos.VarType;
import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.importer.paddle.PaddleImporter;
import dev.modelx.importer.paddle.PaddlePirImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.modelx.exporter.paddle.EmitterCheck.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ONNX If and Loop written as Paddle control flow: legacy conditional_block/select_input and while with
 * sub-blocks (slots and attributes of Paddle 2.6's definitions), PIR pd_op.if/pd_op.while with regions;
 * both re-imported and run on the reference runtime, for both branches and for loops of 0, 1 and several
 * iterations, with loop-carried values, a trip count and a break condition. Expected numbers are computed
 * here from ONNX semantics.
 */
class ControlFlowExportTest {

    @TempDir
    Path tmp;

    private static Tensor scalarBool(boolean b) {
        return Tensor.ofBooleans(new long[0], b);
    }

    private static Tensor scalarLong(long v) {
        return Tensor.ofLongs(new long[0], v);
    }

    private static Node constant(String name, Tensor t) {
        return Node.of("Constant").outputs(name).attr("value", t);
    }

    /** y = cond ? x + 1 : x * 3, the else branch reading an outer constant. */
    private static Model ifModel() {
        Graph then = new Graph("then");
        then.add(constant("one", Tensor.ofFloats(new long[0], 1f)));
        then.add(Node.of("Add").inputs("x", "one").outputs("t_out"));
        then.output("t_out", DataType.FLOAT, 3);
        Graph other = new Graph("else");
        other.add(Node.of("Mul").inputs("x", "three").outputs("e_out"));
        other.output("e_out", DataType.FLOAT, 3);
        Graph g = new Graph("if");
        g.input("cond", DataType.BOOL);
        g.input("x", DataType.FLOAT, 3);
        g.add(constant("three", Tensor.ofFloats(new long[0], 3f)));
        g.add(Node.of("If").inputs("cond").outputs("y").attr(Attribute.of("then_branch", then)).attr(Attribute.of("else_branch", other)));
        g.output("y", DataType.FLOAT, 3);
        return Model.of(g, 18).resolveOpsetVersions();
    }

    /**
     * Loop(M, cond, a, b): (a, b) <- (b, a + b) (the carried values swap places), s = a + b, cond' = s < limit; the
     * body also reads the iteration number into c: c <- c + i.
     */
    private static Model loopModel() {
        Graph body = new Graph("body");
        body.input("i", DataType.INT64);
        body.input("cond_in", DataType.BOOL);
        body.input("a_in", DataType.FLOAT, 1);
        body.input("b_in", DataType.FLOAT, 1);
        body.input("c_in", DataType.FLOAT, 1);
        body.add(Node.of("Add").inputs("a_in", "b_in").outputs("ab"));
        body.add(Node.of("Identity").inputs("b_in").outputs("a_out"));
        body.add(Node.of("Less").inputs("ab", "limit").outputs("cond_out_1"));
        body.add(Node.of("Reshape").inputs("cond_out_1", "scalar_shape").outputs("cond_out"));
        body.add(Node.of("Cast").inputs("i").outputs("i_f").attr("to", (long) DataType.FLOAT.code()));
        body.add(Node.of("Add").inputs("c_in", "i_f").outputs("c_out"));
        body.output("cond_out", DataType.BOOL);
        body.output("a_out", DataType.FLOAT, 1);
        body.output("ab", DataType.FLOAT, 1);
        body.output("c_out", DataType.FLOAT, 1);
        Graph g = new Graph("loop");
        g.input("m", DataType.INT64);
        g.input("cond", DataType.BOOL);
        g.input("a", DataType.FLOAT, 1);
        g.input("b", DataType.FLOAT, 1);
        g.add(constant("limit", Tensor.ofFloats(new long[] {1}, 20f)));
        g.add(constant("scalar_shape", Tensor.ofLongs(new long[] {0})));
        g.add(constant("zero", Tensor.ofFloats(new long[] {1}, 0f)));
        g.add(Node.of("Loop").inputs("m", "cond", "a", "b", "zero").outputs("a_final", "b_final", "c_final")
                .attr(Attribute.of("body", body)));
        g.output("a_final", DataType.FLOAT, 1);
        g.output("b_final", DataType.FLOAT, 1);
        g.output("c_final", DataType.FLOAT, 1);
        return Model.of(g, 18).resolveOpsetVersions();
    }

    /** The same loop computed directly: {a, b, c} after the loop. */
    private static float[] expectedLoop(long m, boolean cond, float a, float b) {
        float c = 0;
        for (long i = 0; i < m && cond; i++) {
            float s = a + b;
            a = b;
            b = s;
            c += i;
            cond = s < 20;
        }
        return new float[] {a, b, c};
    }

    private Model viaLegacy(Model m, String name) throws Exception {
        new PaddleExporter().write(m, tmp.resolve(name), ExportOptions.defaults());
        return new PaddleImporter().read(tmp.resolve(name), ImportOptions.defaults());
    }

    private Model viaPir(Model m, String name) throws Exception {
        new PaddlePirExporter().write(m, tmp.resolve(name), ExportOptions.defaults());
        return new PaddlePirImporter().read(tmp.resolve(name), ImportOptions.defaults());
    }

    @Test
    void ifIsWrittenAsTwoConditionalBlocksAndSelectInput() throws Exception {
        Model m = ifModel();
        Model legacy = viaLegacy(m, "if-legacy");
        ProgramDesc p = ProgramDescs.read(tmp.resolve("if-legacy").resolve(PaddleExporter.MODEL_FILE));
        assertEquals(3, p.getBlocksCount(), "main block and one block per branch");
        List<String> types = p.getBlocks(0).getOpsList().stream().map(OpDesc::getType).toList();
        assertEquals(List.of("feed", "feed", "conditional_block", "logical_not", "conditional_block", "cast", "select_input", "fetch"),
                types.stream().filter(t -> !t.equals("fill_constant") && !t.equals("assign_value")).toList());
        List<OpDesc> blocks = p.getBlocks(0).getOpsList().stream().filter(o -> o.getType().equals("conditional_block")).toList();
        for (int k = 0; k < 2; k++) {
            OpDesc cb = blocks.get(k);
            assertEquals(List.of("Cond", "Input"), cb.getInputsList().stream().map(OpDesc.Var::getParameter).toList());
            assertEquals(List.of("Out", "Scope"), cb.getOutputsList().stream().map(OpDesc.Var::getParameter).toList());
            assertEquals(k + 1, EmitterCheck.attr(cb, "sub_block").getBlockIdx());
            assertTrue(EmitterCheck.b(cb, "is_scalar_condition"));
            assertTrue(EmitterCheck.in(cb, "Input").contains("x"), "the branch reads x from the main block");
            String scope = EmitterCheck.out(cb, "Scope").get(0);
            assertEquals(VarType.Type.STEP_SCOPES, p.getBlocks(0).getVarsList().stream().filter(v -> v.getName().equals(scope))
                    .findFirst().orElseThrow().getType().getType());
            BlockDesc sub = p.getBlocks(k + 1);
            assertEquals(0, sub.getParentIdx());
            OpDesc last = sub.getOps(sub.getOpsCount() - 1);
            assertEquals("assign", last.getType(), "a branch ends by copying its result out");
            assertEquals(EmitterCheck.out(cb, "Out"), EmitterCheck.out(last, "Out"));
        }
        OpDesc select = p.getBlocks(0).getOpsList().stream().filter(o -> o.getType().equals("select_input")).findFirst().orElseThrow();
        assertEquals(List.of(EmitterCheck.out(blocks.get(1), "Out").get(0), EmitterCheck.out(blocks.get(0), "Out").get(0)),
                EmitterCheck.in(select, "X"), "select_input takes [false, true]");

        Model pir = viaPir(m, "if-pir");
        PirProgram prog = PirJson.read(tmp.resolve("if-pir").resolve(PaddlePirExporter.MODEL_FILE));
        PirOp ifOp = prog.mainBlock().ops().stream().filter(o -> o.name().equals("pd_op.if")).findFirst().orElseThrow();
        assertEquals(2, ifOp.regions().size());
        for (var r : ifOp.regions()) {
            List<PirOp> ops = r.blocks().get(0).ops();
            assertEquals("cf.yield", ops.get(ops.size() - 1).name());
            assertEquals(1, ops.get(ops.size() - 1).operands().size());
        }

        Tensor x = Tensor.ofFloats(new long[] {3}, 1f, -2f, 0.5f);
        for (boolean cond : new boolean[] {true, false}) {
            float[] want = cond ? new float[] {2f, -1f, 1.5f} : new float[] {3f, -6f, 1.5f};
            assertClose(want, EmitterCheck.run(m, scalarBool(cond), x).get(0));
            assertClose(want, EmitterCheck.run(legacy, scalarBool(cond), x).get(0));
            assertClose(want, EmitterCheck.run(pir, scalarBool(cond), x).get(0));
        }
    }

    @Test
    void loopIsWrittenAsWhileWithLoopCarriedValues() throws Exception {
        Model m = loopModel();
        Model legacy = viaLegacy(m, "loop-legacy");
        ProgramDesc p = ProgramDescs.read(tmp.resolve("loop-legacy").resolve(PaddleExporter.MODEL_FILE));
        assertEquals(2, p.getBlocksCount());
        OpDesc w = p.getBlocks(0).getOpsList().stream().filter(o -> o.getType().equals("while")).findFirst().orElseThrow();
        assertEquals(List.of("Condition", "X"), w.getInputsList().stream().map(OpDesc.Var::getParameter).toList());
        assertEquals(List.of("Out", "StepScopes"), w.getOutputsList().stream().map(OpDesc.Var::getParameter).toList());
        assertEquals(1, EmitterCheck.attr(w, "sub_block").getBlockIdx());
        assertTrue(EmitterCheck.b(w, "is_test"));
        String condVar = EmitterCheck.in(w, "Condition").get(0);
        assertTrue(EmitterCheck.out(w, "Out").contains(condVar), "the body writes the condition");
        assertTrue(EmitterCheck.out(w, "Out").containsAll(List.of("a_final", "b_final", "c_final")), EmitterCheck.out(w, "Out").toString());
        List<String> body = p.getBlocks(1).getOpsList().stream().map(OpDesc::getType).toList();
        assertTrue(body.contains("increment") && body.contains("less_than") && body.contains("logical_and"), body.toString());

        Model pir = viaPir(m, "loop-pir");
        PirProgram prog = PirJson.read(tmp.resolve("loop-pir").resolve(PaddlePirExporter.MODEL_FILE));
        PirOp whileOp = prog.mainBlock().ops().stream().filter(o -> o.name().equals("pd_op.while")).findFirst().orElseThrow();
        var bodyBlock = whileOp.regions().get(0).blocks().get(0);
        assertEquals(whileOp.operands().size() - 1, bodyBlock.args().size(), "one block argument per loop value");
        assertTrue(bodyBlock.args().stream().allMatch(a -> a.id() < 0), "block arguments count down from -1");
        PirOp yield = bodyBlock.ops().get(bodyBlock.ops().size() - 1);
        assertEquals("cf.yield", yield.name());
        assertEquals(whileOp.operands().size(), yield.operands().size(), "yields the condition and every loop value");

        // trip count 0, 1 and several; a false initial condition; a break by the condition before the trip count
        Object[][] cases = {{0L, true}, {1L, true}, {3L, true}, {5L, false}, {100L, true}};
        for (Object[] k : cases) {
            long trips = (Long) k[0];
            boolean cond = (Boolean) k[1];
            float[] want = expectedLoop(trips, cond, 1f, 2f);
            Tensor[] feeds = {scalarLong(trips), scalarBool(cond), Tensor.ofFloats(new long[] {1}, 1f), Tensor.ofFloats(new long[] {1}, 2f)};
            for (Model model : new Model[] {m, legacy, pir}) {
                List<Tensor> out = EmitterCheck.run(model, feeds);
                for (int j = 0; j < 3; j++) {
                    assertClose(new float[] {want[j]}, out.get(j));
                }
            }
        }
        // the break case really breaks: 100 trips allowed, the sums 3, 5, 8, 13, 21 stop it after five
        assertEquals(10f, expectedLoop(100, true, 1f, 2f)[2], "c = 0 + 1 + 2 + 3 + 4");
    }

    /** for i < m: acc = i < 2 ? acc + 1 : acc * 2 (an If nested in the Loop body, reading the body's values). */
    @Test
    void ifNestedInALoopBody() throws Exception {
        Graph then = new Graph("then");
        then.add(Node.of("Add").inputs("acc_in", "one").outputs("t"));
        then.output("t", DataType.FLOAT, 1);
        Graph other = new Graph("else");
        other.add(Node.of("Mul").inputs("acc_in", "two").outputs("e"));
        other.output("e", DataType.FLOAT, 1);
        Graph body = new Graph("body");
        body.input("i", DataType.INT64);
        body.input("c", DataType.BOOL);
        body.input("acc_in", DataType.FLOAT, 1);
        body.add(Node.of("Less").inputs("i", "two_i").outputs("small"));
        body.add(Node.of("If").inputs("small").outputs("acc_out").attr(Attribute.of("then_branch", then))
                .attr(Attribute.of("else_branch", other)));
        body.add(Node.of("Identity").inputs("c").outputs("c_out"));
        body.output("c_out", DataType.BOOL);
        body.output("acc_out", DataType.FLOAT, 1);
        Graph g = new Graph("nested");
        g.input("m", DataType.INT64);
        g.input("acc", DataType.FLOAT, 1);
        g.add(constant("one", Tensor.ofFloats(new long[0], 1f)));
        g.add(constant("two", Tensor.ofFloats(new long[0], 2f)));
        g.add(constant("two_i", Tensor.ofLongs(new long[0], 2)));
        g.add(constant("true", Tensor.ofBooleans(new long[0], true)));
        g.add(Node.of("Loop").inputs("m", "true", "acc").outputs("result").attr(Attribute.of("body", body)));
        g.output("result", DataType.FLOAT, 1);
        Model m = Model.of(g, 18).resolveOpsetVersions();
        Model legacy = viaLegacy(m, "nested-legacy");
        ProgramDesc p = ProgramDescs.read(tmp.resolve("nested-legacy").resolve(PaddleExporter.MODEL_FILE));
        assertEquals(4, p.getBlocksCount(), "main, loop body, two branches");
        assertEquals(List.of(-1, 0, 1, 1), p.getBlocksList().stream().map(BlockDesc::getParentIdx).toList());
        Model pir = viaPir(m, "nested-pir");
        for (long trips : new long[] {0, 1, 2, 5}) {
            float acc = 3;
            for (long i = 0; i < trips; i++) {
                acc = i < 2 ? acc + 1 : acc * 2;
            }
            Tensor[] feeds = {scalarLong(trips), Tensor.ofFloats(new long[] {1}, 3f)};
            for (Model model : new Model[] {m, legacy, pir}) {
                assertClose(new float[] {acc}, EmitterCheck.run(model, feeds).get(0));
            }
        }
    }

    /** Loop(m): scan output i * 10 per iteration, as a tensor array stacked after the while (legacy); PIR refuses it. */
    @Test
    void loopScanOutputsAreTensorArrays() throws Exception {
        Graph body = new Graph("body");
        body.input("i", DataType.INT64);
        body.input("c", DataType.BOOL);
        body.input("s_in", DataType.FLOAT, 1);
        body.add(Node.of("Identity").inputs("c").outputs("c_out"));
        body.add(Node.of("Cast").inputs("i").outputs("i_f").attr("to", (long) DataType.FLOAT.code()));
        body.add(Node.of("Mul").inputs("i_f", "ten").outputs("scan"));
        body.add(Node.of("Add").inputs("s_in", "i_f").outputs("s_out"));
        body.output("c_out", DataType.BOOL);
        body.output("s_out", DataType.FLOAT, 1);
        body.output("scan", DataType.FLOAT);
        Graph g = new Graph("scan");
        g.input("m", DataType.INT64);
        g.add(constant("ten", Tensor.ofFloats(new long[0], 10f)));
        g.add(constant("zero", Tensor.ofFloats(new long[] {1}, 0f)));
        g.add(Node.of("Loop").inputs("m", "", "zero").outputs("sum", "scanned").attr(Attribute.of("body", body)));
        g.output("sum", DataType.FLOAT, 1);
        g.output(new dev.modelx.graph.ValueInfo("scanned", new dev.modelx.graph.Type.TensorType(DataType.FLOAT, null)));
        Model m = Model.of(g, 18).resolveOpsetVersions();
        Model legacy = viaLegacy(m, "scan-legacy");
        ProgramDesc p = ProgramDescs.read(tmp.resolve("scan-legacy").resolve(PaddleExporter.MODEL_FILE));
        assertTrue(p.getBlocks(1).getOpsList().stream().anyMatch(o -> o.getType().equals("write_to_array")));
        OpDesc stack = p.getBlocks(0).getOpsList().stream().filter(o -> o.getType().equals("tensor_array_to_tensor")).findFirst().orElseThrow();
        assertTrue(EmitterCheck.b(stack, "use_stack"));
        String array = EmitterCheck.in(stack, "X").get(0);
        assertEquals(VarType.Type.LOD_TENSOR_ARRAY, p.getBlocks(0).getVarsList().stream().filter(v -> v.getName().equals(array))
                .findFirst().orElseThrow().getType().getType());
        for (long trips : new long[] {1, 4}) {
            float[] scanned = new float[(int) trips];
            float sum = 0;
            for (int i = 0; i < trips; i++) {
                scanned[i] = 10 * i;
                sum += i;
            }
            for (Model model : new Model[] {m, legacy}) {
                List<Tensor> out = EmitterCheck.run(model, scalarLong(trips));
                assertClose(new float[] {sum}, out.get(0));
                assertClose(scanned, out.get(1));
            }
        }
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(dev.modelx.graph.UnsupportedOpsException.class,
                () -> new PaddlePirExporter().write(m, tmp.resolve("scan-pir"), ExportOptions.defaults()));
        assertTrue(e.getMessage().contains("write_to_array"), e.getMessage());
    }
}
