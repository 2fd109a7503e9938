package dev.modelx.exporter.onnx;

import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Model;
import dev.modelx.graph.Node;
import dev.modelx.graph.Provenance;
import dev.modelx.graph.io.ExportOptions;
import dev.modelx.importer.onnx.OnnxImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** A converted node's provenance survives being written to ONNX and read back (verification relies on it). */
class ProvenanceRoundTripTest {

    @Test
    void provenanceTravelsInNodeMetadata(@TempDir Path dir) throws Exception {
        Graph g = new Graph("g").input("x", DataType.FLOAT, 2).output("y", DataType.FLOAT, 2);
        g.add(Node.of("Relu").name("relu").inputs("x").outputs("y")
                .provenance(new Provenance("tf-graphdef", List.of("model/dense/Relu", "model/dense/BiasAdd"))));
        g.nodes().get(0).metadata().put("note", "kept");
        Model m = Model.of(g, 17);
        Path file = dir.resolve("p.onnx");
        new OnnxExporter().write(m, file, ExportOptions.defaults());
        Node back = new OnnxImporter().read(file).graph().nodes().get(0);
        assertEquals(new Provenance("tf-graphdef", List.of("model/dense/Relu", "model/dense/BiasAdd")), back.provenance());
        assertEquals(Map.of("note", "kept"), back.metadata());
    }
}
