package dev.modelx.exporter.paddle;

import dev.modelx.graph.DataType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lowers the structured control flow of a translated program ({@link ControlFlowEmitters}) to the legacy ops,
 * laid out as Paddle 2.6's {@code paddle.static.nn.cond} and {@code while_loop} write them:
 * <ul>
 *   <li>cf.if: conditional_block(Cond = cond, is_scalar_condition) running the true block, which ends by
 *   assigning its results to variables of the enclosing block; logical_not(cond) and a second conditional_block
 *   for the false block; cast(cond, int32) as the mask of one select_input(X = [false, true]) per result.</li>
 *   <li>cf.while: the initial values are assigned to the loop variables and the condition to a condition
 *   variable; while(Condition, X = what the body reads from outside) runs the body, which ends by assigning
 *   the next condition and the next values to them.</li>
 * </ul>
 * Each op's Scope / StepScopes output is a STEP_SCOPES variable; {@code sub_block} is set when the program is
 * written ({@link ProgramDescWriter}).
 */
final class LegacyControlFlow {

    private LegacyControlFlow() {
    }

    static void lower(ExportContext c) {
        List<PaddleOp> out = new ArrayList<>();
        for (PaddleOp op : c.ops()) {
            for (SubBlock b : op.blocks()) {
                lower(b.block());
            }
            switch (op.type()) {
                case ControlFlowEmitters.IF -> lowerIf(c, op, out);
                case ControlFlowEmitters.WHILE -> lowerWhile(c, op, out);
                default -> out.add(op);
            }
        }
        c.ops().clear();
        c.ops().addAll(out);
    }

    private static void lowerIf(ExportContext c, PaddleOp op, List<PaddleOp> out) {
        String cond = op.input("Cond");
        List<String> results = op.outputs().get("Out");
        List<String> falseOuts = null, trueOuts = null;
        String branchCond = cond;
        for (int b = 0; b < 2; b++) {
            SubBlock block = op.blocks().get(b);
            ExportContext bc = block.block();
            if (b == 1) {
                branchCond = c.temp("logical_not", DataType.BOOL, dims(c, cond));
                out.add(done(new PaddleOp("logical_not").in("X", cond).out("Out", branchCond).label(op.label())));
            }
            List<String> copies = new ArrayList<>();
            for (int k = 0; k < results.size(); k++) {
                VarDecl d = c.varDecl(results.get(k));
                String copy = c.temp("cond", d.dtype(), d.dims());
                copies.add(copy);
                bc.ops().add(done(new PaddleOp("assign").in("X", block.yields().get(k)).out("Out", copy).label(op.label())));
            }
            PaddleOp cb = new PaddleOp("conditional_block").in("Cond", branchCond).in("Input", captures(bc))
                    .out("Out", copies).out("Scope", c.stepScopes()).b("is_scalar_condition", true).label(op.label());
            cb.block(new SubBlock(bc, List.of(), List.of()));
            out.add(done(cb));
            if (b == 0) {
                trueOuts = copies;
            } else {
                falseOuts = copies;
            }
        }
        String mask = c.temp("cast", DataType.INT32, dims(c, cond));
        out.add(done(new PaddleOp("cast").in("X", cond).out("Out", mask).i("in_dtype", ConstantOps.dtypeCode(DataType.BOOL))
                .i("out_dtype", ConstantOps.dtypeCode(DataType.INT32)).label(op.label())));
        for (int k = 0; k < results.size(); k++) {
            out.add(done(new PaddleOp("select_input").in("X", falseOuts.get(k), trueOuts.get(k)).in("Mask", mask)
                    .out("Out", results.get(k)).label(op.label())));
        }
    }

    private static void lowerWhile(ExportContext c, PaddleOp op, List<PaddleOp> out) {
        List<String> xs = op.inputs().get("X"), loopVars = op.outputs().get("Out");
        SubBlock block = op.blocks().get(0);
        ExportContext bc = block.block();
        for (int k = 0; k < xs.size(); k++) {
            if (!xs.get(k).equals(loopVars.get(k))) {
                out.add(done(new PaddleOp("assign").in("X", xs.get(k)).out("Out", loopVars.get(k)).label(op.label())));
            }
        }
        String c0 = op.input("Cond");
        String condVar = c.temp("while", DataType.BOOL, dims(c, c0));
        out.add(done(new PaddleOp("assign").in("X", c0).out("Out", condVar).label(op.label())));
        // next values that are other loop variables are copied first, so the assignments cannot clobber them
        List<String> next = new ArrayList<>(block.yields().subList(1, block.yields().size()));
        for (int k = 0; k < next.size(); k++) {
            String y = next.get(k);
            if (loopVars.contains(y) && !y.equals(loopVars.get(k))) {
                VarDecl d = c.varDecl(y);
                String copy = bc.temp("assign", d.dtype(), d.dims());
                bc.ops().add(done(new PaddleOp("assign").in("X", y).out("Out", copy).label(op.label())));
                next.set(k, copy);
            }
        }
        bc.ops().add(done(new PaddleOp("assign").in("X", block.yields().get(0)).out("Out", condVar).label(op.label())));
        for (int k = 0; k < next.size(); k++) {
            if (!next.get(k).equals(loopVars.get(k))) {
                bc.ops().add(done(new PaddleOp("assign").in("X", next.get(k)).out("Out", loopVars.get(k)).label(op.label())));
            }
        }
        // as Paddle's While.complete: X = what the body reads from outside plus the outside variables it writes
        // (less the condition), Out = the outside variables it writes
        Set<String> outer = new TreeSet<>();
        for (String v : writes(bc)) {
            if (bc.parent().varDecl(v) != null && !isLocal(bc, v)) {
                outer.add(v);
            }
        }
        Set<String> x = new TreeSet<>(captures(bc));
        x.addAll(outer);
        x.remove(condVar);
        PaddleOp w = new PaddleOp("while").in("X", new ArrayList<>(x)).in("Condition", condVar).out("Out", new ArrayList<>(outer))
                .out("StepScopes", c.stepScopes()).b("is_test", true).label(op.label());
        w.block(new SubBlock(bc, List.of(), List.of()));
        out.add(done(w));
    }

    private static PaddleOp done(PaddleOp op) {
        OpDefs.complete(op);
        return op;
    }

    private static long[] dims(ExportContext c, String var) {
        VarDecl d = c.varDecl(var);
        return d == null || d.dims() == null ? new long[0] : d.dims();
    }

    private static boolean isLocal(ExportContext c, String var) {
        return c.vars().containsKey(var);
    }

    /** Variables the block (nested blocks included) reads before writing them: its inputs from enclosing blocks, sorted. */
    static List<String> captures(ExportContext c) {
        Set<String> written = new HashSet<>(), read = new TreeSet<>();
        collect(c, written, read);
        return new ArrayList<>(read);
    }

    private static void collect(ExportContext c, Set<String> written, Set<String> read) {
        for (PaddleOp op : c.ops()) {
            for (String v : op.reads()) {
                if (!written.contains(v) && !isLocal(c, v)) {
                    read.add(v);
                }
            }
            for (SubBlock b : op.blocks()) {
                Set<String> innerRead = new TreeSet<>();
                collect(b.block(), new HashSet<>(written), innerRead);
                for (String v : innerRead) {
                    if (!isLocal(c, v)) {
                        read.add(v);
                    }
                }
            }
            op.outputs().values().forEach(written::addAll);
        }
    }

    /** Variables written by the ops of {@code c} and its nested blocks. */
    private static Set<String> writes(ExportContext c) {
        Set<String> out = new HashSet<>();
        for (PaddleOp op : c.ops()) {
            op.outputs().values().forEach(out::addAll);
            op.blocks().forEach(b -> out.addAll(writes(b.block())));
        }
        return out;
    }
}
