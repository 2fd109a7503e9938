package dev.modelx.importer.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Node;

/**
 * MaxPoolWithArgmax: ONNX MaxPool's Indices output, which flattens an NCHW position ((n * C + c) * H + h) * W + w,
 * renumbered to TF's NHWC flattening (h * W + w) * C + c, plus n * H * W * C with include_batch_in_index.
 */
final class PoolArgmaxOps {

    private PoolArgmaxOps() {
    }

    static void register(OpRegistry r) {
        r.register(PoolArgmaxOps::maxPoolWithArgmax, "MaxPoolWithArgmax");
    }

    private static void maxPoolWithArgmax(TfNode n, Scope s) {
        String x = Layout.transpose(s, s.in(n, 0), Layout.toChannelsFirst(4));
        Node pool = Node.of("MaxPool").inputs(x).outputs(s.freshName("MaxPool"), s.freshName("indices"))
                .ints("kernel_shape", Layout.spatial(n.ints("ksize", null), false, 4, 1))
                .ints("strides", Layout.spatial(n.ints("strides", null), false, 4, 1));
        NnOps.padding(n, pool, false, 4);
        s.add(pool);
        long[] last = Layout.toChannelsLast(4);
        String y = Layout.transpose(s, pool.output(0), last);
        String idx = Layout.transpose(s, pool.output(1), last);
        s.setType(idx, DataType.INT64);
        String dims = s.op("Shape", x);
        String c = dim(s, dims, 1);
        String h = dim(s, dims, 2);
        String w = dim(s, dims, 3);
        String hw = s.op("Mul", h, w);
        String inPlane = s.op("Mod", idx, hw);
        String row = s.op("Div", inPlane, w);
        String col = s.op("Mod", inPlane, w);
        String channel = s.op("Mod", s.op("Div", idx, hw), c);
        String tf = s.op("Add", s.op("Mul", s.op("Add", s.op("Mul", row, w), col), c), channel);
        if (n.b("include_batch_in_index", false)) {
            String chw = s.op("Mul", c, hw);
            tf = s.op("Add", tf, s.op("Mul", s.op("Div", idx, chw), chw));
        }
        s.setType(tf, DataType.INT64);
        s.out(n, 0, y);
        s.out(n, 1, s.cast(tf, n.type("Targmax").orElse(DataType.INT64)));
    }

    private static String dim(Scope s, String dims, long i) {
        String d = s.add(s.node("Gather", dims, s.scalarLong("dim", i)).attr("axis", 0L)).output(0);
        s.setType(d, DataType.INT64);
        return d;
    }
}
