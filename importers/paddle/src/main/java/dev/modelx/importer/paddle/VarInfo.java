package dev.modelx.importer.paddle;

import dev.modelx.graph.DataType;

/**
 * What the source file declares about a variable: element type (null if unknown), dims (-1 unknown; null if
 * rank unknown), LoD level, and whether it is a tensor array or another non-tensor kind.
 */
public record VarInfo(DataType dtype, long[] dims, int lodLevel, boolean isArrayLike) {

    public VarInfo(DataType dtype, long[] dims, int lodLevel) {
        this(dtype, dims, lodLevel, false);
    }

    public int rank() {
        return dims == null ? -1 : dims.length;
    }
}
