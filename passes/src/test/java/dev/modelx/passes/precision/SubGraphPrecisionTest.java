package dev.modelx.passes.precision;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.validate.ModelValidator;
import dev.modelx.runtime.RandomInputs;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.modelx.passes.precision.Models.F;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** If and Loop bodies converted consistently with the graph around them. */
class SubGraphPrecisionTest {

    private static double bothBranches(Model before, Model after) {
        ModelValidator.validate(after);
        assertEquals(List.of(), PrecisionCheck.typeProblems(after));
        double max = 0;
        for (boolean c : new boolean[]{true, false}) {
            Map<String, Tensor> feeds = new LinkedHashMap<>(RandomInputs.generate(before, Map.of(), 3));
            feeds.put("cond", Tensor.ofBooleans(new long[0], c));
            max = Math.max(max, PrecisionCheck.maxError(before, after, feeds, PrecisionCheck.FP16_RTOL, PrecisionCheck.FP16_ATOL));
        }
        return max;
    }

    @Test
    void ifBranchesAreConvertedWithTheCapturedWeights() {
        Model before = Models.ifModel();
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16());
        Model after = r.model();
        double err = bothBranches(before, after);
        System.out.println("if model fp16: max |error| " + err + "; " + r.summary());
        Node ifNode = after.graph().producer("picked").orElseThrow();
        Graph then = ifNode.attribute("then_branch").asGraph();
        assertEquals(DataType.FLOAT16, then.initializers().get("one").type(), "the branch's own weights convert");
        assertEquals(DataType.FLOAT16, after.graph().initializers().get("w").type(), "captured outer weights convert");
        assertEquals(DataType.FLOAT16, PrecisionCheck.declared(then.outputs(), "then_out"));
        assertEquals(0, r.castsInserted());
        assertEquals(5, r.nodesConverted(), "Mul, Add, Sub in the branches; Add, Softmax outside; not the If: " + r.summary());
    }

    @Test
    void aBranchWithAFloat32OutputMakesTheIfOutputFloat32AndTheOtherBranchCastsUp() {
        Model before = Models.ifModel();
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16().blockList("Sub"));
        Model after = r.model();
        double err = bothBranches(before, after);
        Node ifNode = after.graph().producer("picked").orElseThrow();
        Graph then = ifNode.attribute("then_branch").asGraph();
        Graph otherwise = ifNode.attribute("else_branch").asGraph();
        assertEquals(F, PrecisionCheck.declared(otherwise.outputs(), "else_out"));
        assertEquals("then_out_fp32", then.outputs().get(0).name(), "the then-branch casts its float16 result up");
        assertEquals(F, PrecisionCheck.declared(then.outputs(), "then_out_fp32"));
        assertEquals(3, r.castsInserted(), "x into Sub, then_out up, picked down into Add: " + r.summary());
        assertEquals(1, r.initializersDuplicated(), "w: float16 for then_mul, float32 for else_sub");
        assertEquals(List.of("branch/else_branch: else_sub"), r.keptForAReason().stream().map(KeptNode::path).toList());
        System.out.println("if model, Sub blocked: max |error| " + err + "; " + r.summary());
    }

    @Test
    void loopBodiesCarryTheConvertedTypeAcrossIterations() {
        Model before = Models.loopModel();
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16());
        Model after = r.model();
        ModelValidator.validate(after);
        assertEquals(List.of(), PrecisionCheck.typeProblems(after));
        double err = PrecisionCheck.agreesFp16(before, after);
        System.out.println("loop model fp16: max |error| " + err + "; " + r.summary());
        Graph body = after.graph().producer("final").orElseThrow().attribute("body").asGraph();
        assertEquals(DataType.FLOAT16, PrecisionCheck.declared(body.inputs(), "acc"));
        assertEquals(DataType.FLOAT16, PrecisionCheck.declared(body.outputs(), "scan"));
        assertEquals(DataType.FLOAT16, PrecisionCheck.declared(after.graph().outputs(), "scans"));
        assertEquals(0, r.castsInserted());
    }

    @Test
    void aFloat32OpInALoopBodyGetsCastsInsideTheBody() {
        Model before = Models.loopModel();
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16().blockList("Tanh"));
        Model after = r.model();
        double err = PrecisionCheck.agreesFp16(before, after);
        Graph body = after.graph().producer("final").orElseThrow().attribute("body").asGraph();
        assertEquals(DataType.FLOAT16, PrecisionCheck.declared(body.inputs(), "acc"), "the carried value is float16, as x");
        assertEquals("acc_out_fp16", body.outputs().get(1).name(), "Tanh's float32 result is cast back for the next iteration");
        assertEquals(DataType.FLOAT16, PrecisionCheck.declared(body.outputs(), "acc_out_fp16"));
        assertEquals(2, r.castsInserted(), "s up into Tanh, acc_out down: " + r.summary());
        System.out.println("loop model, Tanh blocked: max |error| " + err + "; " + r.summary());
    }

    @Test
    void withFloat32InputsTheCarriedValueStaysFloat32() {
        Model before = Models.loopModel();
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16().blockList("Tanh").keepIoTypes(true));
        Model after = r.model();
        double err = PrecisionCheck.agreesFp16(before, after);
        Graph body = after.graph().producer("final").orElseThrow().attribute("body").asGraph();
        assertEquals(F, PrecisionCheck.declared(body.inputs(), "acc"), "x is float32, so is what the loop carries");
        assertEquals("acc_out", body.outputs().get(1).name(), "Tanh's float32 result goes round as it is");
        assertEquals(F, PrecisionCheck.declared(after.graph().outputs(), "y"));
        assertEquals(F, PrecisionCheck.declared(after.graph().outputs(), "scans"));
        System.out.println("loop model, Tanh blocked, keep io: max |error| " + err + "; " + r.summary());
    }

    @Test
    void aBlockedLoopIsLeftAsItIsAndReadsFloat32() {
        Model before = Models.loopModel();
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16().blockList("Loop"));
        Model after = r.model();
        PrecisionCheck.agreesFp16(before, after);
        Graph body = after.graph().producer("final").orElseThrow().attribute("body").asGraph();
        assertEquals(before.graph().producer("final").orElseThrow().attribute("body").asGraph().nodes(),
                body.nodes().stream().filter(n -> !n.opType().equals("Cast")).toList(), "the body is unchanged but for Casts");
        assertEquals(F, after.graph().initializers().get("k").type(), "weights only the body reads stay float32");
        assertEquals(KeptNode.Reason.BLOCK_LIST, r.keptForAReason().get(0).reason());
    }

    @Test
    void scanBodiesAreConvertedToo() {
        Model before = Models.scanModel();
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16());
        double err = PrecisionCheck.agreesFp16(before, r.model());
        Graph body = r.model().graph().producer("ys").orElseThrow().attribute("body").asGraph();
        assertEquals(DataType.FLOAT16, PrecisionCheck.declared(body.inputs(), "s"));
        assertEquals(DataType.FLOAT16, PrecisionCheck.declared(body.inputs(), "x"));
        assertEquals(DataType.FLOAT16, PrecisionCheck.declared(body.outputs(), "y"));
        assertEquals(3, r.nodesConverted());
        assertEquals(0, r.castsInserted());

        PrecisionReport blocked = PrecisionConverter.convert(before, PrecisionOptions.fp16().blockList("Add").keepIoTypes(true));
        double err2 = PrecisionCheck.agreesFp16(before, blocked.model());
        System.out.println("scan model fp16: max |error| " + err + "; with Add in float32 and float32 io: " + err2 + "; "
                + blocked.summary());
    }
}
