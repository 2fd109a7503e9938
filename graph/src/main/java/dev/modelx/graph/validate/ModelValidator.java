package dev.modelx.graph.validate;

import dev.modelx.graph.Domains;
import dev.modelx.graph.Function;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a model's structure and reports every problem at once: values read before they are defined
 * (dangling inputs), cycles, names defined twice, domains used without an op-set import, declared types that
 * disagree along an edge, graph outputs nothing produces, and ONNX's structural rules (non-empty op types,
 * IR-version constraints). Sub-graphs are checked with their enclosing scopes visible.
 */
public final class ModelValidator {

    private final List<Problem> problems = new ArrayList<>();
    private final Model model;

    private ModelValidator(Model model) {
        this.model = model;
    }

    /** All problems of {@code model}; empty when it is valid. */
    public static List<Problem> problems(Model model) {
        ModelValidator v = new ModelValidator(model);
        v.run();
        return v.problems;
    }

    /** Throws {@link ValidationException} listing every problem, if any. */
    public static void validate(Model model) {
        List<Problem> p = problems(model);
        if (!p.isEmpty()) {
            throw new ValidationException(p);
        }
    }

    private void run() {
        if (model.irVersion() >= 3 && model.opsetImports().isEmpty()) {
            add(Problem.Kind.STRUCTURE, "model", "IR version " + model.irVersion() + " requires at least one op-set import");
        }
        checkGraph(model.graph(), "graph '" + model.graph().name() + "'", new HashSet<>(), true);
        Set<String> functionKeys = new HashSet<>();
        for (Function f : model.functions()) {
            String key = f.domain() + "." + f.name() + ":" + f.overload();
            if (!functionKeys.add(key)) {
                add(Problem.Kind.DUPLICATE_NAME, "function " + f.domain() + "." + f.name(), "defined more than once");
            }
            checkFunction(f);
        }
    }

    private void checkFunction(Function f) {
        String where = "function " + f.domain() + "." + f.name();
        Set<String> defined = new HashSet<>(f.inputs());
        for (Node n : f.nodes()) {
            checkNodeBasics(n, where, f.opsetImports().isEmpty() ? null : f.opsetImports());
            for (String in : n.inputs()) {
                if (!in.isEmpty() && !defined.contains(in)) {
                    add(Problem.Kind.DANGLING_INPUT, where + ", " + n.describe(), "input '" + in + "' is not defined before use");
                }
            }
            defined.addAll(n.outputs());
        }
        for (String o : f.outputs()) {
            if (!defined.contains(o)) {
                add(Problem.Kind.MISSING_OUTPUT, where, "output '" + o + "' is never produced");
            }
        }
    }

    private void checkGraph(Graph g, String where, Set<String> outerScope, boolean isMain) {
        Map<String, String> definedBy = new HashMap<>();
        for (ValueInfo v : g.inputs()) {
            define(definedBy, v.name(), "input", where);
        }
        for (String init : g.initializers().keySet()) {
            boolean alsoInput = g.inputs().stream().anyMatch(v -> v.name().equals(init));
            if (!alsoInput) {
                define(definedBy, init, "initializer", where);
            } else {
                checkInitializerType(g, init, where);
            }
            if (isMain && model.irVersion() < 4 && !alsoInput) {
                add(Problem.Kind.STRUCTURE, where, "initializer '" + init + "' is not a graph input (required before IR version 4)");
            }
        }
        for (String init : g.sparseInitializers().keySet()) {
            define(definedBy, init, "sparse initializer", where);
        }
        for (Node n : g.nodes()) {
            for (String out : n.outputs()) {
                if (!out.isEmpty()) {
                    define(definedBy, out, n.describe(), where);
                }
            }
        }
        List<Node> order;
        try {
            order = Graphs.topologicalOrder(g);
        } catch (Graphs.CycleException e) {
            add(Problem.Kind.CYCLE, where, e.getMessage());
            order = g.nodes();
        }
        Set<String> visible = new HashSet<>(outerScope);
        visible.addAll(definedBy.keySet());
        for (Node n : order) {
            checkNodeBasics(n, where, null);
            for (String in : n.inputs()) {
                if (!in.isEmpty() && !visible.contains(in)) {
                    add(Problem.Kind.DANGLING_INPUT, where + ", " + n.describe(), "input '" + in + "' is not defined by any node, input or initializer");
                }
            }
            for (var a : n.attributes().values()) {
                int k = 0;
                for (Graph sub : a.subgraphs()) {
                    String subWhere = where + " > " + n.describe() + "." + a.name() + (a.subgraphs().size() > 1 ? "[" + k + "]" : "");
                    checkGraph(sub, subWhere, visible, false);
                    k++;
                }
            }
        }
        for (ValueInfo out : g.outputs()) {
            if (!visible.contains(out.name())) {
                add(Problem.Kind.MISSING_OUTPUT, where, "output '" + out.name() + "' is never produced");
            }
        }
        checkDeclaredTypes(g, where);
    }

    private void checkNodeBasics(Node n, String where, Map<String, Long> functionImports) {
        if (n.opType().isEmpty()) {
            add(Problem.Kind.STRUCTURE, where + ", " + n.describe(), "empty op type");
        }
        boolean imported = functionImports != null
                ? functionImports.containsKey(n.domain()) || (n.domain().isEmpty() && functionImports.containsKey(Domains.ONNX_ALIAS))
                || model.opset(n.domain()).isPresent()
                : model.opset(n.domain()).isPresent();
        if (!imported) {
            add(Problem.Kind.MISSING_OPSET_IMPORT, where + ", " + n.describe(), "domain '" + Domains.display(n.domain()) + "' has no op-set import");
        }
    }

    private void define(Map<String, String> definedBy, String name, String by, String where) {
        String prev = definedBy.putIfAbsent(name, by);
        if (prev != null) {
            add(Problem.Kind.DUPLICATE_NAME, where, "value '" + name + "' is defined twice: by " + prev + " and by " + by);
        }
    }

    private void checkInitializerType(Graph g, String name, String where) {
        Tensor t = g.initializers().get(name);
        for (ValueInfo v : g.inputs()) {
            if (v.name().equals(name) && v.type() instanceof Type.TensorType tt) {
                if (tt.elementType() != t.type()) {
                    add(Problem.Kind.TYPE_MISMATCH, where, "initializer '" + name + "' is " + t.type().displayName()
                            + " but the input declares " + tt.elementType().displayName());
                } else if (tt.shape() != null && tt.shape().isStatic() && !java.util.Arrays.equals(tt.shape().toArray(), t.shape())) {
                    add(Problem.Kind.TYPE_MISMATCH, where, "initializer '" + name + "' has shape " + java.util.Arrays.toString(t.shape())
                            + " but the input declares " + tt.shape());
                }
            }
        }
    }

    /** The same value declared with two different element types (e.g. as an output and in value_info). */
    private void checkDeclaredTypes(Graph g, String where) {
        Map<String, Type> seen = new HashMap<>();
        List<ValueInfo> all = new ArrayList<>(g.inputs());
        all.addAll(g.outputs());
        all.addAll(g.valueInfos());
        for (ValueInfo v : all) {
            if (!(v.type() instanceof Type.TensorType tt)) {
                continue;
            }
            Type prev = seen.putIfAbsent(v.name(), tt);
            if (prev instanceof Type.TensorType pt && pt.elementType() != tt.elementType()) {
                add(Problem.Kind.TYPE_MISMATCH, where, "value '" + v.name() + "' is declared as " + pt.elementType().displayName()
                        + " and as " + tt.elementType().displayName());
            }
        }
    }

    private void add(Problem.Kind kind, String where, String message) {
        problems.add(new Problem(kind, where, message));
    }
}
