package dev.modelx.importer.tflite;

import dev.modelx.graph.DataType;
import dev.modelx.graph.ModelFormatException;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.UnsupportedOpsException;
import org.junit.jupiter.api.Test;

import static dev.modelx.importer.tflite.OpTestSupport.assertClose;
import static dev.modelx.importer.tflite.OpTestSupport.f;
import static dev.modelx.importer.tflite.OpTestSupport.importBytes;
import static dev.modelx.importer.tflite.OpTestSupport.run;
import static dev.modelx.importer.tflite.OpTestSupport.s;
import static dev.modelx.importer.tflite.TfLiteBuilder.BOOL;
import static dev.modelx.importer.tflite.TfLiteBuilder.FLOAT32;
import static dev.modelx.importer.tflite.TfLiteBuilder.INT32;
import static dev.modelx.importer.tflite.TfLiteBuilder.INT8;
import static dev.modelx.importer.tflite.TfLiteBuilder.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** QDQ form of quantized tensors, WHILE/IF control flow, and the error paths. */
class QuantAndControlFlowTest {

    @Test
    @Covers({"QUANTIZE", "DEQUANTIZE"})
    void quantizeThenDequantizeRoundsOntoTheGridAndClamps() {
        TfLiteBuilder b = new TfLiteBuilder();
        TfLiteBuilder.Sub g = b.subgraph("main");
        int x = g.tensor("x", FLOAT32, 5);
        int q = g.quantized("q", INT8, 0.5f, -3, 5);
        int y = g.tensor("y", FLOAT32, 5);
        g.op("QUANTIZE", new int[] {x}, new int[] {q}).op("DEQUANTIZE", new int[] {q}, new int[] {y}).io(new int[] {x}, new int[] {y, q});
        var out = run(b.build(), "x", f(s(5), 0.2f, 0.8f, -1.1f, 100f, -100f));
        // q = clamp(round(x / 0.5) - 3): 0.4 -> 0 -> -3; 1.6 -> 2 -> -1; -2.2 -> -2 -> -5; 200 -> 127; -200 -> -128
        assertArrayEquals(new byte[] {-3, -1, -5, 127, -128}, out.get("q").bytes());
        assertClose(new float[] {0f, 1f, -1f, 65f, -62.5f}, out.get("y"), 0);
    }

    @Test
    @Covers({"FULLY_CONNECTED"})
    void int8FullyConnectedWithPerAxisWeightsAndInt32Bias() {
        TfLiteBuilder b = new TfLiteBuilder();
        TfLiteBuilder.Sub g = b.subgraph("main");
        int x = g.quantized("x", INT8, 0.5f, 0, 1, 2);
        int w = g.constant("w", INT8, shape(2, 2), new byte[] {2, -4, 8, 8}, new float[] {0.25f, 0.125f}, new long[] {0, 0}, 0);
        int bias = g.constant("bias", INT32, shape(2), TfLiteBuilder.int32Bytes(8, 0), new float[] {0.125f, 0.0625f}, new long[] {0, 0}, 0);
        int y = g.quantized("y", INT8, 1f, 0, 1, 2);
        g.op("FULLY_CONNECTED", new int[] {x, w, bias}, new int[] {y}).io(new int[] {x}, new int[] {y});
        byte[] bytes = b.build();
        // real x = [2, 3]; w row0 = [0.5, -1], row1 = [1, 1]; bias = [1, 0] -> y = [-1, 5]
        Tensor out = run(bytes, "x", Tensor.of(DataType.INT8, new long[] {1, 2}, new byte[] {4, 6})).get("y");
        assertArrayEquals(new byte[] {-1, 5}, out.bytes());
        var model = importBytes(bytes);
        long qdq = model.graph().nodes().stream().filter(n -> n.opType().equals("DequantizeLinear")).count();
        assertEquals(4, qdq, "x, w, bias and y are dequantized");
        Node wdq = model.graph().nodes().stream().filter(n -> n.opType().equals("DequantizeLinear") && n.input(0).equals("w")).findFirst().orElseThrow();
        assertEquals(0, wdq.attrLong("axis", -1), "per-axis weights dequantize along quantized_dimension");
        assertTrue(model.graph().nodes().stream().allMatch(n -> n.provenance() != null && n.provenance().sourceFormat().equals("tflite")));
    }

    @Test
    @Covers({"WHILE", "LESS", "ADD"})
    void whileBecomesLoopWithConditionBeforeEveryIteration() {
        TfLiteBuilder b = new TfLiteBuilder();
        TfLiteBuilder.Sub main = b.subgraph("main");
        int x = main.tensor("x", INT32);
        int y = main.tensor("y", INT32);
        main.op("WHILE", new int[] {x}, new int[] {y}, 93, TfLiteBuilder.intOptions(0, 1, 1, 2)).io(new int[] {x}, new int[] {y});
        TfLiteBuilder.Sub cond = b.subgraph("cond");
        int ci = cond.tensor("i", INT32);
        int ten = cond.ints("ten", shape(), 10);
        int lt = cond.tensor("lt", BOOL);
        cond.op("LESS", new int[] {ci, ten}, new int[] {lt}).io(new int[] {ci}, new int[] {lt});
        TfLiteBuilder.Sub body = b.subgraph("body");
        int bi = body.tensor("i", INT32);
        int three = body.ints("three", shape(), 3);
        int next = body.tensor("next", INT32);
        body.op("ADD", new int[] {bi, three}, new int[] {next}).io(new int[] {bi}, new int[] {next});
        byte[] bytes = b.build();
        assertArrayEquals(new int[] {12}, run(bytes, "x", Tensor.of(DataType.INT32, new long[0], new int[] {0})).get("y").ints());
        assertArrayEquals(new int[] {11}, run(bytes, "x", Tensor.of(DataType.INT32, new long[0], new int[] {11})).get("y").ints(),
                "a false first condition runs no iteration");
    }

    @Test
    @Covers({"IF", "NEG", "SQUARE"})
    void ifSelectsABranch() {
        TfLiteBuilder b = new TfLiteBuilder();
        TfLiteBuilder.Sub main = b.subgraph("main");
        int c = main.tensor("c", BOOL);
        int x = main.tensor("x", FLOAT32, 2);
        int y = main.tensor("y", FLOAT32, 2);
        main.op("IF", new int[] {c, x}, new int[] {y}, 92, TfLiteBuilder.intOptions(0, 1, 1, 2)).io(new int[] {c, x}, new int[] {y});
        TfLiteBuilder.Sub then = b.subgraph("then");
        int ti = then.tensor("a", FLOAT32, 2);
        int to = then.tensor("neg", FLOAT32, 2);
        then.op("NEG", new int[] {ti}, new int[] {to}).io(new int[] {ti}, new int[] {to});
        TfLiteBuilder.Sub other = b.subgraph("else");
        int ei = other.tensor("a", FLOAT32, 2);
        int eo = other.tensor("sq", FLOAT32, 2);
        other.op("SQUARE", new int[] {ei}, new int[] {eo}).io(new int[] {ei}, new int[] {eo});
        byte[] bytes = b.build();
        Tensor yes = Tensor.ofBooleans(new long[0], true);
        Tensor no = Tensor.ofBooleans(new long[0], false);
        assertClose(new float[] {-2, -3}, run(bytes, "c", yes, "x", f(s(2), 2, 3)).get("y"), 0);
        assertClose(new float[] {4, 9}, run(bytes, "c", no, "x", f(s(2), 2, 3)).get("y"), 0);
    }

    @Test
    void everyUnsupportedOpIsReportedAtOnceWithCustomOpsByName() {
        TfLiteBuilder b = new TfLiteBuilder();
        TfLiteBuilder.Sub g = b.subgraph("main");
        int x = g.tensor("x", FLOAT32, 2);
        int y = g.tensor("y", FLOAT32, 2);
        int z = g.tensor("z", FLOAT32, 2);
        int w = g.tensor("w", FLOAT32, 2);
        g.op("SVDF", new int[] {x}, new int[] {y}).op("MyCustomOp", new int[] {y}, new int[] {z})
                .op("RELU", new int[] {z}, new int[] {w}).io(new int[] {x}, new int[] {w});
        UnsupportedOpsException e = assertThrows(UnsupportedOpsException.class, () -> importBytes(b.build()));
        assertEquals(java.util.List.of("SVDF", "custom:MyCustomOp"), e.sortedOps());
    }

    @Test
    void tensorIndexOutsideTheSubgraphIsAFormatError() {
        TfLiteBuilder b = new TfLiteBuilder();
        TfLiteBuilder.Sub g = b.subgraph("main");
        int x = g.tensor("x", FLOAT32, 2);
        int y = g.tensor("y", FLOAT32, 2);
        g.op("RELU", new int[] {x}, new int[] {y + 40}).io(new int[] {x}, new int[] {y});
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> importBytes(b.build()));
        assertTrue(e.getMessage().contains("tensor 41"), e.getMessage());
    }

    @Test
    void constantWhoseBufferIsShorterThanItsShapeIsAFormatError() {
        TfLiteBuilder b = new TfLiteBuilder();
        TfLiteBuilder.Sub g = b.subgraph("main");
        int x = g.tensor("x", FLOAT32, 1000, 1000);
        int c = g.floats("weights", shape(1000, 1000), 1f, 2f);
        int y = g.tensor("y", FLOAT32, 1000, 1000);
        g.op("ADD", new int[] {x, c}, new int[] {y}).io(new int[] {x}, new int[] {y});
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> importBytes(b.build()));
        assertTrue(e.getMessage().contains("'weights'") && e.getMessage().contains("4000000 bytes"), e.getMessage());
    }

    @Test
    void registryCoversTheCommonBuiltins() {
        var names = OpRegistry.standard().names();
        for (String op : new String[] {"CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "AVERAGE_POOL_2D", "MAX_POOL_2D",
            "ADD", "SUB", "MUL", "DIV", "RESHAPE", "SOFTMAX", "LOGISTIC", "TANH", "RELU", "RELU6", "CONCATENATION", "PAD",
            "MEAN", "TRANSPOSE", "STRIDED_SLICE", "GATHER", "QUANTIZE", "DEQUANTIZE", "RESIZE_BILINEAR", "SQUEEZE",
            "EXPAND_DIMS", "BATCH_MATMUL", "WHILE", "IF", "UNIDIRECTIONAL_SEQUENCE_LSTM"}) {
            assertTrue(names.contains(op), op);
        }
        assertTrue(names.size() >= 80, "converters: " + names.size());
        assertTrue(dev.modelx.graph.io.Formats.importer("tflite") instanceof TfLiteImporter, "registered as a plug-in");
        assertTrue(new TfLiteImporter().canRead(java.nio.file.Path.of("model.TFLITE")));
    }
}
