package dev.modelx.passes;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.examples.ExampleModels;
import org.junit.jupiter.api.Test;

import static dev.modelx.passes.Check.F;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CommonSubexpressionEliminationTest {

    private final Pass cse = new CommonSubexpressionElimination(PassOptions.defaults());

    @Test
    void mergesDuplicatesAndWhatTheyMakeEqual() {
        Graph g = new Graph("dups");
        g.input("x", F, 2, 3);
        g.add(Node.of("Softmax").inputs("x").outputs("s1").attr("axis", 1L));
        g.add(Node.of("Softmax").inputs("x").outputs("s2").attr("axis", 1L));
        g.add(Node.of("Softmax").inputs("x").outputs("s3").attr("axis", 0L)); // other attribute: different
        g.add(Node.of("Exp").inputs("s1").outputs("e1"));
        g.add(Node.of("Exp").inputs("s2").outputs("e2")); // equal once s2 is s1
        g.add(Node.of("Add").inputs("e1", "e2").outputs("a"));
        g.add(Node.of("Add").inputs("a", "s3").outputs("y"));
        g.output("y", F, 2, 3);
        Model after = Check.preserves(cse, Check.model(g));
        assertEquals(5, Check.nodes(after));
    }

    @Test
    void mergesInsideAnIfBranchAndKeepsBothOutputNamesOfTheMainGraph() {
        Graph g = new Graph("outer");
        g.input("cond", DataType.BOOL);
        g.input("x", F, 2);
        g.add(Node.of("Neg").inputs("x").outputs("n1"));
        g.add(Node.of("Neg").inputs("x").outputs("n2"));
        Graph then = Check.branch("then", "t");
        then.add(Node.of("Sigmoid").inputs("x").outputs("s1"));
        then.add(Node.of("Sigmoid").inputs("x").outputs("s2"));
        then.add(Node.of("Mul").inputs("s1", "s2").outputs("t"));
        Graph otherwise = Check.branch("else", "e", "e2");
        otherwise.add(Node.of("Abs").inputs("x").outputs("e"));
        otherwise.add(Node.of("Abs").inputs("x").outputs("e2"));
        Node ifNode = Node.of("If").inputs("cond").outputs("y", "y2").attr("then_branch", then).attr("else_branch", otherwise);
        then.output(new dev.modelx.graph.ValueInfo("t2", null));
        then.add(Node.of("Sigmoid").inputs("x").outputs("t2"));
        g.add(ifNode);
        g.output("n1", F, 2);
        g.output("n2", F, 2);
        g.output("y", F, 2);
        g.output("y2", F, 2);
        Model before = Check.model(g);
        Model after = before.copy();
        PassResult r = cse.run(after);
        Check.sameOutputsBothBranches(before, after, Preservation.EXACT);
        assertEquals(2, Check.count(after, "Neg"), "both are graph outputs: the names must stay");
        assertEquals(1, Check.count(after, "Sigmoid"), "three equal Sigmoids in the branch become one");
        assertEquals(2, Check.count(after, "Abs"), "two branch outputs may not share one name");
        assertEquals(2, r.removed());
    }

    @Test
    void mergesEqualSmallInitializersAndNeverRandomOps() {
        Graph g = new Graph("inits");
        g.input("x", F, 2);
        g.initializer("one_a", Tensor.ofFloats(new long[]{2}, 1, 1));
        g.initializer("one_b", Tensor.ofFloats(new long[]{2}, 1, 1));
        g.add(Node.of("Add").inputs("x", "one_a").outputs("a"));
        g.add(Node.of("Add").inputs("x", "one_b").outputs("b"));
        g.add(Node.of("RandomUniformLike").inputs("x").outputs("r1"));
        g.add(Node.of("RandomUniformLike").inputs("x").outputs("r2"));
        g.add(Node.of("Sub").inputs("a", "b").outputs("y"));
        g.add(Node.of("Sub").inputs("r1", "r2").outputs("z"));
        g.output("y", F, 2);
        g.output("z", F, 2);
        Model m = Check.model(g);
        cse.run(m);
        assertEquals(5, Check.nodes(m));
        assertEquals(1, m.graph().initializers().size());
    }

    @Test
    void exampleModelsKeepTheirOutputs() {
        Check.preserves(cse, ExampleModels.smallCnn());
        Check.preserves(cse, ExampleModels.transformerBlock());
    }
}
