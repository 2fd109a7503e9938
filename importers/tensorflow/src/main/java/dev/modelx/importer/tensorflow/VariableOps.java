package dev.modelx.importer.tensorflow;

/** Variables read from the SavedModel checkpoint become initializers; reads of them are identities. */
final class VariableOps {

    private VariableOps() {
    }

    static void register(OpRegistry r) {
        r.register(VariableOps::variable, "VariableV2", "Variable", "VarHandleOp");
        r.register((n, s) -> s.out(n, 0, s.in(n, 0)), "ReadVariableOp");
    }

    private static void variable(TfNode n, Scope s) {
        if (s.session.variables == null) {
            throw new TfImportException(n.describe() + ": the model has no variables checkpoint (a frozen graph must hold "
                    + "its weights as Const nodes)");
        }
        s.out(n, 0, s.session.constant(s.session.variables.value(n), s.prefix() + n.name()));
    }
}
