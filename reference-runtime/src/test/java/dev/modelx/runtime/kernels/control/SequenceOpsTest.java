package dev.modelx.runtime.kernels.control;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.runtime.KernelException;
import dev.modelx.runtime.value.OptionalValue;
import dev.modelx.runtime.value.SequenceValue;
import dev.modelx.runtime.value.TensorValue;
import dev.modelx.runtime.value.Value;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.modelx.runtime.kernels.control.Graphs.graph;
import static dev.modelx.runtime.kernels.control.Graphs.model;
import static dev.modelx.runtime.kernels.control.Graphs.run;
import static dev.modelx.runtime.kernels.control.Graphs.runNode;
import static dev.modelx.runtime.kernels.control.Graphs.tensor;
import static dev.modelx.runtime.kernels.control.Graphs.test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceOpsTest {

    private static Tensor f(long[] shape, float... v) {
        return Tensor.ofFloats(shape, v);
    }

    private static SequenceValue seq(Tensor... items) {
        return new SequenceValue(new Type.TensorType(items.length == 0 ? DataType.FLOAT : items[0].type(), null),
                java.util.Arrays.stream(items).map(t -> (Value) new TensorValue(t)).toList());
    }

    private static List<Value> items(Value v) {
        return ((SequenceValue) v).items();
    }

    @Test
    void constructInsertEraseAtLength() {
        Graph g = graph("main", new String[]{"a", "b", "c"}, new String[]{"len", "first", "last"});
        g.add(Node.of("SequenceConstruct").inputs("a", "b").outputs("s1"));
        g.add(Node.of("SequenceInsert").inputs("s1", "c", "zero").outputs("s2"));       // [c, a, b]
        g.add(Node.of("SequenceErase").inputs("s2", "minus1").outputs("s3"));          // [c, a]
        g.add(Node.of("SequenceLength").inputs("s3").outputs("len"));
        g.add(Node.of("SequenceAt").inputs("s3", "zero").outputs("first"));
        g.add(Node.of("SequenceAt").inputs("s3", "minus1").outputs("last"));
        g.initializer("zero", Tensor.scalar(0L));
        g.initializer("minus1", Tensor.ofInts(new long[0], -1));
        Map<String, Value> r = run(model(g, 13), "a", f(new long[]{1}, 1), "b", f(new long[]{1}, 2), "c", f(new long[]{2}, 3, 4));
        assertEquals(2L, tensor(r.get("len")).getLong(0));
        assertArrayEquals(new float[]{3, 4}, tensor(r.get("first")).floats());
        assertArrayEquals(new float[]{1}, tensor(r.get("last")).floats());
    }

    @Test
    void sequenceAtRejectsOutOfRangePosition() {
        KernelException ex = assertThrows(KernelException.class, () -> runNode(
                Node.of("SequenceAt").name("at").inputs("s", "p").outputs("y"), 13, seq(f(new long[]{1}, 1)), Tensor.scalar(1L)));
        assertTrue(ex.getMessage().contains("at") && ex.getMessage().contains("position 1"), ex.getMessage());
    }

    @Test
    void insertRejectsOtherElementType() {
        assertThrows(KernelException.class, () -> runNode(Node.of("SequenceInsert").inputs("s", "t").outputs("y"), 13,
                seq(f(new long[]{1}, 1)), Tensor.scalar(1L)));
    }

    @Test
    void emptyAndInsertAtEnd() {
        Graph g = graph("main", new String[]{"a"}, new String[]{"s"});
        g.add(Node.of("SequenceEmpty").outputs("e").attr("dtype", 7L));
        g.add(Node.of("SequenceInsert").inputs("e", "a").outputs("s"));
        Map<String, Value> r = run(model(g, 13), "a", Tensor.scalar(5L));
        assertEquals(1, items(r.get("s")).size());
        assertEquals(5L, tensor(items(r.get("s")).get(0)).getLong(0));
    }

    @Test
    void splitToSequenceDefaultsAndScalarSplit() {
        Tensor x = f(new long[]{3, 2}, 1, 2, 3, 4, 5, 6);
        Map<String, Value> r = runNode(Node.of("SplitToSequence").inputs("x").outputs("s").attr("keepdims", 0L), 13, x);
        List<Value> parts = items(r.get("s"));
        assertEquals(3, parts.size());
        assertArrayEquals(new long[]{2}, tensor(parts.get(1)).shape());
        assertArrayEquals(new float[]{3, 4}, tensor(parts.get(1)).floats());

        r = runNode(Node.of("SplitToSequence").inputs("x", "sp").outputs("s"), 13, x, Tensor.scalar(2L));
        parts = items(r.get("s"));
        assertEquals(2, parts.size());
        assertArrayEquals(new long[]{2, 2}, tensor(parts.get(0)).shape());
        assertArrayEquals(new long[]{1, 2}, tensor(parts.get(1)).shape());

        r = runNode(Node.of("SplitToSequence").inputs("x", "sp").outputs("s").attr("axis", 1L), 13, x,
                Tensor.ofLongs(new long[]{2}, 1, 1));
        assertArrayEquals(new float[]{2, 4, 6}, tensor(items(r.get("s")).get(1)).floats());
    }

    @Test
    void splitToSequenceRejectsBadSizes() {
        KernelException ex = assertThrows(KernelException.class, () -> runNode(
                Node.of("SplitToSequence").name("sts").inputs("x", "sp").outputs("s"), 13, f(new long[]{3}, 1, 2, 3),
                Tensor.ofLongs(new long[]{2}, 1, 1)));
        assertTrue(ex.getMessage().contains("sts") && ex.getMessage().contains("sum to 2"), ex.getMessage());
    }

    @Test
    void concatFromSequenceConcatenatesOrStacks() {
        SequenceValue s = seq(f(new long[]{1, 2}, 1, 2), f(new long[]{1, 2}, 3, 4));
        Tensor c = tensor(runNode(Node.of("ConcatFromSequence").inputs("s").outputs("y").attr("axis", 1L), 13, s).get("y"));
        assertArrayEquals(new long[]{1, 4}, c.shape());
        assertArrayEquals(new float[]{1, 2, 3, 4}, c.floats());
        Tensor st = tensor(runNode(Node.of("ConcatFromSequence").inputs("s").outputs("y").attr("axis", -1L).attr("new_axis", 1L),
                13, s).get("y"));
        assertArrayEquals(new long[]{1, 2, 2}, st.shape());
        assertArrayEquals(new float[]{1, 3, 2, 4}, st.floats());
        assertThrows(KernelException.class, () -> runNode(Node.of("ConcatFromSequence").inputs("s").outputs("y").attr("axis", 2L),
                13, s));
    }

    @Test
    void sequenceMapIteratesSequencesAndBroadcastsTensors() {
        Graph body = graph("body", new String[]{"e", "k"}, new String[]{"o"});
        body.add(test("Add").inputs("e", "k").outputs("o"));
        Node n = Node.of("SequenceMap").inputs("s", "k").outputs("r").attr("body", body);
        Map<String, Value> r = runNode(n, 17, seq(f(new long[]{1}, 1), f(new long[]{2}, 2, 3)), f(new long[]{1}, 10));
        List<Value> out = items(r.get("r"));
        assertArrayEquals(new float[]{11}, tensor(out.get(0)).floats());
        assertArrayEquals(new float[]{12, 13}, tensor(out.get(1)).floats());
    }

    @Test
    void optionalsWrapTestAndUnwrap() {
        Graph g = graph("main", new String[]{"x"}, new String[]{"has", "hasEmpty", "back"});
        g.add(Node.of("Optional").inputs("x").outputs("o"));
        g.add(Node.of("Optional").outputs("empty").attr(dev.modelx.graph.Attribute.of("type",
                (Type) new Type.TensorType(DataType.FLOAT, null))));
        g.add(Node.of("OptionalHasElement").inputs("o").outputs("has"));
        g.add(Node.of("OptionalHasElement").inputs("empty").outputs("hasEmpty"));
        g.add(Node.of("OptionalGetElement").inputs("o").outputs("back"));
        Tensor x = f(new long[]{2}, 1, 2);
        Map<String, Value> r = run(model(g, 18), "x", x);
        assertEquals(1L, tensor(r.get("has")).getLong(0));
        assertEquals(0L, tensor(r.get("hasEmpty")).getLong(0));
        assertSame(x, tensor(r.get("back")));
    }

    @Test
    void optionalHasElementV18AcceptsTensorsAndMissingInput() {
        assertEquals(1L, tensor(runNode(Node.of("OptionalHasElement").inputs("x").outputs("y"), 18, f(new long[]{1}, 1))
                .get("y")).getLong(0));
        assertEquals(0L, tensor(runNode(Node.of("OptionalHasElement").inputs("").outputs("y"), 18).get("y")).getLong(0));
        assertThrows(KernelException.class, () -> runNode(Node.of("OptionalHasElement").inputs("x").outputs("y"), 15,
                f(new long[]{1}, 1)));
    }

    @Test
    void optionalGetElementOfEmptyIsAnError() {
        KernelException ex = assertThrows(KernelException.class, () -> runNode(
                Node.of("OptionalGetElement").name("get").inputs("o").outputs("y"), 18,
                OptionalValue.empty(new Type.TensorType(DataType.FLOAT, null))));
        assertTrue(ex.getMessage().contains("get") && ex.getMessage().contains("empty"), ex.getMessage());
        assertFalse(ex.getMessage().isEmpty());
    }
}
