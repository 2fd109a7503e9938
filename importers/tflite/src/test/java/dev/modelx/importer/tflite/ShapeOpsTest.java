package dev.modelx.importer.tflite;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.ToIntFunction;

import static dev.modelx.importer.tflite.OpTestSupport.assertClose;
import static dev.modelx.importer.tflite.OpTestSupport.f;
import static dev.modelx.importer.tflite.OpTestSupport.run;
import static dev.modelx.importer.tflite.OpTestSupport.s;
import static dev.modelx.importer.tflite.TfLiteBuilder.FLOAT32;
import static dev.modelx.importer.tflite.TfLiteBuilder.INT32;
import static dev.modelx.importer.tflite.TfLiteBuilder.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Shape, slicing and reduction builtins on a 2x3 input x = [[1,2,3],[4,5,6]]. */
class ShapeOpsTest {

    private static final float[] X = {1, 2, 3, 4, 5, 6};

    /** One op over x [2,3] plus constant int32 operands; returns output 0. */
    private static Tensor op(String name, int[] outShape, int optionsType, ToIntFunction<FlatBufferBuilder> options, int[]... constInts) {
        return opN(name, new int[][] {outShape}, optionsType, options, constInts)[0];
    }

    private static Tensor[] opN(String name, int[][] outShapes, int optionsType, ToIntFunction<FlatBufferBuilder> options, int[]... constInts) {
        TfLiteBuilder b = new TfLiteBuilder();
        TfLiteBuilder.Sub g = b.subgraph("main");
        int x = g.tensor("x", FLOAT32, 2, 3);
        int[] ins = new int[1 + constInts.length];
        ins[0] = x;
        for (int i = 0; i < constInts.length; i++) {
            ins[i + 1] = g.ints("c" + i, shape(constInts[i].length), constInts[i]);
        }
        int[] outs = new int[outShapes.length];
        for (int i = 0; i < outs.length; i++) {
            outs[i] = g.tensor("y" + i, FLOAT32, outShapes[i]);
        }
        g.op(name, ins, outs, optionsType, options).io(new int[] {x}, outs);
        var result = run(b.build(), "x", f(s(2, 3), X));
        Tensor[] out = new Tensor[outs.length];
        for (int i = 0; i < outs.length; i++) {
            out[i] = result.get("y" + i);
        }
        return out;
    }

    @Test
    @Covers({"RESHAPE", "TRANSPOSE", "EXPAND_DIMS"})
    void reshapeTransposeSqueezeExpandDims() {
        Tensor r = op("RESHAPE", shape(3, 2), 0, null, new int[] {3, -1});
        assertArrayEquals(new long[] {3, 2}, r.shape());
        assertClose(X, r, 0);
        Tensor t = op("TRANSPOSE", shape(3, 2), 0, null, new int[] {1, 0});
        assertClose(new float[] {1, 4, 2, 5, 3, 6}, t, 0);
        Tensor e = op("EXPAND_DIMS", shape(2, 1, 3), 0, null, new int[] {1});
        assertArrayEquals(new long[] {2, 1, 3}, e.shape());
        Tensor e2 = op("EXPAND_DIMS", shape(2, 3, 1), 0, null, new int[] {-1});
        assertArrayEquals(new long[] {2, 3, 1}, e2.shape());
    }

    @Test
    @Covers({"STRIDED_SLICE"})
    void stridedSliceWithMasks() {
        // x[:, ::-2] -> [[3,1],[6,4]] (begin mask and end mask on both axes)
        Tensor a = op("STRIDED_SLICE", shape(2, 2), 32, TfLiteBuilder.intOptions(0, 3, 1, 3), new int[] {0, 0}, new int[] {0, 0}, new int[] {1, -2});
        assertClose(new float[] {3, 1, 6, 4}, a, 0);
        // x[1, 1:] -> [5, 6] (shrink axis 0)
        Tensor b = op("STRIDED_SLICE", shape(2), 32, TfLiteBuilder.intOptions(4, 1), new int[] {1, 1}, new int[] {2, 3}, new int[] {1, 1});
        assertArrayEquals(new long[] {2}, b.shape());
        assertClose(new float[] {5, 6}, b, 0);
        // x[..., newaxis, -1] -> [[3],[6]]: ellipsis, new axis, shrink
        Tensor c = op("STRIDED_SLICE", shape(2, 1), 32, TfLiteBuilder.intOptions(2, 1, 3, 2, 4, 4),
                new int[] {0, 0, -1}, new int[] {0, 0, 0}, new int[] {1, 1, 1});
        assertArrayEquals(new long[] {2, 1}, c.shape());
        assertClose(new float[] {3, 6}, c, 0);
    }

    @Test
    @Covers({"SLICE", "REVERSE_V2"})
    void sliceWithSizeMinusOneAndReverse() {
        assertClose(new float[] {5, 6}, op("SLICE", shape(1, 2), 0, null, new int[] {1, 1}, new int[] {-1, -1}), 0);
        assertClose(new float[] {3, 2, 1, 6, 5, 4}, op("REVERSE_V2", shape(2, 3), 0, null, new int[] {1}), 0);
    }

    @Test
    @Covers({"PAD", "TILE", "GATHER"})
    void padTileGather() {
        Tensor p = op("PAD", shape(3, 4), 0, null, new int[] {0, 1, 1, 0});
        assertClose(new float[] {0, 1, 2, 3, 0, 4, 5, 6, 0, 0, 0, 0}, p, 0);
        Tensor t = op("TILE", shape(2, 6), 0, null, new int[] {1, 2});
        assertClose(new float[] {1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6}, t, 0);
        Tensor g = op("GATHER", shape(2, 2), 23, TfLiteBuilder.intOptions(0, 1), new int[] {2, 0});
        assertClose(new float[] {3, 1, 6, 4}, g, 0);
    }

    @Test
    @Covers({"MEAN", "SUM", "REDUCE_MAX", "REDUCE_PROD", "ARG_MAX"})
    void reductionsAndArgMax() {
        ToIntFunction<FlatBufferBuilder> keep = TfLiteBuilder.byteOptions(0, 1);
        assertClose(new float[] {2, 5}, op("MEAN", shape(2, 1), 27, keep, new int[] {1}), 1e-6f);
        assertClose(new float[] {5, 7, 9}, op("SUM", shape(3), 27, TfLiteBuilder.byteOptions(0, 0), new int[] {0}), 0);
        assertClose(new float[] {6}, op("REDUCE_MAX", shape(), 27, TfLiteBuilder.byteOptions(0, 0), new int[] {0, 1}), 0);
        assertClose(new float[] {6, 120}, op("REDUCE_PROD", shape(2), 27, TfLiteBuilder.byteOptions(0, 0), new int[] {1}), 0);
        TfLiteBuilder b = new TfLiteBuilder();
        TfLiteBuilder.Sub g = b.subgraph("main");
        int x = g.tensor("x", FLOAT32, 2, 3);
        int axis = g.ints("axis", shape(1), 1);
        int y = g.tensor("y", INT32, 2);
        g.op("ARG_MAX", new int[] {x, axis}, new int[] {y}, 40, TfLiteBuilder.byteOptions(0, 2)).io(new int[] {x}, new int[] {y});
        Tensor am = run(b.build(), "x", f(s(2, 3), 3, 9, 1, 7, 0, 8)).get("y");
        assertArrayEquals(new int[] {1, 2}, am.ints());
    }

    @Test
    @Covers({"SOFTMAX"})
    void softmaxWithBeta() {
        Tensor sm = op("SOFTMAX", shape(2, 3), 9, fbb -> {
            fbb.startTable(1);
            fbb.addFloat(0, 2f, 0);
            return fbb.endTable();
        });
        double z = Math.exp(2) + Math.exp(4) + Math.exp(6);
        assertClose(new float[] {(float) (Math.exp(2) / z), (float) (Math.exp(4) / z), (float) (Math.exp(6) / z)},
                Tensor.ofFloats(new long[] {3}, java.util.Arrays.copyOf(sm.toFloatArray(), 3)), 1e-6f);
    }

    @Test
    @Covers({"SPLIT_V", "UNPACK", "CONCATENATION", "PACK", "SPLIT"})
    void splitUnpackConcatPack() {
        Tensor[] sp = opN("SPLIT_V", new int[][] {{2, 1}, {2, 2}}, 79, TfLiteBuilder.intOptions(0, 2), new int[] {1, -1}, new int[] {1});
        assertClose(new float[] {1, 4}, sp[0], 0);
        assertClose(new float[] {2, 3, 5, 6}, sp[1], 0);
        Tensor[] un = opN("UNPACK", new int[][] {{3}, {3}}, 64, TfLiteBuilder.intOptions(0, 2, 1, 0));
        assertClose(new float[] {4, 5, 6}, un[1], 0);

        TfLiteBuilder b = new TfLiteBuilder();
        TfLiteBuilder.Sub g = b.subgraph("main");
        int x = g.tensor("x", FLOAT32, 2, 3);
        int c = g.floats("c", shape(2, 1), 7, 8);
        int y = g.tensor("y", FLOAT32, 2, 4);
        int p = g.tensor("p", FLOAT32, 2, 2, 3);
        int sa = g.ints("axis", shape(), 0);
        int s0 = g.tensor("s0", FLOAT32, 1, 3);
        int s1 = g.tensor("s1", FLOAT32, 1, 3);
        g.op("CONCATENATION", new int[] {x, c}, new int[] {y}, 10, TfLiteBuilder.intOptions(0, 1));
        g.op("PACK", new int[] {x, x}, new int[] {p}, 59, TfLiteBuilder.intOptions(0, 2, 1, 1));
        g.op("SPLIT", new int[] {sa, x}, new int[] {s0, s1}, 35, TfLiteBuilder.intOptions(0, 2));
        g.io(new int[] {x}, new int[] {y, p, s1});
        var out = run(b.build(), "x", f(s(2, 3), X));
        assertClose(new float[] {1, 2, 3, 7, 4, 5, 6, 8}, out.get("y"), 0);
        assertArrayEquals(new long[] {2, 2, 3}, out.get("p").shape());
        assertClose(new float[] {1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6}, out.get("p"), 0);
        assertClose(new float[] {4, 5, 6}, out.get("s1"), 0);
    }
}
