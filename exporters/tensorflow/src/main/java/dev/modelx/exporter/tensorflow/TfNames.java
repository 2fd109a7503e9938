package dev.modelx.exporter.tensorflow;

import java.util.regex.Pattern;

/** TF node names: {@code [A-Za-z0-9.][A-Za-z0-9_.\-/>]*}. */
final class TfNames {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9.][A-Za-z0-9_.\\-/>]*");

    private TfNames() {
    }

    static boolean isValid(String name) {
        return VALID.matcher(name).matches();
    }

    /** {@code name} with every character TF does not allow replaced by '_'; never empty. */
    static String sanitize(String name) {
        if (name == null || name.isEmpty()) {
            return "node";
        }
        StringBuilder sb = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '/' || c == '>');
            sb.append(ok ? c : '_');
        }
        char first = sb.charAt(0);
        if (!(first < 128 && (Character.isLetterOrDigit(first) || first == '.'))) {
            sb.insert(0, 'n');
        }
        // "a//b" and a trailing "/" are legal characters but confuse name scopes; keep them simple.
        String s = sb.toString().replaceAll("/+", "/");
        return s.endsWith("/") ? s + "_" : s;
    }
}
