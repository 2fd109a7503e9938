package dev.modelx.format.paddle.pir;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One operation: full name ("pd_op.conv2d", "builtin.parameter", "cf.yield"), operand value ids (0 for a
 * null operand), results, attributes in file order, result attributes (stop_gradient, persistable) and
 * nested regions. A parameter op ({@code "#": "p"}) is named "builtin.parameter" and has
 * {@link #parameterName()}.
 */
public record PirOp(String name, List<Long> operands, List<PirValue> results, Map<String, PirAttribute> attributes,
                    Map<String, PirAttribute> resultAttributes, List<PirRegion> regions, String parameterName,
                    int[] parameterFlags) {

    public static final String PARAMETER = "builtin.parameter";

    public PirOp {
        operands = List.copyOf(operands);
        results = List.copyOf(results);
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        resultAttributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(resultAttributes));
        regions = List.copyOf(regions);
    }

    public boolean isParameter() {
        return PARAMETER.equals(name);
    }

    public String dialect() {
        int dot = name.indexOf('.');
        return dot < 0 ? "" : name.substring(0, dot);
    }

    /** The op name without its dialect: "conv2d" for "pd_op.conv2d". */
    public String opName() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }

    public PirAttribute attribute(String n) {
        return attributes.get(n);
    }
}
