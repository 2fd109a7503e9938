package dev.modelx.passes.opset;

import dev.modelx.passes.Pass;
import dev.modelx.passes.PassOptions;
import dev.modelx.passes.PassProvider;

/** Registers {@link OpsetPass} as {@code opset} (to the newest op set) in {@link dev.modelx.passes.PassRegistry}. */
public final class OpsetPassProvider implements PassProvider {

    @Override
    public String name() {
        return OpsetPass.NAME;
    }

    @Override
    public Pass create(PassOptions options) {
        return new OpsetPass();
    }
}
