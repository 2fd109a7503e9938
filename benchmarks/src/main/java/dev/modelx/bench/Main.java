package dev.modelx.bench;

import dev.modelx.graph.Tensor;
import dev.modelx.runtime.Kernels;
import dev.modelx.runtime.kernels.fast.KernelMode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Times MatMul 512x512x512, Conv 1x64x56x56 k3 and all-MiniLM-L6-v2 on the reference runtime's plain kernels,
 * its fast kernels (scalar and, with --add-modules jdk.incubator.vector, vector) and ONNX Runtime, in one run,
 * and prints median milliseconds and the ratio modelx/ORT. Options: --iterations N (10), --warmup N (3),
 * --batch N (1), --seq N (128), --only matmul,conv,minilm, --no-plain (skip the slow reference kernels).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = 10;
        int warmup = 3;
        int batch = 1;
        int seq = 128;
        boolean plain = true;
        Set<String> only = Set.of("matmul", "conv", "minilm");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--seq" -> seq = Integer.parseInt(args[++i]);
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--no-plain" -> plain = false;
                default -> {
                    System.err.println("unknown option " + args[i] + "; options: --iterations N --warmup N --batch N --seq N"
                            + " --only matmul,conv,minilm --no-plain");
                    System.exit(2);
                }
            }
        }
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.printf("modelx benchmarks: %d processors, Java %s, Vector API %s, %d iterations after %d warm-up, load average %s%n",
                threads, System.getProperty("java.version"), KernelMode.vectorApiAvailable() ? "on" : "off (scalar fast kernels only)",
                iterations, warmup, LoadAverage.read());
        List<Workload> work = new ArrayList<>();
        if (only.contains("matmul")) {
            work.add(Workload.matmul(512, 512, 512));
        }
        if (only.contains("conv")) {
            work.add(Workload.conv(1, 64, 56, 56, 3));
        }
        if (only.contains("minilm")) {
            work.add(Workload.miniLm(batch, seq));
        }
        for (Workload w : work) {
            List<Runner> runners = new ArrayList<>();
            if (plain) {
                runners.add(new ModelxRunner("modelx plain", w.model(), Kernels.newPlainRegistry(), w.feeds()));
            }
            runners.add(new ModelxRunner("modelx fast-scalar", w.model(), Kernels.newRegistry(KernelMode.SCALAR), w.feeds()));
            if (KernelMode.vectorApiAvailable()) {
                runners.add(new ModelxRunner("modelx fast-vector", w.model(), Kernels.newRegistry(KernelMode.VECTOR), w.feeds()));
            }
            runners.add(new OrtRunner(w.onnx(), w.feeds(), threads));
            try {
                report(w.title(), runners, warmup, iterations);
            } finally {
                for (Runner r : runners) {
                    r.close();
                }
            }
        }
        System.out.printf("load average at the end: %s%n", LoadAverage.read());
    }

    /** Warms every runner up, then times them round-robin (so load changes hit all alike) and prints medians. */
    private static void report(String title, List<Runner> runners, int warmup, int iterations) throws Exception {
        int n = runners.size();
        Runner ort = runners.get(n - 1);
        Map<String, Tensor> expected = ort.run();
        double[] maxDiff = new double[n];
        for (int r = 0; r < n; r++) {
            Map<String, Tensor> got = runners.get(r).run();
            maxDiff[r] = maxAbsDiff(got, expected);
            for (int i = 1; i < warmup; i++) {
                runners.get(r).run();
            }
        }
        double[][] ms = new double[n][iterations];
        for (int it = 0; it < iterations; it++) {
            for (int r = 0; r < n; r++) {
                long t0 = System.nanoTime();
                runners.get(r).run();
                ms[r][it] = (System.nanoTime() - t0) / 1e6;
            }
        }
        double ortMedian = median(ms[n - 1]);
        System.out.printf("%n%s%n  %-20s %10s %10s %12s %16s%n", title, "kernels", "median ms", "min ms", "modelx/ORT", "max |y - y_ORT|");
        for (int r = 0; r < n; r++) {
            double med = median(ms[r]);
            boolean isOrt = r == n - 1;
            System.out.printf("  %-20s %10.2f %10.2f %12s %16s%n", runners.get(r).name(), med, Arrays.stream(ms[r]).min().orElse(0),
                    isOrt ? "1" : String.format("%.2f", med / ortMedian), isOrt ? "-" : String.format("%.3g", maxDiff[r]));
        }
    }

    private static double maxAbsDiff(Map<String, Tensor> got, Map<String, Tensor> expected) {
        double max = 0;
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            Tensor g = got.get(e.getKey());
            if (g == null || !Arrays.equals(g.shape(), e.getValue().shape())) {
                return Double.NaN;
            }
            float[] a = g.floats();
            float[] b = e.getValue().floats();
            for (int i = 0; i < a.length; i++) {
                max = Math.max(max, Math.abs((double) a[i] - b[i]));
            }
        }
        return max;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int h = s.length / 2;
        return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
    }
}
