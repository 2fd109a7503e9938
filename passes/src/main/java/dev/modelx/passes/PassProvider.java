package dev.modelx.passes;

/**
 * Adds a pass to {@link PassRegistry} from another module: implement this and list the class in
 * {@code META-INF/services/dev.modelx.passes.PassProvider}.
 */
public interface PassProvider {

    /** The name pipelines use for the pass; must differ from the built-in names. */
    String name();

    Pass create(PassOptions options);
}
