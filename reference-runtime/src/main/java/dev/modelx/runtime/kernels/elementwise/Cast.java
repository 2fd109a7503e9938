package dev.modelx.runtime.kernels.elementwise;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.AttributeKind;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.OpContext;

/** Cast and CastLike. Op set 1 names the target type as a string; 19 adds 'saturate', 25 'round_mode'. */
public final class Cast {

    private Cast() {
    }

    public static void cast(OpContext c) {
        Attribute to = c.requireAttr("to");
        DataType type;
        if (to.kind() == AttributeKind.STRING) {
            try {
                type = DataType.fromName(to.asString());
            } catch (IllegalArgumentException e) {
                throw c.error("attribute 'to' names an unknown type '" + to.asString() + "'");
            }
        } else {
            type = dataType(c, to.asLong(), "to");
        }
        run(c, c.input(0), type);
    }

    public static void castLike(OpContext c) {
        run(c, c.input(0), c.input(1).type());
    }

    private static void run(OpContext c, Tensor x, DataType type) {
        boolean saturate = c.opset() < 19 || c.attrLong("saturate", 1) != 0;
        String roundMode = c.attrString("round_mode", "up");
        if (!roundMode.equals("up") && !roundMode.equals("down") && !roundMode.equals("nearest")) {
            throw c.error("attribute round_mode must be up, down or nearest, got '" + roundMode + "'");
        }
        c.output(0, Convert.convert(c, x, type, saturate, roundMode));
    }

    /** The element type named by an ONNX data type code attribute; an error naming the attribute when unknown. */
    static DataType dataType(OpContext c, long code, String attr) {
        try {
            DataType t = DataType.fromCode(Math.toIntExact(code));
            if (t == DataType.UNDEFINED) {
                throw new IllegalArgumentException();
            }
            return t;
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw c.error("attribute '" + attr + "' = " + code + " is not a supported data type");
        }
    }
}
