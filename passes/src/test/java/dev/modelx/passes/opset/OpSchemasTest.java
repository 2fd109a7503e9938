package dev.modelx.passes.opset;

import dev.modelx.graph.DataType;
import dev.modelx.graph.io.Corpus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpSchemasTest {

    @Test
    void versionsAndConstraints() {
        assertEquals(28, OpSchemas.MAX_OPSET);
        assertEquals(List.of(1, 6, 7, 13, 14), OpSchemas.versions("Add"));
        assertEquals(13, OpSchemas.at("ReduceSum", 17).since());
        assertEquals(18, OpSchemas.at("ReduceMean", 18).since());
        assertNull(OpSchemas.at("LayerNormalization", 16));
        assertTrue(OpSchemas.at("Upsample", 10).deprecated());
        assertNull(OpSchemas.usableAt("Upsample", 12));
        OpSchemas.OpSchema add7 = OpSchemas.at("Add", 7);
        assertFalse(add7.allows(add7.input(0), DataType.INT8));
        assertTrue(OpSchemas.at("Add", 14).allows(add7.input(0), DataType.INT8));
        OpSchemas.OpSchema clip = OpSchemas.at("Clip", 11);
        assertTrue(clip.input(1).optional());
        assertEquals("1e-05", OpSchemas.at("LayerNormalization", 17).attributes().get("epsilon").defaultValue());
        assertEquals(Integer.MAX_VALUE, OpSchemas.at("Concat", 13).maxInputs());
    }

    /** The bundled table is what the generator makes of the Changelog in the reference folder. */
    @Test
    void tableMatchesTheChangelog() throws IOException {
        Path changelog = Corpus.root().resolve("reference/onnx/Changelog.md");
        Assumptions.assumeTrue(Files.isRegularFile(changelog), () -> "skipped: no " + changelog);
        String generated = SchemaTableGenerator.generate(Files.readAllLines(changelog, StandardCharsets.UTF_8));
        String bundled;
        try (InputStream in = OpSchemas.class.getResourceAsStream(OpSchemas.RESOURCE)) {
            bundled = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(bundled, generated, "regenerate " + OpSchemas.RESOURCE + " with SchemaTableGenerator");
    }
}
