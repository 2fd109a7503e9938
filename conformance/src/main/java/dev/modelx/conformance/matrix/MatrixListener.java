package dev.modelx.conformance.matrix;

/** Hears the progress of a matrix run (calls are serialised; the CLI draws a progress bar). */
public interface MatrixListener {

    MatrixListener NONE = new MatrixListener() {
    };

    default void cellStarted(ConformanceMatrix.Cell cell, int index, int total) {
    }

    default void cellFinished(MatrixCase result, int index, int total) {
    }
}
