package dev.modelx.importer.paddle;

import dev.modelx.graph.DataType;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One Paddle op in the form every converter reads, whichever file it came from: legacy slot names
 * ("X", "Filter", "Out") bound to variable names, attributes as plain Java values (Long, Double, String,
 * Boolean, long[], double[], boolean[], List of String, DataType), nested blocks of control-flow ops, and a
 * label for provenance and messages.
 */
public record SourceOp(String type, Map<String, List<String>> inputs, Map<String, List<String>> outputs,
                       Map<String, Object> attrs, List<SourceBlock> blocks, String label) {

    /** The variables bound to an input slot (empty when absent). */
    public List<String> inputs(String slot) {
        return inputs.getOrDefault(slot, List.of());
    }

    public List<String> outputs(String slot) {
        return outputs.getOrDefault(slot, List.of());
    }

    public boolean hasInput(String slot) {
        return !inputs(slot).isEmpty() && !inputs(slot).get(0).isEmpty();
    }

    public boolean hasOutput(String slot) {
        return !outputs(slot).isEmpty() && !outputs(slot).get(0).isEmpty();
    }

    /** The single variable of an input slot; a format error naming the op when it is missing. */
    public String input(String slot) {
        if (!hasInput(slot)) {
            throw new IllegalArgumentException("op " + label + " has no input '" + slot + "'");
        }
        return inputs(slot).get(0);
    }

    public String output(String slot) {
        if (!hasOutput(slot)) {
            throw new IllegalArgumentException("op " + label + " has no output '" + slot + "'");
        }
        return outputs(slot).get(0);
    }

    public boolean has(String attr) {
        return attrs.containsKey(attr);
    }

    public long i(String attr, long dflt) {
        Object v = attrs.get(attr);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof long[] a && a.length == 1) {
            return a[0];
        }
        throw bad(attr, v, "an integer");
    }

    public double f(String attr, double dflt) {
        Object v = attrs.get(attr);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof double[] a && a.length == 1) {
            return a[0];
        }
        throw bad(attr, v, "a number");
    }

    public boolean b(String attr, boolean dflt) {
        Object v = attrs.get(attr);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.longValue() != 0;
        }
        throw bad(attr, v, "a bool");
    }

    public String s(String attr, String dflt) {
        Object v = attrs.get(attr);
        if (v == null) {
            return dflt;
        }
        return v.toString();
    }

    public long[] ints(String attr) {
        return ints(attr, new long[0]);
    }

    public long[] ints(String attr, long[] dflt) {
        Object v = attrs.get(attr);
        if (v == null) {
            return dflt;
        }
        if (v instanceof long[] a) {
            return a;
        }
        if (v instanceof double[] a) {
            return Arrays.stream(a).mapToLong(d -> (long) d).toArray();
        }
        if (v instanceof Number n) {
            return new long[] {n.longValue()};
        }
        if (v instanceof boolean[] a) {
            long[] o = new long[a.length];
            for (int k = 0; k < a.length; k++) {
                o[k] = a[k] ? 1 : 0;
            }
            return o;
        }
        throw bad(attr, v, "a list of integers");
    }

    public double[] floats(String attr) {
        Object v = attrs.get(attr);
        if (v == null) {
            return new double[0];
        }
        if (v instanceof double[] a) {
            return a;
        }
        if (v instanceof long[] a) {
            return Arrays.stream(a).asDoubleStream().toArray();
        }
        if (v instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        throw bad(attr, v, "a list of numbers");
    }

    @SuppressWarnings("unchecked")
    public List<String> strings(String attr) {
        Object v = attrs.get(attr);
        return v instanceof List<?> l ? (List<String>) l : List.of();
    }

    /** A dtype attribute: a VarType code (legacy) or a DataType (PIR); empty when absent or -1. */
    public java.util.Optional<DataType> dtype(String attr) {
        Object v = attrs.get(attr);
        if (v instanceof DataType t) {
            return java.util.Optional.of(t);
        }
        if (v instanceof Number n && n.intValue() >= 0) {
            return dev.modelx.format.paddle.PaddleDataTypes.fromVarTypeCode(n.intValue());
        }
        return java.util.Optional.empty();
    }

    private IllegalArgumentException bad(String attr, Object v, String wanted) {
        return new IllegalArgumentException("op " + label + ": attribute '" + attr + "' is " + describe(v) + ", expected " + wanted);
    }

    private static String describe(Object v) {
        if (v instanceof long[] a) {
            return Arrays.toString(a);
        }
        if (v instanceof double[] a) {
            return Arrays.toString(a);
        }
        return String.valueOf(v);
    }
}
