package dev.modelx.importer.tensorflow;

import dev.modelx.format.tensorflow.proto.AttrValue;
import dev.modelx.format.tensorflow.proto.FunctionDef;
import dev.modelx.format.tensorflow.proto.NodeDef;
import dev.modelx.format.tensorflow.proto.OpDef;
import java.util.List;
import java.util.Map;

/**
 * The output arguments of TF ops that have more than one, so a function-body reference
 * "node:arg:i" can be turned into the flat output index a GraphDef uses. Ops not listed have a single
 * (possibly list-valued) output argument, where the flat index is {@code i}.
 */
final class OutputArgs {

    /** One output argument; {@code sizeAttr} names an int or type-list attribute giving its length, null for 1. */
    record Arg(String name, String sizeAttr) {
    }

    private static final Map<String, List<Arg>> OPS = Map.ofEntries(
            Map.entry("Switch", List.of(new Arg("output_false", null), new Arg("output_true", null))),
            Map.entry("RefSwitch", List.of(new Arg("output_false", null), new Arg("output_true", null))),
            Map.entry("Merge", List.of(new Arg("output", null), new Arg("value_index", null))),
            Map.entry("FusedBatchNorm", bn(5)),
            Map.entry("FusedBatchNormV2", bn(5)),
            Map.entry("FusedBatchNormV3", bn(6)),
            Map.entry("TopKV2", List.of(new Arg("values", null), new Arg("indices", null))),
            Map.entry("TopK", List.of(new Arg("values", null), new Arg("indices", null))),
            Map.entry("Unique", List.of(new Arg("y", null), new Arg("idx", null))),
            Map.entry("UniqueWithCountsV2", List.of(new Arg("y", null), new Arg("idx", null), new Arg("count", null))),
            Map.entry("StringSplitV2", List.of(new Arg("indices", null), new Arg("values", null), new Arg("shape", null))),
            Map.entry("NonMaxSuppressionV4", List.of(new Arg("selected_indices", null), new Arg("valid_outputs", null))),
            Map.entry("NonMaxSuppressionV5", List.of(new Arg("selected_indices", null), new Arg("selected_scores", null),
                    new Arg("valid_outputs", null))),
            Map.entry("BroadcastGradientArgs", List.of(new Arg("r0", null), new Arg("r1", null))),
            Map.entry("TensorListReserve", List.of(new Arg("handle", null))),
            Map.entry("LSTMBlockCell", List.of(new Arg("i", null), new Arg("cs", null), new Arg("f", null), new Arg("o", null),
                    new Arg("ci", null), new Arg("co", null), new Arg("h", null))));

    private static List<Arg> bn(int n) {
        List<Arg> all = List.of(new Arg("y", null), new Arg("batch_mean", null), new Arg("batch_variance", null),
                new Arg("reserve_space_1", null), new Arg("reserve_space_2", null), new Arg("reserve_space_3", null));
        return all.subList(0, n);
    }

    private OutputArgs() {
    }

    /**
     * Flat output index of {@code argName}[{@code i}] of {@code node}; {@code library} supplies the output
     * args of function-call ops named after a function.
     */
    static int flatIndex(NodeDef node, String argName, int i, Map<String, FunctionDef> library) {
        List<Arg> args = OPS.get(node.getOp());
        if (args == null) {
            FunctionDef f = library.get(node.getOp());
            if (f == null) {
                return i;
            }
            int off = 0;
            for (OpDef.ArgDef a : f.getSignature().getOutputArgList()) {
                if (a.getName().equals(argName)) {
                    return off + i;
                }
                off += a.getNumberAttr().isEmpty() && a.getTypeListAttr().isEmpty() ? 1
                        : size(node, a.getNumberAttr().isEmpty() ? a.getTypeListAttr() : a.getNumberAttr());
            }
            return i;
        }
        int off = 0;
        for (Arg a : args) {
            if (a.name().equals(argName)) {
                return off + i;
            }
            off += a.sizeAttr() == null ? 1 : size(node, a.sizeAttr());
        }
        throw new TfImportException("node '" + node.getName() + "' (" + node.getOp() + ") has no output '" + argName + "'");
    }

    private static int size(NodeDef node, String attr) {
        AttrValue v = node.getAttrOrDefault(attr, AttrValue.getDefaultInstance());
        return v.hasList() ? v.getList().getTypeCount() : (int) v.getI();
    }
}
