package dev.modelx.importer.tensorflow;

import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.graph.io.ImportOptions;
import dev.modelx.runtime.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Output;
import org.tensorflow.Result;

/** Builds a case's graph with TF Java, runs it there, imports the same GraphDef bytes and runs them on the reference runtime. */
final class OracleRunner {

    private OracleRunner() {
    }

    static void run(OracleCase c, Path dir, int index) throws IOException {
        try (OracleGraph g = new OracleGraph(31L * index + c.op().hashCode())) {
            c.build().accept(g);
            byte[] graphDef = g.graph.toGraphDef().toByteArray();
            List<String> names = new ArrayList<>();
            for (Output<?> o : g.fetches) {
                names.add(o.index() == 0 ? o.op().name() : o.op().name() + ":" + o.index());
            }
            Model m;
            Map<String, Tensor> want;
            if (g.initializers.isEmpty()) {
                want = runTensorFlow(g, null);
                Path pb = dir.resolve("case" + index + ".pb");
                Files.write(pb, graphDef);
                m = new TensorFlowImporter().read(pb, ImportOptions.of(Map.of("outputs", String.join(",", names))));
            } else {
                Path saved = dir.resolve("case" + index);
                want = runTensorFlow(g, saved);
                m = new TfSavedModelImporter().read(saved, ImportOptions.of(Map.of()));
                names.clear();
                for (int i = 0; i < g.fetches.size(); i++) {
                    names.add("out" + i);
                }
            }
            Map<String, Tensor> got;
            try (Session s = Session.create(m)) {
                Map<String, Tensor> feeds = new HashMap<>();
                for (String in : s.inputNames()) {
                    feeds.put(in, g.feeds.get(in));
                }
                got = s.runTensors(feeds);
            }
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                c.checker().check(name, want.get("out" + i), got.get(name), c.rtol(), c.atol());
            }
        }
    }

    /** TF Java's exporter saves only VariableV2 values: TF's SaveV2 op writes the bundle of every variable the case lists. */
    private static void writeCheckpoint(OracleGraph g, org.tensorflow.Session s, Path variables) throws IOException {
        Files.createDirectories(variables);
        org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(g.graph);
        String[] keys = g.checkpoint.keySet().toArray(String[]::new);
        String[] slices = new String[keys.length];
        java.util.Arrays.fill(slices, "");
        org.tensorflow.Operation save = g.graph.opBuilder("SaveV2", "modelx_save", g.graph.baseScope())
                .addInput(tf.constant(variables.resolve("variables").toString()).asOutput())
                .addInput(tf.constant(java.nio.charset.StandardCharsets.UTF_8, keys).asOutput())
                .addInput(tf.constant(java.nio.charset.StandardCharsets.UTF_8, slices).asOutput())
                .addInputList(g.checkpoint.values().toArray(Output<?>[]::new)).build();
        s.runner().addTarget(save).run().close();
    }

    /** Runs the graph in TF Java; with {@code savedModel}, runs the initializers first and exports a SavedModel there. */
    private static Map<String, Tensor> runTensorFlow(OracleGraph g, Path savedModel) throws IOException {
        List<org.tensorflow.Tensor> fed = new ArrayList<>();
        try (org.tensorflow.Session s = new org.tensorflow.Session(g.graph)) {
            if (savedModel != null) {
                org.tensorflow.Session.Runner init = s.runner();
                g.initializers.forEach(init::addTarget);
                init.run().close();
                org.tensorflow.Signature.Builder sig = org.tensorflow.Signature.builder();
                for (String in : g.feeds.keySet()) {
                    sig.input(in, g.graph.operation(in).output(0));
                }
                for (int i = 0; i < g.fetches.size(); i++) {
                    sig.output("out" + i, g.fetches.get(i));
                }
                org.tensorflow.SavedModelBundle.exporter(savedModel.toString())
                        .withFunction(org.tensorflow.SessionFunction.create(sig.build(), s)).export();
                writeCheckpoint(g, s, savedModel.resolve("variables"));
            }
            org.tensorflow.Session.Runner r = s.runner();
            for (Map.Entry<String, Tensor> e : g.feeds.entrySet()) {
                org.tensorflow.Tensor t = TfJavaTensors.toTf(e.getValue());
                fed.add(t);
                r.feed(e.getKey(), t);
            }
            for (Output<?> o : g.fetches) {
                r.fetch(o);
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            try (Result res = r.run()) {
                for (int i = 0; i < g.fetches.size(); i++) {
                    out.put("out" + i, TfJavaTensors.fromTf(res.get(i)));
                }
            }
            return out;
        } finally {
            fed.forEach(org.tensorflow.Tensor::close);
        }
    }
}
