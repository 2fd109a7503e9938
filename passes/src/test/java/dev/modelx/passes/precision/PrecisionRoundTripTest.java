package dev.modelx.passes.precision;

import dev.modelx.exporter.onnx.OnnxExporter;
import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.examples.ExampleModels;
import dev.modelx.graph.validate.ModelValidator;
import dev.modelx.importer.onnx.OnnxImporter;
import dev.modelx.passes.PassOptions;
import dev.modelx.passes.PassPipeline;
import dev.modelx.passes.PipelineResult;
import dev.modelx.runtime.RandomInputs;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Converted models through the ONNX exporter and importer, and the conversion as a pipeline pass. */
class PrecisionRoundTripTest {

    private static void roundTrips(Model converted, Map<String, Tensor> feeds) throws Exception {
        byte[] bytes = new OnnxExporter().toBytes(converted);
        Model reread = new OnnxImporter().read(bytes, "converted.onnx");
        ModelValidator.validate(reread);
        assertEquals(List.of(), PrecisionCheck.typeProblems(reread));
        Map<String, Tensor> in = PrecisionConverter.adaptFeeds(converted, feeds);
        assertEquals(PrecisionCheck.run(converted, in), PrecisionCheck.run(reread, in), "bit-identical after the round trip");
    }

    @Test
    void convertedModelsRoundTripThroughOnnx() throws Exception {
        List<Model> models = List.of(ExampleModels.smallCnn(), ExampleModels.transformerBlock(), Models.loopModel(),
                Models.hugeIntermediate());
        for (Model m : models) {
            Map<String, Tensor> feeds = RandomInputs.generate(m, PrecisionCheck.DIMS, 1);
            roundTrips(PrecisionConverter.convert(m, PrecisionOptions.fp16()).model(), feeds);
            roundTrips(PrecisionConverter.convert(m, PrecisionOptions.fp16().keepIoTypes(true).blockList("Softmax,Tanh")).model(), feeds);
            roundTrips(PrecisionConverter.convert(m, PrecisionOptions.bf16()).model(), feeds);
        }
        Model withIf = Models.ifModel();
        Map<String, Tensor> feeds = new LinkedHashMap<>(RandomInputs.generate(withIf, Map.of(), 1));
        feeds.put("cond", Tensor.ofBooleans(new long[0], false));
        roundTrips(PrecisionConverter.convert(withIf, PrecisionOptions.fp16().blockList("Sub")).model(), feeds);
        roundTrips(PrecisionConverter.convert(Models.hugeIntermediate(), PrecisionOptions.fp16().auto(true)).model(),
                RandomInputs.generate(Models.hugeIntermediate(), Map.of(), 2));
    }

    @Test
    void thePassConvertsInPlaceInsideAPipeline() {
        Model before = ExampleModels.transformerBlock();
        Model m = before.copy();
        PrecisionPass pass = new PrecisionPass(PrecisionOptions.fp16().keepIoTypes(true), PassOptions.defaults());
        PipelineResult result = PassPipeline.of(pass).run(m);
        System.out.println(String.join("\n", result.lines()));
        assertEquals("fp16", pass.name());
        assertTrue(pass.description().contains("float16"), pass.description());
        assertSame(m.graph(), pass.lastReport().model().graph(), "the model given is the one converted");
        assertTrue(result.lines().get(0).startsWith("fp16: 28 -> 29 nodes (0 removed, 1 added, 28 rewritten)"), result.lines().get(0));
        PrecisionCheck.agreesFp16(before, m);
        assertEquals("bf16", PrecisionPass.bf16(PassOptions.defaults()).name());
        assertEquals("fp16", PrecisionPass.fp16(PassOptions.defaults()).name());
    }
}
