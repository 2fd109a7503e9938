package dev.modelx.conformance;

import java.nio.file.Path;
import java.util.List;

/**
 * One ONNX backend test.
 *
 * @param name     the test name, e.g. {@code test_abs}; light models are named {@code test_light_<model>}
 * @param folder   the corpus folder it came from: node, simple, pytorch-converted, pytorch-operator, light, real
 * @param kind     how it is run
 * @param model    the model file (null for {@link Kind#URL_ONLY})
 * @param dataSets the {@code test_data_set_K} folders in order of K (empty for light and real)
 * @param expected light only: the expected output file
 * @param url      real only: the model-zoo address the test would download
 */
public record BackendCase(String name, String folder, Kind kind, Path model, List<Path> dataSets, Path expected, String url) {

    public enum Kind {
        /** model.onnx with test_data_set_K/input_N.pb, output_N.pb. */
        DATA_SETS,
        /** light/light_X.onnx fed with arange inputs, compared with light_X_output_0.pb. */
        LIGHT,
        /** real/: a model-zoo URL only. */
        URL_ONLY
    }

    public BackendCase {
        dataSets = List.copyOf(dataSets);
    }

    /** Light models are whole networks: they run alone, with a longer time limit. */
    public boolean heavy() {
        return kind == Kind.LIGHT;
    }

    /** onnx's tolerance for this test before any override: rtol 1e-3, atol 1e-7 (light densenet121: rtol 2e-3). */
    public Tolerance defaultTolerance() {
        if (kind == Kind.LIGHT && name.equals("test_light_densenet121")) {
            return new Tolerance(2e-3, 1e-7, "onnx's own tolerance for light densenet121");
        }
        return Tolerance.DEFAULT;
    }
}
