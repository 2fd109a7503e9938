package dev.modelx.format.tflite;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.modelx.graph.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checked table reader over FlatBuffers built in code, including corrupted and truncated files. */
class TfLiteModelTest {

    /**
     * One sub-graph "main": tensor 0 "x" float [1,4] input, tensor 1 "w" int8 [4] constant in buffer 1 with
     * per-axis quantization, one CONV_2D op (options: SAME, stride 2x3, RELU6), operator codes with the
     * deprecated byte only (44) and with 127 + builtin_code (150 GELU); buffer 2 stored externally.
     */
    static byte[] sample(long externalOffset, long externalSize) {
        FlatBufferBuilder fbb = new FlatBufferBuilder(256);
        int shape0 = intVector(fbb, 1, 4);
        int name0 = fbb.createString("x");
        fbb.startTable(8);
        fbb.addOffset(0, shape0, 0);
        fbb.addByte(1, (byte) 0, -1);
        fbb.addOffset(3, name0, 0);
        int t0 = fbb.endTable();
        int shape1 = intVector(fbb, 4);
        int name1 = fbb.createString("w");
        fbb.startVector(4, 2, 4);
        fbb.addFloat(0.5f);
        fbb.addFloat(0.25f);
        int scale = fbb.endVector();
        fbb.startVector(8, 2, 8);
        fbb.addLong(3);
        fbb.addLong(-1);
        int zp = fbb.endVector();
        fbb.startTable(7);
        fbb.addOffset(2, scale, 0);
        fbb.addOffset(3, zp, 0);
        fbb.addInt(6, 1, 0);
        int quant = fbb.endTable();
        fbb.startTable(8);
        fbb.addOffset(0, shape1, 0);
        fbb.addByte(1, (byte) 9, -1);
        fbb.addInt(2, 1, -1);
        fbb.addOffset(3, name1, 0);
        fbb.addOffset(4, quant, 0);
        int t1 = fbb.endTable();
        fbb.startTable(7);
        fbb.addByte(0, (byte) Options.PADDING_SAME, -1);
        fbb.addInt(1, 2, -1);
        fbb.addInt(2, 3, -1);
        fbb.addByte(3, (byte) Options.ACT_RELU6, -1);
        int convOpts = fbb.endTable();
        int ins = intVector(fbb, 0, 1, -1);
        int outs = intVector(fbb, 0);
        fbb.startTable(5);
        fbb.addInt(0, 0, -1);
        fbb.addOffset(1, ins, 0);
        fbb.addOffset(2, outs, 0);
        fbb.addByte(3, (byte) ConvOptions.Conv2D.TYPE, -1);
        fbb.addOffset(4, convOpts, 0);
        int op = fbb.endTable();
        int tensors = fbb.createVectorOfTables(new int[] {t0, t1});
        int sgIn = intVector(fbb, 0);
        int ops = fbb.createVectorOfTables(new int[] {op});
        int sgName = fbb.createString("main");
        fbb.startTable(5);
        fbb.addOffset(0, tensors, 0);
        fbb.addOffset(1, sgIn, 0);
        fbb.addOffset(2, sgIn, 0);
        fbb.addOffset(3, ops, 0);
        fbb.addOffset(4, sgName, 0);
        int sg = fbb.endTable();
        fbb.startTable(4);
        fbb.addByte(0, (byte) 44, -1);
        int code0 = fbb.endTable();
        fbb.startTable(4);
        fbb.addByte(0, (byte) 127, -1);
        fbb.addInt(3, 150, -1);
        int code1 = fbb.endTable();
        fbb.startTable(3);
        int buf0 = fbb.endTable();
        int data = fbb.createByteVector(new byte[] {1, -2, 3, -4});
        fbb.startTable(3);
        fbb.addOffset(0, data, 0);
        int buf1 = fbb.endTable();
        fbb.startTable(3);
        fbb.addLong(1, externalOffset, -1);
        fbb.addLong(2, externalSize, -1);
        int buf2 = fbb.endTable();
        int codes = fbb.createVectorOfTables(new int[] {code0, code1});
        int sgs = fbb.createVectorOfTables(new int[] {sg});
        int bufs = fbb.createVectorOfTables(new int[] {buf0, buf1, buf2});
        int desc = fbb.createString("built in a test");
        fbb.startTable(8);
        fbb.addInt(0, 3, -1);
        fbb.addOffset(1, codes, 0);
        fbb.addOffset(2, sgs, 0);
        fbb.addOffset(3, desc, 0);
        fbb.addOffset(4, bufs, 0);
        fbb.finish(fbb.endTable(), "TFL3");
        return fbb.sizedByteArray();
    }

    private static int intVector(FlatBufferBuilder fbb, int... v) {
        fbb.startVector(4, v.length, 4);
        for (int i = v.length - 1; i >= 0; i--) {
            fbb.addInt(v[i]);
        }
        return fbb.endVector();
    }

    private static TfLiteModel read(byte[] b) {
        return TfLiteModel.of(ByteBuffer.wrap(b));
    }

    @Test
    void readsTablesVectorsUnionsAndQuantization() throws Exception {
        TfLiteModel m = read(sample(0, 0));
        assertEquals(3, m.version());
        assertEquals("built in a test", m.description());
        assertEquals(44, m.operatorCode(0).builtinCode());
        assertEquals("UNIDIRECTIONAL_SEQUENCE_LSTM", m.operatorCode(0).name());
        assertEquals(150, m.operatorCode(1).builtinCode());
        assertEquals("GELU", m.operatorCode(1).name());
        SubGraph sg = m.subgraph(0);
        assertEquals("main", sg.name());
        assertEquals(2, sg.tensorCount());
        TfLiteTensor w = sg.tensor(1);
        assertEquals("w", w.name());
        assertEquals(9, w.type());
        assertArrayEquals(new int[] {4}, w.shape());
        QuantizationParameters q = w.quantization();
        assertTrue(q.isAffine());
        assertArrayEquals(new float[] {0.25f, 0.5f}, q.scale());
        assertArrayEquals(new long[] {-1, 3}, q.zeroPoint());
        assertEquals(1, q.quantizedDimension());
        assertFalse(sg.tensor(0).quantization().present());
        ByteBuffer data = m.bufferData(w.buffer());
        byte[] got = new byte[data.remaining()];
        data.get(got);
        assertArrayEquals(new byte[] {1, -2, 3, -4}, got);
        assertEquals(0, m.bufferData(0).remaining());
        Operator op = sg.operator(0);
        assertArrayEquals(new int[] {0, 1, -1}, op.inputs());
        ConvOptions.Conv2D c = ConvOptions.Conv2D.of(op);
        assertTrue(c.present());
        assertEquals(Options.PADDING_SAME, c.padding());
        assertEquals(2, c.strideW());
        assertEquals(3, c.strideH());
        assertEquals(Options.ACT_RELU6, c.fusedActivation());
        assertEquals(1, c.dilationW(), "absent field reads as the schema default");
        ConvOptions.Pool2D wrongMember = ConvOptions.Pool2D.of(op);
        assertFalse(wrongMember.present());
        assertEquals(0, wrongMember.filterWidth());
    }

    @Test
    void externalBufferIsASliceOfTheFileAndMustLieInsideIt(@TempDir Path dir) throws Exception {
        byte[] probe = sample(0, 0);
        int base = probe.length;
        byte[] model = sample(base, 8);
        byte[] file = Arrays.copyOf(model, model.length + 8 + (model.length - base));
        int off = model.length == base ? base : -1;
        if (off < 0) {
            // Same structure, same length: the offset value does not change the layout.
            throw new AssertionError("layout changed");
        }
        for (int i = 0; i < 8; i++) {
            file[off + i] = (byte) (10 + i);
        }
        Path p = dir.resolve("ext.tflite");
        Files.write(p, file);
        TfLiteModel m = TfLiteModel.open(p);
        ByteBuffer b = m.bufferData(2);
        assertEquals(8, b.remaining());
        assertEquals(10, b.get(0));
        assertEquals(17, b.get(7));

        Files.write(p, sample(base, 1L << 40));
        TfLiteModel bad = TfLiteModel.open(p);
        TfLiteFormatException e = assertThrows(TfLiteFormatException.class, () -> bad.bufferData(2));
        assertTrue(e.getMessage().contains("outside the file"), e.getMessage());
    }

    @Test
    void wrongIdentifierAndTruncatedFilesAreRejected(@TempDir Path dir) throws Exception {
        byte[] b = sample(0, 0);
        byte[] wrong = b.clone();
        wrong[4] = 'X';
        assertTrue(assertThrows(TfLiteFormatException.class, () -> read(wrong)).getMessage().contains("identifier"));
        assertThrows(TfLiteFormatException.class, () -> read(new byte[] {1, 2, 3}));
        Path p = dir.resolve("bad.tflite");
        Files.write(p, wrong);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TfLiteModel.open(p));
        assertTrue(e.getMessage().startsWith("bad.tflite: "), e.getMessage());
        byte[] rootOut = b.clone();
        ByteBuffer.wrap(rootOut).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1 << 30);
        assertTrue(assertThrows(TfLiteFormatException.class, () -> read(rootOut)).getMessage().contains("root table"));
    }

    @Test
    void hugeVectorLengthIsReportedNotAllocated() {
        byte[] b = sample(0, 0);
        TfLiteModel m = read(b.clone());
        // Find the tensor-0 shape vector ([1, 4]) and declare a billion elements.
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 12 <= b.length; i += 4) {
            if (bb.getInt(i) == 2 && bb.getInt(i + 4) == 1 && bb.getInt(i + 8) == 4) {
                bb.putInt(i, 1_000_000_000);
            }
        }
        TfLiteTensor t = read(b).subgraph(0).tensor(0);
        TfLiteFormatException e = assertThrows(TfLiteFormatException.class, t::shape);
        assertTrue(e.getMessage().contains("Tensor") && e.getMessage().contains("outside"), e.getMessage());
        assertEquals(2, m.subgraph(0).tensor(0).shape().length);
    }

    /** Random single-word corruptions: reading everything either works or fails with a TfLiteFormatException. */
    @Test
    void corruptedFilesNeverEscapeAsOtherExceptions() throws java.io.IOException {
        byte[] clean = sample(0, 0);
        Random rnd = new Random(42);
        int formatErrors = 0;
        for (int trial = 0; trial < 3000; trial++) {
            byte[] b = clean.clone();
            int at = 8 + rnd.nextInt(b.length - 11);
            int value = switch (trial % 3) {
                case 0 -> rnd.nextInt();
                case 1 -> rnd.nextInt(b.length * 2) - b.length / 2;
                default -> -rnd.nextInt(64);
            };
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
            try {
                readEverything(read(b));
            } catch (TfLiteFormatException e) {
                formatErrors++;
            } catch (RuntimeException e) {
                throw new AssertionError("trial " + trial + ": corrupting offset " + at + " to " + value + " escaped as " + e, e);
            }
        }
        assertTrue(formatErrors > 100, "corruptions detected: " + formatErrors);
    }

    private static void readEverything(TfLiteModel m) throws java.io.IOException {
        m.version();
        m.description();
        for (int i = 0; i < m.operatorCodeCount(); i++) {
            m.operatorCode(i).name();
            m.operatorCode(i).customCode();
        }
        for (int i = 0; i < m.bufferCount(); i++) {
            m.bufferData(i);
        }
        m.signatureDefs();
        for (int s = 0; s < m.subgraphCount(); s++) {
            SubGraph sg = m.subgraph(s);
            sg.name();
            sg.inputs();
            sg.outputs();
            for (int t = 0; t < sg.tensorCount(); t++) {
                TfLiteTensor tt = sg.tensor(t);
                tt.name();
                tt.shape();
                tt.shapeSignature();
                tt.type();
                tt.buffer();
                QuantizationParameters q = tt.quantization();
                q.scale();
                q.zeroPoint();
                q.min();
                q.quantizedDimension();
            }
            for (int o = 0; o < sg.operatorCount(); o++) {
                Operator op = sg.operator(o);
                m.operatorCodeOf(op);
                op.inputs();
                op.outputs();
                op.customOptions();
                ConvOptions.Conv2D c = ConvOptions.Conv2D.of(op);
                c.padding();
                c.strideH();
                c.dilationW();
            }
        }
    }
}
