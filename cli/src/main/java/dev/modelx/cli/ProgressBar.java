package dev.modelx.cli;

import java.io.PrintWriter;

/** A one-line progress bar on the error stream, redrawn in place on a terminal and printed sparsely otherwise. */
final class ProgressBar {

    private final PrintWriter err;
    private final String label;
    private final int total;
    private final boolean terminal = System.console() != null;
    private int done;
    private long lastDraw;
    private int lastPercentPrinted = -10;

    ProgressBar(PrintWriter err, String label, int total) {
        this.err = err;
        this.label = label;
        this.total = Math.max(total, 1);
    }

    synchronized void step(String current) {
        done++;
        long now = System.currentTimeMillis();
        int percent = done * 100 / total;
        if (terminal) {
            if (now - lastDraw > 100 || done == total) {
                lastDraw = now;
                int width = 30;
                int filled = done * width / total;
                String name = current.length() > 40 ? current.substring(0, 37) + "..." : current;
                err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total
                        + " " + String.format("%-40s", name));
                err.flush();
            }
        } else if (percent >= lastPercentPrinted + 10) {
            lastPercentPrinted = percent - percent % 10;
            err.println(label + ": " + done + "/" + total + " (" + percent + "%)");
            err.flush();
        }
    }

    synchronized void finish() {
        if (terminal) {
            err.print("\r" + " ".repeat(label.length() + 90) + "\r");
            err.flush();
        }
    }
}
