package dev.modelx.runtime.kernels.fast;

import dev.modelx.graph.Attribute;
import dev.modelx.graph.Node;
import dev.modelx.graph.Tensor;
import dev.modelx.runtime.KernelRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;

import static dev.modelx.runtime.kernels.fast.FastRun.PLAIN;
import static dev.modelx.runtime.kernels.fast.FastRun.absFeeds;
import static dev.modelx.runtime.kernels.fast.FastRun.assertBitEqual;
import static dev.modelx.runtime.kernels.fast.FastRun.assertClose;
import static dev.modelx.runtime.kernels.fast.FastRun.random;
import static dev.modelx.runtime.kernels.fast.FastRun.y;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conv: the im2col + fast product kernel against the plain direct convolution, over strides, pads, dilations, groups. */
class FastConvTest {

    static final ForkJoinPool THREE = Parallel.newPool(3);
    static final KernelRegistry VECTOR = FastRun.fast(KernelMode.VECTOR, Parallel.on(THREE));
    static final KernelRegistry VECTOR_SERIAL = FastRun.fast(KernelMode.VECTOR, Parallel.serial());
    static final KernelRegistry SCALAR = FastRun.fast(KernelMode.SCALAR, Parallel.on(THREE));

    @AfterAll
    static void stop() {
        THREE.shutdown();
    }

    /** A Conv case: X shape, W shape, bias or not, and attributes as (name, long[]) or ("auto_pad", String) pairs. */
    private static Tensor[] conv(long[] x, long[] w, boolean bias, long group, Object... attrs) {
        Random r = new Random(Arrays.hashCode(x) * 31L + Arrays.hashCode(w) + group);
        Node node = FastRun.op("Conv", bias ? new String[] {"x", "w", "b"} : new String[] {"x", "w"}).attr("group", group);
        StringBuilder what = new StringBuilder("Conv X " + Arrays.toString(x) + " W " + Arrays.toString(w) + " group " + group);
        for (int i = 0; i < attrs.length; i += 2) {
            String name = (String) attrs[i];
            if (attrs[i + 1] instanceof String s) {
                node.attr(name, s);
                what.append(' ').append(name).append(' ').append(s);
            } else {
                node.attr(Attribute.ints(name, (long[]) attrs[i + 1]));
                what.append(' ').append(name).append(' ').append(Arrays.toString((long[]) attrs[i + 1]));
            }
        }
        Object[] feeds = bias ? new Object[] {"x", random(r, x), "w", random(r, w), "b", random(r, w[0])}
                : new Object[] {"x", random(r, x), "w", random(r, w)};
        Tensor fast = y(VECTOR, node, 22, feeds);
        assertBitEqual(fast, y(SCALAR, node, 22, feeds), what + " vector vs scalar");
        assertBitEqual(fast, y(VECTOR_SERIAL, node, 22, feeds), what + " 3 threads vs 1");
        long depth = w[1];
        for (int i = 2; i < w.length; i++) {
            depth *= w[i];
        }
        Tensor plain = y(PLAIN, node, 22, feeds);
        assertClose(fast, plain, y(PLAIN, node, 22, absFeeds(feeds)), depth, what.toString());
        return new Tensor[] {fast, plain};
    }

    private static long[] s(long... v) {
        return v;
    }

    @Test
    void conv2dStridesPadsDilations() {
        conv(s(1, 8, 20, 20), s(16, 8, 3, 3), true, 1);
        conv(s(1, 8, 20, 20), s(16, 8, 3, 3), true, 1, "pads", s(1, 1, 1, 1));
        conv(s(2, 8, 21, 19), s(16, 8, 3, 3), false, 1, "pads", s(1, 0, 2, 1), "strides", s(2, 2));
        conv(s(1, 8, 20, 20), s(16, 8, 3, 3), true, 1, "dilations", s(2, 3), "pads", s(2, 3, 2, 3));
        conv(s(1, 3, 33, 33), s(8, 3, 7, 7), true, 1, "strides", s(2, 2), "pads", s(3, 3, 3, 3));
        conv(s(1, 8, 17, 23), s(12, 8, 5, 3), true, 1, "strides", s(3, 2), "dilations", s(1, 2));
        conv(s(1, 8, 20, 20), s(16, 8, 3, 3), true, 1, "auto_pad", "SAME_UPPER", "strides", s(2, 2));
        conv(s(1, 8, 20, 20), s(16, 8, 3, 3), true, 1, "auto_pad", "SAME_LOWER", "strides", s(3, 3));
        conv(s(1, 8, 9, 9), s(16, 8, 4, 4), true, 1, "pads", s(6, 6, 6, 6)); // padding wider than the kernel
    }

    @Test
    void conv2dGroupsAndDepthwise() {
        conv(s(1, 16, 20, 20), s(32, 4, 3, 3), true, 4, "pads", s(1, 1, 1, 1));
        conv(s(2, 32, 28, 28), s(32, 1, 3, 3), true, 32, "pads", s(1, 1, 1, 1));                       // depthwise
        conv(s(1, 32, 28, 28), s(64, 1, 3, 3), false, 32, "pads", s(1, 1, 1, 1), "strides", s(2, 2)); // multiplier 2
    }

    @Test
    void pointwiseAndOtherRanks() {
        conv(s(2, 64, 14, 14), s(96, 64, 1, 1), true, 1);                          // multiplies X directly
        conv(s(1, 64, 14, 14), s(96, 64, 1, 1), true, 1, "strides", s(2, 2));      // 1x1 with strides: im2col
        conv(s(1, 64, 14, 14), s(96, 32, 1, 1), false, 2);                         // grouped pointwise
        conv(s(3, 16, 300), s(24, 16, 5), true, 1, "pads", s(2, 2), "strides", s(2)); // 1-D
        conv(s(1, 4, 10, 12, 14), s(8, 4, 3, 3, 3), true, 1, "pads", s(1, 0, 1, 1, 0, 1), "strides", s(1, 2, 1)); // 3-D
        conv(s(1, 1, 200, 200), s(1, 1, 3, 3), true, 1);                           // one channel
    }

    @Test
    void conv1x64x56x56Kernel3() {
        Tensor[] fastAndPlain = conv(s(1, 64, 56, 56), s(64, 64, 3, 3), true, 1, "pads", s(1, 1, 1, 1));
        // the fast kernel did run: summing 576 terms in float rather than double moves some results by an ulp
        float[] f = fastAndPlain[0].floats();
        float[] p = fastAndPlain[1].floats();
        int differ = 0;
        for (int i = 0; i < f.length; i++) {
            differ += f[i] != p[i] ? 1 : 0;
        }
        assertTrue(differ > 0, "fast and plain agree on all " + f.length + " elements: was the fast kernel used?");
    }

    @Test
    void badBiasStillFailsWithTheReferenceMessage() {
        Random r = new Random(1);
        Node node = FastRun.op("Conv", "x", "w", "b");
        Exception e = assertThrows(RuntimeException.class,
                () -> y(VECTOR, node, 22, "x", random(r, 1, 8, 20, 20), "w", random(r, 16, 8, 3, 3), "b", random(r, 15)));
        assertTrue(e.getMessage().contains("must have 16 elements"), e.getMessage());
    }
}
