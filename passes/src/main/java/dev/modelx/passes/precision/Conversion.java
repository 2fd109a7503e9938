package dev.modelx.passes.precision;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Graphs;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.Type;
import dev.modelx.graph.ValueInfo;
import dev.modelx.passes.opset.OpSchemas;
import dev.modelx.passes.opset.OpSchemas.Formal;
import dev.modelx.passes.opset.OpSchemas.OpSchema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One precision conversion of a model in place. Every node is first planned: it computes in the target
 * type (LOW), stays float32 for a reason (KEEP), follows its inputs (data movement, FOLLOW), holds converted
 * sub-graphs (If/Loop/Scan), or has no float32 operand. Then each graph is walked in topological order giving
 * every float32 value a storage type: what its producer computes in, graph inputs as the options say, and
 * initializers and Constant values "flexible" until all their readers are known (converted when all want the
 * target type, kept when all want float32, both when readers disagree). Finally, where a reader wants another
 * type than a value's storage, one Cast per value and type is inserted; declared types follow.
 */
final class Conversion {

    enum Kind { NONE, LOW, KEEP, FOLLOW, CONTAINER, OPAQUE, CONSTANT }

    /** Storage of a float32 value after conversion: float32, the target type, or not decided yet (a constant). */
    enum St { F32, LOW, FLEX }

    static final class Plan {
        Kind kind;
        KeptNode.Reason reason;
        String detail;
        boolean[] lowIn;
        boolean[] lowOut;
        boolean followAllowed = true;
        /** A data-movement op reading a weight: converting it converts the weight, so the automatic mode tries it. */
        boolean readsConstant;
        St resolved;
        String path;
    }

    /** Where a flexible constant is read: input {@code index} of {@code node}, or output {@code index} of a graph. */
    private record Use(Ctx ctx, Node node, int index) {
    }

    private final class Flex {
        final String name;
        final Ctx owner;
        final Node constantNode;
        final boolean convertible;
        final List<Use> lowUses = new ArrayList<>();
        final List<Use> f32Uses = new ArrayList<>();
        St pinned;

        Flex(String name, Ctx owner, Node constantNode, boolean convertible) {
            this.name = name;
            this.owner = owner;
            this.constantNode = constantNode;
            this.convertible = convertible;
        }

        void want(St st, Use use) {
            (st == St.LOW ? lowUses : f32Uses).add(use);
        }
    }

    private record Edge(Node node, int index, St required) {
    }

    private final class Ctx {
        final Graph g;
        final Ctx parent;
        final boolean main;
        final String path;
        final Map<String, St> storage = new HashMap<>();
        final Map<String, Flex> flex = new LinkedHashMap<>();
        final List<Edge> edges = new ArrayList<>();
        final Map<String, String> casts = new HashMap<>();
        final List<Node> added = new ArrayList<>();

        Ctx(Graph g, Ctx parent, String path) {
            this.g = g;
            this.parent = parent;
            this.main = parent == null;
            this.path = path;
        }
    }

    private final Model model;
    private final PrecisionOptions options;
    private final DataType target;
    private final Map<Integer, String> autoKeep;
    private final TypeAnalysis types;
    private final Map<Node, Integer> ids;
    private final Map<Node, Plan> plans = new IdentityHashMap<>();
    private final Narrowing narrowing;
    private final Set<String> names = new HashSet<>();
    private final Set<String> blockedOps = new HashSet<>();

    private int castsInserted;
    private int initializersConverted;
    private int initializersDuplicated;
    private int constantsConverted;
    private final List<KeptNode> kept = new ArrayList<>();

    /**
     * Prepares the conversion of {@code model} (changed in place by {@link #run}); {@code autoKeep} maps node
     * numbers ({@link TypeAnalysis#number}) to keep in float32 to the reason; {@code observed} holds output
     * types seen on the runtime, by node number, for values the definitions do not type.
     */
    Conversion(Model model, PrecisionOptions options, Map<Integer, String> autoKeep, Map<Integer, DataType[]> observed) {
        this.model = model;
        this.options = options;
        this.target = options.target();
        this.autoKeep = autoKeep == null ? Map.of() : autoKeep;
        this.ids = TypeAnalysis.number(model);
        this.types = TypeAnalysis.of(model, observed);
        this.narrowing = new Narrowing(target, options.clampToFinite());
        for (String op : options.blockList()) {
            blockedOps.add(op);
        }
        collectNames(model.graph());
        plan(model.graph(), "");
    }

    // ---------------------------------------------------------------- planning

    /** Numbers of the nodes that would compute in the target type with nothing kept by the automatic mode. */
    List<Integer> candidates() {
        List<Integer> out = new ArrayList<>();
        Graphs.forEachNode(model.graph(), n -> {
            Plan p = plans.get(n);
            if (p != null && (p.kind == Kind.LOW || p.kind == Kind.FOLLOW && p.readsConstant && p.followAllowed
                    || p.kind == Kind.KEEP && p.reason == KeptNode.Reason.AUTO)) {
                out.add(ids.get(n));
            }
        });
        return out;
    }

    /** A readable location of node number {@code id}. */
    String describe(int id) {
        for (Map.Entry<Node, Integer> e : ids.entrySet()) {
            if (e.getValue() == id) {
                Plan p = plans.get(e.getKey());
                return e.getKey().opType() + " '" + (p != null ? p.path : label(e.getKey())) + "'";
            }
        }
        return "node #" + id;
    }

    private void plan(Graph g, String prefix) {
        for (Node n : g.nodes()) {
            Plan p = planNode(n, g);
            p.path = prefix + label(n);
            plans.put(n, p);
            if (p.kind == Kind.OPAQUE) {
                continue;
            }
            for (Attribute a : n.attributes().values()) {
                for (Graph s : a.subgraphs()) {
                    plan(s, prefix + label(n) + "/" + a.name() + ": ");
                }
            }
        }
    }

    private static String label(Node n) {
        if (!n.name().isEmpty()) {
            return n.name();
        }
        return String.join(",", n.outputs());
    }

    private Plan planNode(Node n, Graph g) {
        Plan p = new Plan();
        String op = n.opType();
        boolean onnx = n.domain().isEmpty();
        int opset = types.opset(n);
        String qualified = onnx ? op : n.domain() + "." + op;
        boolean userBlocked = blockedOps.contains(op) || blockedOps.contains(qualified)
                || !n.name().isEmpty() && options.blockNodes().contains(n.name());
        if (!n.subgraphs().isEmpty()) {
            if (userBlocked) {
                return keep(p, Kind.OPAQUE, KeptNode.Reason.BLOCK_LIST, "listed; its sub-graphs stay float32");
            }
            if (onnx && (op.equals("If") || op.equals("Loop") || op.equals("Scan") && opset >= 9)) {
                p.kind = Kind.CONTAINER;
                return p;
            }
            return keep(p, Kind.OPAQUE, KeptNode.Reason.SUBGRAPH, "modelx does not convert inside " + qualified
                    + (op.equals("Scan") ? "-8" : "") + "; its sub-graphs stay float32");
        }
        int nin = n.inputs().size(), nout = n.outputs().size();
        boolean[] floatIn = new boolean[nin];
        boolean[] floatOut = new boolean[nout];
        boolean any = false;
        for (int i = 0; i < nin; i++) {
            floatIn[i] = !n.input(i).isEmpty() && types.isFloat32(g, n.input(i)) && !(onnx && OpRules.acceptsAnyType(op, i));
            any |= floatIn[i];
        }
        for (int j = 0; j < nout; j++) {
            floatOut[j] = !n.output(j).isEmpty() && types.isFloat32(g, n.output(j));
            any |= floatOut[j];
        }
        p.lowIn = new boolean[nin];
        p.lowOut = new boolean[nout];
        if (!any) {
            p.kind = Kind.NONE;
            return p;
        }
        if (!onnx) {
            return keep(p, Kind.KEEP, KeptNode.Reason.NOT_ONNX, "domain '" + n.domain() + "' has no ONNX definition to check");
        }
        if (userBlocked) {
            return keep(p, Kind.KEEP, KeptNode.Reason.BLOCK_LIST,
                    blockedOps.contains(op) || blockedOps.contains(qualified) ? "op type listed" : "node name listed");
        }
        if (op.equals("Constant")) {
            p.kind = Kind.CONSTANT;
            OpSchema s = OpSchemas.at(op, opset);
            p.followAllowed = s == null || s.allows(s.output(0), target);
            return p;
        }
        if (options.defaultBlockList() && OpRules.DEFAULT_BLOCK_LIST.containsKey(op)) {
            return keep(p, Kind.KEEP, KeptNode.Reason.DEFAULT_BLOCK_LIST, OpRules.DEFAULT_BLOCK_LIST.get(op));
        }
        if (OpRules.sequenceOrOptional(op)) {
            return keep(p, Kind.KEEP, KeptNode.Reason.SEQUENCE_OR_OPTIONAL, "its tensors stay as they are");
        }
        OpSchema s = OpSchemas.at(op, opset);
        if (s == null) {
            return keep(p, Kind.KEEP, KeptNode.Reason.UNKNOWN_OP, "no definition of " + op + " at op set " + opset);
        }
        Map<String, String> refused = new LinkedHashMap<>();
        boolean anyLow = false;
        for (int i = 0; i < nin; i++) {
            if (floatIn[i]) {
                Formal f = s.input(i);
                p.lowIn[i] = f != null && s.allows(f, target);
                if (!p.lowIn[i] && f != null) {
                    refused.put(s.isTypeVariable(f) ? f.type() : "input '" + f.name() + "'", String.join("|", s.allowedTypes(f)));
                }
                anyLow |= p.lowIn[i];
            }
        }
        for (int j = 0; j < nout; j++) {
            if (floatOut[j]) {
                Formal f = s.output(j);
                p.lowOut[j] = f != null && s.allows(f, target) && (boundToInput(s, f) || OpRules.ATTRIBUTE_TYPED.contains(op));
                if (!p.lowOut[j] && f != null && !s.allows(f, target)) {
                    refused.put(s.isTypeVariable(f) ? f.type() : "output '" + f.name() + "'", String.join("|", s.allowedTypes(f)));
                }
                anyLow |= p.lowOut[j];
            }
        }
        List<String> parts = new ArrayList<>();
        refused.forEach((k, v) -> parts.add(k + ": " + v));
        String notAccepted = op + "-" + s.since() + " (op set " + opset + ") does not accept " + target.displayName()
                + (parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")");
        if (OpRules.FOLLOW.contains(op)) {
            p.followAllowed = refused.isEmpty() && anyLow;
            p.readsConstant = readsConstant(n, g, floatIn);
            String why = p.readsConstant ? autoKeep.get(ids.get(n)) : null;
            if (why != null) {
                return keep(p, Kind.KEEP, KeptNode.Reason.AUTO, why);
            }
            p.kind = Kind.FOLLOW;
            p.detail = notAccepted;
            return p;
        }
        if (!anyLow) {
            return keep(p, Kind.KEEP, KeptNode.Reason.TYPE_NOT_ACCEPTED, notAccepted);
        }
        String why = autoKeep.get(ids.get(n));
        if (why != null) {
            return keep(p, Kind.KEEP, KeptNode.Reason.AUTO, why);
        }
        p.kind = Kind.LOW;
        return p;
    }

    /** Whether a float input of {@code n} is a weight: an initializer (not a caller's input) or a Constant's value. */
    private boolean readsConstant(Node n, Graph g, boolean[] floatIn) {
        for (int i = 0; i < floatIn.length; i++) {
            if (!floatIn[i]) {
                continue;
            }
            String name = n.input(i);
            for (Graph x = g; x != null; x = types.parent(x)) {
                if (x.initializers().containsKey(name)) {
                    boolean input = x.inputs().stream().anyMatch(v -> v.name().equals(name));
                    if (!input || types.parent(x) != null || model.irVersion() < 4) {
                        return true;
                    }
                    break;
                }
                if (x.producer(name).map(pr -> pr.opType().equals("Constant")).orElse(false)) {
                    return true;
                }
                if (types.defines(x, name)) {
                    break;
                }
            }
        }
        return false;
    }

    private static boolean boundToInput(OpSchema s, Formal out) {
        if (!s.isTypeVariable(out) || out.heterogeneous()) {
            return false;
        }
        for (Formal f : s.inputs()) {
            if (f.type().equals(out.type())) {
                return true;
            }
        }
        return false;
    }

    private static Plan keep(Plan p, Kind kind, KeptNode.Reason reason, String detail) {
        p.kind = kind;
        p.reason = reason;
        p.detail = detail;
        return p;
    }

    // ---------------------------------------------------------------- conversion

    PrecisionReport run(AutoReport auto) {
        long bytesBefore = weightBytes(model.graph());
        if (target == DataType.BFLOAT16) {
            int castSince = model.opset("").map(Long::intValue).orElse(0);
            if (castSince > 0 && castSince < 13) {
                throw new IllegalArgumentException("bfloat16 needs ai.onnx op set 13 or newer (Cast accepts bfloat16 from "
                        + "Cast-13); the model is at op set " + castSince + ": convert its op set first (--opset 13)");
            }
        }
        Graph g = model.graph();
        Ctx main = new Ctx(g, null, "");
        boolean oldIr = model.irVersion() < 4;
        Set<String> overridable = new HashSet<>();
        for (ValueInfo v : g.inputs()) {
            if (!types.isFloat32(g, v.name())) {
                continue;
            }
            if (g.initializers().containsKey(v.name())) {
                if (oldIr) {
                    continue; // before IR 4 every weight is listed as an input: a weight, not a caller's input
                }
                overridable.add(v.name());
            }
            main.storage.put(v.name(), options.keepIoTypes() ? St.F32 : St.LOW);
        }
        process(main);
        St[] req = new St[g.outputs().size()];
        for (int k = 0; k < req.length; k++) {
            if (types.isFloat32(g, g.outputs().get(k).name())) {
                req[k] = options.keepIoTypes() ? St.F32 : St.LOW;
            }
        }
        finish(main, req);
        for (String name : overridable) {
            if (main.storage.get(name) == St.LOW) {
                g.initializers().put(name, narrowing.narrow(g.initializers().get(name)));
                initializersConverted++;
            }
        }
        Graphs.forEachGraph(g, Conversion::sortNodes);
        int converted = 0;
        for (Map.Entry<Node, Plan> e : plans.entrySet()) {
            Plan p = e.getValue();
            if (p.kind == Kind.LOW || p.kind == Kind.FOLLOW && p.resolved == St.LOW) {
                converted++;
            }
        }
        collectKept(model.graph());
        return new PrecisionReport(model, target, options.keepIoTypes(), converted, kept, initializersConverted,
                initializersDuplicated, constantsConverted, narrowing.converted, narrowing.clamped, narrowing.flushed,
                castsInserted, bytesBefore, weightBytes(model.graph()), auto);
    }

    private void collectKept(Graph g) {
        for (Node n : g.nodes()) {
            Plan p = plans.get(n);
            if (p != null) {
                if (p.kind == Kind.KEEP || p.kind == Kind.OPAQUE) {
                    kept.add(new KeptNode(p.path, n.opType(), p.reason, p.detail));
                } else if (p.kind == Kind.FOLLOW && p.resolved == St.F32) {
                    kept.add(new KeptNode(p.path, n.opType(), p.followAllowed ? KeptNode.Reason.FOLLOWS_INPUT
                            : KeptNode.Reason.TYPE_NOT_ACCEPTED, p.followAllowed ? "" : p.detail));
                } else if (p.kind == Kind.CONSTANT && !p.followAllowed) {
                    kept.add(new KeptNode(p.path, n.opType(), KeptNode.Reason.TYPE_NOT_ACCEPTED,
                            "Constant at op set " + types.opset(n) + " does not hold " + target.displayName()));
                }
            }
            for (Graph s : n.subgraphs()) {
                collectKept(s);
            }
        }
    }

    /** Walks {@code ctx}'s graph in topological order, deciding storage and recording what each reader wants. */
    private void process(Ctx ctx) {
        Graph g = ctx.g;
        for (Map.Entry<String, Tensor> e : g.initializers().entrySet()) {
            if (e.getValue().type() == DataType.FLOAT && !ctx.storage.containsKey(e.getKey())) {
                ctx.storage.put(e.getKey(), St.FLEX);
                ctx.flex.put(e.getKey(), new Flex(e.getKey(), ctx, null, true));
            }
        }
        for (String name : g.sparseInitializers().keySet()) {
            if (types.isFloat32(g, name)) {
                ctx.storage.put(name, St.F32);
            }
        }
        List<Node> order;
        try {
            order = Graphs.topologicalOrder(g);
        } catch (Graphs.CycleException e) {
            order = new ArrayList<>(g.nodes());
        }
        for (Node n : order) {
            Plan p = plans.get(n);
            switch (p.kind) {
                case NONE -> {
                }
                case CONSTANT -> {
                    ctx.storage.put(n.output(0), St.FLEX);
                    ctx.flex.put(n.output(0), new Flex(n.output(0), ctx, n, p.followAllowed));
                }
                case LOW, KEEP -> {
                    boolean low = p.kind == Kind.LOW;
                    for (int i = 0; i < n.inputs().size(); i++) {
                        if (isFloat(ctx, n, i)) {
                            require(ctx, n, i, low && p.lowIn[i] ? St.LOW : St.F32);
                        }
                    }
                    for (int j = 0; j < n.outputs().size(); j++) {
                        if (!n.output(j).isEmpty() && types.isFloat32(g, n.output(j))) {
                            ctx.storage.put(n.output(j), low && p.lowOut[j] ? St.LOW : St.F32);
                        }
                    }
                    if (low) {
                        retypeAttributes(n, p);
                    }
                }
                case FOLLOW -> {
                    if (p.followAllowed && readsAnyType(ctx, n)) {
                        continue; // Shape, Size, ArgMax, IsNaN of one float value: any type will do
                    }
                    boolean anyF32 = false;
                    for (int i = 0; i < n.inputs().size(); i++) {
                        if (isFloat(ctx, n, i) && lookup(ctx, n.input(i)) == St.F32) {
                            anyF32 = true;
                        }
                    }
                    St res = p.followAllowed && !anyF32 ? St.LOW : St.F32;
                    p.resolved = res;
                    for (int i = 0; i < n.inputs().size(); i++) {
                        if (isFloat(ctx, n, i)) {
                            require(ctx, n, i, res == St.LOW && p.lowIn[i] ? St.LOW : St.F32);
                        }
                    }
                    for (int j = 0; j < n.outputs().size(); j++) {
                        if (!n.output(j).isEmpty() && types.isFloat32(g, n.output(j))) {
                            ctx.storage.put(n.output(j), res == St.LOW && p.lowOut[j] ? St.LOW : St.F32);
                        }
                    }
                }
                case OPAQUE -> {
                    for (int i = 0; i < n.inputs().size(); i++) {
                        if (!n.input(i).isEmpty() && types.isFloat32(g, n.input(i))) {
                            require(ctx, n, i, St.F32);
                        }
                    }
                    for (String o : n.outputs()) {
                        if (!o.isEmpty() && types.isFloat32(g, o)) {
                            ctx.storage.put(o, St.F32);
                        }
                    }
                    for (Attribute a : n.attributes().values()) {
                        for (Graph s : a.subgraphs()) {
                            Ctx sub = new Ctx(s, ctx, p.path + "/" + a.name());
                            captureAsFloat32(sub, s);
                            finishCasts(sub);
                        }
                    }
                }
                case CONTAINER -> container(ctx, n, p);
                default -> throw new IllegalStateException(p.kind.toString());
            }
        }
    }

    /** A node with one float input and no float output: it reads its input in whatever type it has. */
    private boolean readsAnyType(Ctx ctx, Node n) {
        int floats = 0;
        for (int i = 0; i < n.inputs().size(); i++) {
            floats += isFloat(ctx, n, i) ? 1 : 0;
        }
        for (String o : n.outputs()) {
            if (!o.isEmpty() && types.isFloat32(ctx.g, o)) {
                return false;
            }
        }
        return floats == 1;
    }

    private boolean isFloat(Ctx ctx, Node n, int i) {
        return !n.input(i).isEmpty() && types.isFloat32(ctx.g, n.input(i)) && !(n.domain().isEmpty()
                && OpRules.acceptsAnyType(n.opType(), i));
    }

    /** The storage of {@code name} seen from {@code ctx}, or null when it is not a float32 value. */
    private St lookup(Ctx ctx, String name) {
        for (Ctx c = ctx; c != null; c = c.parent) {
            St s = c.storage.get(name);
            if (s != null) {
                return s;
            }
            if (types.defines(c.g, name)) {
                return null;
            }
        }
        return null;
    }

    private Flex flexOf(Ctx ctx, String name) {
        for (Ctx c = ctx; c != null; c = c.parent) {
            if (c.storage.containsKey(name)) {
                return c.flex.get(name);
            }
        }
        return null;
    }

    private void require(Ctx ctx, Node n, int i, St st) {
        String name = n.input(i);
        St have = lookup(ctx, name);
        if (have == null) {
            return;
        }
        if (have == St.FLEX) {
            Flex f = flexOf(ctx, name);
            if (f != null) {
                f.want(st, new Use(ctx, n, i));
                return;
            }
        }
        ctx.edges.add(new Edge(n, i, st));
    }

    /** For a sub-graph left as it is: every float32 value it reads from outside is given to it as float32. */
    private void captureAsFloat32(Ctx sub, Graph s) {
        for (String outer : Graphs.outerReferences(s)) {
            if (!types.isFloat32(sub.parent.g, outer)) {
                continue;
            }
            St have = lookup(sub.parent, outer);
            if (have == St.FLEX) {
                flexOf(sub.parent, outer).want(St.F32, new Use(sub, null, -1));
            } else if (have == St.LOW) {
                // the Cast is not in the graph yet, so renaming the reads leaves its own input alone
                renameReads(s, outer, castFor(sub, outer, St.F32), false);
            }
        }
    }

    private void container(Ctx ctx, Node n, Plan p) {
        Graph g = ctx.g;
        OpSchema schema = OpSchemas.at(n.opType(), types.opset(n));
        boolean allowed = schema == null || schema.outputs().isEmpty() || schema.allows(schema.output(0), target);
        switch (n.opType()) {
            case "If" -> {
                Graph then = n.attribute("then_branch").asGraph();
                Graph otherwise = n.attribute("else_branch").asGraph();
                Ctx ct = new Ctx(then, ctx, p.path + "/then_branch");
                Ctx ce = new Ctx(otherwise, ctx, p.path + "/else_branch");
                process(ct);
                process(ce);
                St[] req = new St[n.outputs().size()];
                for (int k = 0; k < req.length; k++) {
                    if (n.output(k).isEmpty() || !types.isFloat32(g, n.output(k))) {
                        continue;
                    }
                    St a = outputStorage(ct, k), b = outputStorage(ce, k);
                    req[k] = allowed && a != null && b != null && a != St.F32 && b != St.F32 ? St.LOW : St.F32;
                    ctx.storage.put(n.output(k), req[k]);
                }
                finish(ct, req);
                finish(ce, req);
            }
            case "Loop", "Scan" -> {
                boolean loop = n.opType().equals("Loop");
                Graph body = n.attribute("body").asGraph();
                int first = loop ? 2 : 0;
                int bodyFirst = loop ? 2 : 0;
                int outFirst = loop ? 1 : 0;
                int stateCount = loop ? n.inputs().size() - 2
                        : n.inputs().size() - (int) n.attrLong("num_scan_inputs", 0);
                Ctx cb = new Ctx(body, ctx, p.path + "/body");
                St[] inSt = new St[n.inputs().size()];
                for (int i = first; i < n.inputs().size(); i++) {
                    if (n.input(i).isEmpty() || !types.isFloat32(g, n.input(i))) {
                        continue;
                    }
                    St have = lookup(ctx, n.input(i));
                    St want = !allowed || have == St.F32 ? St.F32 : St.LOW;
                    inSt[i] = want;
                    require(ctx, n, i, want);
                    int b = bodyFirst + (i - first);
                    if (b < body.inputs().size()) {
                        cb.storage.put(body.inputs().get(b).name(), want);
                    }
                }
                process(cb);
                St[] req = new St[body.outputs().size()];
                for (int k = outFirst; k < req.length; k++) {
                    String o = body.outputs().get(k).name();
                    if (!types.isFloat32(body, o)) {
                        continue;
                    }
                    int state = k - outFirst;
                    if (state < stateCount) {
                        St s = inSt[first + state];
                        req[k] = s != null ? s : St.F32;
                    } else {
                        St have = outputStorage(cb, k);
                        req[k] = allowed && have != null && have != St.F32 ? St.LOW : St.F32;
                    }
                    int j = k - outFirst;
                    if (j < n.outputs().size() && !n.output(j).isEmpty()) {
                        ctx.storage.put(n.output(j), req[k]);
                    }
                }
                finish(cb, req);
            }
            default -> throw new IllegalStateException(n.opType());
        }
    }

    private St outputStorage(Ctx ctx, int k) {
        if (k >= ctx.g.outputs().size()) {
            return null;
        }
        return lookup(ctx, ctx.g.outputs().get(k).name());
    }

    /** Applies the output requirements, resolves the flexible constants, inserts Casts and updates declared types. */
    private void finish(Ctx ctx, St[] outReq) {
        Graph g = ctx.g;
        for (int k = 0; k < outReq.length && k < g.outputs().size(); k++) {
            St req = outReq[k];
            if (req == null) {
                continue;
            }
            String name = g.outputs().get(k).name();
            St have = lookup(ctx, name);
            if (have == null) {
                continue;
            }
            if (have == St.FLEX) {
                Flex f = flexOf(ctx, name);
                if (ctx.main && f.owner == ctx) {
                    f.pinned = req;
                } else {
                    f.want(req, new Use(ctx, null, k));
                }
                continue;
            }
            if (have == req) {
                continue;
            }
            if (ctx.main) {
                Node producer = g.producer(name).orElseThrow(() -> new IllegalStateException(
                        "Graph output '" + name + "' needs a Cast but is not produced by a node"));
                String fresh = fresh(name + (have == St.LOW ? "_" + shortName() : "_fp32"));
                producer.outputs().set(producer.outputs().indexOf(name), fresh);
                renameReads(g, name, fresh, true);
                ctx.storage.put(fresh, have);
                Node cast = castNode(fresh, name, req);
                g.add(cast);
                ctx.storage.put(name, req);
            } else {
                String cast = castFor(ctx, name, req);
                ValueInfo v = g.outputs().get(k);
                g.outputs().set(k, new ValueInfo(cast, v.type(), v.docString(), v.metadata()));
            }
        }
        for (Flex f : ctx.flex.values()) {
            resolve(f);
        }
        finishCasts(ctx);
        retypeDeclared(ctx);
    }

    private void finishCasts(Ctx ctx) {
        for (Edge e : ctx.edges) {
            String name = e.node.input(e.index);
            St have = lookup(ctx, name);
            if (have == null || have == St.FLEX || have == e.required) {
                continue;
            }
            e.node.inputs().set(e.index, castFor(ctx, name, e.required));
        }
        flush(ctx);
    }

    private static void flush(Ctx ctx) {
        ctx.g.nodes().addAll(ctx.added);
        ctx.added.clear();
    }

    /** The output of a Cast of {@code name} to {@code st} in {@code ctx}'s graph, created once. */
    private String castFor(Ctx ctx, String name, St st) {
        String key = name + "\u0000" + st;
        String have = ctx.casts.get(key);
        if (have != null) {
            return have;
        }
        String out = fresh(name + (st == St.LOW ? "_" + shortName() : "_fp32"));
        ctx.added.add(castNode(name, out, st));
        ctx.casts.put(key, out);
        ctx.storage.put(out, st);
        return out;
    }

    private Node castNode(String in, String out, St st) {
        castsInserted++;
        DataType to = st == St.LOW ? target : DataType.FLOAT;
        return Node.of("Cast").name(fresh("cast_" + out)).inputs(in).outputs(out).attr("to", (long) to.code());
    }

    private String shortName() {
        return target == DataType.FLOAT16 ? "fp16" : "bf16";
    }

    /** Decides a flexible constant's type(s) from its readers, converting, keeping or duplicating it. */
    private void resolve(Flex f) {
        boolean wantsLow = !f.lowUses.isEmpty(), wantsF32 = !f.f32Uses.isEmpty();
        St primary;
        if (f.pinned != null) {
            primary = f.pinned;
        } else if (wantsLow && !wantsF32) {
            primary = St.LOW;
        } else {
            primary = St.F32;
        }
        if (primary == St.LOW && !f.convertible) {
            primary = St.F32;
        }
        Ctx owner = f.owner;
        owner.storage.put(f.name, primary);
        if (primary == St.LOW) {
            convertInPlace(f);
        }
        List<Use> others = primary == St.LOW ? f.f32Uses : f.lowUses;
        if (others.isEmpty()) {
            return;
        }
        St other = primary == St.LOW ? St.F32 : St.LOW;
        if (other == St.LOW && !f.convertible) {
            for (Use u : others) {
                if (u.node != null) {
                    u.node.inputs().set(u.index, castFor(u.ctx, f.name, St.LOW));
                } else {
                    outputCast(u, f.name, St.LOW);
                }
                flush(u.ctx);
            }
            return;
        }
        String copy = fresh(f.name + (other == St.LOW ? "_" + shortName() : "_fp32"));
        makeCopy(f, copy, other);
        owner.storage.put(copy, other);
        for (Use u : others) {
            if (u.node != null) {
                u.node.inputs().set(u.index, copy);
            } else if (u.index >= 0) {
                ValueInfo v = u.ctx.g.outputs().get(u.index);
                u.ctx.g.outputs().set(u.index, new ValueInfo(copy, v.type(), v.docString(), v.metadata()));
                u.ctx.storage.put(copy, other);
            } else {
                renameReads(u.ctx.g, f.name, copy, false);
            }
        }
    }

    private void outputCast(Use u, String name, St st) {
        String cast = castFor(u.ctx, name, st);
        if (u.index < 0) {
            renameReads(u.ctx.g, name, cast, false);
        } else {
            ValueInfo v = u.ctx.g.outputs().get(u.index);
            u.ctx.g.outputs().set(u.index, new ValueInfo(cast, v.type(), v.docString(), v.metadata()));
        }
    }

    private void convertInPlace(Flex f) {
        Graph g = f.owner.g;
        if (f.constantNode == null) {
            g.initializers().put(f.name, narrowing.narrow(g.initializers().get(f.name)));
            initializersConverted++;
        } else {
            Tensor v = TypeAnalysis.constantValue(f.constantNode);
            f.constantNode.attributes().clear();
            f.constantNode.attr("value", narrowing.narrow(v));
            constantsConverted++;
        }
    }

    private void makeCopy(Flex f, String copy, St st) {
        Graph g = f.owner.g;
        Tensor original = f.constantNode == null ? g.initializers().get(f.name) : TypeAnalysis.constantValue(f.constantNode);
        Tensor value;
        if (st == St.LOW) {
            value = narrowing.narrow(original);
        } else {
            value = original.type() == DataType.FLOAT ? original : Narrowing.widen(original);
        }
        if (f.constantNode == null) {
            g.initializers().put(copy, value);
            if (f.owner.main && model.irVersion() < 4) {
                g.inputs().add(ValueInfo.tensor(copy, value.type(), Shape.of(value.shape())));
            }
            initializersDuplicated++;
        } else {
            g.nodes().add(Node.of("Constant").name(fresh(copy)).outputs(copy).attr("value", value));
            constantsConverted++;
        }
    }

    /** Sets {@code to}/{@code dtype}/{@code value} of an op whose output type an attribute decides. */
    private void retypeAttributes(Node n, Plan p) {
        if (p.lowOut.length == 0 || !p.lowOut[0]) {
            return;
        }
        long code = target.code();
        switch (n.opType()) {
            case "Cast" -> n.attr("to", code);
            case "ConstantOfShape" -> {
                Attribute v = n.attribute("value");
                Tensor t = v == null ? Tensor.ofFloats(new long[]{1}, 0f) : v.asTensor();
                n.attr("value", narrowing.narrow(t));
                constantsConverted++;
            }
            case "RandomNormal", "RandomUniform" -> n.attr("dtype", code);
            case "RandomNormalLike", "RandomUniformLike", "EyeLike", "Bernoulli" -> {
                if (n.hasAttribute("dtype")) {
                    n.attr("dtype", code);
                }
            }
            default -> {
            }
        }
    }

    /** Declared types of the graph's inputs, outputs and value_info follow the values' storage. */
    private void retypeDeclared(Ctx ctx) {
        Graph g = ctx.g;
        retype(ctx, g.inputs());
        retype(ctx, g.outputs());
        retype(ctx, g.valueInfos());
    }

    private void retype(Ctx ctx, List<ValueInfo> list) {
        for (int i = 0; i < list.size(); i++) {
            ValueInfo v = list.get(i);
            if (v.type() instanceof Type.TensorType tt && (tt.elementType() == DataType.FLOAT || tt.elementType() == target)) {
                St s = lookup(ctx, v.name());
                DataType want = s == St.LOW ? target : s == St.F32 ? DataType.FLOAT : tt.elementType();
                if (want != tt.elementType()) {
                    list.set(i, v.withType(new Type.TensorType(want, tt.shape(), tt.denotation())));
                }
            }
        }
    }

    /**
     * Replaces reads of {@code from} by {@code to} in {@code g}'s nodes and its sub-graphs that do not define
     * {@code from} themselves; {@code outputs} also renames graph outputs of the sub-graphs (the main graph's
     * output names never change).
     */
    private void renameReads(Graph g, String from, String to, boolean top) {
        for (Node n : g.nodes()) {
            for (int i = 0; i < n.inputs().size(); i++) {
                if (n.input(i).equals(from)) {
                    n.inputs().set(i, to);
                }
            }
            for (Graph s : n.subgraphs()) {
                if (!types.defines(s, from)) {
                    renameReads(s, from, to, false);
                }
            }
        }
        if (!top) {
            for (int k = 0; k < g.outputs().size(); k++) {
                ValueInfo v = g.outputs().get(k);
                if (v.name().equals(from)) {
                    g.outputs().set(k, new ValueInfo(to, v.type(), v.docString(), v.metadata()));
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private void collectNames(Graph g) {
        g.inputs().forEach(v -> names.add(v.name()));
        g.outputs().forEach(v -> names.add(v.name()));
        g.valueInfos().forEach(v -> names.add(v.name()));
        names.addAll(g.initializers().keySet());
        names.addAll(g.sparseInitializers().keySet());
        for (Node n : g.nodes()) {
            names.addAll(n.inputs());
            names.addAll(n.outputs());
            if (!n.name().isEmpty()) {
                names.add(n.name());
            }
            for (Graph s : n.subgraphs()) {
                collectNames(s);
            }
        }
    }

    private String fresh(String base) {
        String name = base;
        for (int i = 1; names.contains(name); i++) {
            name = base + "_" + i;
        }
        names.add(name);
        return name;
    }

    private static long weightBytes(Graph g) {
        long[] total = {0};
        Graphs.forEachGraph(g, x -> {
            for (Tensor t : x.initializers().values()) {
                total[0] += t.byteSize();
            }
            for (Node n : x.nodes()) {
                if (n.opType().equals("Constant") && n.attribute("value") != null) {
                    total[0] += n.attribute("value").asTensor().byteSize();
                }
            }
        });
        return total[0];
    }

    private static void sortNodes(Graph g) {
        try {
            List<Node> order = Graphs.topologicalOrder(g);
            g.nodes().clear();
            g.nodes().addAll(order);
        } catch (Graphs.CycleException e) {
            // left as it was; the validator names the cycle
        }
    }
}
