package dev.modelx.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The 1/5/15-minute load averages from /proc/loadavg (Linux), or the JVM's 1-minute figure elsewhere. */
final class LoadAverage {

    private LoadAverage() {
    }

    static String read() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
