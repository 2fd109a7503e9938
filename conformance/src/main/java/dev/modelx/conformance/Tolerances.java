package dev.modelx.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per-test tolerance overrides, read from {@code tolerances.properties} beside this class. One line per test:
 * <pre>test_name = rtol,atol  # why this test needs it</pre>
 * Every override must say why, and none may be looser than {@link #MAX_RTOL} / {@link #MAX_ATOL}: the loader
 * refuses the file otherwise, so the suite cannot be made to pass by widening tolerances.
 */
public final class Tolerances {

    /** The loosest relative tolerance an override may set. */
    public static final double MAX_RTOL = 1e-2;
    /** The loosest absolute tolerance an override may set. */
    public static final double MAX_ATOL = 1e-2;

    public static final String RESOURCE = "tolerances.properties";

    private final Map<String, Tolerance> overrides;

    private Tolerances(Map<String, Tolerance> overrides) {
        this.overrides = Collections.unmodifiableMap(overrides);
    }

    public static Tolerances none() {
        return new Tolerances(new LinkedHashMap<>());
    }

    /** The project's overrides (the bundled resource). */
    public static Tolerances bundled() {
        try (InputStream in = Tolerances.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return none();
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the override format; throws {@link IllegalArgumentException} naming the line for any bad entry. */
    public static Tolerances parse(String text, String source) {
        Map<String, Tolerance> map = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                    continue;
                }
                String where = source + ":" + number + ": ";
                int eq = trimmed.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(where + "expected 'test_name = rtol,atol  # reason', got '" + trimmed + "'");
                }
                String name = trimmed.substring(0, eq).strip();
                String rest = trimmed.substring(eq + 1);
                int hash = rest.indexOf('#');
                String reason = hash < 0 ? "" : rest.substring(hash + 1).strip();
                String numbers = (hash < 0 ? rest : rest.substring(0, hash)).strip();
                if (reason.isEmpty()) {
                    throw new IllegalArgumentException(where + "the override for " + name + " gives no reason ('# why')");
                }
                String[] parts = numbers.split(",");
                if (parts.length != 2) {
                    throw new IllegalArgumentException(where + "expected 'rtol,atol' for " + name + ", got '" + numbers + "'");
                }
                double rtol;
                double atol;
                try {
                    rtol = Double.parseDouble(parts[0].strip());
                    atol = Double.parseDouble(parts[1].strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + "bad number in '" + numbers + "' for " + name);
                }
                if (!(rtol >= 0 && rtol <= MAX_RTOL)) {
                    throw new IllegalArgumentException(where + name + ": rtol " + rtol + " is looser than the allowed "
                            + MAX_RTOL + " (or negative)");
                }
                if (!(atol >= 0 && atol <= MAX_ATOL)) {
                    throw new IllegalArgumentException(where + name + ": atol " + atol + " is looser than the allowed "
                            + MAX_ATOL + " (or negative)");
                }
                if (map.put(name, new Tolerance(rtol, atol, reason)) != null) {
                    throw new IllegalArgumentException(where + name + " is listed twice");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Tolerances(map);
    }

    public Optional<Tolerance> override(String testName) {
        return Optional.ofNullable(overrides.get(testName));
    }

    public Map<String, Tolerance> all() {
        return overrides;
    }
}
