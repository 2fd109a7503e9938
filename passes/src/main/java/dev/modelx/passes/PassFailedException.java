package dev.modelx.passes;

/** A pass left the model structurally broken (a bug in the pass); names the pass and the first problem. */
public final class PassFailedException extends IllegalStateException {

    private final String pass;

    public PassFailedException(String pass, String problem) {
        super("pass '" + pass + "' broke the model: " + problem);
        this.pass = pass;
    }

    public String pass() {
        return pass;
    }
}
