package dev.modelx.bench;

import dev.modelx.graph.Model;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelRegistry;
import dev.modelx.runtime.Session;
import dev.modelx.runtime.SessionOptions;

import java.util.Map;

/** The reference runtime with a given kernel registry (plain, or with the fast kernels of one mode). */
final class ModelxRunner implements Runner {

    private final String name;
    private final Session session;
    private final Map<String, Tensor> feeds;

    ModelxRunner(String name, Model model, KernelRegistry registry, Map<String, Tensor> feeds) {
        this.name = name;
        this.session = Session.create(model, SessionOptions.defaults().registry(registry));
        this.feeds = feeds;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, Tensor> run() {
        return session.runTensors(feeds);
    }

    @Override
    public void close() {
        session.close();
    }
}
