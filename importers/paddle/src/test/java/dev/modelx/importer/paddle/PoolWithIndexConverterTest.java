package dev.modelx.importer.paddle;

import dev.modelx.format.paddle.proto.PaddleProtos.VarType;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * max_pool2d_with_index: the pooled values and Paddle's Mask, the argmax's position within its own channel's
 * map (h * W + w of the unpadded input, int32), worked out by hand for two channels and two batch items.
 */
class PoolWithIndexConverterTest {

    /** Channel map [[1, 5, 2], [4, 3, 9], [0, 8, 6]]; every other (n, c) map adds 10 * (2n + c) to it. */
    private static Tensor input() {
        float[] map = {1, 5, 2, 4, 3, 9, 0, 8, 6};
        float[] x = new float[2 * 2 * 9];
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 9; i++) {
                x[k * 9 + i] = map[i] + 10 * k;
            }
        }
        return Tensor.ofFloats(new long[] {2, 2, 3, 3}, x);
    }

    private static List<Tensor> run(TestProgram.OpBuilder op, TestProgram p) {
        op.add();
        return p.run(input());
    }

    @Test
    void twoByTwoWindowsGiveValuesAndInChannelIndices() {
        TestProgram p = new TestProgram().f32("x", 2, 2, 3, 3).f32("out", 2, 2, 2, 2).var("mask", VarType.Type.INT32, 2, 2, 2, 2)
                .feed("x").fetch("out").fetch("mask");
        List<Tensor> r = run(p.op("max_pool2d_with_index").in("X", "x").out("Out", "out").out("Mask", "mask")
                .ints("ksize", 2, 2).ints("strides", 1, 1).ints("paddings", 0, 0), p);
        // windows of the map: max 5 at (0,1), 9 at (1,2), 8 at (2,1), 9 at (1,2)
        float[] want = new float[16];
        long[] mask = new long[16];
        float[] maxima = {5, 9, 8, 9};
        int[] at = {1, 5, 7, 5};
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 4; i++) {
                want[k * 4 + i] = maxima[i] + 10 * k;
                mask[k * 4 + i] = at[i];
            }
        }
        assertArrayEquals(want, r.get(0).toFloatArray());
        assertEquals(DataType.INT32, r.get(1).type());
        assertArrayEquals(mask, r.get(1).toLongArray());
    }

    @Test
    void globalPoolingTakesTheWholeMap() {
        TestProgram p = new TestProgram().f32("x", 2, 2, 3, 3).f32("out", 2, 2, 1, 1).var("mask", VarType.Type.INT32, 2, 2, 1, 1)
                .feed("x").fetch("out").fetch("mask");
        List<Tensor> r = run(p.op("max_pool2d_with_index").in("X", "x").out("Out", "out").out("Mask", "mask")
                .ints("ksize", 1, 1).b("global_pooling", true), p);
        assertArrayEquals(new float[] {9, 19, 29, 39}, r.get(0).toFloatArray());
        assertArrayEquals(new long[] {5, 5, 5, 5}, r.get(1).toLongArray());
    }

    @Test
    void paddingDoesNotShiftTheIndices() {
        TestProgram p = new TestProgram().f32("x", 2, 2, 3, 3).f32("out", 2, 2, 2, 2).var("mask", VarType.Type.INT32, 2, 2, 2, 2)
                .feed("x").fetch("out").fetch("mask");
        List<Tensor> r = run(p.op("max_pool2d_with_index").in("X", "x").out("Out", "out").out("Mask", "mask")
                .ints("ksize", 2, 2).ints("strides", 2, 2).ints("paddings", 1, 1), p);
        // padded windows cover rows/cols {-1,0}, {1,2}: maxima 1 at (0,0), 5 at (0,1), 4 at (1,0), 9 at (1,2)
        assertArrayEquals(new float[] {1, 5, 4, 9}, java.util.Arrays.copyOf(r.get(0).toFloatArray(), 4));
        assertArrayEquals(new long[] {0, 1, 3, 5}, java.util.Arrays.copyOf(r.get(1).toLongArray(), 4));
    }
}
