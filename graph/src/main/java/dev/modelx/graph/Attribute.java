package dev.modelx.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A named node attribute. Values are held as: FLOAT {@code Float}, INT {@code Long}, STRING {@code String},
 * TENSOR {@link Tensor}, GRAPH {@link Graph}, SPARSE_TENSOR {@link SparseTensor}, TYPE {@link Type},
 * FLOATS {@code float[]}, INTS {@code long[]}, STRINGS/TENSORS/GRAPHS/SPARSE_TENSORS/TYPES immutable lists.
 * A REFERENCE attribute (inside a function body) names the caller's attribute in {@link #refAttrName()} and
 * has the expected kind in {@link #referencedKind()}.
 */
public final class Attribute {

    private final String name;
    private final AttributeKind kind;
    private final Object value;
    private final String refAttrName;
    private final AttributeKind referencedKind;
    private final String docString;

    private Attribute(String name, AttributeKind kind, Object value, String refAttrName, AttributeKind referencedKind, String docString) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = kind;
        this.value = value;
        this.refAttrName = refAttrName;
        this.referencedKind = referencedKind;
        this.docString = docString;
    }

    public static Attribute of(String name, float v) {
        return new Attribute(name, AttributeKind.FLOAT, v, null, null, null);
    }

    public static Attribute of(String name, long v) {
        return new Attribute(name, AttributeKind.INT, v, null, null, null);
    }

    public static Attribute of(String name, String v) {
        return new Attribute(name, AttributeKind.STRING, Objects.requireNonNull(v), null, null, null);
    }

    public static Attribute of(String name, Tensor v) {
        return new Attribute(name, AttributeKind.TENSOR, Objects.requireNonNull(v), null, null, null);
    }

    public static Attribute of(String name, Graph v) {
        return new Attribute(name, AttributeKind.GRAPH, Objects.requireNonNull(v), null, null, null);
    }

    public static Attribute of(String name, SparseTensor v) {
        return new Attribute(name, AttributeKind.SPARSE_TENSOR, Objects.requireNonNull(v), null, null, null);
    }

    public static Attribute of(String name, Type v) {
        return new Attribute(name, AttributeKind.TYPE, Objects.requireNonNull(v), null, null, null);
    }

    public static Attribute floats(String name, float... v) {
        return new Attribute(name, AttributeKind.FLOATS, v.clone(), null, null, null);
    }

    public static Attribute ints(String name, long... v) {
        return new Attribute(name, AttributeKind.INTS, v.clone(), null, null, null);
    }

    public static Attribute strings(String name, List<String> v) {
        return new Attribute(name, AttributeKind.STRINGS, List.copyOf(v), null, null, null);
    }

    public static Attribute tensors(String name, List<Tensor> v) {
        return new Attribute(name, AttributeKind.TENSORS, List.copyOf(v), null, null, null);
    }

    public static Attribute graphs(String name, List<Graph> v) {
        return new Attribute(name, AttributeKind.GRAPHS, List.copyOf(v), null, null, null);
    }

    public static Attribute sparseTensors(String name, List<SparseTensor> v) {
        return new Attribute(name, AttributeKind.SPARSE_TENSORS, List.copyOf(v), null, null, null);
    }

    public static Attribute types(String name, List<Type> v) {
        return new Attribute(name, AttributeKind.TYPES, List.copyOf(v), null, null, null);
    }

    /** A function-body attribute that takes its value from the calling node's attribute {@code refAttrName}. */
    public static Attribute reference(String name, String refAttrName, AttributeKind referencedKind) {
        return new Attribute(name, AttributeKind.REFERENCE, null, Objects.requireNonNull(refAttrName), referencedKind, null);
    }

    public Attribute withDocString(String doc) {
        return new Attribute(name, kind, value, refAttrName, referencedKind, doc);
    }

    public Attribute withName(String newName) {
        return new Attribute(newName, kind, value, refAttrName, referencedKind, docString);
    }

    public String name() {
        return name;
    }

    public AttributeKind kind() {
        return kind;
    }

    public Object value() {
        return value;
    }

    public String refAttrName() {
        return refAttrName;
    }

    public AttributeKind referencedKind() {
        return referencedKind;
    }

    public String docString() {
        return docString;
    }

    public float asFloat() {
        if (kind == AttributeKind.INT) {
            return (Long) value;
        }
        return (Float) expect(AttributeKind.FLOAT);
    }

    public long asLong() {
        return (Long) expect(AttributeKind.INT);
    }

    public int asInt() {
        return Math.toIntExact(asLong());
    }

    public String asString() {
        return (String) expect(AttributeKind.STRING);
    }

    public Tensor asTensor() {
        return (Tensor) expect(AttributeKind.TENSOR);
    }

    public Graph asGraph() {
        return (Graph) expect(AttributeKind.GRAPH);
    }

    public SparseTensor asSparseTensor() {
        return (SparseTensor) expect(AttributeKind.SPARSE_TENSOR);
    }

    public Type asType() {
        return (Type) expect(AttributeKind.TYPE);
    }

    public float[] asFloats() {
        return ((float[]) expect(AttributeKind.FLOATS)).clone();
    }

    public long[] asLongs() {
        return ((long[]) expect(AttributeKind.INTS)).clone();
    }

    public int[] asInts() {
        long[] l = asLongs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = Math.toIntExact(l[i]);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public List<String> asStrings() {
        return (List<String>) expect(AttributeKind.STRINGS);
    }

    @SuppressWarnings("unchecked")
    public List<Tensor> asTensors() {
        return (List<Tensor>) expect(AttributeKind.TENSORS);
    }

    @SuppressWarnings("unchecked")
    public List<Graph> asGraphs() {
        return (List<Graph>) expect(AttributeKind.GRAPHS);
    }

    @SuppressWarnings("unchecked")
    public List<SparseTensor> asSparseTensors() {
        return (List<SparseTensor>) expect(AttributeKind.SPARSE_TENSORS);
    }

    @SuppressWarnings("unchecked")
    public List<Type> asTypes() {
        return (List<Type>) expect(AttributeKind.TYPES);
    }

    /** The sub-graphs this attribute holds (none, one or many). */
    public List<Graph> subgraphs() {
        if (kind == AttributeKind.GRAPH) {
            return List.of((Graph) value);
        }
        if (kind == AttributeKind.GRAPHS) {
            return asGraphs();
        }
        return List.of();
    }

    private Object expect(AttributeKind wanted) {
        if (kind != wanted) {
            throw new IllegalArgumentException("Attribute '" + name + "' is " + kind + ", expected " + wanted);
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Attribute a) || kind != a.kind || !name.equals(a.name)
                || !Objects.equals(refAttrName, a.refAttrName) || referencedKind != a.referencedKind
                || !Objects.equals(docString, a.docString)) {
            return false;
        }
        if (value instanceof float[] f) {
            return Arrays.equals(f, (float[]) a.value);
        }
        if (value instanceof long[] l) {
            return Arrays.equals(l, (long[]) a.value);
        }
        if (value instanceof Float f) {
            return Float.floatToIntBits(f) == Float.floatToIntBits((Float) a.value);
        }
        return Objects.equals(value, a.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind);
    }

    @Override
    public String toString() {
        String v;
        if (kind == AttributeKind.REFERENCE) {
            v = "@" + refAttrName;
        } else if (value instanceof float[] f) {
            v = Arrays.toString(f);
        } else if (value instanceof long[] l) {
            v = Arrays.toString(l);
        } else if (value instanceof Graph g) {
            v = "graph '" + g.name() + "' (" + g.nodes().size() + " nodes)";
        } else if (value instanceof String s) {
            v = "\"" + s + "\"";
        } else {
            v = String.valueOf(value);
        }
        return name + "=" + v;
    }
}
