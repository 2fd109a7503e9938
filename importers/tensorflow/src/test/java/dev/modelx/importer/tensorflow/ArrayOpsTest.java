package dev.modelx.importer.tensorflow;

import static dev.modelx.importer.tensorflow.TfGraphs.dims;
import static dev.modelx.importer.tensorflow.TfGraphs.f32;
import static dev.modelx.importer.tensorflow.TfGraphs.i;
import static dev.modelx.importer.tensorflow.TfGraphs.in;
import static dev.modelx.importer.tensorflow.TfGraphs.s;
import static dev.modelx.importer.tensorflow.TfGraphs.type;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArrayOpsTest {

    private static final Tensor X23 = f32(dims(2, 3), 0, 1, 2, 3, 4, 5);

    private static TfGraphs x23() {
        return new TfGraphs().placeholder("x", DataType.FLOAT, 2, 3);
    }

    private static Map<String, Tensor> feed() {
        return Map.of("x", X23);
    }

    @Test
    void reshapeFromAFoldedShapeAndTranspose() throws IOException {
        TfGraphs g = x23().op("shape", "Shape", in("x"), "out_type", type(DataType.INT32)).ints("perm", 1, 0).ints("axis0", 0)
                .op("rev", "ReverseV2", in("shape", "axis0"), "T", type(DataType.INT32))
                .op("r", "Reshape", in("x", "rev")).op("t", "Transpose", in("x", "perm"));
        var out = g.runAll("r,t", feed());
        Check.close(out.get("r"), dims(3, 2), 0, 1, 2, 3, 4, 5);
        Check.close(out.get("t"), dims(3, 2), 0, 3, 1, 4, 2, 5);
        // the shape arithmetic is folded: no Shape node is left
        assertEquals(0, x23().op("shape", "Shape", in("x"), "out_type", type(DataType.INT32))
                .op("r", "Reshape", in("x", "shape")).importModel("r").graph().nodes().stream()
                .filter(n -> n.opType().equals("Shape")).count());
    }

    @Test
    void concatPackUnpack() throws IOException {
        TfGraphs g = x23().scalarInt("axis", -1).op("c", "ConcatV2", in("x", "x", "axis"), "N", i(2))
                .op("p", "Pack", in("x", "x"), "N", i(2), "axis", i(1)).op("u", "Unpack", in("x"), "num", i(2), "axis", i(0));
        var out = g.runAll("c,p,u:1", feed());
        Check.close(out.get("c"), dims(2, 6), 0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5);
        Check.close(out.get("p"), dims(2, 2, 3), 0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5);
        Check.close(out.get("u:1"), dims(3), 3, 4, 5);
    }

    @Test
    void splitAndSplitVWithInferredSize() throws IOException {
        TfGraphs g = x23().scalarInt("axis0", 0).scalarInt("axis1", 1).ints("sizes", 1, -1)
                .op("s", "Split", in("axis0", "x"), "num_split", i(2))
                .op("v", "SplitV", in("x", "sizes", "axis1"), "num_split", i(2), "Tlen", type(DataType.INT32));
        var out = g.runAll("s:1,v:1", feed());
        Check.close(out.get("s:1"), dims(1, 3), 3, 4, 5);
        Check.close(out.get("v:1"), dims(2, 2), 1, 2, 4, 5);
    }

    @Test
    void stridedSliceMasks() throws IOException {
        TfGraphs g = x23().ints("b0", 0, 1).ints("e0", 0, 3).ints("s11", 1, 1).ints("s1m", 1, -1).ints("z", 0, 0)
                .ints("e1", 0, 2)
                .op("shrink", "StridedSlice", in("x", "b0", "e0", "s11"), "Index", type(DataType.INT32), "shrink_axis_mask", i(1))
                .op("rev", "StridedSlice", in("x", "z", "z", "s1m"), "Index", type(DataType.INT32), "begin_mask", i(3), "end_mask", i(3))
                .op("newaxis", "StridedSlice", in("x", "b0", "e1", "s11"), "Index", type(DataType.INT32),
                        "new_axis_mask", i(1), "shrink_axis_mask", i(2));
        var out = g.runAll("shrink,rev,newaxis", feed());
        Check.close(out.get("shrink"), dims(2), 1, 2);
        Check.close(out.get("rev"), dims(2, 3), 2, 1, 0, 5, 4, 3);
        Check.close(out.get("newaxis"), dims(1, 3), 3, 4, 5);
    }

    @Test
    void sliceWithMinusOneSize() throws IOException {
        TfGraphs g = x23().ints("begin", 0, 1).ints("size", -1, 1).op("y", "Slice", in("x", "begin", "size"), "Index", type(DataType.INT32));
        Check.close(g.run("y", feed()), dims(2, 1), 1, 4);
    }

    @Test
    void padAndMirrorPad() throws IOException {
        TfGraphs g = new TfGraphs().placeholder("x", DataType.FLOAT, 3)
                .constant("p", Tensor.ofInts(dims(1, 2), 1, 1))
                .op("pad", "Pad", in("x", "p"), "Tpaddings", type(DataType.INT32))
                .op("mirror", "MirrorPad", in("x", "p"), "mode", s("REFLECT"), "Tpaddings", type(DataType.INT32));
        var out = g.runAll("pad,mirror", Map.of("x", f32(dims(3), 1, 2, 3)));
        Check.close(out.get("pad"), dims(5), 0, 1, 2, 3, 0);
        Check.close(out.get("mirror"), dims(5), 2, 1, 2, 3, 2);
    }

    @Test
    void gatherGatherNdTile() throws IOException {
        TfGraphs g = x23().ints("idx", 2, 0).scalarInt("axis", 1).constant("nd", Tensor.ofInts(dims(1, 2), 1, 0)).ints("mult", 1, 2)
                .op("g", "GatherV2", in("x", "idx", "axis"), "Tparams", type(DataType.FLOAT), "Tindices", type(DataType.INT32))
                .op("gnd", "GatherNd", in("x", "nd"), "Tparams", type(DataType.FLOAT))
                .op("tile", "Tile", in("x", "mult"));
        var out = g.runAll("g,gnd,tile", feed());
        Check.close(out.get("g"), dims(2, 2), 2, 0, 5, 3);
        Check.close(out.get("gnd"), dims(1), 3);
        Check.close(out.get("tile"), dims(2, 6), 0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5);
    }

    @Test
    void argMaxTopKWhereOneHot() throws IOException {
        TfGraphs g = new TfGraphs().placeholder("x", DataType.FLOAT, 2, 3).scalarInt("axis", 1).scalarInt("k", 2)
                .op("am", "ArgMax", in("x", "axis"), "output_type", type(DataType.INT64))
                .op("top", "TopKV2", in("x", "k"))
                .op("gt", "Greater", in("x", "thr")).floats("thr", dims(), 4)
                .op("w", "Where", in("gt"), "T", type(DataType.BOOL))
                .ints("ids", 0, 2).scalarInt("depth", 3).floats("on", dims(), 1).floats("off", dims(), 0)
                .op("oh", "OneHot", in("ids", "depth", "on", "off"), "TI", type(DataType.INT32));
        var out = g.runAll("am,top,top:1,w,oh", Map.of("x", f32(dims(2, 3), 1, 5, 3, 7, 0, 2)));
        Check.close(out.get("am"), dims(2), 1, 0);
        Check.close(out.get("top"), dims(2, 2), 5, 3, 7, 2);
        Check.close(out.get("top:1"), dims(2, 2), 1, 2, 0, 2);
        assertEquals(DataType.INT32, out.get("top:1").type());
        Check.close(out.get("w"), dims(2, 2), 0, 1, 1, 0);
        Check.close(out.get("oh"), dims(2, 3), 1, 0, 0, 0, 0, 1);
    }

    @Test
    void rangeFillExpandDimsSqueeze() throws IOException {
        TfGraphs g = new TfGraphs().scalarInt("start", 0).scalarInt("limit", 5).scalarInt("delta", 2)
                .op("r", "Range", in("start", "limit", "delta"), "Tidx", type(DataType.INT32))
                .ints("dims", 2).floats("seven", dims(), 7).op("f", "Fill", in("dims", "seven"))
                .placeholder("x", DataType.FLOAT, 3).scalarInt("zero", 0)
                .op("e", "ExpandDims", in("x", "zero")).op("sq", "Squeeze", in("e"), "squeeze_dims", TfGraphs.ints(0));
        var out = g.runAll("r,f,e,sq", Map.of("x", f32(dims(3), 1, 2, 3)));
        Check.close(out.get("r"), dims(3), 0, 2, 4);
        Check.close(out.get("f"), dims(2), 7, 7);
        Check.close(out.get("e"), dims(1, 3), 1, 2, 3);
        Check.close(out.get("sq"), dims(3), 1, 2, 3);
    }

    @Test
    void reductions() throws IOException {
        TfGraphs g = x23().ints("ax", 1)
                .op("mean", "Mean", in("x", "ax"), "keep_dims", TfGraphs.b(true))
                .op("sum", "Sum", in("x", "ax")).op("max", "Max", in("x", "ax")).op("prod", "Prod", in("x", "ax"))
                .op("gt", "Greater", in("x", "one")).floats("one", dims(), 0.5f)
                .op("all", "All", in("gt", "ax"));
        var out = g.runAll("mean,sum,max,prod,all", feed());
        Check.close(out.get("mean"), dims(2, 1), 1, 4);
        Check.close(out.get("sum"), dims(2), 3, 12);
        Check.close(out.get("max"), dims(2), 2, 5);
        Check.close(out.get("prod"), dims(2), 0, 60);
        Check.close(out.get("all"), dims(2), 0, 1);
    }

    @Test
    void resizeNearestAndBilinearAlignCorners() throws IOException {
        TfGraphs g = new TfGraphs().placeholder("x", DataType.FLOAT, 1, 2, 2, 1).ints("size", 3, 3)
                .op("nn", "ResizeNearestNeighbor", in("x", "size"))
                .op("bl", "ResizeBilinear", in("x", "size"), "align_corners", TfGraphs.b(true));
        var out = g.runAll("nn,bl", Map.of("x", f32(dims(1, 2, 2, 1), 1, 2, 3, 4)));
        // asymmetric + floor: source index floor(i * 2 / 3) = 0, 0, 1
        Check.close(out.get("nn"), dims(1, 3, 3, 1), 1, 1, 2, 1, 1, 2, 3, 3, 4);
        Check.close(out.get("bl"), dims(1, 3, 3, 1), 1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4);
    }
}
