package dev.modelx.importer.tflite;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.modelx.graph.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.ToIntFunction;

import static dev.modelx.importer.tflite.OpTestSupport.assertClose;
import static dev.modelx.importer.tflite.OpTestSupport.f;
import static dev.modelx.importer.tflite.OpTestSupport.s;
import static dev.modelx.importer.tflite.TfLiteBuilder.BOOL;
import static dev.modelx.importer.tflite.TfLiteBuilder.FLOAT32;
import static dev.modelx.importer.tflite.TfLiteBuilder.INT32;
import static dev.modelx.importer.tflite.TfLiteBuilder.INT64;
import static dev.modelx.importer.tflite.TfLiteBuilder.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Shape-making, selecting, indexing, padding, scanning and logical-reduction builtins. */
class ArrayOpsTest {

    private static final float[] X23 = {1, 2, 3, 4, 5, 6};

    private static boolean[] bools(Tensor t) {
        byte[] b = t.bytes();
        boolean[] out = new boolean[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] != 0;
        }
        return out;
    }

    private static ToIntFunction<FlatBufferBuilder> intVectorOption(int... v) {
        return fbb -> {
            fbb.startVector(4, v.length, 4);
            for (int i = v.length - 1; i >= 0; i--) {
                fbb.addInt(v[i]);
            }
            int vec = fbb.endVector();
            fbb.startTable(1);
            fbb.addOffset(0, vec, 0);
            return fbb.endTable();
        };
    }

    @Test
    @Covers({"BROADCAST_TO", "FILL", "ZEROS_LIKE"})
    void broadcastFillAndZerosLike() {
        assertClose(new float[] {1, 2, 3, 1, 2, 3}, OneOp.of("BROADCAST_TO").in(f(s(1, 3), 1, 2, 3)).constInts(shape(2), 2, 3)
                .out(FLOAT32, 2, 3).run(), 0);
        Tensor fill = OneOp.of("FILL").constInts(shape(2), 2, 2).in(f(s(), 7)).out(FLOAT32, 2, 2).run();
        assertArrayEquals(new long[] {2, 2}, fill.shape());
        assertClose(new float[] {7, 7, 7, 7}, fill, 0);
        assertClose(new float[] {0, 0}, OneOp.of("ZEROS_LIKE").in(f(s(2), 3, -4)).out(FLOAT32, 2).run(), 0);
    }

    @Test
    @Covers({"RANGE"})
    void rangeCountsUpAndDown() {
        Tensor up = OneOp.of("RANGE").in(Tensor.ofInts(s(), 1)).constInts(shape(), 10).constInts(shape(), 3).out(INT32, 3).run();
        assertArrayEquals(new int[] {1, 4, 7}, up.ints());
        Tensor down = OneOp.of("RANGE").in(Tensor.ofInts(s(), 5)).constInts(shape(), 0).constInts(shape(), -2).out(INT32, 3).run();
        assertArrayEquals(new int[] {5, 3, 1}, down.ints());
    }

    @Test
    @Covers({"RANK", "SHAPE"})
    void rankAndShapeAreInt32() {
        Tensor x = Tensor.ofFloats(s(2, 3, 4), new float[24]);
        Tensor rank = OneOp.of("RANK").in(x).out(INT32).run();
        assertArrayEquals(new int[] {3}, rank.ints());
        assertArrayEquals(new long[0], rank.shape());
        Tensor shape = OneOp.of("SHAPE").options(55, TfLiteBuilder.byteOptions(0, INT32)).in(x).out(INT32, 3).run();
        assertArrayEquals(new int[] {2, 3, 4}, shape.ints());
    }

    @Test
    @Covers({"SQUEEZE"})
    void squeezeAllUnitAxesOrTheListedOnes() {
        Tensor x = f(s(1, 3, 1), 1, 2, 3);
        Tensor all = OneOp.of("SQUEEZE").in(x).out(FLOAT32, 3).run();
        assertArrayEquals(new long[] {3}, all.shape());
        Tensor listed = OneOp.of("SQUEEZE").options(30, intVectorOption(2)).in(x).out(FLOAT32, 1, 3).run();
        assertArrayEquals(new long[] {1, 3}, listed.shape());
        assertClose(new float[] {1, 2, 3}, listed, 0);
    }

    @Test
    @Covers({"SELECT", "SELECT_V2"})
    void selectPicksRowsWithARankOneConditionAndSelectV2Broadcasts() {
        Tensor cond = Tensor.ofBooleans(s(2), true, false);
        Tensor a = f(s(2, 2), 1, 2, 3, 4);
        Tensor b = f(s(2, 2), 10, 20, 30, 40);
        // SELECT (v1): a rank-1 condition chooses whole rows of the higher-rank operands.
        assertClose(new float[] {1, 2, 30, 40}, OneOp.of("SELECT").in(cond).in(a).in(b).out(FLOAT32, 2, 2).run(), 0);
        // SELECT_V2 broadcasts numpy-style: the condition runs along the last axis.
        assertClose(new float[] {1, 20, 3, 40}, OneOp.of("SELECT_V2").in(cond).in(a).in(b).out(FLOAT32, 2, 2).run(), 0);
    }

    @Test
    @Covers({"WHERE"})
    void whereListsTrueCoordinatesInRowMajorOrder() {
        Tensor cond = Tensor.ofBooleans(s(2, 3), true, false, true, false, false, true);
        Tensor y = OneOp.of("WHERE").in(cond).out(INT64, 3, 2).run();
        assertArrayEquals(new long[] {3, 2}, y.shape());
        assertArrayEquals(new long[] {0, 0, 0, 2, 1, 2}, y.toLongArray());
    }

    @Test
    @Covers({"TOPK_V2"})
    void topKSortedWithTiesByLowerIndex() {
        Map<String, Tensor> out = OneOp.of("TOPK_V2").in(f(s(2, 4), 1, 5, 3, 5, 9, -1, 0, 2)).constInts(shape(), 2)
                .out(FLOAT32, 2, 2).out(INT32, 2, 2).runAll();
        assertClose(new float[] {5, 5, 9, 2}, out.get("y0"), 0);
        assertArrayEquals(new int[] {1, 3, 0, 3}, out.get("y1").ints());
    }

    @Test
    @Covers({"ONE_HOT"})
    void oneHotLeavesNegativeIndicesAllOff() {
        Tensor last = OneOp.of("ONE_HOT").options(61, TfLiteBuilder.intOptions(0, -1)).in(Tensor.ofInts(s(3), 0, 2, -1)).constInts(shape(), 3).constFloats(shape(), 5)
                .constFloats(shape(), -1).out(FLOAT32, 3, 3).run();
        assertClose(new float[] {5, -1, -1, -1, -1, 5, -1, -1, -1}, last, 0);
        Tensor first = OneOp.of("ONE_HOT").options(61, TfLiteBuilder.intOptions(0, 0)).in(Tensor.ofInts(s(2), 1, 0))
                .constInts(shape(), 3).constFloats(shape(), 5).constFloats(shape(), -1).out(FLOAT32, 3, 2).run();
        assertArrayEquals(new long[] {3, 2}, first.shape());
        assertClose(new float[] {-1, 5, 5, -1, -1, -1}, first, 0);
    }

    @Test
    @Covers({"GATHER_ND", "EMBEDDING_LOOKUP"})
    void gatherNdAndEmbeddingLookup() {
        Tensor nd = OneOp.of("GATHER_ND").in(f(s(2, 2), 1, 2, 3, 4)).constInts(shape(2, 2), 1, 0, 0, 1).out(FLOAT32, 2).run();
        assertClose(new float[] {3, 2}, nd, 0);
        Tensor emb = OneOp.of("EMBEDDING_LOOKUP").in(Tensor.ofInts(s(2), 2, 0)).constFloats(shape(3, 2), 1, 2, 3, 4, 5, 6)
                .out(FLOAT32, 2, 2).run();
        assertClose(new float[] {5, 6, 1, 2}, emb, 0);
    }

    @Test
    @Covers({"GATHER"})
    void gatherWithBatchDims() {
        // batch_dims 1, axis 1: out[b][j] = params[b][idx[b][j]]
        Tensor a = OneOp.of("GATHER").options(23, TfLiteBuilder.intOptions(0, 1, 1, 1)).in(f(s(2, 3), X23))
                .constInts(shape(2, 2), 2, 0, 1, 1).out(FLOAT32, 2, 2).run();
        assertClose(new float[] {3, 1, 5, 5}, a, 0);
        // batch_dims 1, axis 2: out[b][m][j] = params[b][m][idx[b][j]], params[b][m][k] = 100b + 10m + k
        float[] p = new float[12];
        for (int b = 0; b < 2; b++) {
            for (int m = 0; m < 2; m++) {
                for (int k = 0; k < 3; k++) {
                    p[(b * 2 + m) * 3 + k] = 100 * b + 10 * m + k;
                }
            }
        }
        Tensor c = OneOp.of("GATHER").options(23, TfLiteBuilder.intOptions(0, 2, 1, 1)).in(f(s(2, 2, 3), p))
                .constInts(shape(2, 1), 2, 0).out(FLOAT32, 2, 2, 1).run();
        assertArrayEquals(new long[] {2, 2, 1}, c.shape());
        assertClose(new float[] {2, 12, 100, 110}, c, 0);
    }

    @Test
    @Covers({"SCATTER_ND"})
    void scatterNdAddsDuplicateIndices() {
        Tensor y = OneOp.of("SCATTER_ND").constInts(shape(3, 1), 1, 3, 1).in(f(s(3), 10, 20, 5)).constInts(shape(1), 5)
                .out(FLOAT32, 5).run();
        assertClose(new float[] {0, 15, 0, 20, 0}, y, 0);
    }

    @Test
    @Covers({"MIRROR_PAD"})
    void mirrorPadReflectAndSymmetric() {
        Tensor reflect = OneOp.of("MIRROR_PAD").options(77, TfLiteBuilder.byteOptions(0, 0)).in(f(s(2, 3), X23))
                .constInts(shape(2, 2), 1, 1, 2, 0).out(FLOAT32, 4, 5).run();
        assertClose(new float[] {6, 5, 4, 5, 6, 3, 2, 1, 2, 3, 6, 5, 4, 5, 6, 3, 2, 1, 2, 3}, reflect, 0);
        Tensor symmetric = OneOp.of("MIRROR_PAD").options(77, TfLiteBuilder.byteOptions(0, 1)).in(f(s(2, 3), X23))
                .constInts(shape(2, 2), 1, 1, 2, 1).out(FLOAT32, 4, 6).run();
        assertArrayEquals(new long[] {4, 6}, symmetric.shape());
        assertClose(new float[] {2, 1, 1, 2, 3, 3, 2, 1, 1, 2, 3, 3, 5, 4, 4, 5, 6, 6, 5, 4, 4, 5, 6, 6}, symmetric, 0);
    }

    @Test
    @Covers({"PADV2"})
    void padV2UsesTheGivenValue() {
        Tensor y = OneOp.of("PADV2").in(f(s(1, 2), 1, 2)).constInts(shape(2, 2), 0, 1, 1, 0).constFloats(shape(), 9)
                .out(FLOAT32, 2, 3).run();
        assertClose(new float[] {9, 1, 2, 9, 9, 9}, y, 0);
    }

    @Test
    @Covers({"CUMSUM"})
    void cumsumExclusiveAndReverse() {
        float[][] want = {{1, 3, 6, 10}, {0, 1, 3, 6}, {10, 9, 7, 4}, {9, 7, 4, 0}};
        for (int mode = 0; mode < 4; mode++) {
            boolean exclusive = (mode & 1) != 0;
            boolean reverse = (mode & 2) != 0;
            Tensor y = OneOp.of("CUMSUM").options(102, TfLiteBuilder.byteOptions(0, exclusive ? 1 : 0, 1, reverse ? 1 : 0))
                    .in(f(s(1, 4), 1, 2, 3, 4)).constInts(shape(), 1).out(FLOAT32, 1, 4).run();
            assertClose(want[mode], y, 0);
        }
    }

    @Test
    @Covers({"REDUCE_ANY", "REDUCE_ALL", "REDUCE_MIN", "ARG_MIN"})
    void logicalReductionsMinAndArgMin() {
        Tensor b = Tensor.ofBooleans(s(2, 3), true, false, false, true, true, true);
        assertArrayEquals(new boolean[] {true, true}, bools(OneOp.of("REDUCE_ANY").in(b).constInts(shape(1), 1).out(BOOL, 2).run()));
        assertArrayEquals(new boolean[] {false, true}, bools(OneOp.of("REDUCE_ALL").in(b).constInts(shape(1), 1).out(BOOL, 2).run()));
        assertArrayEquals(new boolean[] {true, false, false}, bools(OneOp.of("REDUCE_ALL").in(b).constInts(shape(1), 0).out(BOOL, 3).run()));
        Tensor x = f(s(2, 3), 3, 1, 2, 0, 5, -6);
        assertClose(new float[] {1, -6}, OneOp.of("REDUCE_MIN").in(x).constInts(shape(1), 1).out(FLOAT32, 2).run(), 0);
        Tensor am = OneOp.of("ARG_MIN").options(57, TfLiteBuilder.byteOptions(0, INT32)).in(x).constInts(shape(1), 1).out(INT32, 2).run();
        assertArrayEquals(new int[] {1, 2}, am.ints());
    }
}
