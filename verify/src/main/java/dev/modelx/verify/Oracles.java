package dev.modelx.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** The registry of oracles: the built-in reference runtime plus every plug-in on the class path. */
public final class Oracles {

    /** How to get the known plug-in oracles: their module folder under {@code oracles/}. */
    private static final Map<String, String> KNOWN = Map.of(
            "onnxruntime", "oracles/onnxruntime",
            "tensorflow", "oracles/tensorflow");

    private Oracles() {
    }

    /** Every available oracle, the reference runtime first. */
    public static List<Oracle> all() {
        List<Oracle> out = new ArrayList<>();
        out.add(new ReferenceOracle());
        for (Oracle o : ServiceLoader.load(Oracle.class)) {
            if (!o.name().equals(ReferenceOracle.NAME)) {
                out.add(o);
            }
        }
        return out;
    }

    public static Oracle reference() {
        return new ReferenceOracle();
    }

    /**
     * The oracle called {@code name}. A known plug-in that is not on the class path, or an unknown name, throws
     * {@link OracleUnavailableException} with one line saying how to get it.
     */
    public static Oracle find(String name) {
        if (name == null || name.isEmpty() || name.equals(ReferenceOracle.NAME)) {
            return reference();
        }
        for (Oracle o : all()) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        String module = KNOWN.get(name);
        if (module != null) {
            throw new OracleUnavailableException("the " + name + " oracle is not installed: build it with 'mvn -B -DskipTests -pl "
                    + module + " -am package' (./modelx then puts " + module + "/target on the class path)");
        }
        TreeSet<String> names = new TreeSet<>(KNOWN.keySet());
        all().forEach(o -> names.add(o.name()));
        throw new OracleUnavailableException("unknown oracle '" + name + "', expected one of " + names);
    }

    /** Thrown when an asked-for oracle is not available; the message is the one line to print. */
    public static final class OracleUnavailableException extends RuntimeException {
        public OracleUnavailableException(String message) {
            super(message);
        }
    }
}
