package dev.modelx.verify;

/** Hears a verification's progress: each stage (running A, running B, a bisection pass) and each node run in it. */
public interface VerifyListener {

    VerifyListener NONE = new VerifyListener() {
    };

    /** A stage begins; {@code nodes} is how many node steps it will report (0 when the runtime reports none). */
    default void stage(String name, int nodes) {
    }

    /** One node of the current stage has run. */
    default void step(String node) {
    }

    /** The current stage has ended. */
    default void done() {
    }
}
