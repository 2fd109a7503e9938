package dev.modelx.passes.opset;

/**
 * Converts one node across one op-version boundary (or replaces it with other nodes). It reads and edits the
 * node through the {@link Step}, may emit nodes before or after it, and blocks with a reason when the node's
 * meaning cannot be kept.
 */
@FunctionalInterface
interface Adapter {
    void adapt(Step step);
}
