package dev.modelx.runtime.kernels.fast;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.modelx.runtime.kernels.fast.FastRun.random;
import static dev.modelx.runtime.kernels.fast.FastRun.y;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The choice of kernels: the modelx.kernels property, and the fallback when the JVM lacks the Vector API, checked
 * in child JVMs started without --add-modules jdk.incubator.vector (as library users run) and with
 * -Dmodelx.kernels=plain.
 */
class KernelModeTest {

    @Test
    void propertyValues() {
        assertEquals(KernelMode.VECTOR, KernelMode.parse(null, true));
        assertEquals(KernelMode.SCALAR, KernelMode.parse(null, false));
        assertEquals(KernelMode.VECTOR, KernelMode.parse(" Auto ", true));
        assertEquals(KernelMode.SCALAR, KernelMode.parse("vector", false));
        assertEquals(KernelMode.SCALAR, KernelMode.parse("scalar", true));
        assertEquals(KernelMode.PLAIN, KernelMode.parse("PLAIN", true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelMode.parse("fastest", true));
        assertTrue(e.getMessage().contains("'fastest'") && e.getMessage().contains(KernelMode.PROPERTY), e.getMessage());
    }

    /** MatMul 64x96x80 and Conv 1x8x20x20 k3 pad 1, from fixed seeds, run with {@code registry}. */
    static Tensor[] sample(KernelRegistry registry) {
        Random r = new Random(42);
        Tensor a = random(r, 64, 96);
        Tensor b = random(r, 96, 80);
        Tensor x = random(r, 1, 8, 20, 20);
        Tensor w = random(r, 16, 8, 3, 3);
        Tensor mm = y(registry, FastRun.op("MatMul", "a", "b"), 13, "a", a, "b", b);
        Tensor conv = y(registry, FastRun.op("Conv", "x", "w").attr(Attribute.ints("pads", 1, 1, 1, 1)), 22, "x", x, "w", w);
        return new Tensor[] {mm, conv};
    }

    static String digest(Tensor t) {
        float[] v = t.floats();
        int[] bits = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            bits[i] = Float.floatToRawIntBits(v[i]);
        }
        return v.length + ":" + Integer.toHexString(Arrays.hashCode(bits));
    }

    @Test
    void withoutTheVectorModuleTheScalarKernelsGiveTheSameBits() throws Exception {
        List<String> out = child(false, null);
        assertEquals("vectorApi=false", out.get(0));
        assertEquals("mode=SCALAR", out.get(1));
        Tensor[] vector = sample(FastRun.fast(KernelMode.VECTOR, Parallel.shared()));
        assertEquals("matmul=" + digest(vector[0]), out.get(2));
        assertEquals("conv=" + digest(vector[1]), out.get(3));
    }

    @Test
    void plainPropertySelectsTheReferenceKernels() throws Exception {
        List<String> out = child(true, "plain");
        assertEquals("vectorApi=true", out.get(0));
        assertEquals("mode=PLAIN", out.get(1));
        Tensor[] plain = sample(FastRun.PLAIN);
        assertEquals("matmul=" + digest(plain[0]), out.get(2));
        assertEquals("conv=" + digest(plain[1]), out.get(3));
        // and the plain kernels really are different code: they sum in double
        assertNotEquals(out.get(2), "matmul=" + digest(sample(FastRun.fast(KernelMode.VECTOR, Parallel.serial()))[0]));
    }

    private static List<String> child(boolean vectorModule, String kernels) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        if (vectorModule) {
            cmd.add("--add-modules");
            cmd.add("jdk.incubator.vector");
        }
        if (kernels != null) {
            cmd.add("-D" + KernelMode.PROPERTY + "=" + kernels);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(FallbackMain.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
        assertEquals(0, p.exitValue(), "child JVM failed:\n" + text);
        List<String> lines = text.lines().filter(l -> !l.startsWith("WARNING")).toList();
        assertEquals(4, lines.size(), text);
        return lines;
    }
}
