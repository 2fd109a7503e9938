package dev.modelx.importer.tensorflow;

import static dev.modelx.importer.tensorflow.TfGraphs.dims;
import static dev.modelx.importer.tensorflow.TfGraphs.f32;
import static dev.modelx.importer.tensorflow.TfGraphs.func;
import static dev.modelx.importer.tensorflow.TfGraphs.in;
import static dev.modelx.importer.tensorflow.TfGraphs.type;
import static dev.modelx.importer.tensorflow.TfGraphs.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelx.format.tensorflow.TfDataTypes;
import dev.modelx.format.tensorflow.TfTensors;
import dev.modelx.format.tensorflow.proto.AttrValue;
import dev.modelx.format.tensorflow.proto.FunctionDef;
import dev.modelx.format.tensorflow.proto.NodeDef;
import dev.modelx.format.tensorflow.proto.OpDef;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.UnsupportedOpsException;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlFlowTest {

    private static OpDef.ArgDef arg(String name, DataType t) {
        return OpDef.ArgDef.newBuilder().setName(name).setTypeValue(TfDataTypes.toTf(t)).build();
    }

    /** f(x) = x * c or x + c as a FunctionDef, referencing outputs as "node:arg:index". */
    private static FunctionDef scale(String name, String op, float c) {
        return FunctionDef.newBuilder()
                .setSignature(OpDef.newBuilder().setName(name).addInputArg(arg("x", DataType.FLOAT)).addOutputArg(arg("y", DataType.FLOAT)))
                .addNodeDef(NodeDef.newBuilder().setName("c").setOp("Const").putAttr("dtype", type(DataType.FLOAT))
                        .putAttr("value", AttrValue.newBuilder().setTensor(TfTensors.toProto(Tensor.scalar(c))).build()))
                .addNodeDef(NodeDef.newBuilder().setName("r").setOp(op).addInput("x").addInput("c:output:0").putAttr("T", type(DataType.FLOAT)))
                .putRet("y", "r:z:0").build();
    }

    @Test
    void partitionedCallIsInlined() throws IOException {
        TfGraphs g = new TfGraphs().function(scale("times3", "Mul", 3)).placeholder("x", DataType.FLOAT, 2)
                .op("call", "StatefulPartitionedCall", in("x"), "f", func("times3"), "Tin", types(DataType.FLOAT), "Tout", types(DataType.FLOAT));
        Model m = g.importModel("call");
        assertTrue(m.graph().nodes().stream().noneMatch(n -> n.opType().contains("Call")));
        assertEquals("tf-graphdef:call", m.graph().nodes().stream().filter(n -> n.opType().equals("Mul")).findFirst().orElseThrow()
                .provenance().toString().replace("/r", ""));
        Check.close(g.run("call", Map.of("x", f32(dims(2), 1, 2))), dims(2), 3, 6);
    }

    @Test
    void statelessIfBecomesIf() throws IOException {
        TfGraphs g = new TfGraphs().function(scale("double", "Mul", 2)).function(scale("inc", "AddV2", 1))
                .placeholder("p", DataType.BOOL).placeholder("x", DataType.FLOAT, 2)
                .op("if", "StatelessIf", in("p", "x"), "then_branch", func("double"), "else_branch", func("inc"),
                        "Tcond", type(DataType.BOOL), "Tin", types(DataType.FLOAT), "Tout", types(DataType.FLOAT));
        Model m = g.importModel("if");
        assertTrue(m.graph().nodes().stream().anyMatch(n -> n.opType().equals("If")));
        Tensor x = f32(dims(2), 1, 2);
        Check.close(g.run("if", Map.of("p", Tensor.ofBooleans(new long[0], true), "x", x)), dims(2), 2, 4);
        Check.close(g.run("if", Map.of("p", Tensor.ofBooleans(new long[0], false), "x", x)), dims(2), 2, 3);
    }

    @Test
    void tf1CondSwitchMergeSelectsTheLiveBranch() throws IOException {
        TfGraphs g = new TfGraphs().placeholder("p", DataType.BOOL).placeholder("x", DataType.FLOAT, 2)
                .op("sw", "Switch", in("x", "p")).floats("two", dims(), 2)
                .op("t", "Mul", in("sw:1", "two")).op("f", "AddV2", in("sw", "two"))
                .op("m", "Merge", in("f", "t"), "N", TfGraphs.i(2));
        Tensor x = f32(dims(2), 1, 2);
        Check.close(g.run("m", Map.of("p", Tensor.ofBooleans(new long[0], true), "x", x)), dims(2), 2, 4);
        Check.close(g.run("m", Map.of("p", Tensor.ofBooleans(new long[0], false), "x", x)), dims(2), 3, 4);
    }

    @Test
    void unsupportedOpsAreAllListed() {
        TfGraphs g = new TfGraphs().placeholder("x", DataType.FLOAT, 2).op("a", "FancyOp", in("x")).op("b", "OtherOp", in("a"))
                .op("c", "Relu", in("b"));
        UnsupportedOpsException e = assertThrows(UnsupportedOpsException.class, () -> g.importModel("c"));
        assertEquals(java.util.List.of("FancyOp", "OtherOp"), e.sortedOps());
        assertTrue(e.getMessage().contains("FancyOp, OtherOp"), e.getMessage());
    }

    @Test
    void aCycleThatIsNotALoopIsAnError() {
        TfGraphs g = new TfGraphs().placeholder("x", DataType.FLOAT, 2).op("a", "AddV2", in("x", "b")).op("b", "Relu", in("a"));
        var e = assertThrows(dev.modelx.graph.ModelFormatException.class, () -> g.importModel("b"));
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
    }

    @Test
    void nonConstantPermutationIsReportedWithTheNode() {
        TfGraphs g = new TfGraphs().placeholder("x", DataType.FLOAT, 2, 2).placeholder("perm", DataType.INT32, 2)
                .op("t", "Transpose", in("x", "perm"));
        var e = assertThrows(dev.modelx.graph.ModelFormatException.class, () -> g.importModel("t"));
        assertTrue(e.getMessage().contains("'t'") && e.getMessage().contains("permutation"), e.getMessage());
    }
}
