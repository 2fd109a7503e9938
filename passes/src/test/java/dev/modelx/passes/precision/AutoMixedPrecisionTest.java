package dev.modelx.passes.precision;

import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.examples.ExampleModels;
import dev.modelx.runtime.RandomInputs;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The automatic mode: try converting on the reference runtime, keep in float32 what breaks the tolerance. */
class AutoMixedPrecisionTest {

    @Test
    void aHugeIntermediateOverflowsInPureFloat16() {
        Model before = Models.hugeIntermediate();
        PrecisionReport pure = PrecisionConverter.convert(before, PrecisionOptions.fp16());
        assertEquals(1, pure.valuesClamped(), "1e5 does not fit float16: clamped to 65504");
        Map<String, Tensor> feeds = RandomInputs.generate(before, Map.of(), 1);
        Tensor expected = PrecisionCheck.run(before, feeds).get("y");
        Tensor actual = PrecisionCheck.run(pure.model(), PrecisionConverter.adaptFeeds(pure.model(), feeds)).get("y");
        int infinite = 0;
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(Double.isFinite(expected.getDouble(i)));
            infinite += Double.isInfinite(actual.getDouble(i)) ? 1 : 0;
        }
        assertTrue(infinite > 0, "x * 65504 overflows float16 where |x| > 1, and (Inf / 65504 + b) / 2 stays Inf");
    }

    @Test
    void theAutoModeKeepsTheOverflowingNodesInFloat32AndMatches() {
        Model before = Models.hugeIntermediate();
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16().auto(true));
        AutoReport auto = r.auto();
        assertNotNull(auto);
        System.out.println(String.join("\n", r.lines()));
        List<String> kept = r.keptForAReason().stream().map(KeptNode::path).toList();
        assertEquals(List.of("scale_up", "scale_down"), kept, r.lines().toString());
        for (KeptNode k : r.keptForAReason()) {
            assertEquals(KeptNode.Reason.AUTO, k.reason());
            assertTrue(k.detail().contains("Inf/NaN"), k.toString());
        }
        assertEquals(4, auto.candidates());
        assertEquals(List.of("Mul 'scale_up'", "Mul 'scale_down'".replace("Mul", "Div")), auto.keptByAuto());
        assertTrue(auto.finalWithinTolerance(), auto.summary());
        assertEquals(0, r.valuesClamped(), "1e5 stays float32: both readers are float32");
        assertEquals(2, r.nodesConverted(), "Add and Mul 'half'");
        double err = PrecisionCheck.agreesFp16(before, r.model());
        System.out.println("hugeIntermediate auto fp16: max |error| " + err);
        for (long seed = 10; seed < 15; seed++) {
            PrecisionCheck.maxError(before, r.model(), RandomInputs.generate(before, Map.of(), seed),
                    PrecisionCheck.FP16_RTOL, PrecisionCheck.FP16_ATOL);
        }
    }

    @Test
    void withoutTheIntermediateCheckTheOutputsStillCatchTheOverflow() {
        PrecisionReport r = PrecisionConverter.convert(Models.hugeIntermediate(),
                PrecisionOptions.fp16().auto(true).checkIntermediates(false));
        assertEquals(List.of("scale_up", "scale_down"), r.keptForAReason().stream().map(KeptNode::path).toList());
        assertTrue(r.keptForAReason().get(0).detail().contains("output 'y'"), r.keptForAReason().get(0).toString());
    }

    @Test
    void theAutoModeWorksInsideSubGraphs() {
        Model before = Models.hugeIntermediateInIf();
        Map<String, Tensor> sample = new LinkedHashMap<>(RandomInputs.generate(before, Map.of(), 1));
        sample.put("cond", Tensor.ofBooleans(new long[0], true));
        PrecisionReport r = PrecisionConverter.convert(before, PrecisionOptions.fp16().auto(true).sample(sample));
        System.out.println(String.join("\n", r.lines()));
        assertEquals(List.of("branch/then_branch: scale_up", "branch/then_branch: scale_down"),
                r.keptForAReason().stream().map(KeptNode::path).toList());
        assertEquals(1, r.auto().samples());
        for (boolean c : new boolean[]{true, false}) {
            Map<String, Tensor> feeds = new LinkedHashMap<>(RandomInputs.generate(before, Map.of(), 5));
            feeds.put("cond", Tensor.ofBooleans(new long[0], c));
            PrecisionCheck.maxError(before, r.model(), feeds, PrecisionCheck.FP16_RTOL, PrecisionCheck.FP16_ATOL);
        }
        assertEquals(List.of(), PrecisionCheck.typeProblems(r.model()));
    }

    @Test
    void theExamplesNeedNothingKeptAtTheDefaultTolerance() {
        for (Model m : List.of(ExampleModels.smallCnn(), ExampleModels.transformerBlock())) {
            PrecisionReport r = PrecisionConverter.convert(m, PrecisionOptions.fp16().auto(true).dims(PrecisionCheck.DIMS));
            System.out.println(m.graph().name() + ": " + r.auto().summary());
            assertEquals(List.of(), r.auto().keptByAuto());
            assertEquals(1, r.auto().attempts(), "converting everything passes at once");
            assertTrue(r.auto().finalWithinTolerance());
            assertTrue(r.auto().toleranceUsed() < 1);
        }
    }

    @Test
    void aTightToleranceKeepsMoreAndTheResultMeetsIt() {
        Model before = ExampleModels.transformerBlock();
        PrecisionOptions o = PrecisionOptions.fp16().keepIoTypes(true).auto(true).tolerance(2e-4, 2e-4).dims(PrecisionCheck.DIMS);
        PrecisionReport r = PrecisionConverter.convert(before, o);
        System.out.println("transformerBlock auto rtol=atol=2e-4: " + String.join("\n", r.lines()));
        assertFalse(r.auto().keptByAuto().isEmpty());
        assertTrue(r.auto().finalWithinTolerance(), r.auto().summary());
        assertTrue(r.auto().toleranceUsed() <= 1, r.auto().summary());
        assertTrue(r.nodesConverted() > 0, "some ops still convert: " + r.summary());
        for (long seed = 1; seed <= 2; seed++) {
            // the samples it was tuned on
            PrecisionCheck.maxError(before, r.model(), RandomInputs.generate(before, PrecisionCheck.DIMS, seed), 2e-4, 2e-4);
        }
    }

    @Test
    void anUnreachableToleranceIsReportedNotBisected() {
        // float16 outputs alone are off by up to 2^-11 relative: 1e-5 cannot be met without --keep-io-types.
        PrecisionReport r = PrecisionConverter.convert(Models.hugeIntermediate(), PrecisionOptions.fp16().auto(true).tolerance(1e-5, 1e-5));
        assertEquals(2, r.auto().attempts(), "all converted, then none: both fail");
        assertTrue(r.keptForAReason().get(0).detail().contains("not reachable even with every candidate in float32"),
                r.keptForAReason().get(0).toString());
        assertTrue(r.keptForAReason().get(0).detail().contains("keep float32 inputs/outputs"));
        assertFalse(r.auto().finalWithinTolerance());
    }

    @Test
    void aTrialBudgetLeavesUntriedOpsInFloat32() {
        // Trial 1 converts everything (fails), trial 2 nothing (passes); then the budget is spent.
        PrecisionReport r = PrecisionConverter.convert(Models.hugeIntermediate(), PrecisionOptions.fp16().auto(true).maxAttempts(2));
        assertEquals(2, r.auto().attempts());
        assertEquals(4, r.auto().keptByAuto().size());
        for (KeptNode k : r.keptForAReason()) {
            if (!k.detail().contains("not tried within 2 trial")) {
                fail(k.toString());
            }
        }
        PrecisionCheck.agreesFp16(Models.hugeIntermediate(), r.model());
    }
}
