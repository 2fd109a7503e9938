package dev.modelx.passes;

import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;

/**
 * {@code fold}: evaluates every deterministic node whose inputs are all constants once, on the reference
 * runtime's kernels, and replaces it by initializers; Constant nodes become initializers. Works inside
 * If/Loop/Scan bodies too, where values captured from enclosing graphs count as constants when they are.
 * Random ops, ops with sub-graphs, DequantizeLinear and outputs above {@link PassOptions#foldMaxBytes()}
 * are left alone.
 */
public final class ConstantFolding extends BasePass {

    public ConstantFolding(PassOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return "fold";
    }

    @Override
    public String description() {
        return "evaluate nodes whose inputs are all constants once and store their outputs as initializers";
    }

    @Override
    public Preservation preservation() {
        return Preservation.EXACT;
    }

    @Override
    protected void apply(Model model, Changes changes) {
        fold(Scope.main(model), new Folder(model, options), changes);
    }

    private static void fold(Scope scope, Folder folder, Changes changes) {
        for (Node n : Order.topological(scope.graph)) {
            if (folder.tryFold(scope, n, changes)) {
                continue;
            }
            for (Graph sub : n.subgraphs()) {
                fold(scope.child(sub), folder, changes);
            }
        }
    }
}
