package dev.modelx.exporter.paddle;

import dev.modelx.graph.DataType;

/**
 * A variable of the written program: element type, dims (-1 unknown), whether it is a persistable parameter,
 * and its kind: a tensor, a tensor array (LOD_TENSOR_ARRAY, a Loop's scan output being collected) or the
 * STEP_SCOPES of a control-flow op (no element type, no dims).
 */
public record VarDecl(String name, DataType dtype, long[] dims, boolean persistable, Kind kind) {

    public enum Kind { TENSOR, TENSOR_ARRAY, STEP_SCOPES }

    public VarDecl(String name, DataType dtype, long[] dims, boolean persistable) {
        this(name, dtype, dims, persistable, Kind.TENSOR);
    }

    static VarDecl stepScopes(String name) {
        return new VarDecl(name, null, null, false, Kind.STEP_SCOPES);
    }

    static VarDecl tensorArray(String name, DataType t, long[] elementDims) {
        return new VarDecl(name, t, elementDims, false, Kind.TENSOR_ARRAY);
    }

    public boolean isStepScopes() {
        return kind == Kind.STEP_SCOPES;
    }
}
