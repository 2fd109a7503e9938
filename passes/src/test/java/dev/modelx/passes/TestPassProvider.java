package dev.modelx.passes;

import dev.modelx.graph.Model;

/** A pass contributed through ServiceLoader (listed in the test resources), to prove the registry finds it. */
public final class TestPassProvider implements PassProvider {

    @Override
    public String name() {
        return "test-noop";
    }

    @Override
    public Pass create(PassOptions options) {
        return new BasePass(options) {
            @Override
            public String name() {
                return "test-noop";
            }

            @Override
            public String description() {
                return "does nothing, from a test provider";
            }

            @Override
            public Preservation preservation() {
                return Preservation.EXACT;
            }

            @Override
            protected void apply(Model model, Changes changes) {
                changes.note("nothing to do");
            }
        };
    }
}
