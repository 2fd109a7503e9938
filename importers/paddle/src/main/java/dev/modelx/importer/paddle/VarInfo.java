package dev.modelx.importer.paddle;

import dev.modelx.graph.DataType;

/**
 * What the source file declares about a variable: element type (null if unknown), dims (-1 unknown; null if
 * rank unknown), LoD level, whether it is a tensor array or another non-tensor kind, and whether it is a tensor
 * array (LOD_TENSOR_ARRAY, held in the graph as a sequence).
 */
public record VarInfo(DataType dtype, long[] dims, int lodLevel, boolean isArrayLike, boolean isTensorArray) {

    public VarInfo(DataType dtype, long[] dims, int lodLevel, boolean isArrayLike) {
        this(dtype, dims, lodLevel, isArrayLike, false);
    }

    public VarInfo(DataType dtype, long[] dims, int lodLevel) {
        this(dtype, dims, lodLevel, false, false);
    }

    public int rank() {
        return dims == null ? -1 : dims.length;
    }
}
