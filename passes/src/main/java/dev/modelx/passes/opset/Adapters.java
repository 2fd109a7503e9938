package dev.modelx.passes.opset;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.AttributeKind;
import dev.modelx.graph.Node;
import dev.modelx.passes.opset.OpSchemas.AttrSpec;
import dev.modelx.passes.opset.OpSchemas.Formal;
import dev.modelx.passes.opset.OpSchemas.OpSchema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The adapters by op and version boundary, and the generic adapter that every step runs last: it checks the
 * node against the version it moves to, drops attributes the new version lacks when they hold their
 * default (or are legacy hints), writes out defaults that changed between versions, and blocks on anything
 * else (an attribute or input the new version cannot express).
 */
final class Adapters {

    private static final Map<String, Adapter> UP = new HashMap<>();
    private static final Map<String, Adapter> DOWN = new HashMap<>();
    private static final Map<String, Adapter> EXPAND = new HashMap<>();

    /** Attributes that were only ever optimization hints. */
    private static final Set<String> LEGACY = Set.of("consumed_inputs", "is_test");

    static {
        LegacyAdapters.register();
        InputAttributeAdapters.register();
        SemanticAdapters.register();
        ResizeAdapters.register();
        Expansions.register();
        AttentionExpansion.register();
    }

    private Adapters() {
    }

    /** Registers the adapter that moves {@code op} up into its version {@code version}. */
    static void up(String op, int version, Adapter a) {
        UP.merge(op + "@" + version, a, Adapters::chain);
    }

    /** Registers the adapter that moves {@code op} from its version {@code version} down to the one before. */
    static void down(String op, int version, Adapter a) {
        DOWN.merge(op + "@" + version, a, Adapters::chain);
    }

    /** Registers how to replace {@code op} by older ops, where no older version of it exists. */
    static void expand(String op, Adapter a) {
        EXPAND.put(op, a);
    }

    static Adapter upgrade(String op, int version) {
        return withGeneric(UP.get(op + "@" + version));
    }

    static Adapter downgrade(String op, int version) {
        return withGeneric(DOWN.get(op + "@" + version));
    }

    static Adapter expansion(String op) {
        return EXPAND.get(op);
    }

    private static Adapter chain(Adapter a, Adapter b) {
        return s -> {
            a.adapt(s);
            if (s.blocked == null && !s.removed && s.before.isEmpty() && s.after.isEmpty()) {
                b.adapt(s);
            }
        };
    }

    private static Adapter withGeneric(Adapter specific) {
        if (specific == null) {
            return Adapters::generic;
        }
        return s -> {
            specific.adapt(s);
            if (s.blocked == null && !s.removed) {
                generic(s);
            }
        };
    }

    /** Makes the node conform to {@code s.toSchema} given it conforms to {@code s.fromSchema}. */
    static void generic(Step s) {
        Node n = s.node;
        OpSchema a = s.fromSchema;
        OpSchema b = s.toSchema;
        if (b == null) {
            s.block(n.opType() + " has no version at op set " + s.to);
            return;
        }
        for (Attribute attr : new ArrayList<>(n.attributes().values())) {
            if (b.attributes().containsKey(attr.name())) {
                continue;
            }
            AttrSpec spec = a == null ? null : a.attributes().get(attr.name());
            if (LEGACY.contains(attr.name()) || spec != null && isDefault(attr, spec) || attr.kind() == AttributeKind.REFERENCE) {
                n.attributes().remove(attr.name());
                continue;
            }
            s.block(s.up() ? "attribute " + attr + " has no equivalent in " + b
                    : "attribute " + attr + " needs op set " + a.since() + " (" + b + " has no such attribute)");
            return;
        }
        for (AttrSpec bs : b.attributes().values()) {
            if (n.hasAttribute(bs.name())) {
                continue;
            }
            AttrSpec as = a == null ? null : a.attributes().get(bs.name());
            if (as != null && as.defaultValue() != null && bs.defaultValue() != null && !sameDefault(as, bs)) {
                Attribute d = parseDefault(as);
                if (d != null) {
                    n.attr(d);
                }
            }
            if (bs.required() && !n.hasAttribute(bs.name())) {
                Attribute d = as != null && as.defaultValue() != null ? parseDefault(as) : null;
                if (d == null) {
                    s.block(b + " needs attribute '" + bs.name() + "'");
                    return;
                }
                n.attr(d);
            }
        }
        // Inputs.
        List<String> ins = n.inputs();
        while (!ins.isEmpty() && ins.get(ins.size() - 1).isEmpty()) {
            ins.remove(ins.size() - 1);
        }
        if (ins.size() > b.maxInputs()) {
            for (int i = b.maxInputs(); i < ins.size(); i++) {
                Formal f = a == null ? null : a.input(i);
                String what = "input " + i + (f == null ? "" : " '" + f.name() + "'") + " ('" + ins.get(i) + "')";
                s.block(s.up() ? what + " has no equivalent in " + b
                        : what + " needs op set " + a.since() + " (" + b + " takes " + b.inputs().size() + " inputs)");
                return;
            }
        }
        for (int i = 0; i < b.inputs().size(); i++) {
            Formal f = b.inputs().get(i);
            if (!f.optional() && !f.variadic() && n.input(i).isEmpty()) {
                s.block(b + " needs input '" + f.name() + "'");
                return;
            }
        }
        // Outputs.
        List<String> outs = n.outputs();
        if (outs.size() > b.maxOutputs()) {
            for (int j = b.maxOutputs(); j < outs.size(); j++) {
                if (s.used(outs.get(j))) {
                    Formal f = a == null ? null : a.output(j);
                    s.block("output " + j + (f == null ? "" : " '" + f.name() + "'") + " is used but " + b + " has no such output");
                    return;
                }
            }
            while (outs.size() > b.maxOutputs()) {
                outs.remove(outs.size() - 1);
            }
        }
        for (int j = 0; j < outs.size(); j++) {
            Formal f = b.output(j);
            if (f != null && !f.optional() && !f.variadic() && outs.get(j).isEmpty() && j < b.outputs().size()) {
                outs.set(j, s.tmp("unused"));
            }
        }
    }

    // ---- attribute defaults ----

    /** True when {@code attr} holds the schema's default (or a neutral value for default-less lists). */
    static boolean isDefault(Attribute attr, AttrSpec spec) {
        if (spec.defaultValue() == null) {
            if (attr.kind() == AttributeKind.INTS) {
                long[] v = attr.asLongs();
                String n = spec.name();
                if (n.equals("dilations") || n.equals("strides")) {
                    return allEqual(v, 1);
                }
                if (n.equals("pads")) {
                    return allEqual(v, 0);
                }
            }
            return false;
        }
        Attribute d = parseDefault(spec);
        return d != null && sameValue(attr, d);
    }

    private static boolean allEqual(long[] v, long x) {
        for (long l : v) {
            if (l != x) {
                return false;
            }
        }
        return true;
    }

    static boolean sameValue(Attribute a, Attribute b) {
        if (a.kind() == AttributeKind.FLOAT || b.kind() == AttributeKind.FLOAT) {
            if ((a.kind() == AttributeKind.FLOAT || a.kind() == AttributeKind.INT)
                    && (b.kind() == AttributeKind.FLOAT || b.kind() == AttributeKind.INT)) {
                float x = a.asFloat();
                float y = b.asFloat();
                return x == y || Math.abs(x - y) <= 1e-6 * Math.max(Math.abs(x), Math.abs(y));
            }
            return false;
        }
        if (a.kind() != b.kind()) {
            return false;
        }
        return switch (a.kind()) {
            case INT -> a.asLong() == b.asLong();
            case STRING -> a.asString().equals(b.asString());
            case INTS -> java.util.Arrays.equals(a.asLongs(), b.asLongs());
            case FLOATS -> java.util.Arrays.equals(a.asFloats(), b.asFloats());
            case STRINGS -> a.asStrings().equals(b.asStrings());
            default -> false;
        };
    }

    private static boolean sameDefault(AttrSpec a, AttrSpec b) {
        Attribute x = parseDefault(a);
        Attribute y = parseDefault(b);
        return x == null || y == null || sameValue(x, y);
    }

    /** The schema's default as an attribute, or null when it has none (or one modelx cannot read). */
    static Attribute parseDefault(AttrSpec spec) {
        String d = spec.defaultValue();
        if (d == null) {
            return null;
        }
        String v = d.strip();
        if (v.startsWith("(") && v.endsWith(")")) {
            v = v.substring(1, v.length() - 1).strip();
        }
        try {
            return switch (spec.kind()) {
                case "int" -> Attribute.of(spec.name(), Long.parseLong(v));
                case "float" -> Attribute.of(spec.name(), Float.parseFloat(v));
                case "string" -> Attribute.of(spec.name(), d);
                case "ints" -> Attribute.ints(spec.name(), list(v).stream().mapToLong(Long::parseLong).toArray());
                case "floats" -> {
                    List<String> l = list(v);
                    float[] f = new float[l.size()];
                    for (int i = 0; i < f.length; i++) {
                        f[i] = Float.parseFloat(l.get(i));
                    }
                    yield Attribute.floats(spec.name(), f);
                }
                case "strings" -> Attribute.strings(spec.name(), list(v));
                default -> null;
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static List<String> list(String v) {
        String s = v.strip();
        if (s.startsWith("[")) {
            s = s.substring(1);
        }
        if (s.endsWith("]")) {
            s = s.substring(0, s.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String p : s.split(",")) {
            String t = p.strip();
            if (t.startsWith("'") && t.endsWith("'") && t.length() >= 2) {
                t = t.substring(1, t.length() - 1);
            }
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}
