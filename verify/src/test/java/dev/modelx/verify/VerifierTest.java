package dev.modelx.verify;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.Model;
import dev.modelx.graph.examples.ExampleModels;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Verification of the example models against copies of themselves, intact and deliberately broken. */
class VerifierTest {

    private static VerificationResult verify(Model a, Model b) {
        return new Verifier().seed(3).dim("batch", 2).dim("seq", 6).bisect(true).verify(ModelSource.of(a), ModelSource.of(b));
    }

    @Test
    void intactCopiesPassWithZeroError() {
        for (Model m : List.of(ExampleModels.smallCnn(), ExampleModels.transformerBlock())) {
            VerificationResult r = verify(m, m.copy());
            assertTrue(r.passed(), () -> String.join("\n", VerificationReport.lines(r)));
            assertNull(r.bisection(), "no bisection when everything passes");
            OutputResult o = r.outputs().get(0);
            assertEquals("name", o.matchedBy());
            assertEquals(0, o.comparison().maxAbsErr());
            assertEquals(0, o.comparison().maxUlp());
            assertEquals(0, o.comparison().shareOutside());
        }
    }

    @Test
    void flippedSoftmaxAxisIsBisectedToThatNode() {
        Model a = ExampleModels.transformerBlock();
        Model b = Broken.withAttribute(a, "attention_probs", Attribute.of("axis", 2L));
        VerificationResult r = verify(a, b);
        assertFalse(r.passed());
        assertEquals(1, r.failedCount());
        Bisection bis = r.bisection();
        assertNotNull(bis);
        assertTrue(bis.found(), () -> String.join("\n", bis.lines()));
        assertEquals("attention_probs", bis.nodeName());
        assertEquals("Softmax", bis.op());
        assertEquals("probs", bis.value());
        assertEquals("name", bis.matchedBy());
        assertEquals(List.of("axis: -1 in A, 2 in B"), bis.attributeDifferences());
        Bisection.InputStat scaled = bis.inputs().get(0);
        assertEquals("scaled", scaled.name());
        assertTrue(scaled.check().startsWith("agrees in B"), scaled.check());
        assertArrayEquals(new long[] {2, 4, 6, 6}, scaled.stats().shape());
        assertTrue(bis.compared() > 5, "the values before the Softmax were compared and agreed");
        assertFalse(bis.error().passed());
        assertTrue(bis.error().shareOutside() > 0.5, bis.error().summary());
    }

    @Test
    void changedConvPadsAreBisectedToThatNode() {
        Model a = ExampleModels.smallCnn();
        Model b = Broken.withAttribute(a, "conv1", Attribute.ints("pads", 0, 0, 0, 0));
        VerificationResult r = verify(a, b);
        assertFalse(r.passed());
        Bisection bis = r.bisection();
        assertTrue(bis.found(), () -> String.join("\n", bis.lines()));
        assertEquals("conv1", bis.nodeName());
        assertEquals("Conv", bis.op());
        assertTrue(bis.error().mismatch().contains("shape [2, 8, 30, 30]"), bis.error().mismatch());
        assertEquals(List.of("pads: [1, 1, 1, 1] in A, [0, 0, 0, 0] in B"), bis.attributeDifferences());
        assertEquals("model input", bis.inputs().get(0).role());
        assertEquals("weight", bis.inputs().get(1).role());
    }

    @Test
    void changedLayerNormEpsilonIsBisectedToThatNode() {
        Model a = ExampleModels.transformerBlock();
        Model b = Broken.withAttribute(a, "ln2", Attribute.of("epsilon", 0.5f));
        VerificationResult r = verify(a, b);
        assertFalse(r.passed());
        Bisection bis = r.bisection();
        assertTrue(bis.found(), () -> String.join("\n", bis.lines()));
        assertEquals("ln2", bis.nodeName());
        assertEquals("LayerNormalization", bis.op());
        assertEquals(List.of("epsilon: (not set) in A, 0.5 in B"), bis.attributeDifferences());
    }

    @Test
    void aTinyMemoryBudgetTakesSeveralPassesAndFindsTheSameNode() {
        Model a = ExampleModels.transformerBlock();
        Model b = Broken.withAttribute(a, "ln2", Attribute.of("epsilon", 0.5f));
        VerificationResult r = new Verifier().seed(3).dim("batch", 2).dim("seq", 6).bisect(true).memoryBudget(1)
                .verify(ModelSource.of(a), ModelSource.of(b));
        Bisection bis = r.bisection();
        assertTrue(bis.found());
        assertEquals("ln2", bis.nodeName());
        assertTrue(bis.windows() > 5, "one value kept per pass: " + bis.windows() + " passes");
    }

    @Test
    void theReportsCarryTheCaseFieldsAndTheBisection() {
        Model a = ExampleModels.transformerBlock();
        Model b = Broken.withAttribute(a, "attention_probs", Attribute.of("axis", 2L));
        VerificationResult r = verify(a, b);
        String json = VerificationReport.toJson(r);
        for (String field : List.of("\"name\": \"hidden_states\"", "\"folder\": \"model->model\"", "\"op\": \"Add\"",
                "\"status\": \"failed\"", "\"max_abs_err\"", "\"max_rel_err\"", "\"reason\"", "\"max_ulp\"", "\"share_outside\"",
                "\"node\": \"attention_probs\"", "\"matched_by\": \"name\"")) {
            assertTrue(json.contains(field), field + " in\n" + json);
        }
        String html = HtmlVerificationReport.render(r);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<svg"), "inline SVG histogram");
        assertTrue(html.contains("node &#39;attention_probs&#39; (Softmax)"), "bisection in the HTML");
        assertFalse(html.contains("<script"), "self-contained, no scripts");
        List<String> lines = VerificationReport.lines(r);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("first divergence: node 'attention_probs' (Softmax)")), lines.toString());
    }

    @Test
    void theListenerHearsEveryStageAndNode() {
        Model a = ExampleModels.smallCnn();
        Model b = Broken.withAttribute(a, "softmax", Attribute.of("axis", 0L));
        List<String> heard = new java.util.ArrayList<>();
        new Verifier().dim("batch", 2).bisect(true).listener(new VerifyListener() {
            @Override
            public void stage(String name, int nodes) {
                heard.add(name + " " + nodes);
            }

            @Override
            public void step(String node) {
                heard.add("step");
            }
        }).verify(ModelSource.of(a), ModelSource.of(b));
        assertEquals(List.of("running A on reference 9", "running B on reference 9", "bisecting 18"),
                heard.stream().filter(h -> !h.equals("step")).toList());
        assertEquals(9 + 9 + 18, heard.stream().filter(h -> h.equals("step")).count());
    }

    @Test
    void aModelThatFailsToRunIsReportedNotThrown() {
        Model a = ExampleModels.smallCnn();
        Model b = Broken.withAttribute(a, "fc", Attribute.of("transB", 1L)); // [1,16] x [10,16]^T... shapes no longer fit
        VerificationResult r = verify(a, b);
        assertFalse(r.passed());
        assertNotNull(r.error(), () -> String.join("\n", VerificationReport.lines(r)));
        assertTrue(r.error().startsWith("B ("), r.error());
        assertTrue(r.bisection().found());
        assertEquals("fc", r.bisection().nodeName());
        assertNotNull(r.bisection().failureB());
    }
}
