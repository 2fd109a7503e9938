package dev.modelx.graph;

import java.util.Objects;

/**
 * The type of a value flowing along an edge: a tensor, a sparse tensor, a sequence, a map, an optional,
 * or an opaque type that modelx carries but does not interpret. {@code denotation} is kept where set.
 */
public sealed interface Type permits Type.TensorType, Type.SparseTensorType, Type.SequenceType, Type.MapType,
        Type.OptionalType, Type.OpaqueType {

    String denotation();

    /** A tensor; {@code shape} null means the rank is unknown. */
    record TensorType(DataType elementType, Shape shape, String denotation) implements Type {
        public TensorType {
            Objects.requireNonNull(elementType, "elementType");
        }

        public TensorType(DataType elementType, Shape shape) {
            this(elementType, shape, null);
        }

        @Override
        public String toString() {
            return elementType.displayName() + (shape == null ? "[?]" : shape.toString());
        }
    }

    record SparseTensorType(DataType elementType, Shape shape, String denotation) implements Type {
        @Override
        public String toString() {
            return "sparse " + elementType.displayName() + (shape == null ? "[?]" : shape.toString());
        }
    }

    /** A sequence; {@code elementType} null means unknown. */
    record SequenceType(Type elementType, String denotation) implements Type {
        public SequenceType(Type elementType) {
            this(elementType, null);
        }

        @Override
        public String toString() {
            return "seq(" + elementType + ")";
        }
    }

    record MapType(DataType keyType, Type valueType, String denotation) implements Type {
        public MapType(DataType keyType, Type valueType) {
            this(keyType, valueType, null);
        }

        @Override
        public String toString() {
            return "map(" + keyType.displayName() + ", " + valueType + ")";
        }
    }

    record OptionalType(Type elementType, String denotation) implements Type {
        public OptionalType(Type elementType) {
            this(elementType, null);
        }

        @Override
        public String toString() {
            return "optional(" + elementType + ")";
        }
    }

    record OpaqueType(String domain, String name, String denotation) implements Type {
        @Override
        public String toString() {
            return "opaque(" + domain + "." + name + ")";
        }
    }

    static TensorType tensor(DataType elementType, long... shape) {
        return new TensorType(elementType, Shape.of(shape));
    }

    static TensorType tensor(DataType elementType, Shape shape) {
        return new TensorType(elementType, shape);
    }
}
