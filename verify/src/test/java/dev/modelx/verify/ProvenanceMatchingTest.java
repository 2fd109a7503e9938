package dev.modelx.verify;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Provenance;
import dev.modelx.graph.ValueInfo;
import dev.modelx.graph.examples.ExampleModels;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pairing by provenance: a "converted" model whose every node and value is renamed, that splits one node in two and
 * records for each node the source node it came from — the way a TF or Paddle importer names things differently.
 */
class ProvenanceMatchingTest {

    /** A copy of {@code m} with every value renamed "t<i>", every node "n<i>", provenance pointing back, and a Gemm split in two. */
    static Model renamed(Model m) {
        Model copy = m.copy();
        Graph g = copy.graph();
        Map<String, String> names = new HashMap<>();
        int[] next = {0};
        java.util.function.Function<String, String> rename = v -> v.isEmpty() || g.initializers().containsKey(v) ? v
                : names.computeIfAbsent(v, k -> "t" + next[0]++);
        List<Node> nodes = List.copyOf(g.nodes());
        g.nodes().clear();
        int i = 0;
        for (Node n : nodes) {
            Provenance p = Provenance.of("test", n.name());
            if (n.opType().equals("Gemm")) {
                // Gemm(a, w, c) becomes MatMul then Add, both recording the Gemm as their source.
                String mid = "split" + i;
                g.add(Node.of("MatMul").name("n" + i++).inputs(rename.apply(n.input(0)), n.input(1)).outputs(mid).provenance(p));
                g.add(Node.of("Add").name("n" + i++).inputs(mid, n.input(2)).outputs(rename.apply(n.output(0))).provenance(p));
                continue;
            }
            Node r = n.copy().name("n" + i++).provenance(p);
            r.inputs(n.inputs().stream().map(rename).toList());
            r.outputs(n.outputs().stream().map(rename).toList());
            g.add(r);
        }
        List<ValueInfo> ins = List.copyOf(g.inputs());
        g.inputs().clear();
        ins.forEach(v -> g.input(new ValueInfo(rename.apply(v.name()), v.type())));
        List<ValueInfo> outs = List.copyOf(g.outputs());
        g.outputs().clear();
        outs.forEach(v -> g.output(new ValueInfo(rename.apply(v.name()), v.type())));
        return copy.resolveOpsetVersions();
    }

    @Test
    void renamedModelsPairByPositionAndProvenance() {
        for (Model a : List.of(ExampleModels.smallCnn(), ExampleModels.transformerBlock())) {
            Model b = renamed(a);
            assertTrue(b.graph().nodes().stream().noneMatch(n -> a.graph().producer(n.output(0)).isPresent()), "no shared names");
            VerificationResult r = new Verifier().dim("batch", 2).dim("seq", 4).verify(ModelSource.of(a), ModelSource.of(b));
            assertTrue(r.passed(), () -> String.join("\n", VerificationReport.lines(r)));
            assertEquals("position", r.inputs().get(0).matchedBy());
            assertEquals("position", r.outputs().get(0).matchedBy());
            List<TensorMatcher.Match> matches = TensorMatcher.match(a, b);
            assertEquals(a.graph().nodes().size(), matches.size(), "every node output of A is paired");
            assertTrue(matches.stream().allMatch(m -> m.by().equals("provenance")), matches.toString());
        }
    }

    @Test
    void theSplitGemmPairsWithItsLastPart() {
        Model a = ExampleModels.smallCnn();
        Model b = renamed(a);
        TensorMatcher.Match fc = TensorMatcher.match(a, b).stream().filter(m -> m.aValue().equals("logits")).findFirst().orElseThrow();
        assertEquals("Add", fc.bNode().opType());
        assertEquals("fc", fc.aNode().name());
    }

    @Test
    void aBrokenRenamedModelIsBisectedThroughProvenance() {
        Model a = ExampleModels.transformerBlock();
        Model b = renamed(a);
        Node softmax = b.graph().nodes().stream().filter(n -> n.opType().equals("Softmax")).findFirst().orElseThrow();
        softmax.attr(Attribute.of("axis", 1L));
        VerificationResult r = new Verifier().dim("batch", 2).dim("seq", 4).bisect(true).verify(ModelSource.of(a), ModelSource.of(b));
        assertFalse(r.passed());
        Bisection bis = r.bisection();
        assertTrue(bis.found(), () -> String.join("\n", bis.lines()));
        assertEquals("attention_probs", bis.nodeName());
        assertEquals("provenance", bis.matchedBy());
        assertEquals("probs", bis.value());
        assertNotEquals("probs", bis.valueB());
        assertEquals(List.of("axis: -1 in A, 1 in B"), bis.attributeDifferences());
    }

    @Test
    void provenanceIsCopiedOntoAModelReadBack() {
        Model a = renamed(ExampleModels.smallCnn());
        Model readBack = a.copy();
        readBack.graph().nodes().forEach(n -> n.provenance(null));
        assertEquals(a.graph().nodes().size(), Provenances.copy(a, readBack));
        assertEquals(a.graph().nodes().get(0).provenance(), readBack.graph().nodes().get(0).provenance());
    }
}
