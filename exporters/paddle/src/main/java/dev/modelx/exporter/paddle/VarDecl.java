package dev.modelx.exporter.paddle;

import dev.modelx.graph.DataType;

/** A variable of the written program: element type, dims (-1 unknown) and whether it is a persistable parameter. */
public record VarDecl(String name, DataType dtype, long[] dims, boolean persistable) {
}
