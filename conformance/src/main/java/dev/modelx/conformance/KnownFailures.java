package dev.modelx.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Documented reasons for tests known to fail or be skipped ({@code known-failures.properties} beside this
 * class, {@code test_name = reason}). Used only to explain results in reports: a known failure still counts as failed.
 */
public final class KnownFailures {

    public static final String RESOURCE = "known-failures.properties";

    private final Map<String, String> reasons;

    private KnownFailures(Map<String, String> reasons) {
        this.reasons = Collections.unmodifiableMap(reasons);
    }

    public static KnownFailures none() {
        return new KnownFailures(new LinkedHashMap<>());
    }

    public static KnownFailures bundled() {
        try (InputStream in = KnownFailures.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return none();
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> map = new LinkedHashMap<>();
            p.stringPropertyNames().stream().sorted().forEach(k -> map.put(k, p.getProperty(k).strip()));
            return new KnownFailures(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<String> reason(String testName) {
        return Optional.ofNullable(reasons.get(testName));
    }

    public Map<String, String> all() {
        return reasons;
    }
}
