package dev.modelx.passes;

import dev.modelx.exporter.onnx.OnnxExporter;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.examples.ExampleModels;
import dev.modelx.importer.onnx.OnnxImporter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.modelx.passes.Check.F;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PassPipelineTest {

    @Test
    void parsesNamesAndExpandsDefault() {
        assertEquals("fold,dce,fuse-bn", PassPipeline.parse("fold, dce ,fuse-bn").names());
        assertEquals(PassPipeline.DEFAULT + ",cse", PassPipeline.parse("default,cse").names());
        assertEquals(PassPipeline.DEFAULT, PassPipeline.defaultPipeline().names());
    }

    @Test
    void unknownNamesAreReportedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PassPipeline.parse("fold,nope"));
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("transpose-cancel"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PassPipeline.parse(" , "));
    }

    @Test
    void registryListsEveryPassWithADescription() {
        List<String> builtIn = List.of("fold", "shape-fold", "dce", "identity", "transpose-cancel", "fuse-bn", "cse");
        assertEquals(builtIn, PassRegistry.names().subList(0, builtIn.size()), "built-in passes come first");
        assertTrue(PassRegistry.names().contains("test-noop"), "then those providers contribute");
        PassRegistry.descriptions().forEach((name, text) -> assertTrue(text.length() > 10, name));
        for (String name : PassRegistry.names()) {
            assertEquals(name, PassRegistry.create(name, PassOptions.defaults()).name());
        }
    }

    @Test
    void providedPassesRunInPipelines() {
        PipelineResult r = PassPipeline.parse("test-noop,dce").run(ExampleModels.smallCnn());
        assertEquals("test-noop: 9 -> 9 nodes (0 removed, 0 added, 0 rewritten) in", r.lines().get(0).replaceAll(" \\d+ ms.*", ""));
    }

    @Test
    void preservationIsTheWeakestOfThePasses() {
        assertEquals(Preservation.EXACT, PassPipeline.parse("fold,dce,cse").preservation());
        assertEquals(Preservation.FLOAT_TOLERANCE, PassPipeline.parse("fold,fuse-bn").preservation());
    }

    @Test
    void resultsCountNodesPerPassAndSummariseInOneLineEach() {
        Graph g = new Graph("g");
        g.input("x", F, 2);
        g.add(Node.of("Constant").outputs("c").attr("value", Check.floats(new long[]{2}, 1, 2)));
        g.add(Node.of("Identity").inputs("x").outputs("i"));
        g.add(Node.of("Add").inputs("i", "c").outputs("y"));
        g.add(Node.of("Neg").inputs("x").outputs("unread"));
        g.output("y", F, 2);
        Model before = Check.model(g);
        Model m = before.copy();
        PipelineResult r = PassPipeline.parse("fold,identity,dce").run(m);
        assertEquals(4, r.nodesBefore());
        assertEquals(1, r.nodesAfter());
        assertEquals(List.of(4, 3, 2), r.passes().stream().map(PassResult::nodesBefore).toList());
        assertEquals(List.of(3, 2, 1), r.passes().stream().map(PassResult::nodesAfter).toList());
        assertTrue(r.lines().get(0).startsWith("fold: 4 -> 3 nodes (1 removed"), r.lines().get(0));
        assertTrue(r.summary().endsWith("(outputs bit-identical)"), r.summary());
        Check.sameOutputs(before, m, Preservation.EXACT);
    }

    @Test
    void aPassThatBreaksTheModelIsNamed() {
        Pass breaker = new Pass() {
            public String name() {
                return "breaker";
            }

            public String description() {
                return "removes every node";
            }

            public Preservation preservation() {
                return Preservation.EXACT;
            }

            public PassResult run(Model model) {
                model.graph().nodes().clear();
                return new PassResult(name(), 0, 0, 0, 0, 0, List.of(), 0);
            }
        };
        Model m = ExampleModels.smallCnn();
        PassFailedException e = assertThrows(PassFailedException.class, () -> PassPipeline.of(breaker).run(m));
        assertEquals("breaker", e.pass());
    }

    @Test
    void everyPassAloneKeepsTheExampleModelsOutputs() {
        for (String name : PassRegistry.names()) {
            Pass pass = PassRegistry.create(name, PassOptions.defaults());
            Check.preserves(pass, ExampleModels.smallCnn());
            Check.preserves(pass, ExampleModels.transformerBlock());
        }
    }

    @Test
    void optimizedExampleModelsComputeTheSameAndSurviveOnnx() throws Exception {
        for (Model model : List.of(ExampleModels.smallCnn(), ExampleModels.transformerBlock())) {
            Model optimized = model.copy();
            PipelineResult r = Passes.optimize(optimized);
            Check.sameOutputs(model, optimized, r.preservation());
            byte[] bytes = new OnnxExporter().toBytes(optimized);
            Model reread = new OnnxImporter().read(bytes, "optimized.onnx");
            Check.sameOutputs(model, reread, r.preservation());
        }
    }
}
