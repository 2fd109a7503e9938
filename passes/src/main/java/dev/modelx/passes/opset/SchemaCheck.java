package dev.modelx.passes.opset;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.AttributeKind;
import dev.modelx.graph.Domains;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.passes.opset.OpSchemas.AttrSpec;
import dev.modelx.passes.opset.OpSchemas.Formal;
import dev.modelx.passes.opset.OpSchemas.OpSchema;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks every ai.onnx node of a model against the op version its op-set import selects: the op exists there
 * (and is not deprecated), its attributes are ones that version has (required ones present, kinds matching),
 * and its inputs and outputs fit the version's formals. Element types are checked where the model declares
 * them. Used to prove converted models are well formed at their new op set.
 */
public final class SchemaCheck {

    private SchemaCheck() {
    }

    /** One line per violation; empty when every node fits its op version. */
    public static List<String> problems(Model model) {
        List<String> out = new ArrayList<>();
        int opset = model.opset(Domains.ONNX).map(Long::intValue).orElse(-1);
        if (opset > 0) {
            check(model.graph(), opset, out);
        }
        return out;
    }

    private static void check(Graph g, int opset, List<String> out) {
        for (Node n : g.nodes()) {
            for (Graph sub : n.subgraphs()) {
                check(sub, opset, out);
            }
            if (!n.domain().isEmpty()) {
                continue;
            }
            OpSchema s = OpSchemas.at(n.opType(), opset);
            String who = n.describe() + " at op set " + opset + ": ";
            if (s == null) {
                out.add(who + n.opType() + " does not exist");
                continue;
            }
            if (s.deprecated()) {
                out.add(who + s + " is deprecated");
                continue;
            }
            for (Attribute a : n.attributes().values()) {
                AttrSpec spec = s.attributes().get(a.name());
                if (spec == null) {
                    out.add(who + s + " has no attribute '" + a.name() + "'");
                } else if (!kindMatches(a.kind(), spec.kind())) {
                    out.add(who + "attribute '" + a.name() + "' is " + a.kind() + ", " + s + " wants " + spec.kind());
                }
            }
            for (AttrSpec spec : s.attributes().values()) {
                if (spec.required() && !n.hasAttribute(spec.name())) {
                    out.add(who + s + " needs attribute '" + spec.name() + "'");
                }
            }
            int lastInput = n.inputs().size() - 1;
            while (lastInput >= 0 && n.input(lastInput).isEmpty()) {
                lastInput--;
            }
            if (lastInput + 1 > s.maxInputs()) {
                out.add(who + s + " takes at most " + s.maxInputs() + " inputs, the node has " + (lastInput + 1));
            }
            for (int i = 0; i < s.inputs().size(); i++) {
                Formal f = s.inputs().get(i);
                if (!f.optional() && !f.variadic() && n.input(i).isEmpty()) {
                    out.add(who + s + " needs input '" + f.name() + "'");
                }
            }
            if (n.outputs().size() > s.maxOutputs()) {
                out.add(who + s + " has at most " + s.maxOutputs() + " outputs, the node has " + n.outputs().size());
            }
        }
    }

    private static boolean kindMatches(AttributeKind k, String spec) {
        return switch (k) {
            case INT -> spec.equals("int");
            case FLOAT -> spec.equals("float");
            case STRING -> spec.equals("string");
            case INTS -> spec.equals("ints");
            case FLOATS -> spec.equals("floats");
            case STRINGS -> spec.equals("strings");
            case TENSOR -> spec.equals("tensor");
            case GRAPH -> spec.equals("graph");
            case GRAPHS -> spec.equals("graphs");
            case SPARSE_TENSOR -> spec.equals("sparse_tensor");
            default -> true;
        };
    }
}
