package dev.modelx.importer.tflite;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.modelx.format.tflite.BuiltinOperator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/** Builds small TFLite models in memory with FlatBufferBuilder, following the schema's table layout. */
final class TfLiteBuilder {

    static final int FLOAT32 = 0;
    static final int INT32 = 2;
    static final int UINT8 = 3;
    static final int INT64 = 4;
    static final int BOOL = 6;
    static final int INT16 = 7;
    static final int INT8 = 9;

    record TensorSpec(String name, int type, int[] shape, byte[] data, float[] scale, long[] zeroPoint, int quantDim, boolean variable) {
    }

    record OpSpec(int opcode, int[] inputs, int[] outputs, int optionsType, ToIntFunction<FlatBufferBuilder> options,
                  int[] intermediates) {
    }

    final class Sub {
        final List<TensorSpec> tensors = new ArrayList<>();
        final List<OpSpec> ops = new ArrayList<>();
        final Map<Integer, int[]> signatures = new java.util.HashMap<>();
        int[] inputs = new int[0];
        int[] outputs = new int[0];
        String name;

        /** Gives tensor {@code t} a shape_signature (-1 marks a dimension of unknown size). */
        Sub signature(int t, int... signature) {
            signatures.put(t, signature);
            return this;
        }

        int tensor(String name, int type, int... shape) {
            tensors.add(new TensorSpec(name, type, shape, null, null, null, 0, false));
            return tensors.size() - 1;
        }

        int quantized(String name, int type, float scale, long zp, int... shape) {
            tensors.add(new TensorSpec(name, type, shape, null, new float[] {scale}, new long[] {zp}, 0, false));
            return tensors.size() - 1;
        }

        int constant(String name, int type, int[] shape, byte[] data) {
            tensors.add(new TensorSpec(name, type, shape, data, null, null, 0, false));
            return tensors.size() - 1;
        }

        int constant(String name, int type, int[] shape, byte[] data, float[] scale, long[] zp, int dim) {
            tensors.add(new TensorSpec(name, type, shape, data, scale, zp, dim, false));
            return tensors.size() - 1;
        }

        int floats(String name, int[] shape, float... v) {
            ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : v) {
                b.putFloat(f);
            }
            return constant(name, FLOAT32, shape, b.array());
        }

        int ints(String name, int[] shape, int... v) {
            return constant(name, INT32, shape, int32Bytes(v));
        }

        int variable(String name, int type, int... shape) {
            tensors.add(new TensorSpec(name, type, shape, null, null, null, 0, true));
            return tensors.size() - 1;
        }

        int quantizedVariable(String name, int type, float scale, long zp, int... shape) {
            tensors.add(new TensorSpec(name, type, shape, null, new float[] {scale}, new long[] {zp}, 0, true));
            return tensors.size() - 1;
        }

        Sub op(String builtin, int[] ins, int[] outs) {
            return op(builtin, ins, outs, 0, null);
        }

        Sub op(String builtin, int[] ins, int[] outs, int optionsType, ToIntFunction<FlatBufferBuilder> options) {
            ops.add(new OpSpec(opcode(builtin), ins, outs, optionsType, options, null));
            return this;
        }

        /** Gives the last operator added these intermediate tensors. */
        Sub intermediates(int... t) {
            OpSpec o = ops.remove(ops.size() - 1);
            ops.add(new OpSpec(o.opcode(), o.inputs(), o.outputs(), o.optionsType(), o.options(), t));
            return this;
        }

        Sub io(int[] in, int[] out) {
            inputs = in;
            outputs = out;
            return this;
        }
    }

    private final List<Sub> subs = new ArrayList<>();
    private final Map<String, Integer> codes = new LinkedHashMap<>();

    Sub subgraph(String name) {
        Sub s = new Sub();
        s.name = name;
        subs.add(s);
        return s;
    }

    private int opcode(String builtin) {
        return codes.computeIfAbsent(builtin, k -> codes.size());
    }

    static byte[] int32Bytes(int... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i : v) {
            b.putInt(i);
        }
        return b.array();
    }

    static int[] shape(int... s) {
        return s;
    }

    /** One-field option tables are common: a table whose field {@code slot} holds an int (written even if 0). */
    static ToIntFunction<FlatBufferBuilder> intOptions(int... slotValues) {
        return fbb -> {
            fbb.startTable(slotValues.length / 2 == 0 ? 1 : maxSlot(slotValues) + 1);
            for (int i = 0; i < slotValues.length; i += 2) {
                fbb.addInt(slotValues[i], slotValues[i + 1], Integer.MIN_VALUE);
            }
            return fbb.endTable();
        };
    }

    /** A table of byte-wide fields (enums, bools): slot, value pairs. */
    static ToIntFunction<FlatBufferBuilder> byteOptions(int... slotValues) {
        return fbb -> {
            fbb.startTable(maxSlot(slotValues) + 1);
            for (int i = 0; i < slotValues.length; i += 2) {
                fbb.addByte(slotValues[i], (byte) slotValues[i + 1], -1000);
            }
            return fbb.endTable();
        };
    }

    private static int maxSlot(int[] slotValues) {
        int m = 0;
        for (int i = 0; i < slotValues.length; i += 2) {
            m = Math.max(m, slotValues[i]);
        }
        return m;
    }

    byte[] build() {
        FlatBufferBuilder fbb = new FlatBufferBuilder(1024);
        List<byte[]> buffers = new ArrayList<>();
        buffers.add(null);
        int[] subOffsets = new int[subs.size()];
        for (int s = 0; s < subs.size(); s++) {
            Sub sub = subs.get(s);
            int[] tensorOffsets = new int[sub.tensors.size()];
            for (int t = 0; t < sub.tensors.size(); t++) {
                TensorSpec ts = sub.tensors.get(t);
                int buffer = 0;
                if (ts.data != null) {
                    buffers.add(ts.data);
                    buffer = buffers.size() - 1;
                }
                int name = fbb.createString(ts.name);
                int shape = intVector(fbb, ts.shape);
                int[] sig = sub.signatures.get(t);
                int signature = sig == null ? 0 : intVector(fbb, sig);
                int quant = 0;
                if (ts.scale != null) {
                    int scale = floatVector(fbb, ts.scale);
                    fbb.startVector(8, ts.zeroPoint.length, 8);
                    for (int i = ts.zeroPoint.length - 1; i >= 0; i--) {
                        fbb.addLong(ts.zeroPoint[i]);
                    }
                    int zp = fbb.endVector();
                    fbb.startTable(7);
                    fbb.addOffset(2, scale, 0);
                    fbb.addOffset(3, zp, 0);
                    fbb.addInt(6, ts.quantDim, 0);
                    quant = fbb.endTable();
                }
                fbb.startTable(8);
                fbb.addOffset(0, shape, 0);
                fbb.addByte(1, (byte) ts.type, -1);
                fbb.addInt(2, buffer, 0);
                fbb.addOffset(3, name, 0);
                if (quant != 0) {
                    fbb.addOffset(4, quant, 0);
                }
                fbb.addBoolean(5, ts.variable, false);
                if (signature != 0) {
                    fbb.addOffset(7, signature, 0);
                }
                tensorOffsets[t] = fbb.endTable();
            }
            int[] opOffsets = new int[sub.ops.size()];
            for (int o = 0; o < sub.ops.size(); o++) {
                OpSpec op = sub.ops.get(o);
                int options = op.options == null ? 0 : op.options.applyAsInt(fbb);
                int ins = intVector(fbb, op.inputs);
                int outs = intVector(fbb, op.outputs);
                int intermediates = op.intermediates == null ? 0 : intVector(fbb, op.intermediates);
                fbb.startTable(9);
                fbb.addInt(0, op.opcode, -1);
                fbb.addOffset(1, ins, 0);
                fbb.addOffset(2, outs, 0);
                if (op.options != null) {
                    fbb.addByte(3, (byte) op.optionsType, -1);
                    fbb.addOffset(4, options, 0);
                }
                if (intermediates != 0) {
                    fbb.addOffset(8, intermediates, 0);
                }
                opOffsets[o] = fbb.endTable();
            }
            int tensors = fbb.createVectorOfTables(tensorOffsets);
            int ins = intVector(fbb, sub.inputs);
            int outs = intVector(fbb, sub.outputs);
            int ops = fbb.createVectorOfTables(opOffsets);
            int name = fbb.createString(sub.name);
            fbb.startTable(5);
            fbb.addOffset(0, tensors, 0);
            fbb.addOffset(1, ins, 0);
            fbb.addOffset(2, outs, 0);
            fbb.addOffset(3, ops, 0);
            fbb.addOffset(4, name, 0);
            subOffsets[s] = fbb.endTable();
        }
        int[] codeOffsets = new int[codes.size()];
        int k = 0;
        for (String builtin : codes.keySet()) {
            int code = BuiltinOperator.code(builtin);
            int custom = code < 0 ? fbb.createString(builtin) : 0;
            if (code < 0) {
                code = BuiltinOperator.CUSTOM;
            }
            fbb.startTable(4);
            fbb.addByte(0, (byte) Math.min(code, BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES), -1);
            if (custom != 0) {
                fbb.addOffset(1, custom, 0);
            }
            fbb.addInt(2, 1, -1);
            fbb.addInt(3, code, -1);
            codeOffsets[k++] = fbb.endTable();
        }
        int[] bufferOffsets = new int[buffers.size()];
        for (int b = 0; b < buffers.size(); b++) {
            int data = buffers.get(b) == null ? 0 : fbb.createByteVector(buffers.get(b));
            fbb.startTable(3);
            if (data != 0) {
                fbb.addOffset(0, data, 0);
            }
            bufferOffsets[b] = fbb.endTable();
        }
        int codesVec = fbb.createVectorOfTables(codeOffsets);
        int subsVec = fbb.createVectorOfTables(subOffsets);
        int buffersVec = fbb.createVectorOfTables(bufferOffsets);
        fbb.startTable(8);
        fbb.addInt(0, 3, -1);
        fbb.addOffset(1, codesVec, 0);
        fbb.addOffset(2, subsVec, 0);
        fbb.addOffset(4, buffersVec, 0);
        int model = fbb.endTable();
        fbb.finish(model, "TFL3");
        return fbb.sizedByteArray();
    }

    private static int intVector(FlatBufferBuilder fbb, int[] v) {
        fbb.startVector(4, v.length, 4);
        for (int i = v.length - 1; i >= 0; i--) {
            fbb.addInt(v[i]);
        }
        return fbb.endVector();
    }

    private static int floatVector(FlatBufferBuilder fbb, float[] v) {
        fbb.startVector(4, v.length, 4);
        for (int i = v.length - 1; i >= 0; i--) {
            fbb.addFloat(v[i]);
        }
        return fbb.endVector();
    }
}
