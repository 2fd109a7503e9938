package dev.modelx.conformance.matrix;

import dev.modelx.conformance.TempTrees;
import dev.modelx.conformance.TimeLimitedWorkers;
import dev.modelx.graph.Model;
import dev.modelx.graph.io.Corpus;
import dev.modelx.verify.ToleranceSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The cross-format conformance matrix: every source model (ONNX backend tests, the corpus's TensorFlow and Paddle
 * models, MiniLM when its jars are in the local Maven repository, the example models, and extra models) in every
 * direction that can express it — converted, read back, run on the reference runtime and compared with the source.
 * <pre>{@code
 * MatrixReport r = ConformanceMatrix.builder().directions(List.of(Direction.parse("onnx>paddle"))).build().run();
 * r.writeHtml(Path.of("matrix.html"));
 * }</pre>
 * Cells run in parallel on a fixed number of workers ({@link TimeLimitedWorkers.Limits#threads}); the report lists them
 * in plan order.
 * Each cell has a time limit: one still running when it expires is reported as an error and its thread interrupted, then
 * stopped. Heavy models (light/ networks, MiniLM, large extra models) run alone with a longer limit, first.
 */
public final class ConformanceMatrix {

    /** One planned cell. */
    public record Cell(MatrixModel model, Direction direction) {
        public String label() {
            return model.id() + " " + direction;
        }
    }

    private final List<Cell> cells;
    private final List<String> notes;
    private final String corpus;
    private final ToleranceSpec tolerance;
    private final boolean bisect;
    private final Path ownedWorkDir;
    private final BiConsumer<Direction, Model> tamper;
    private final TimeLimitedWorkers workers;

    private ConformanceMatrix(Builder b, List<Cell> cells, List<String> notes, TimeLimitedWorkers workers) {
        this.cells = List.copyOf(cells);
        this.notes = List.copyOf(notes);
        this.corpus = b.corpus.toString();
        this.tolerance = b.tolerance;
        this.bisect = b.bisect;
        this.ownedWorkDir = b.ownsWorkDir ? b.workDir : null;
        this.tamper = b.tamper;
        this.workers = workers;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Also takes the worker count and time limits ({@link TimeLimitedWorkers.Limits}; heavy models get the longer one). */
    public static final class Builder extends TimeLimitedWorkers.Limits<Builder> {
        private Path corpus = Corpus.root();
        private Path backendDir;
        private boolean backend = true, tensorflow = true, paddle = true, miniLm = true, examples = true;
        private List<MatrixModel> models;
        private final List<Path> extras = new ArrayList<>();
        private List<Direction> directions;
        private Pattern filter;
        private ToleranceSpec tolerance = ToleranceSpec.DEFAULTS;
        private boolean bisect = true;
        private Path workDir;
        private boolean ownsWorkDir;
        private int perOp;
        private BiConsumer<Direction, Model> tamper;

        /** The corpus root, holding onnx-backend-tests/ and models/ (default {@code Corpus.root()}). */
        public Builder corpus(Path root) {
            this.corpus = Objects.requireNonNull(root);
            return this;
        }

        /** The backend tests' folder (default: {@code corpus/onnx-backend-tests}). */
        public Builder backendDir(Path dir) {
            this.backendDir = dir;
            return this;
        }

        /** Which corpus parts to discover (all by default). */
        public Builder parts(boolean backendTests, boolean tensorflowModels, boolean paddleModels, boolean miniLmModels,
                             boolean exampleModels) {
            this.backend = backendTests;
            this.tensorflow = tensorflowModels;
            this.paddle = paddleModels;
            this.miniLm = miniLmModels;
            this.examples = exampleModels;
            return this;
        }

        /** Exactly these source models instead of discovering the corpus (extras are still added). */
        public Builder models(List<MatrixModel> m) {
            this.models = List.copyOf(m);
            return this;
        }

        /** Extra models, their formats detected from their paths. */
        public Builder extra(Collection<Path> paths) {
            extras.addAll(paths);
            return this;
        }

        /** Only these directions (default: every source format to every other target format). */
        public Builder directions(List<Direction> d) {
            this.directions = d == null ? null : List.copyOf(d);
            return this;
        }

        /** Only models whose id the pattern finds (ids look like node/test_abs, tf/tf2onnx-lstm/frozen.pb). */
        public Builder filter(Pattern p) {
            this.filter = p;
            return this;
        }

        /** Tolerances of the converted model against the source (default: per element type, float32 rtol 1e-4 atol 1e-5). */
        public Builder tolerance(ToleranceSpec t) {
            this.tolerance = Objects.requireNonNull(t);
            return this;
        }

        /** Whether a failing cell is bisected to its first diverging node (default on; never for heavy models). */
        public Builder bisect(boolean b) {
            this.bisect = b;
            return this;
        }

        /** Of the backend node/ tests, only {@code n} per op under test ({@link MatrixCorpus#perOp}); 0 (default) for all. */
        public Builder perOp(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("perOp must be >= 0, got " + n);
            }
            this.perOp = n;
            return this;
        }

        /** For tests: changes every re-imported model before it runs, as a broken converter would. */
        Builder tamper(BiConsumer<Direction, Model> t) {
            this.tamper = t;
            return this;
        }

        /** Where MiniLM is extracted and cells write (default: a new temporary folder per run). */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        public ConformanceMatrix build() {
            List<String> notes = new ArrayList<>();
            List<MatrixModel> sources = new ArrayList<>();
            if (models != null) {
                sources.addAll(models);
            } else {
                Path backendTests = backendDir != null ? backendDir : corpus.resolve("onnx-backend-tests");
                if (backend) {
                    List<MatrixModel> found = MatrixCorpus.backend(backendTests, List.of());
                    if (found.isEmpty()) {
                        notes.add("no ONNX backend tests at " + backendTests);
                    }
                    sources.addAll(found);
                }
                if (tensorflow) {
                    sources.addAll(MatrixCorpus.tensorflow(corpus.resolve("models/tf")));
                }
                if (paddle) {
                    sources.addAll(MatrixCorpus.paddle(corpus.resolve("models/paddle")));
                    for (String name : MatrixCorpus.paddleGraphOnly(corpus.resolve("models/paddle"))) {
                        notes.add("paddle/" + name + " left out: a program without weights (no params file) has nothing to run");
                    }
                }
                boolean miniLmWanted = filter == null || MatrixCorpus.MINILM.stream().anyMatch(a -> filter.matcher("minilm/" + a[1]).find());
                if (miniLm && miniLmWanted) {
                    List<MatrixModel> found = MatrixCorpus.miniLm(workDir().resolve("minilm"));
                    if (found.isEmpty()) {
                        notes.add("MiniLM left out: its jars are neither on the class path nor in the local Maven repository "
                                + MatrixCorpus.localRepository());
                    }
                    sources.addAll(found);
                }
                if (examples) {
                    sources.addAll(MatrixCorpus.examples());
                }
            }
            if (perOp > 0) {
                List<MatrixModel> kept = filter == null ? sources
                        : sources.stream().filter(m -> filter.matcher(m.id()).find()).toList();
                sources = new ArrayList<>(MatrixCorpus.perOp(kept, perOp));
            }
            for (Path p : extras) {
                sources.add(MatrixCorpus.extra(p));
            }
            List<Cell> planned = new ArrayList<>();
            Set<String> ids = new LinkedHashSet<>();
            for (MatrixModel m : sources) {
                if (!ids.add(m.id()) || filter != null && !filter.matcher(m.id()).find()) {
                    continue;
                }
                List<Direction> ds = directions == null ? Direction.defaultsFrom(m.format())
                        : directions.stream().filter(d -> d.from().equals(m.format())).toList();
                ds.forEach(d -> planned.add(new Cell(m, d)));
            }
            return new ConformanceMatrix(this, planned, notes, workers("matrix"));
        }

        private Path workDir() {
            if (workDir == null) {
                try {
                    workDir = Files.createTempDirectory("modelx-matrix-");
                    ownsWorkDir = true;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return workDir;
        }
    }

    /** The planned cells, in report order. */
    public List<Cell> cells() {
        return cells;
    }

    /** Remarks about the plan (a corpus part that was not found). */
    public List<String> notes() {
        return notes;
    }

    public MatrixReport run() {
        return run(MatrixListener.NONE);
    }

    /** Runs every cell; the listener hears each start and end (calls are serialised). */
    public MatrixReport run(MatrixListener listener) {
        long start = System.nanoTime();
        Path root;
        try {
            root = Files.createTempDirectory("modelx-matrix-cells-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<MatrixCase> results;
        try {
            Map<String, Integer> perModel = new LinkedHashMap<>();
            Map<String, MatrixModel> byId = new LinkedHashMap<>();
            for (Cell c : cells) {
                perModel.merge(c.model().id(), 1, Integer::sum);
                byId.put(c.model().id(), c.model());
            }
            CellJobs jobs = new CellJobs(listener, root);
            perModel.forEach((id, n) -> jobs.runner.register(byId.get(id), n));
            results = workers.run(executionOrder(cells), jobs);
        } finally {
            TempTrees.delete(root);
            TempTrees.delete(ownedWorkDir); // the extracted MiniLM files
        }
        return new MatrixReport(corpus, results, (System.nanoTime() - start) / 1_000_000, workers.threads(), notes);
    }

    /**
     * Heavy cells first (each alone, in plan order); then the rest by rounds: every model's first direction, then every
     * model's second, and so on, so that a model's cells rarely run at once (the second would wait for the source run the
     * first is computing).
     */
    static List<Integer> executionOrder(List<Cell> cells) {
        List<Integer> order = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).model().heavy()) {
                order.add(i);
            }
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<int[]> rest = new ArrayList<>(); // {round, index}
        for (int i = 0; i < cells.size(); i++) {
            if (!cells.get(i).model().heavy()) {
                rest.add(new int[]{seen.merge(cells.get(i).model().id(), 1, Integer::sum), i});
            }
        }
        rest.sort(java.util.Comparator.<int[]>comparingInt(x -> x[0]).thenComparingInt(x -> x[1]));
        rest.forEach(x -> order.add(x[1]));
        return order;
    }

    /** The cells of one {@link #run} as jobs, each writing in a folder of its own below {@code root}. */
    private final class CellJobs implements TimeLimitedWorkers.Jobs<MatrixCase> {
        final MatrixListener listener;
        final Path root;
        final CellRunner runner = new CellRunner(tolerance, bisect, tamper);

        CellJobs(MatrixListener listener, Path root) {
            this.listener = listener;
            this.root = root;
        }

        @Override
        public int count() {
            return cells.size();
        }

        @Override
        public boolean heavy(int index) {
            return cells.get(index).model().heavy();
        }

        @Override
        public String threadName(int index) {
            return "matrix-" + index;
        }

        @Override
        public MatrixCase run(int index, Consumer<List<String>> opsSeen) {
            Cell c = cells.get(index);
            Path dir = root.resolve(index + "-" + c.model().id().replaceAll("[^A-Za-z0-9_.-]", "_"));
            try {
                return runner.run(c.model(), c.direction(), dir, opsSeen);
            } finally {
                TempTrees.delete(dir); // before completing: the run's folder is removed once the last cell completes
            }
        }

        @Override
        public MatrixCase timedOut(int index, List<String> opsSeen, String reason, long millis, Thread worker) {
            Cell c = cells.get(index);
            return new MatrixCase(c.model().id(), c.model().group(), c.direction(), opsSeen, MatrixStatus.ERROR,
                    Double.NaN, Double.NaN, reason, List.of(), null, null, Double.NaN, millis);
        }

        @Override
        public void started(int index) {
            listener.cellStarted(cells.get(index), index, cells.size());
        }

        @Override
        public void finished(int index, MatrixCase result) {
            listener.cellFinished(result, index, cells.size());
        }
    }
}
