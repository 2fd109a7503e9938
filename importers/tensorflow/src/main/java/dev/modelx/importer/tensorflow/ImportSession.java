package dev.modelx.importer.tensorflow;

import dev.modelx.format.tensorflow.proto.FunctionDef;
import dev.modelx.graph.DataType;
import dev.modelx.graph.Graph;
import dev.modelx.graph.Shape;
import dev.modelx.graph.Tensor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** State shared by every scope of one import: names, constants, known types/shapes, the function library. */
final class ImportSession {

    final Path file;
    final String format;
    final Graph main;
    final OpRegistry registry;
    final Map<String, FunctionDef> library;
    final VariableStore variables;
    final ConstantFolder folder = new ConstantFolder();
    final Map<String, Tensor> constants = new HashMap<>();
    final Map<String, DataType> types = new HashMap<>();
    final Map<String, Shape> shapes = new HashMap<>();
    /** Sequence values (TensorList handles) and their element types. */
    final Map<String, DataType> sequences = new HashMap<>();
    /** Built TF1 loops by LoopCond node (all Exits of one frame share one Loop). */
    final Map<String, Map<String, String>> tf1Loops = new HashMap<>();
    /** The ONNX opset the model declares: the folder's, raised by converters that need newer attributes. */
    private int opset = ConstantFolder.OPSET;
    private final Map<String, TfSource> functions = new HashMap<>();
    private final Set<String> used = new HashSet<>();

    ImportSession(Path file, String format, Graph main, OpRegistry registry, Map<String, FunctionDef> library, VariableStore variables) {
        this.file = file;
        this.format = format;
        this.main = main;
        this.registry = registry;
        this.library = library;
        this.variables = variables;
    }

    int opset() {
        return opset;
    }

    /** Raises the model's opset to at least {@code v} (Cast's saturate attribute needs 19). */
    void requireOpset(int v) {
        opset = Math.max(opset, v);
    }

    /** Marks {@code name} taken (graph input/output names chosen up front). */
    void reserve(String name) {
        used.add(name);
    }

    /** A value name not used before, {@code base} itself when free. */
    String fresh(String base) {
        String b = base.isEmpty() ? "v" : base;
        if (used.add(b)) {
            return b;
        }
        for (int i = 1; ; i++) {
            String c = b + "__" + i;
            if (used.add(c)) {
                return c;
            }
        }
    }

    TfSource function(String name) {
        return functions.computeIfAbsent(name, n -> {
            FunctionDef f = library.get(n);
            if (f == null) {
                throw new TfImportException("function '" + n + "' is not in the graph's library");
            }
            return TfSource.ofFunction(f, library);
        });
    }

    /** Adds {@code t} to the main graph's initializers under a fresh name. */
    String constant(Tensor t, String nameHint) {
        String name = fresh(nameHint);
        main.initializer(name, t);
        constants.put(name, t);
        types.put(name, t.type());
        shapes.put(name, Shape.of(t.shape()));
        return name;
    }
}
