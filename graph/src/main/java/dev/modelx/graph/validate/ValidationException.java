package dev.modelx.graph.validate;

import java.util.List;

/** A model failed validation; carries every problem found, not just the first. */
public class ValidationException extends RuntimeException {

    private final List<Problem> problems;

    public ValidationException(List<Problem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String summary(List<Problem> problems) {
        StringBuilder sb = new StringBuilder(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ": ");
        for (int i = 0; i < problems.size() && i < 20; i++) {
            sb.append(i == 0 ? "" : "; ").append(problems.get(i));
        }
        if (problems.size() > 20) {
            sb.append("; ...");
        }
        return sb.toString();
    }
}
