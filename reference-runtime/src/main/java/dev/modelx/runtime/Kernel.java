package dev.modelx.runtime;

/**
 * One version of one operator. A kernel reads its inputs and attributes from the context and sets its
 * outputs; it checks what it is given and reports bad input through {@link OpContext#error}.
 * Implementations are small and stateless; a faster or GPU implementation can replace one op by
 * registering over it.
 */
@FunctionalInterface
public interface Kernel {
    void run(OpContext ctx);
}
