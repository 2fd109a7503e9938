package dev.modelx.exporter.tensorflow;

import dev.modelx.format.tensorflow.proto.AttrValue;
import dev.modelx.graph.DataType;

/**
 * TF1 TensorArrays, as tf.while_loop uses them to collect per-iteration values: the array is a resource
 * handle plus a float "flow" scalar that orders the reads after the writes. Inside a loop the flow is a
 * loop variable and the handle enters the frame as a constant.
 */
final class TensorArrays {

    private static final AttrValue RESOURCE =
            AttrValue.newBuilder().setTypeValue(dev.modelx.format.tensorflow.proto.DataType.DT_RESOURCE_VALUE).build();

    private TensorArrays() {
    }

    /**
     * A growable, initially empty array named exactly {@code name} in the current frame: output 0 is the
     * handle, output 1 the flow. {@code elementShape} (null: unknown rank, -1: unknown dim) is what TF gives
     * an empty array's stack, which it can only build when that shape is fully known.
     */
    static void create(EmitContext c, String name, DataType type, long[] elementShape) {
        c.opNamed("TensorArrayV3", name).in(c.scalar(DataType.INT32, 0)).type("dtype", type)
                .shape("element_shape", elementShape).b("dynamic_size", true).b("clear_after_read", true)
                .b("identical_element_shapes", false).s("tensor_array_name", "");
    }

    /** The array's handle entering loop frame {@code frameName} (a loop constant). */
    static String enter(EmitContext c, String handle, String frameName) {
        return c.op("Enter", "while/array_enter").in(handle).attr("T", RESOURCE).s("frame_name", frameName)
                .b("is_constant", true).i("parallel_iterations", 1).out();
    }

    /** Writes {@code value} at int32 {@code index}; returns the new flow. */
    static String write(EmitContext c, String handle, String index, String value, DataType type, String flow) {
        return c.op("TensorArrayWriteV3", "while/array_write").in(handle).in(index).in(value).in(flow).type("T", type).out();
    }

    /** Every element written so far, stacked along a new axis 0. */
    static String stack(EmitContext c, String handle, String flow, DataType type, long[] elementShape) {
        String size = c.op("TensorArraySizeV3", "array_size").in(handle).in(flow).out();
        String indices = c.op("Range", "array_indices").in(c.scalar(DataType.INT32, 0)).in(size).in(c.scalar(DataType.INT32, 1))
                .type("Tidx", DataType.INT32).out();
        return c.op("TensorArrayGatherV3", "array_stack").in(handle).in(indices).in(flow).type("dtype", type)
                .shape("element_shape", elementShape).out();
    }
}
