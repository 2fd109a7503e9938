package dev.modelx.bench;

import dev.modelx.graph.Tensor;

import java.util.Map;

/** One way of running a model on fixed inputs (the inputs are prepared once, outside the timing). */
interface Runner extends AutoCloseable {

    String name();

    Map<String, Tensor> run() throws Exception;

    @Override
    default void close() throws Exception {
    }
}
