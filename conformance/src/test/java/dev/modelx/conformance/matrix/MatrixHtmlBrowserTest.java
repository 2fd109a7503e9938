package dev.modelx.conformance.matrix;

import dev.modelx.conformance.HtmlText;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The matrix HTML in a real browser: headless Chromium (Debian's {@code /usr/bin/chromium}, or {@code -Dmodelx.chromium=PATH})
 * loads the page, and the DOM it built must hold the format table, the per-direction chart, one error plot per
 * direction and the per-op table; a screenshot is written beside the page for a person to look at
 * ({@code target/conformance/matrix-browser.png}). Skipped, with a message, where Chromium is not installed
 * ({@code .ci/run} installs it).
 */
class MatrixHtmlBrowserTest {

    static final Path CHROMIUM = Path.of(System.getProperty("modelx.chromium", "/usr/bin/chromium"));
    static final long BROWSER_SECONDS = 120;

    @TempDir
    Path tmp;

    @Test
    void theReportRendersInChromiumWithItsTableAndPlots() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Chromium not found at " + CHROMIUM
                + ": the browser rendering test is skipped (install Debian's chromium, or pass -Dmodelx.chromium=PATH)");
        MatrixReport r = sampleReport();
        Path out = Path.of(System.getProperty("modelx.conformance.out", "target/conformance")).toAbsolutePath();
        Path html = out.resolve("matrix-browser.html");
        r.writeHtml(html);

        String dom = chromium(html, "--dump-dom");
        assertTrue(dom.contains("<table class=\"matrix\">"), "format table in the DOM:\n" + head(dom));
        assertTrue(dom.contains("<tbody>"), "the DOM is the browser's (its parser adds tbody), not the file echoed");
        assertEquals(1, count(dom, "<svg class=\"chart\""), "one per-direction chart");
        int directions = r.directions().size();
        assertEquals(directions, count(dom, "<svg class=\"errplot\""), "one error plot per direction");
        Matcher plot = Pattern.compile("<svg class=\"errplot\"[^>]*>(.*?)</svg>", Pattern.DOTALL).matcher(dom);
        int withBars = 0;
        while (plot.find()) {
            withBars += plot.group(1).contains("<rect") ? 1 : 0;
        }
        assertEquals(directions, withBars, "every error plot has bars");
        assertTrue(dom.contains("<table class=\"ops\">") && dom.contains("<code>Selu</code>"), "per-op table");
        for (Direction d : r.directions().keySet()) {
            assertTrue(dom.contains(HtmlText.esc(d.from() + " \u2192 " + d.to())), d + " labelled");
        }

        Path png = out.resolve("matrix-browser.png");
        Files.deleteIfExists(png);
        chromium(html, "--hide-scrollbars", "--window-size=1400,1800", "--screenshot=" + png);
        assertTrue(Files.isRegularFile(png), "screenshot written");
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 20_000, "a screenshot of a drawn page, not a blank one: " + bytes.length + " bytes");
        assertEquals(0x89504E47, ByteBuffer.wrap(bytes, 0, 4).getInt(), "PNG signature");
        assertEquals(1400, ByteBuffer.wrap(bytes, 16, 4).getInt(), "screenshot width");
        System.out.println("matrix HTML rendered by " + CHROMIUM + ": " + html + ", screenshot " + png);
    }

    /** Runs headless Chromium on the page with the extra arguments; returns what it printed on stdout. */
    private String chromium(Path page, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium-profile")));
        cmd.addAll(List.of(args));
        cmd.add(page.toUri().toString());
        Path stdout = Files.createTempFile(tmp, "chromium", ".out");
        Path stderr = Files.createTempFile(tmp, "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(BROWSER_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Chromium did not finish in " + BROWSER_SECONDS + " s: " + String.join(" ", cmd));
        }
        assertEquals(0, p.exitValue(), "Chromium failed: " + Files.readString(stderr, StandardCharsets.UTF_8));
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    /** Cells in six directions with every status and errors over many decades. */
    static MatrixReport sampleReport() {
        Random rnd = new Random(3);
        List<MatrixCase> cases = new ArrayList<>();
        String[] ops = {"Abs", "Add", "Conv", "Selu", "Resize", "Loop", "Gemm", "Softmax"};
        List<Direction> dirs = List.of(Direction.parse("onnx>tf-savedmodel"), Direction.parse("onnx>paddle"),
                Direction.parse("tflite>onnx"), Direction.parse("paddle>onnx"), Direction.parse("paddle>paddle-pir"),
                Direction.parse("tf-graphdef>tf-savedmodel"));
        for (Direction d : dirs) {
            for (int i = 0; i < 60; i++) {
                String op = ops[rnd.nextInt(ops.length)];
                int k = rnd.nextInt(20);
                MatrixStatus s = k < 13 ? MatrixStatus.PASS : k < 15 ? MatrixStatus.FAIL : k < 19 ? MatrixStatus.UNSUPPORTED : MatrixStatus.ERROR;
                double err = s == MatrixStatus.PASS ? (rnd.nextInt(3) == 0 ? 0 : Math.pow(10, -6 - 8 * rnd.nextDouble()))
                        : s == MatrixStatus.FAIL ? Math.pow(10, -3 + 3 * rnd.nextDouble()) : Double.NaN;
                cases.add(ConformanceMatrixTest.cell("node/test_" + op.toLowerCase() + "_" + i, d, List.of(op), s, err,
                        s == MatrixStatus.UNSUPPORTED ? List.of(op) : List.of(), s == MatrixStatus.FAIL ? op : null));
            }
        }
        return new MatrixReport("/corpus", cases, 12_345, 2, List.of("a sample report built by the test"));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static String head(String s) {
        return s.length() > 1500 ? s.substring(0, 1500) + "..." : s;
    }
}
