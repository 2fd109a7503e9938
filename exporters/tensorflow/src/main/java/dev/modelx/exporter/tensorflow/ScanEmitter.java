package dev.modelx.exporter.tensorflow;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.ValueInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Scan (opset 9+) as the Loop emitter's TF1 while loop: the trip count is the first scan input's length
 * along its scan axis, each iteration Gathers its slice of every scan input (from the end for reverse
 * directions) ahead of the body's own nodes, and the stacked scan outputs are then reversed and moved
 * to their scan_output_axes.
 */
final class ScanEmitter {

    private ScanEmitter() {
    }

    static void register(Emitters r) {
        r.register(ScanEmitter::emit, "Scan");
    }

    private static void emit(EmitContext c) {
        Node scan = c.node;
        if (scan.opsetVersion() > 0 && scan.opsetVersion() < 9) {
            throw c.error("Scan-8 (batched, with sequence_lens) is not supported for TensorFlow export");
        }
        Graph body = scan.attribute("body").asGraph();
        int m = (int) scan.attrLong("num_scan_inputs", -1);
        int n = scan.inputs().size() - m;
        int k = scan.outputs().size() - n;
        if (m <= 0 || n < 0 || k < 0 || body.inputs().size() != n + m || body.outputs().size() != n + k) {
            throw c.error("num_scan_inputs " + m + " does not fit " + scan.inputs().size() + " inputs, " + scan.outputs().size()
                    + " outputs and a body of " + body.inputs().size() + " inputs and " + body.outputs().size() + " outputs");
        }
        long[] inAxes = scan.attrLongs("scan_input_axes", new long[m]);
        long[] inDirs = scan.attrLongs("scan_input_directions", new long[m]);
        long[] outAxes = scan.attrLongs("scan_output_axes", new long[k]);
        long[] outDirs = scan.attrLongs("scan_output_directions", new long[k]);
        if (inAxes.length != m || inDirs.length != m || outAxes.length != k || outDirs.length != k) {
            throw c.error("the scan axes/directions attributes do not match " + m + " scan inputs and " + k + " scan outputs");
        }
        String p = c.base() + "/scan_";
        Val first = c.require(n, "scan input 0");
        int firstAxis = Shapes.axis(inAxes[0], c.rank(first, "scan input 0"));
        String trip = p + "trip_count";
        long len = first.dim(firstAxis);
        c.define(trip, len >= 0 ? Val.constant(Tensor.scalar(len)) : c.val(dimOf(c, first, firstAxis), DataType.INT64, new long[0]));

        Graph loopBody = new Graph(body.name());
        String iter = p + "iter";
        String cond = p + "cond";
        loopBody.input(new ValueInfo(iter, null));
        loopBody.input(new ValueInfo(cond, null));
        for (int i = 0; i < n; i++) {
            loopBody.input(body.inputs().get(i));
        }
        body.initializers().forEach(loopBody::initializer);
        String one = p + "one";
        loopBody.initializer(one, Tensor.scalar(1L));
        String reversed = null;
        for (int j = 0; j < m; j++) {
            Val x = c.require(n + j, "scan input " + j);
            int axis = Shapes.axis(inAxes[j], c.rank(x, "scan input " + j));
            String index = iter;
            if (inDirs[j] != 0) {
                if (reversed == null) {
                    loopBody.add(Node.of("Sub").inputs(trip, one).outputs(p + "last"));
                    loopBody.add(Node.of("Sub").inputs(p + "last", iter).outputs(p + "reversed"));
                    reversed = p + "reversed";
                }
                index = reversed;
            }
            loopBody.add(Node.of("Gather").inputs(scan.input(n + j), index).outputs(body.inputs().get(n + j).name()).attr("axis", axis));
        }
        body.nodes().forEach(loopBody::add);
        loopBody.add(Node.of("Identity").inputs(cond).outputs(p + "cond_out"));
        loopBody.output(new ValueInfo(p + "cond_out", null));
        body.outputs().forEach(loopBody::output);

        List<String> loopIn = new ArrayList<>(List.of(trip, ""));
        loopIn.addAll(scan.inputs().subList(0, n));
        List<String> loopOut = new ArrayList<>(scan.outputs().subList(0, n));
        for (int i = 0; i < k; i++) {
            loopOut.add(p + "stacked_" + i);
        }
        Node loop = Node.of("Loop").name(scan.name()).inputs(loopIn).outputs(loopOut).attr("body", loopBody);
        loop.opsetVersion(scan.opsetVersion());
        c.begin(loop);
        ControlFlowEmitters.loop(c);
        c.begin(scan);
        for (int i = 0; i < k; i++) {
            Val s = c.lookup(c.frame, p + "stacked_" + i);
            String y = c.t(s);
            if (outDirs[i] != 0) {
                y = c.op("ReverseV2", "reverse").in(y).in(c.longs(0)).type("T", s.type()).type("Tidx", DataType.INT64).out();
            }
            long[] shape = s.shape();
            if (outAxes[i] != 0) {
                int rank = c.rank(s, "scan output " + i);
                int a = Shapes.axis(outAxes[i], rank);
                int[] perm = new int[rank];
                for (int d = 0; d < rank; d++) {
                    perm[d] = d < a ? d + 1 : d == a ? 0 : d;
                }
                y = c.transposed(y, s.type(), perm);
                shape = Perms.apply(perm, shape);
            }
            c.out(n + i, c.val(y, s.type(), shape));
        }
    }

    /** The int64 scalar length of {@code x} along {@code axis}. */
    private static String dimOf(EmitContext c, Val x, int axis) {
        return c.op("GatherV2", "trip_count").in(Ops.shape(c, c.t(x), x.type())).in(c.constant(Tensor.scalar((long) axis)))
                .in(c.constant(Tensor.scalar(0L))).type("Tparams", DataType.INT64).type("Tindices", DataType.INT64)
                .type("Taxis", DataType.INT64).out();
    }
}
