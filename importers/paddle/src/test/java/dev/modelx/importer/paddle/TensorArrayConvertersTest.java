package dev.modelx.importer.paddle;

import dev.modelx.format.paddle.proto.PaddleProtos.VarType;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tensor arrays in a while loop: i = 0; while (i < n) { arr[i] = x * i; i += 1 }, then the array stacked,
 * concatenated, its length, one element read back, and an element overwritten, against values worked out here.
 */
class TensorArrayConvertersTest {

    /** The loop; {@code after} adds ops after it. */
    private static TestProgram loop(java.util.function.Consumer<TestProgram> after) {
        TestProgram p = new TestProgram().f32("x", 2).f32("i", 1).f32("n", 1).var("cond", VarType.Type.BOOL, 1).f32("xi", 2)
                .var("idx", VarType.Type.INT64, 1).array("arr", VarType.Type.FP32);
        int body = p.subBlock();
        p.feed("x").feed("i").feed("n");
        p.op("less_than").in("X", "i").in("Y", "n").out("Out", "cond").add();
        p.op(body, "elementwise_mul").in("X", "x").in("Y", "i").out("Out", "xi").i("axis", -1).add();
        p.op(body, "cast").in("X", "i").out("Out", "idx").i("in_dtype", 5).i("out_dtype", 3).add();
        p.op(body, "write_to_array").in("X", "xi").in("I", "idx").out("Out", "arr").add();
        p.op(body, "increment").in("X", "i").out("Out", "i").f("step", 1).add();
        p.op(body, "less_than").in("X", "i").in("Y", "n").out("Out", "cond").add();
        p.op("while").in("X", "i", "n", "x", "arr").in("Condition", "cond").out("Out", "i", "arr").out("StepScopes", "scopes")
                .block("sub_block", body).add();
        after.accept(p);
        return p;
    }

    private static List<Tensor> run(TestProgram p, float n) {
        return p.run(Tensor.ofFloats(new long[] {2}, 1, 2), Tensor.ofFloats(new long[] {1}, 0), Tensor.ofFloats(new long[] {1}, n));
    }

    @Test
    void arrayWrittenInALoopIsStackedConcatenatedCountedAndRead() {
        TestProgram p = loop(q -> {
            q.f32("stacked", 3, 2).f32("joined", 6).var("len", VarType.Type.INT64, 1).f32("second", 2).var("one", VarType.Type.INT64, 1)
                    .var("outidx", VarType.Type.INT32, 3);
            q.op("tensor_array_to_tensor").in("X", "arr").out("Out", "stacked").out("OutIndex", "outidx").i("axis", 0)
                    .b("use_stack", true).add();
            q.op("tensor_array_to_tensor").in("X", "arr").out("Out", "joined").i("axis", 0).b("use_stack", false).add();
            q.op("lod_array_length").in("X", "arr").out("Out", "len").add();
            q.op("fill_constant").out("Out", "one").i("dtype", 3).ints("shape", 1).f("value", 1).add();
            q.op("read_from_array").in("X", "arr").in("I", "one").out("Out", "second").add();
            q.fetch("stacked").fetch("joined").fetch("len").fetch("second");
        });
        List<Tensor> r = run(p, 3);
        assertArrayEquals(new long[] {3, 2}, r.get(0).shape());
        assertArrayEquals(new float[] {0, 0, 1, 2, 2, 4}, r.get(0).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 1, 2, 2, 4}, r.get(1).toFloatArray());
        assertArrayEquals(new long[] {6}, r.get(1).shape());
        assertEquals(3, r.get(2).toLongArray()[0]);
        assertArrayEquals(new float[] {1, 2}, r.get(3).toFloatArray());
    }

    @Test
    void writingBelowTheLengthReplacesTheElement() {
        TestProgram p = loop(q -> {
            q.f32("stacked", 2, 2).var("zero", VarType.Type.INT64, 1).f32("y", 2);
            q.op("fill_constant").out("Out", "zero").i("dtype", 3).ints("shape", 1).f("value", 0).add();
            q.op("scale").in("X", "x").out("Out", "y").f("scale", 10).add();
            q.op("write_to_array").in("X", "y").in("I", "zero").out("Out", "arr").add();
            q.op("tensor_array_to_tensor").in("X", "arr").out("Out", "stacked").i("axis", 0).b("use_stack", true).add();
            q.fetch("stacked");
        });
        assertArrayEquals(new float[] {10, 20, 1, 2}, run(p, 2).get(0).toFloatArray());
    }
}
