package dev.modelx.importer.tensorflow;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Collects the oracle cases of every op family. */
final class OracleCases {

    final List<OracleCase> list = new ArrayList<>();

    OracleCases add(String op, String variant, Consumer<OracleGraph> build) {
        return add(op, variant, OracleCase.RTOL, OracleCase.ATOL, build);
    }

    /** A case with its own tolerance (say why where it is used). */
    OracleCases add(String op, String variant, double rtol, double atol, Consumer<OracleGraph> build) {
        list.add(new OracleCase(op, variant, build, rtol, atol, OracleCompare::elementwise));
        return this;
    }

    OracleCases add(String op, String variant, OracleCase.Checker checker, Consumer<OracleGraph> build) {
        list.add(new OracleCase(op, variant, build, OracleCase.RTOL, OracleCase.ATOL, checker));
        return this;
    }

    static List<OracleCase> all() {
        OracleCases c = new OracleCases();
        ElementwiseOracleCases.add(c);
        NnOracleCases.add(c);
        ArrayOracleCases.add(c);
        ShapeOracleCases.add(c);
        ControlFlowOracleCases.add(c);
        VariableOracleCases.add(c);
        AddedOpsOracleCases.add(c);
        ReimportOracleCases.add(c);
        ExportedControlFlowOracleCases.add(c);
        TensorListOracleCases.add(c);
        StringOracleCases.add(c);
        return c.list;
    }
}
