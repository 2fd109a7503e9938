package dev.modelx.format.tflite;

import java.nio.ByteBuffer;

/**
 * The shared part of the builtin options views (members of the BuiltinOptions union): activation and padding
 * codes, and the {@link View} base. The views themselves live in one holder per op family
 * ({@link ConvOptions}, {@link ArithmeticOptions}, {@link ActivationOptions}, {@link MatMulOptions},
 * {@link ShapeOptions}, {@link IndexingOptions}, {@link ResizeOptions}, {@link ReductionOptions},
 * {@link ControlFlowOptions}, {@link RnnOptions}) and are read with {@code Family.X.of(op)}; when the operator
 * carries no options of that member, the view is absent and every field reads as the schema's default.
 */
public final class Options {

    /** ActivationFunctionType values. */
    public static final int ACT_NONE = 0;
    public static final int ACT_RELU = 1;
    public static final int ACT_RELU_N1_TO_1 = 2;
    public static final int ACT_RELU6 = 3;
    public static final int ACT_TANH = 4;
    public static final int ACT_SIGN_BIT = 5;

    /** Padding values. */
    public static final int PADDING_SAME = 0;
    public static final int PADDING_VALID = 1;

    private Options() {
    }

    /** Base of the option views: a checked table that knows its union member number. */
    public abstract static class View extends CheckedTable {
        private final String name;

        View(String name, int position, ByteBuffer bb) {
            this.name = name;
            init(position, bb);
        }

        @Override
        protected String tableName() {
            return name + "Options";
        }
    }
}
