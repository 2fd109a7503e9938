package dev.modelx.graph.validate;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ModelValidatorTest {

    private static Graph relu() {
        Graph g = new Graph("g").input("x", DataType.FLOAT, 2).output("y", DataType.FLOAT, 2);
        g.add(Node.of("Relu").inputs("x").outputs("y"));
        return g;
    }

    @Test
    void validModelHasNoProblems() {
        assertEquals(List.of(), ModelValidator.problems(Model.of(relu(), 17)));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        Graph g = new Graph("g").input("x", DataType.FLOAT, 2).output("y", DataType.FLOAT, 2).output("z", DataType.FLOAT, 2);
        g.add(Node.of("Add").inputs("x", "missing").outputs("y"));
        g.add(Node.of("Relu").inputs("x").outputs("y"));
        g.add(Node.of("Custom").domain("my.domain").inputs("x").outputs("w"));
        ValidationException e = assertThrows(ValidationException.class, () -> ModelValidator.validate(Model.of(g, 17)));
        List<Problem.Kind> kinds = e.problems().stream().map(Problem::kind).toList();
        assertTrue(kinds.contains(Problem.Kind.DANGLING_INPUT), kinds.toString());
        assertTrue(kinds.contains(Problem.Kind.DUPLICATE_NAME), kinds.toString());
        assertTrue(kinds.contains(Problem.Kind.MISSING_OPSET_IMPORT), kinds.toString());
        assertTrue(kinds.contains(Problem.Kind.MISSING_OUTPUT), kinds.toString());
        assertTrue(e.getMessage().contains("'missing'"), e.getMessage());
        assertTrue(e.getMessage().contains("my.domain"), e.getMessage());
    }

    @Test
    void detectsCycles() {
        Graph g = new Graph("g").input("x", DataType.FLOAT, 2).output("b", DataType.FLOAT, 2);
        g.add(Node.of("Add").name("n1").inputs("x", "b").outputs("a"));
        g.add(Node.of("Relu").name("n2").inputs("a").outputs("b"));
        List<Problem> p = ModelValidator.problems(Model.of(g, 17));
        assertTrue(p.stream().anyMatch(x -> x.kind() == Problem.Kind.CYCLE && x.message().contains("n1")), p.toString());
    }

    @Test
    void detectsInitializerTypeMismatch() {
        Graph g = relu();
        g.input("w", DataType.INT64, 2);
        g.initializer("w", Tensor.ofFloats(new long[]{2}, 1, 2));
        List<Problem> p = ModelValidator.problems(Model.of(g, 17));
        assertTrue(p.stream().anyMatch(x -> x.kind() == Problem.Kind.TYPE_MISMATCH), p.toString());
    }

    @Test
    void subgraphsSeeOuterValuesButNotSiblings() {
        Graph then = new Graph("then").output("t", DataType.FLOAT, 2);
        then.add(Node.of("Relu").inputs("x").outputs("t"));
        Graph els = new Graph("else").output("e", DataType.FLOAT, 2);
        els.add(Node.of("Relu").inputs("t").outputs("e"));
        Graph g = new Graph("g").input("x", DataType.FLOAT, 2).input("c", DataType.BOOL).output("y", DataType.FLOAT, 2);
        g.add(Node.of("If").inputs("c").outputs("y").attr("then_branch", then).attr("else_branch", els));
        List<Problem> p = ModelValidator.problems(Model.of(g, 17));
        assertEquals(1, p.stream().filter(x -> x.kind() == Problem.Kind.DANGLING_INPUT).count(), p.toString());
        assertTrue(p.get(0).where().contains("else_branch"), p.toString());
    }
}
