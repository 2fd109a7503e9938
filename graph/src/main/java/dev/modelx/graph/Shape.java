package dev.modelx.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A tensor shape whose dimensions may be static, symbolic or unknown. A null Shape means unknown rank. */
public record Shape(List<Dim> dims) {

    public Shape {
        dims = List.copyOf(dims);
    }

    public static Shape of(long... sizes) {
        List<Dim> d = new ArrayList<>(sizes.length);
        for (long s : sizes) {
            d.add(Dim.of(s));
        }
        return new Shape(d);
    }

    /**
     * Builds from a mix of Long/Integer (static) and String (symbolic) entries; null means unknown. With only
     * numbers, call {@code Shape.of(new long[]{...})}: Java cannot choose between the two overloads otherwise.
     */
    public static Shape of(Object... entries) {
        List<Dim> d = new ArrayList<>(entries.length);
        for (Object e : entries) {
            if (e == null) {
                d.add(Dim.unknown());
            } else if (e instanceof Number n) {
                d.add(Dim.of(n.longValue()));
            } else {
                d.add(Dim.symbolic(e.toString()));
            }
        }
        return new Shape(d);
    }

    public int rank() {
        return dims.size();
    }

    public Dim dim(int i) {
        return dims.get(i);
    }

    public boolean isStatic() {
        return dims.stream().allMatch(Dim::isStatic);
    }

    /** The sizes, when every dimension is static. */
    public long[] toArray() {
        long[] out = new long[dims.size()];
        for (int i = 0; i < out.length; i++) {
            Dim d = dims.get(i);
            if (!d.isStatic()) {
                throw new IllegalStateException("Shape " + this + " is not static (dimension " + i + " is '" + d + "')");
            }
            out[i] = d.value();
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims.get(i));
        }
        return sb.append(']').toString();
    }

    public static String format(long[] shape) {
        return Arrays.toString(shape);
    }
}
